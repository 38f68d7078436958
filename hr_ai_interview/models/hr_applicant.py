# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

RESUME_MIMETYPES = frozenset({
    "application/pdf", "application/msword", "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
})
# a résumé: an attachment of the record itself (not a binary field), of a type the screener reads
RESUME_DOMAIN = [("res_field", "=", False), ("mimetype", "in", sorted(RESUME_MIMETYPES))]
SCREEN_STATES = [("queued", "Being screened"), ("done", "Screened"), ("failed", "Could not be screened")]
SCREEN_ERRORS = [
    ("empty", "The file is empty"),
    ("encrypted", "The file is password-protected"),
    ("image_only", "A scanned résumé (an image without text): read it yourself or ask for a text version"),
    ("unreadable", "The file is damaged or not a résumé format"),
    ("unsupported_type", "File type not supported (PDF, DOCX, DOC or TXT)"),
    ("too_large", "The file is too large"),
    ("converter_missing", "DOC files need antiword or catdoc on the worker"),
    ("other", "The résumé could not be screened"),
]
SCREEN_FIELDS = frozenset({
    "ai_screen_state", "ai_screen_score", "ai_screen_must_have", "ai_screen_years", "ai_screen_relevant_years",
    "ai_screen_result", "ai_screen_error", "ai_screen_attachment_id", "ai_screen_summary", "ai_screen_date",
})


class HrApplicant(models.Model):
    _name = "hr.applicant"
    _inherit = ["hr.applicant", "hr.ai.job.owner.mixin"]

    ai_interview_ids = fields.One2many("hr.ai.interview", "applicant_id", string="AI interviews")
    ai_live_session_ids = fields.One2many("hr.ai.live.session", "applicant_id", string="Live interviews")
    ai_interview_id = fields.Many2one("hr.ai.interview", compute="_compute_ai_interview", store=True,
                                      string="Latest AI interview")
    ai_interview_state = fields.Selection(related="ai_interview_id.state", string="AI interview status")
    ai_interview_opt_out = fields.Boolean(related="ai_interview_id.ai_opt_out", string="Human review only")
    ai_match_pct = fields.Float("AI match %", compute="_compute_ai_interview", store=True, aggregator=None)
    ai_recommendation = fields.Selection(
        [("advance", "Advance to HR interview"), ("hold", "Hold"), ("review", "Needs human review")],
        string="AI recommendation", compute="_compute_ai_interview", store=True,
    )
    ai_interview_enabled = fields.Boolean(related="job_id.ai_interview_enabled")
    ai_competency_result_ids = fields.One2many(related="ai_interview_id.competency_result_ids",
                                               string="AI competency scores")
    # editable so that HR can grade an answer in its dialog; the answer itself accepts only HR's fields
    ai_answer_ids = fields.One2many(related="ai_interview_id.answer_ids", string="AI interview answers",
                                    readonly=False)
    ai_report_html = fields.Html(related="ai_interview_id.report_html", string="AI report")
    # résumé screening (set by the system only: SCREEN_FIELDS)
    ai_resume_filename = fields.Char(
        "Résumé file", copy=False,
        help="The name of the applicant's résumé in a ZIP of résumés (bulk import): the file is attached to this "
             "application when the ZIP is imported for its job.")
    ai_screen_enabled = fields.Boolean(related="job_id.ai_screen_enabled")
    ai_screen_state = fields.Selection(SCREEN_STATES, string="Résumé screening", readonly=True, copy=False, index=True)
    ai_screen_score = fields.Float("Résumé match %", readonly=True, copy=False, aggregator="avg")
    ai_screen_must_have = fields.Selection(
        [("met", "Must-haves met"), ("missing", "Must-haves missing")], string="Must-haves", readonly=True,
        copy=False)
    ai_screen_years = fields.Float("Years of experience", readonly=True, copy=False, aggregator="avg")
    ai_screen_relevant_years = fields.Float("Relevant years", readonly=True, copy=False, aggregator="avg")
    ai_screen_summary = fields.Text("Screening summary", readonly=True, copy=False)
    ai_screen_error = fields.Selection(SCREEN_ERRORS, string="Screening problem", readonly=True, copy=False)
    ai_screen_result = fields.Json(readonly=True, copy=False, groups="hr_recruitment.group_hr_recruitment_user")
    ai_screen_attachment_id = fields.Many2one("ir.attachment", string="Screened résumé", readonly=True, copy=False)
    ai_screen_date = fields.Datetime("Screened on", readonly=True, copy=False)
    ai_screen_html = fields.Html("Résumé screening report", compute="_compute_ai_screen_html", sanitize=True)
    ai_screen_to_invite = fields.Boolean(
        "To invite", compute="_compute_ai_screen_to_invite", store=True,
        help="Screened above the job's invitation threshold with every must-have met, and not invited yet.")

    @api.depends("ai_interview_ids.state", "ai_interview_ids.match_pct", "ai_interview_ids.recommendation")
    def _compute_ai_interview(self):
        for applicant in self:
            latest = applicant.ai_interview_ids.filtered(lambda i: i.state != "cancelled").sorted("id")[-1:]
            applicant.ai_interview_id = latest
            done = latest if latest.state == "done" else latest.browse()
            applicant.ai_match_pct = done.match_pct if done and done.recommendation != "review" else 0.0
            applicant.ai_recommendation = done.recommendation if done else False

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo's import of a spreadsheet of applicants (name, email, phone, job): the candidate, which an
        # application needs, is created from the row when it names none
        for vals in vals_list:
            if not vals.get("candidate_id") and (vals.get("partner_name") or vals.get("email_from")):
                vals["candidate_id"] = self.env["hr.candidate"].create({
                    "partner_name": vals.get("partner_name") or vals.get("email_from"),
                    "email_from": vals.get("email_from") or False,
                    "partner_phone": vals.get("partner_phone") or False,
                    "company_id": vals.get("company_id") or self.env["hr.job"].browse(vals.get("job_id")).company_id.id
                    or self.env.company.id,
                }).id
        applicants = super().create(vals_list)
        applicants.filtered("job_id.ai_invite_stage_id")._ai_stage_invite()
        return applicants

    @api.model
    def get_import_templates(self):
        return [
            {"label": self.env._("Import template for applicants (Chinese)"),
             "template": "/hr_ai_interview/static/xls/hr_applicant_import_zh.xlsx"},
            {"label": self.env._("Import template for applicants (English)"),
             "template": "/hr_ai_interview/static/xls/hr_applicant_import_en.xlsx"},
        ]

    @api.depends("ai_screen_state", "ai_screen_score", "ai_screen_must_have", "job_id.ai_screen_threshold",
                 "ai_interview_ids.state", "active")
    def _compute_ai_screen_to_invite(self):
        for applicant in self:
            applicant.ai_screen_to_invite = (
                applicant.active and applicant.ai_screen_state == "done" and applicant.ai_screen_must_have == "met"
                and applicant.ai_screen_score >= applicant.job_id.ai_screen_threshold
                and not applicant.ai_interview_ids.filtered(lambda i: i.state != "cancelled"))

    @api.depends("ai_screen_state", "ai_screen_result")
    def _compute_ai_screen_html(self):
        for applicant in self:
            result = applicant.sudo().ai_screen_result
            if applicant.ai_screen_state != "done" or not result:
                applicant.ai_screen_html = False
                continue
            applicant.ai_screen_html = self.env["ir.qweb"]._render("hr_ai_interview.resume_screen_report", {
                "applicant": applicant, "res": result, "degrees": self.env["hr.job"]._ai_degree_labels(),
                "line_label": self.env["hr.job"]._ai_line_label,
            })

    def write(self, vals):
        if not self.env.su and SCREEN_FIELDS & set(vals):
            raise AccessError(self.env._("Résumé screening results are set by the system only."))
        res = super().write(vals)
        if "job_id" in vals:
            self.filtered("job_id.ai_screen_enabled")._ai_screen_latest()
        if "stage_id" in vals:
            self.filtered("job_id.ai_invite_stage_id")._ai_stage_invite()
        return res

    def _ai_stage_invite(self):
        """Stage automation: entering the job's invitation stage sends the AI interview (once)."""
        for applicant in self.sudo():
            job = applicant.job_id
            if not applicant.active or applicant.stage_id != job.ai_invite_stage_id or not job.ai_interview_enabled:
                continue
            if applicant.ai_interview_ids.filtered(lambda i: i.state not in ("cancelled", "expired")):
                continue
            if not job.ai_question_ids or not applicant.email_from:
                applicant.message_post(body=self.env._(
                    "Automatic step skipped: the AI interview was not sent on entering %(stage)s because the "
                    "applicant has no email address or the job no questions.", stage=applicant.stage_id.name))
                continue
            interview = applicant._ai_invite()
            applicant.message_post(body=self.env._(
                "Automatic step: the AI interview was sent because the application entered %(stage)s.",
                stage=applicant.stage_id.name))
            interview.message_post(body=self.env._("Sent automatically on entering the stage %(stage)s.",
                                                   stage=applicant.stage_id.name))

    # ------------------------------------------------------------------ résumé screening
    @api.model
    def _ai_is_resume(self, attachment):
        return attachment.mimetype in RESUME_MIMETYPES and not attachment.res_field

    def _ai_screen_latest(self):
        """Screen each application's newest résumé attachment (if its job screens résumés)."""
        attachments = self.env["ir.attachment"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids), *RESUME_DOMAIN], order="id desc")
        newest = {}
        for attachment in attachments:
            newest.setdefault(attachment.res_id, attachment)
        for applicant in self.filtered(lambda a: a.id in newest):
            applicant._ai_screen(newest[applicant.id])

    def _ai_screen(self, attachment):
        """Queue the screening of ``attachment`` (a newer résumé replaces one still in the queue)."""
        self.ensure_one()
        if not self.job_id.ai_screen_enabled:
            return self.env["hr.ai.analysis.job"]
        self._ai_active_jobs("screen_resume")._cancel()
        self.sudo().write({"ai_screen_state": "queued", "ai_screen_error": False,
                           "ai_screen_attachment_id": attachment.id})
        return self._ai_queue_job("screen_resume", priority=5)

    def action_ai_screen(self):
        """HR: screen (again) the newest résumé of these applications."""
        jobs = self.filtered(lambda a: not a.job_id.ai_screen_enabled).job_id
        if jobs:
            raise UserError(self.env._("Switch on résumé screening on the job %(job)s first.", job=jobs[0].name))
        self._ai_screen_latest()
        missing = self.filtered(lambda a: a.ai_screen_state != "queued")
        if missing:
            raise UserError(self.env._("No résumé (PDF, DOCX, DOC or TXT) is attached to %(names)s.",
                                       names=", ".join(missing.mapped("partner_name")[:5])))
        return True

    def action_ai_invite_screened(self):
        """HR: send the AI interview to the selected applications (one click for many)."""
        invited = self.env["hr.applicant"]
        for applicant in self:
            if applicant._ai_can_invite():
                applicant._ai_invite()
                invited |= applicant
        skipped = len(self) - len(invited)
        message = self.env._("AI interview sent to %(count)s applicant(s).", count=len(invited))
        if skipped:
            message += " " + self.env._(
                "%(count)s skipped: already invited, no email address, or the job has no AI interview.",
                count=skipped)
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"type": "success" if invited else "warning", "message": message,
                           "next": {"type": "ir.actions.act_window_close"}}}

    def _ai_can_invite(self):
        self.ensure_one()
        return bool(self.job_id.ai_interview_enabled and self.job_id.ai_question_ids and self.email_from
                    and not self.ai_interview_ids.filtered(lambda i: i.state != "cancelled"))

    def _ai_new_interview(self):
        """A draft AI interview of this application, in the job's interview language."""
        self.ensure_one()
        return self.env["hr.ai.interview"].create({
            "applicant_id": self.id,
            "job_id": self.job_id.id,
            "lang": "en" if self.job_id.ai_interview_lang == "en" else "zh",
        })

    def _ai_invite(self):
        interview = self._ai_new_interview()
        interview.action_send()
        return interview

    def _ai_apply_screen(self, result):
        self.ensure_one()
        self.sudo().write({
            "ai_screen_state": "done",
            "ai_screen_score": result["score"],
            "ai_screen_must_have": "met" if result["must_have_ok"] else "missing",
            "ai_screen_years": result["years_experience"],
            "ai_screen_relevant_years": result["relevant_years"],
            "ai_screen_result": result,
            "ai_screen_error": False,
            "ai_screen_date": fields.Datetime.now(),
            "ai_screen_summary": self.with_context(lang=self._ai_hr_lang())._ai_screen_summary(result),
        })
        self._ai_record_candidate(result)

    def _ai_hr_lang(self):
        return self._ai_company_lang(self.company_id)

    @api.model
    def _ai_company_lang(self, company):
        """The language HR reads what the system writes in: the company's, else the administrator's."""
        lang = company.partner_id.lang or self.env.ref("base.user_admin").lang or "en_US"
        return lang if self.env["res.lang"]._lang_get(lang) else "en_US"

    @api.model
    def _ai_error_code(self, error):
        """The screening problem named in a failed job's error (``resume_<reason>: …``)."""
        match = re.search(r"resume_([a-z_]+)", error or "")
        return match.group(1) if match and match.group(1) in dict(SCREEN_ERRORS) else "other"

    def _ai_requirement_label(self, requirement):
        if requirement["kind"] == "min_years":
            years = "%g" % (requirement.get("required_value") or 0)
            return self.env._("%(years)s+ years", years=years)
        if requirement["kind"] == "degree":
            return self.env["hr.job"]._ai_degree_labels().get(requirement["name"], requirement["name"])
        return requirement["name"]

    def _ai_screen_summary(self, result):
        """Two lines a person reads in ten seconds (the evidence is in the screening report)."""
        first = self.env._(
            "Résumé match %(score)s%%, %(must)s, %(years)s years of experience (%(relevant)s relevant).",
            score=round(result["score"]),
            must=self.env._("must-haves met") if result["must_have_ok"] else self.env._("must-haves missing"),
            years=round(result["years_experience"], 1), relevant=round(result["relevant_years"], 1))
        missing = [self._ai_requirement_label(r) for r in result["requirements"] if r["required"] and not r["met"]]
        shown = [self._ai_requirement_label(r) for r in result["requirements"] if r["met"] and r["evidence"]]
        comma = "、" if (self.env.lang or "").startswith("zh") else ", "
        if missing:
            second = self.env._("Missing or not shown: %(names)s.", names=comma.join(missing[:5]))
        elif shown:
            second = self.env._("Shown in the résumé: %(names)s.", names=comma.join(shown[:5]))
        else:
            second = ""
        return "\n".join(filter(None, [first, second]))

    def _ai_screen_summary_printed(self):
        """The screening summary in the language the report is printed in (the stored one is in HR's)."""
        self.ensure_one()
        result = self.sudo().ai_screen_result
        return self._ai_screen_summary(result) if result else self.ai_screen_summary

    def _ai_record_candidate(self, result):
        """Skills the résumé shows become the candidate's skills (with the line as their source); contact
        details fill empty fields only."""
        candidate = self.candidate_id.sudo()
        if not candidate:
            return
        have = candidate.candidate_skill_ids.skill_id
        new = []
        for item in result["skills"]:
            skill = self.env["hr.skill"].sudo().browse(item["skill_id"] or []).exists()
            levels = skill.skill_type_id.skill_level_ids
            if not skill or skill in have or not levels:
                continue
            have |= skill
            new.append({"candidate_id": candidate.id, "skill_id": skill.id, "skill_type_id": skill.skill_type_id.id,
                        "skill_level_id": (levels.filtered("default_level") or levels.sorted("level_progress"))[0].id,
                        "ai_source": (item["text"] or "")[:250]})
        if new:
            self.env["hr.candidate.skill"].sudo().create(new)
        contact = result["contact"]
        values = {}
        if contact.get("email") and not candidate.email_from:
            values["email_from"] = contact["email"]
        if contact.get("phone") and not candidate.partner_phone:
            values["partner_phone"] = contact["phone"]
        if values:
            candidate.write(values)

    # hooks of the analysis queue (as superuser)
    def _ai_job_done(self, job):
        if job.kind != "screen_resume":
            return super()._ai_job_done(job)
        job_profile = self.job_id
        if job_profile.ai_screen_policy == "auto" and self.ai_screen_to_invite and self._ai_can_invite():
            self._ai_invite()
            self.message_post(body=self.env._(
                "AI interview sent automatically: résumé match %(score)s%% with every must-have met "
                "(threshold %(threshold)s%%).", score=round(self.ai_screen_score),
                threshold=job_profile.ai_screen_threshold))
        return None

    def _ai_job_failed(self, job):
        if job.kind != "screen_resume":
            return super()._ai_job_failed(job)
        code = self._ai_error_code(job.last_error)
        self.sudo().write({"ai_screen_state": "failed", "ai_screen_error": code})
        self.message_post(body=self.env._("The résumé could not be screened: %(reason)s.",
                                          reason=dict(self._fields["ai_screen_error"]._description_selection(
                                              self.env))[code]))
        return None

    def _ai_job_cancelled(self, job):
        if job.kind == "screen_resume" and self.ai_screen_state == "queued" and not self._ai_active_jobs(
                "screen_resume"):
            self.sudo().write({"ai_screen_state": False})
        return super()._ai_job_cancelled(job)

    def action_send_ai_interview(self):
        self.ensure_one()
        if not self.job_id.ai_interview_enabled:
            raise UserError(self.env._("Switch on the AI interview on the job %(job)s first.", job=self.job_id.name))
        interview = self.ai_interview_ids.filtered(lambda i: i.state in ("draft", "sent", "in_progress"))[:1]
        interview = interview or self._ai_new_interview()
        sent = interview.action_send()
        form = self.action_open_ai_interview(interview)
        if isinstance(sent, dict):  # no mail server: HR is told and gets the link to pass on
            sent["params"]["next"] = form
            return sent
        return form

    def action_open_ai_interview(self, interview=None):
        self.ensure_one()
        interview = interview or self.ai_interview_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "hr.ai.interview",
            "res_id": interview.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_ai_live_interview(self):
        """Open the live interview of this application under way (the interviewer's own first), else a new one."""
        self.ensure_one()
        sessions = self.ai_live_session_ids.filtered(lambda s: s.state in ("draft", "live"))
        session = sessions.filtered(lambda s: s.user_id == self.env.user)[:1] or sessions[:1]
        if not session:
            job = self.job_id
            if not job:
                raise UserError(self.env._("Choose the job of the application first."))
            session = self.env["hr.ai.live.session"].create({
                "applicant_id": self.id, "job_id": job.id, "user_id": self.env.user.id,
                "lang": "en" if job.ai_interview_lang == "en" else "zh",
            })
        return session.action_open_copilot()

    def unlink(self):
        # interviews, answers and their recordings go with the application (not left in the file store)
        self.sudo().with_context(active_test=False).ai_interview_ids.unlink()
        self.sudo().with_context(active_test=False).ai_live_session_ids.unlink()
        return super().unlink()
