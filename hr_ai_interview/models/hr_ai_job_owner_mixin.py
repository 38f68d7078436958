# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrAiJobOwnerMixin(models.AbstractModel):
    """A record that owns analysis jobs (an answer, an interview, an applicant's résumé…).

    It queues jobs with :meth:`_ai_queue_job` and reacts to their outcome through the hooks below;
    its jobs go with it when it is deleted.
    """

    _name = "hr.ai.job.owner.mixin"
    _description = "Owner of AI analysis jobs"

    ai_job_ids = fields.One2many("hr.ai.analysis.job", "res_id", string="Analysis jobs",
                                 domain=lambda self: [("res_model", "=", self._name)])

    def _ai_queue_job(self, kind, **vals):
        """Queue one job of ``kind`` per record (``vals``: priority, answer_id, interview_id…)."""
        # a job that just ended in this transaction must be ended in the database before the unique index
        # of live jobs sees the new one
        self.env["hr.ai.analysis.job"].flush_model(["state"])
        return self.env["hr.ai.analysis.job"].sudo().create([
            dict(vals, kind=kind, res_model=record._name, res_id=record.id,
                 company_id=record._ai_job_company().id)
            for record in self
        ])

    def _ai_job_company(self):
        self.ensure_one()
        return self["company_id"] if "company_id" in self._fields else self.env["res.company"]

    def _ai_active_jobs(self, kind=None):
        return self.ai_job_ids.filtered(lambda j: j.state in ("pending", "running") and (not kind or j.kind == kind))

    # hooks: called as superuser by the queue, after the job's own state changed
    def _ai_job_done(self, job):
        """The job's result was validated and applied."""

    def _ai_job_failed(self, job):
        """The job failed for good (permanent error or no attempt left); ``job.last_error`` says why."""

    def _ai_job_retry(self, job):
        """HR asked for a failed job to be tried again."""

    def _ai_job_cancelled(self, job):
        """The job was cancelled before it finished."""

    def unlink(self):
        self.sudo().ai_job_ids.unlink()
        return super().unlink()
