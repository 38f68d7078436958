# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import report_format


class HrAiAnswer(models.Model):
    _name = "hr.ai.answer"
    _description = "AI Interview Answer"
    _inherit = ["hr.ai.job.owner.mixin"]
    _order = "interview_id, sequence, id"
    _sql_constraints = [
        ("interview_question_uniq", "unique(interview_id, question_id)",
         "An interview holds one answer per question."),
    ]

    interview_id = fields.Many2one("hr.ai.interview", required=True, index=True, ondelete="cascade")
    question_id = fields.Many2one("hr.ai.question", required=True, ondelete="restrict")
    sequence = fields.Integer(related="question_id.sequence", store=True)
    company_id = fields.Many2one(related="interview_id.company_id", store=True)
    attachment_id = fields.Many2one("ir.attachment", string="Recording", ondelete="set null", copy=False)
    mimetype = fields.Char(readonly=True)
    file_size = fields.Integer(readonly=True)
    client_duration = fields.Float("Duration reported by the browser (s)", readonly=True)
    duration = fields.Float("Duration (s)", readonly=True)
    has_video = fields.Boolean(readonly=True)
    retake_count = fields.Integer(readonly=True)
    state = fields.Selection(
        [
            ("uploaded", "Waiting for analysis"),
            ("done", "Analysed"),
            ("insufficient", "Needs human review"),
            ("failed", "Analysis failed"),
            ("human", "Human review only"),
        ],
        default="uploaded", required=True, readonly=True,
    )
    language = fields.Char(readonly=True)
    transcript = fields.Text(readonly=True)
    score = fields.Float(readonly=True)
    confidence = fields.Float("ASR confidence", readonly=True)
    insufficient_reason = fields.Char(readonly=True)
    key_points_hit = fields.Integer(readonly=True)
    key_points_total = fields.Integer(readonly=True)
    result = fields.Json(readonly=True, copy=False)
    versions = fields.Char(readonly=True)
    report_html = fields.Html(compute="_compute_report_html", sanitize=True)
    hr_grade = fields.Selection(
        [("0", "0 – no evidence"), ("1", "1 – weak"), ("2", "2 – solid"), ("3", "3 – strong")],
        string="HR grade", help="Your own judgement of this answer. Graded answers can retrain the scorer.",
    )
    hr_comment = fields.Text("HR comment")

    HR_FIELDS = frozenset({"hr_grade", "hr_comment"})

    @api.depends("question_id.sequence", "interview_id.name", "interview_id.job_id.ai_question_ids")
    def _compute_display_name(self):
        for answer in self:
            questions = answer.interview_id._candidate_questions().ids if answer.interview_id else []
            number = questions.index(answer.question_id.id) + 1 if answer.question_id.id in questions else 0
            answer.display_name = self.env._("%(interview)s – question %(n)s", interview=answer.interview_id.name or "",
                                             n=number)

    @api.depends("result", "state")
    def _compute_report_html(self):
        for answer in self:
            answer.report_html = answer._render_report() if answer.result else False

    def _render_report(self):
        """The answer report HR reads, rendered from the worker's findings by a QWeb template."""
        self.ensure_one()
        return self.env["ir.qweb"]._render("hr_ai_interview.answer_report", {
            "answer": self, "res": self.result or {}, "fmt": report_format.FORMAT,
        })

    def write(self, vals):
        # people add their judgement beside the AI's; the AI's findings are written by the system only
        if not self.env.su:
            changed = [name for name in set(vals) - self.HR_FIELDS if self._hr_ai_value_changes(name, vals[name])]
            if changed:
                raise AccessError(self.env._(
                    "Only the HR grade and comment of an answer can be changed (not %(fields)s).",
                    fields=", ".join(sorted(changed))))
            vals = {name: value for name, value in vals.items() if name in self.HR_FIELDS}
        return super().write(vals)

    def _hr_ai_value_changes(self, name, value):
        """Whether writing ``value`` to ``name`` changes any record (a form may send back unchanged values)."""
        field = self._fields.get(name)
        if field is None or field.type in ("one2many", "many2many", "json", "binary"):
            return True
        return any(field.convert_to_write(record[name], record) != value for record in self)

    def _training_rows(self):
        """Graded answers as training rows for ``hr-ai-worker train``: findings and grade, nothing personal."""
        return [{"breakdown": answer.result.get("breakdown") or {}, "grade": int(answer.hr_grade)}
                for answer in self if answer.hr_grade and answer.result and answer.state == "done"]

    def _reset_for_retake(self):
        self.sudo()._ai_active_jobs().with_context(hr_ai_retake=True)._cancel()
        old = self.attachment_id
        self.sudo().write({"attachment_id": False, "state": "uploaded", "result": False, "transcript": False,
                           "score": 0.0, "key_points_hit": 0, "key_points_total": 0, "insufficient_reason": False})
        old.sudo().unlink()

    def _queue_analysis(self):
        # CN-4: an interview whose candidate declined the AI evaluation is never queued
        opted_out = self.filtered(lambda a: a.interview_id.ai_opt_out)
        opted_out.sudo().write({"state": "human"})
        analysed = self - opted_out
        analysed.sudo().write({"state": "uploaded"})
        jobs = self.env["hr.ai.analysis.job"]
        for answer in analysed:
            jobs |= answer._ai_queue_job("analyze_answer", answer_id=answer.id, interview_id=answer.interview_id.id)
        return jobs

    # ------------------------------------------------------------------ queue hooks
    def _ai_job_done(self, job):
        self.interview_id._ai_answer_finished()

    def _ai_job_failed(self, job):
        self.write({"state": "failed"})
        self.interview_id._ai_answer_finished()

    def _ai_job_cancelled(self, job):
        if self.env.context.get("hr_ai_retake"):
            return  # a new recording replaces this one and is analysed instead
        self.write({"state": "failed", "insufficient_reason": "analysis_cancelled"})
        self.interview_id._ai_answer_finished()

    def _ai_job_retry(self, job):
        self.write({"state": "uploaded"})
        interview = self.interview_id
        interview._ai_active_jobs("build_report")._cancel()  # a report of the old answers is useless
        if interview.state == "done":  # the report is rebuilt once the retry is analysed
            interview.write({"state": "submitted"})

    def _ai_job_company(self):
        return self.interview_id.company_id

    def _apply_result(self, result):
        """Store a validated worker result on the answer."""
        self.ensure_one()
        self.write({
            "state": "insufficient" if result["insufficient"] else "done",
            "language": result["language"],
            "transcript": result["transcript"],
            "score": result["score"] or 0.0,
            "confidence": result["confidence"],
            "duration": result["duration"],
            "has_video": result["has_video"],
            "insufficient_reason": result["insufficient_reason"],
            "key_points_hit": sum(1 for kp in result["key_points"] if kp["hit"]),
            "key_points_total": len(result["key_points"]),
            "versions": ", ".join(f"{k}={v}" for k, v in sorted(result["versions"].items()))[:255],
            "result": result,
        })

    def _hr_ai_check_recording_access(self):
        """Once the candidate is hired, their recordings stay in recruitment for HR managers only."""
        if self.env.su or self.env.user.has_group("hr_recruitment.group_hr_recruitment_manager"):
            return
        applicants = self.sudo().interview_id.applicant_id.with_context(active_test=False)
        if any(a.application_status == "hired" or a.employee_id for a in applicants):
            raise AccessError(self.env._("The recordings of a hired candidate are open to HR managers only."))

    def action_play(self):
        """Open the recording in the browser's own player; every view is written to the access log."""
        self.ensure_one()
        self._hr_ai_check_recording_access()
        return {"type": "ir.actions.act_url", "url": f"/hr_ai_interview/answer/{self.id}/play", "target": "new"}

    def _log_media_view(self, channel="play"):
        self.ensure_one()
        self.env["hr.ai.media.access"].sudo()._log(self.sudo().attachment_id, channel)
