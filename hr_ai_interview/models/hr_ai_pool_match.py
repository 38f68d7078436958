# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The talent pool for a job: earlier candidates who agreed to stay in the pool (and whose consent has not
run out), ranked by the same screener as new résumés, with the evidence, one click from an application.

Each match is one ``screen_resume`` job on the generic queue (owner: the match), reading the candidate's
newest résumé and, as more evidence, what they said in earlier AI interviews.
"""

from odoo import api, fields, models

from .hr_applicant import SCREEN_ERRORS, SCREEN_STATES


class HrAiPoolMatch(models.Model):
    _name = "hr.ai.pool.match"
    _description = "Talent pool match"
    _inherit = ["hr.ai.job.owner.mixin"]
    _order = "ai_screen_score desc, id"

    job_id = fields.Many2one("hr.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    candidate_id = fields.Many2one("hr.candidate", required=True, ondelete="cascade", index=True)
    partner_name = fields.Char(related="candidate_id.partner_name")
    ai_pool_until = fields.Date(related="candidate_id.ai_pool_until")
    ai_screen_state = fields.Selection(SCREEN_STATES, string="Screening", readonly=True, default="queued")
    ai_screen_score = fields.Float("Match %", readonly=True, aggregator=None)
    ai_screen_must_have = fields.Selection(
        [("met", "Must-haves met"), ("missing", "Must-haves missing")], string="Must-haves", readonly=True)
    ai_screen_years = fields.Float("Years of experience", readonly=True)
    ai_screen_summary = fields.Text("Why", readonly=True)
    ai_screen_error = fields.Selection(SCREEN_ERRORS, string="Screening problem", readonly=True)
    ai_screen_result = fields.Json(readonly=True)
    ai_screen_attachment_id = fields.Many2one("ir.attachment", string="Résumé", readonly=True)
    ai_screen_html = fields.Html("Evidence", compute="_compute_ai_screen_html", sanitize=True)
    applicant_id = fields.Many2one("hr.applicant", string="Application", readonly=True,
                                   help="The application created for this job from the pool.")

    _sql_constraints = [("job_candidate_uniq", "unique (job_id, candidate_id)", "A candidate is matched once per job.")]

    @api.depends("ai_screen_state", "ai_screen_result")
    def _compute_ai_screen_html(self):
        for match in self:
            match.ai_screen_html = self.env["ir.qweb"]._render("hr_ai_interview.resume_screen_report", {
                "applicant": match, "res": match.ai_screen_result, "degrees": self.env["hr.job"]._ai_degree_labels(),
                "line_label": self.env["hr.job"]._ai_line_label,
            }) if match.ai_screen_state == "done" and match.ai_screen_result else False

    # ------------------------------------------------------------------ ranking
    @api.model
    def _rank_for_job(self, job):
        """(Re)build the pool ranking of ``job``: one screening per candidate in the pool with a résumé and no
        open application to this job. Returns the matches."""
        job.check_access("write")
        self = self.sudo()  # matches are the system's record of a ranking HR asked for
        self.search([("job_id", "=", job.id), ("applicant_id", "=", False)]).unlink()
        candidates = self.env["hr.candidate"].search([("ai_in_pool", "=", True),
                                                      ("company_id", "in", (job.company_id.id, False))])
        applied = self.env["hr.applicant"].search([("job_id", "=", job.id),
                                                   ("candidate_id", "in", candidates.ids)]).candidate_id
        existing = self.search([("job_id", "=", job.id)]).candidate_id
        matches = self.browse()
        for candidate in candidates - applied - existing:
            resume = candidate._ai_newest_resume()
            if resume:
                matches |= self.create({"job_id": job.id, "candidate_id": candidate.id,
                                        "ai_screen_attachment_id": resume.id})
        for match in matches:
            match._ai_queue_job("screen_resume", priority=1)
        return matches

    def _ai_screen_extra_text(self):
        """What the candidate said in earlier AI interviews: more evidence for the screener (no names)."""
        self.ensure_one()
        interviews = self.candidate_id.sudo().with_context(active_test=False).applicant_ids.ai_interview_ids
        answers = interviews.answer_ids.filtered("transcript")
        return "\n".join(answers.mapped("transcript"))[:20000]

    def _ai_apply_screen(self, result):
        self.ensure_one()
        summary = self.env["hr.applicant"].with_context(lang=self.env["hr.applicant"]._ai_company_lang(
            self.company_id))._ai_screen_summary(result)
        self.sudo().write({
            "ai_screen_state": "done", "ai_screen_score": result["score"],
            "ai_screen_must_have": "met" if result["must_have_ok"] else "missing",
            "ai_screen_years": result["years_experience"], "ai_screen_result": result,
            "ai_screen_summary": summary, "ai_screen_error": False,
        })

    def _ai_job_failed(self, job):
        self.sudo().write({"ai_screen_state": "failed",
                           "ai_screen_error": self.env["hr.applicant"]._ai_error_code(job.last_error)})

    # ------------------------------------------------------------------ HR actions
    def action_create_application(self):
        """An application to this job for the candidate (their résumé comes along and is screened)."""
        for match in self.filtered(lambda m: not m.applicant_id):
            applicant = self.env["hr.applicant"].create({"candidate_id": match.candidate_id.id,
                                                         "job_id": match.job_id.id})
            if match.ai_screen_attachment_id:
                match.ai_screen_attachment_id.sudo().copy({"res_model": "hr.applicant", "res_id": applicant.id})
            applicant.message_post(body=self.env._("Application created from the talent pool (match %(score)s%%).",
                                                   score=round(match.ai_screen_score)))
            match.sudo().applicant_id = applicant
        if len(self) == 1:
            return {"type": "ir.actions.act_window", "res_model": "hr.applicant", "res_id": self.applicant_id.id,
                    "view_mode": "form", "target": "current"}
        return True

    def action_invite(self):
        """Create the application and send the AI interview invitation at once."""
        self.action_create_application()
        invited = self.applicant_id.filtered(lambda a: a._ai_can_invite())
        for applicant in invited:
            applicant._ai_invite()
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"type": "success" if invited else "warning",
                           "message": self.env._("AI interview sent to %(count)s applicant(s).", count=len(invited)),
                           "next": {"type": "ir.actions.act_window_close"}}}

