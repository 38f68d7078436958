# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The analysis queue. Workers talk to it over the external API through the ``worker_*`` methods.

Claim is one atomic statement (``FOR NO KEY UPDATE SKIP LOCKED``, as ``ir.cron`` does); heartbeat,
submit and fail are compare-and-set on (state, lease token, lease expiry): a stale or duplicate
call changes nothing.
"""

import logging
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.result_schema import ResultError, validate, validate_report

_logger = logging.getLogger(__name__)

WORKER_GROUP = "hr_ai_interview.group_ai_worker"
MIN_LEASE, MAX_LEASE = 30, 3600


class HrAiAnalysisJob(models.Model):
    _name = "hr.ai.analysis.job"
    _description = "AI Analysis Job"
    _order = "id desc"

    kind = fields.Selection([("analyze_answer", "Analyse answer"), ("build_report", "Build report")],
                            required=True, readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("running", "Running"), ("done", "Done"), ("failed", "Failed"),
         ("cancelled", "Cancelled")],
        default="pending", required=True, readonly=True, index=True,
    )
    priority = fields.Integer(default=10, readonly=True)
    answer_id = fields.Many2one("hr.ai.answer", readonly=True, index=True, ondelete="cascade")
    interview_id = fields.Many2one("hr.ai.interview", readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="interview_id.company_id", store=True)
    attempts = fields.Integer(readonly=True, default=0)
    max_attempts = fields.Integer(default=3, readonly=True)
    lease_token = fields.Char(readonly=True, copy=False, groups="base.group_system")
    lease_expiry = fields.Datetime(readonly=True, copy=False)
    worker_name = fields.Char(readonly=True, copy=False)
    date_claimed = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False)
    date_failed = fields.Datetime(readonly=True, copy=False)
    date_cancelled = fields.Datetime(readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)

    # ------------------------------------------------------------------ HR actions
    def action_retry(self):
        for job in self.filtered(lambda j: j.state == "failed"):
            job.write({"state": "pending", "max_attempts": job.attempts + 1, "last_error": False})
            job.answer_id.sudo().state = "uploaded"
            if job.interview_id.state == "done":  # the report is rebuilt once the retry is analysed
                job.interview_id.sudo().state = "submitted"
        return True

    def action_cancel(self):
        self.filtered(lambda j: j.state in ("pending", "running"))._cancel()
        return True

    def _cancel(self):
        self.sudo().write({"state": "cancelled", "date_cancelled": fields.Datetime.now(), "lease_token": False})

    # ------------------------------------------------------------------ worker API
    def _check_worker(self):
        if not self.env.user.has_group(WORKER_GROUP):
            raise AccessError(self.env._("Only AI analysis workers may use the analysis queue."))

    @api.model
    def worker_claim(self, worker_name, kinds, limit=1, lease_seconds=300):
        """Atomically claim up to ``limit`` jobs; return their payloads with a lease token."""
        self._check_worker()
        limit = max(1, min(int(limit), 10))
        lease = timedelta(seconds=max(MIN_LEASE, min(int(lease_seconds), MAX_LEASE)))
        now = fields.Datetime.now()
        sudo = self.sudo()
        sudo._fail_exhausted(now)
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT id FROM hr_ai_analysis_job
             WHERE kind = ANY(%s) AND attempts < max_attempts
               AND (state = 'pending' OR (state = 'running' AND lease_expiry < %s))
             ORDER BY priority DESC, id
             LIMIT %s
               FOR NO KEY UPDATE SKIP LOCKED
            """,
            (list(kinds), now, limit),
        )
        jobs = sudo.browse([row[0] for row in self.env.cr.fetchall()])
        payloads = []
        for job in jobs:
            job.write({
                "state": "running",
                "lease_token": secrets.token_hex(16),
                "lease_expiry": now + lease,
                "attempts": job.attempts + 1,
                "worker_name": (worker_name or "")[:64],
                "date_claimed": now,
            })
            payloads.append(job._worker_payload())
        return payloads

    def _fail_exhausted(self, now):
        """Running jobs whose lease ran out and that have no attempt left fail for good."""
        exhausted = self.search([("state", "=", "running"), ("lease_expiry", "<", now)]).filtered(
            lambda j: j.attempts >= j.max_attempts)
        for job in exhausted:
            job._mark_failed(self.env._("The worker stopped answering (lease expired) %(n)s times.", n=job.attempts))

    def _worker_payload(self):
        self.ensure_one()
        base = {"id": self.id, "kind": self.kind, "attempt": self.attempts, "lease_token": self.lease_token,
                "lease_expiry": fields.Datetime.to_string(self.lease_expiry)}
        if self.kind == "build_report":
            return dict(base, report=self.interview_id._report_payload())
        answer = self.answer_id
        interview = answer.interview_id
        return {
            "id": self.id,
            "kind": self.kind,
            "attempt": self.attempts,
            "lease_token": self.lease_token,
            "lease_expiry": fields.Datetime.to_string(self.lease_expiry),
            "question": answer.question_id._analysis_payload(interview.lang),
            "job": interview.job_id._ai_analysis_payload(),
            "media": {"mimetype": answer.mimetype, "size": answer.file_size},
        }

    def _locked_lease(self, job_id, lease_token):
        """The job if ``lease_token`` holds its live lease (row locked), else an empty recordset."""
        self._check_worker()
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT id FROM hr_ai_analysis_job
             WHERE id = %s AND state = 'running' AND lease_token = %s AND lease_expiry >= %s
               FOR NO KEY UPDATE
            """,
            (int(job_id), str(lease_token or ""), fields.Datetime.now()),
        )
        row = self.env.cr.fetchone()
        return self.sudo().browse(row[0]) if row else self.sudo().browse()

    @api.model
    def worker_heartbeat(self, job_id, lease_token, lease_seconds=300):
        job = self._locked_lease(job_id, lease_token)
        if not job:
            return False
        lease = timedelta(seconds=max(MIN_LEASE, min(int(lease_seconds), MAX_LEASE)))
        job.lease_expiry = fields.Datetime.now() + lease
        return True

    @api.model
    def worker_submit(self, job_id, lease_token, result):
        job = self._locked_lease(job_id, lease_token)
        if not job:
            _logger.info("analysis job %s: result refused (no live lease)", job_id)
            return {"accepted": False, "reason": "stale_lease"}
        try:
            if job.kind == "build_report":
                clean = validate_report(result, job.interview_id.job_id.ai_competency_ids.competency_id.ids)
            else:
                clean = validate(result)
        except ResultError as exc:
            job._mark_failed(self.env._("Invalid result from the worker: %(error)s", error=str(exc)))
            return {"accepted": False, "reason": "invalid_result", "error": str(exc)}
        job.write({"state": "done", "date_done": fields.Datetime.now(), "lease_token": False})
        if job.kind == "build_report":
            job.interview_id._apply_report(clean)
        else:
            job.answer_id._apply_result(clean)
            job.interview_id._check_analysis_complete()
        return {"accepted": True}

    @api.model
    def worker_fail(self, job_id, lease_token, error, retryable=True):
        job = self._locked_lease(job_id, lease_token)
        if not job:
            return False
        if retryable and job.attempts < job.max_attempts:
            job.write({"state": "pending", "lease_token": False, "lease_expiry": False,
                       "last_error": str(error)[:2000]})
        else:
            job._mark_failed(str(error)[:2000])
        return True

    def _mark_failed(self, error):
        self.ensure_one()
        self.write({"state": "failed", "date_failed": fields.Datetime.now(), "lease_token": False,
                    "last_error": error})
        if self.kind == "analyze_answer":
            self.answer_id.state = "failed"
            self.interview_id._check_analysis_complete()

    def _worker_media(self, job_id, lease_token):
        """The attachment of a job, for the worker that holds its lease only."""
        job = self._locked_lease(job_id, lease_token)
        return job.answer_id.attachment_id.sudo() if job else self.env["ir.attachment"]

    @api.model
    def _generate_worker_api_key(self, user=None, name="AI analysis worker"):
        """Create an API key for a worker user (default: the shipped ``ai_worker``); return it once.

        For administrators and set-up scripts (``odoo-bin shell``); the key is stored hashed.
        """
        if not self.env.is_superuser() and not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators can create worker API keys."))
        user = user or self.env.ref("hr_ai_interview.user_ai_worker")
        if not user.has_group(WORKER_GROUP):
            raise AccessError(self.env._("%(user)s is not in the AI analysis worker group.", user=user.name))
        return self.env["res.users.apikeys"].with_user(user).sudo()._generate(None, name, None)

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_requeue_expired(self):
        now = fields.Datetime.now()
        self._fail_exhausted(now)
        stale = self.search([("state", "=", "running"), ("lease_expiry", "<", now)])
        stale.write({"state": "pending", "lease_token": False})
        return True
