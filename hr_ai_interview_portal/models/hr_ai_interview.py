# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, models

from odoo.addons.hr_ai_interview.models.hr_ai_interview import OPEN_STATES

GRACE_PARAM = "hr_ai_interview_portal.upload_grace_minutes"
DEFAULT_GRACE_MINUTES = 10


class HrAiInterview(models.Model):
    _inherit = "hr.ai.interview"

    rights_request_ids = fields.One2many("hr.ai.rights.request", "interview_id", string="Data requests")
    date_data_deleted = fields.Datetime(
        "Data deleted on", readonly=True, copy=False,
        help="The candidate's recordings, transcripts and AI results were deleted at their request: nothing more "
             "is recorded or analysed for this interview.")

    # ------------------------------------------------------------------ grace for an upload in flight
    def _upload_grace_end(self):
        """The end of the grace after the deadline during which an upload started before it may finish
        (system parameter ``hr_ai_interview_portal.upload_grace_minutes``, 10 by default)."""
        self.ensure_one()
        if not self.date_deadline:
            return False
        param = self.env["ir.config_parameter"].sudo().get_param(GRACE_PARAM, DEFAULT_GRACE_MINUTES)
        try:
            minutes = max(0, int(param))
        except (TypeError, ValueError):
            minutes = DEFAULT_GRACE_MINUTES
        return self.date_deadline + timedelta(minutes=minutes)

    def _candidate_in_grace(self):
        """The deadline has passed, its grace has not, and nobody closed the interview."""
        self.ensure_one()
        now = fields.Datetime.now()
        return bool(self.state in (*OPEN_STATES, "expired") and self.token_hash and self.date_deadline
                    and self.date_deadline < now <= self._upload_grace_end())

    def _candidate_is_open(self):
        """Closed once the candidate's data was deleted at their request. Within the grace, only what the
        caller allowed (``hr_ai_upload_grace`` in the context: the end of
        an upload started before the deadline, or the submission) is still open; nothing new starts."""
        if self.date_data_deleted:
            return False
        if self.env.context.get("hr_ai_upload_grace") and self._candidate_in_grace():
            return True
        return super()._candidate_is_open()

    def _check_analysis_complete(self):
        """No report is built (again) from an interview whose data was deleted."""
        return super(HrAiInterview, self.filtered(lambda i: not i.date_data_deleted))._check_analysis_complete()

    def _candidate_withdraw(self, kind):
        """CN-5: withdrawing is as easy as giving. Without the AI consent, queued analyses stop and the
        answers go to people only."""
        self.ensure_one()
        consents = self.sudo().consent_ids.filtered(lambda c: c.kind == kind and c.given)
        consents.write({"given": False})
        if kind == "ai_analysis":
            self.sudo().consent_ids.filtered(lambda c: c.kind == "delivery_cues" and c.given).write({"given": False})
            self.env["hr.ai.analysis.job"].sudo().search(
                [("interview_id", "=", self.id), ("state", "in", ("pending", "running"))])._cancel()
            self.sudo().answer_ids.filtered(lambda a: a.state in ("uploaded", "failed")).write({"state": "human"})
            if self.state == "submitted":
                self._queue_human_review()
        if kind == "talent_pool" and self.candidate_id:
            self.candidate_id.sudo().write({"ai_pool_withdrawn_date": fields.Datetime.now()})
            self.env["hr.ai.pool.match"].sudo().search([("candidate_id", "=", self.candidate_id.id)]).unlink()
        return True

    # ------------------------------------------------------------------ requests carried out (DS-1, CN-5)
    def _candidate_delete_data(self):
        """Delete the recordings, transcripts and AI results of this interview (a deletion request HR
        carried out). What stays: the interview, its consents and requests, the decisions and the log of who
        opened a recording (audit). Returns how many answers were deleted."""
        self.ensure_one()
        interview = self.sudo()
        answers = interview.answer_ids
        count = len(answers)
        uploads = self.env["hr.ai.upload"].sudo().search([("interview_id", "=", interview.id)])
        for upload in uploads:
            upload._remove_file()
        uploads.unlink()
        # the queue first (an analysis in flight finds nothing to write back), then the answers: their
        # attachments (the recordings) are deleted with them
        self.env["hr.ai.analysis.job"].sudo().search([("interview_id", "=", interview.id)]).unlink()
        answers.attachment_id.unlink()
        answers.unlink()
        interview.competency_result_ids.unlink()
        interview.write({"match_pct": 0.0, "recommendation": False, "report_findings": False,
                         "date_data_deleted": fields.Datetime.now(), "current_question_id": False,
                         "date_question_start": False, "date_answer_start": False})
        hr_view = interview.with_context(lang=interview._hr_lang())
        hr_view.message_post(body=hr_view.env._(
            "At the candidate's request, %(count)s recorded answers with their transcripts and the AI results of "
            "this interview were deleted.", count=count))
        return count

    def _candidate_explanation(self, lang=None):
        """An explanation of the result for the candidate (PIPL Art. 24, GDPR Art. 22, AI Act Art. 86): which
        competencies each question looked at and which key points were found in the answer, from the
        report's findings, in the candidate's language. No scores, weights or thresholds."""
        self.ensure_one()
        lang = lang or self.mail_lang
        interview = self.sudo().with_context(lang=lang)
        answers = {a.question_id.id: a for a in interview.answer_ids}
        rows = []
        for index, question in enumerate(interview._candidate_questions(), start=1):
            answer = answers.get(question.id)
            points = (answer.result or {}).get("key_points") or [] if answer else []
            rows.append({
                "index": index,
                "question": question.name,
                "competencies": question.competency_ids.mapped("name"),
                "state": answer.state if answer else "missing",
                "covered": [kp.get("text") for kp in points if kp.get("hit")],
                "missed": [kp.get("text") for kp in points if not kp.get("hit")],
            })
        return self.env["ir.qweb"].with_context(lang=lang)._render("hr_ai_interview_portal.candidate_explanation", {
            "interview": interview,
            "rows": rows,
            "competencies": interview.competency_result_ids,
            "analysed": any(row["state"] == "done" for row in rows),
            "delivery": interview._delivery_may_count(),
        })

    def _candidate_data(self):
        """What the candidate may download about themself: answers with transcripts, consents, requests."""
        self.ensure_one()
        interview = self.sudo()
        return {
            "job": interview.job_id.name,
            "company": interview.company_id.name,
            "state": interview.state,
            "submitted": interview.date_submitted and fields.Datetime.to_string(interview.date_submitted),
            "human_review_only": interview.ai_opt_out,
            "consents": [{"kind": c.kind, "given": c.given, "date": fields.Datetime.to_string(c.date),
                          "notice_version": c.notice_hash} for c in interview.consent_ids],
            "answers": [{"question": a.question_id.name, "duration_seconds": a.duration or a.client_duration,
                         "transcript": a.transcript or "", "state": a.state, "recording": bool(a.attachment_id)}
                        for a in interview.answer_ids],
            "requests": [{"kind": r.kind, "state": r.state, "due": fields.Date.to_string(r.date_due),
                          "answer": r.response or ""} for r in interview.rights_request_ids],
        }
