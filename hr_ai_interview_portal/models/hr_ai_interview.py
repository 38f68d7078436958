# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, models

from odoo.addons.hr_ai_interview.models.hr_ai_interview import OPEN_STATES

GRACE_PARAM = "hr_ai_interview_portal.upload_grace_minutes"
DEFAULT_GRACE_MINUTES = 10


class HrAiInterview(models.Model):
    _inherit = "hr.ai.interview"

    rights_request_ids = fields.One2many("hr.ai.rights.request", "interview_id", string="Data requests")

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
        """Within the grace, only what the caller allowed (``hr_ai_upload_grace`` in the context: the end of
        an upload started before the deadline, or the submission) is still open; nothing new starts."""
        if self.env.context.get("hr_ai_upload_grace") and self._candidate_in_grace():
            return True
        return super()._candidate_is_open()

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
