# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The analysis queue, one for every kind of work. Workers talk to it over the external API through
the ``worker_*`` methods.

Claim is one atomic statement (``FOR NO KEY UPDATE SKIP LOCKED``, as ``ir.cron`` does); heartbeat,
submit and fail are compare-and-set on (state, lease token, lease expiry): a stale or duplicate call
changes nothing.

A kind is a plug-in. An addon adds one with ``selection_add`` on ``kind`` and three methods named after
it, without touching this file::

    def _payload_<kind>(self):            # what the worker needs (never names or contact details)
    def _validate_<kind>(self, result):   # a cleaned copy of the worker's result, or raise ResultError
    def _apply_<kind>(self, clean):       # store it on the record that owns the job

The record that owns a job (``res_model``/``res_id``) inherits ``hr.ai.job.owner.mixin`` and gets the
``_ai_job_done`` / ``_ai_job_failed`` / ``_ai_job_retry`` / ``_ai_job_cancelled`` hooks.
"""

import logging
import re
import secrets
from datetime import timedelta

from odoo import api, fields, models, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from ..tools.live_schema import validate_live_chunk
from ..tools.result_schema import ResultError, validate, validate_report
from ..tools.screen_schema import validate_screen

_logger = logging.getLogger(__name__)

WORKER_GROUP = "hr_ai_interview.group_ai_worker"
MIN_LEASE, MAX_LEASE = 30, 3600
NOTIFY_CHANNEL = "hr_ai_analysis_job"
ACTIVE_STATES = ("pending", "running")
# Failures that another attempt cannot fix: the job fails at once, with its error shown to HR.
PERMANENT_CODES = frozenset({
    "worker_bug", "media_too_large", "unsupported_media", "undecodable_media", "unusable_media", "invalid_payload",
    "invalid_result", "no_handler", "unknown_kind",
})
ERROR_CODE = re.compile(r"^([a-z][a-z0-9_]{1,40}):")


def failure_is_permanent(error, retryable, attempts, max_attempts):
    """The one place that decides whether a failed job is tried again (after a backoff) or fails."""
    match = ERROR_CODE.match(error or "")
    return (not retryable) or (match and match.group(1) in PERMANENT_CODES) or attempts >= max_attempts


class HrAiAnalysisJob(models.Model):
    _name = "hr.ai.analysis.job"
    _description = "AI Analysis Job"
    _order = "id desc"

    kind = fields.Selection([("analyze_answer", "Analyse answer"), ("build_report", "Build report"),
                             ("screen_resume", "Screen résumé")], required=True, readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("running", "Running"), ("done", "Done"), ("failed", "Failed"),
         ("cancelled", "Cancelled")],
        default="pending", required=True, readonly=True, index=True,
    )
    priority = fields.Integer(default=10, readonly=True)
    res_model = fields.Char("Owner model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference("Owner", model_field="res_model", required=True, readonly=True, index=True)
    answer_id = fields.Many2one("hr.ai.answer", readonly=True, index=True, ondelete="cascade")
    interview_id = fields.Many2one("hr.ai.interview", readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    attempts = fields.Integer(readonly=True, default=0)
    max_attempts = fields.Integer(default=3, readonly=True)
    date_available = fields.Datetime("Not before", readonly=True, copy=False, index=True,
                                     help="A job that failed and will be tried again waits until then.")
    lease_token = fields.Char(readonly=True, copy=False, groups="base.group_system")
    lease_expiry = fields.Datetime(readonly=True, copy=False)
    worker_name = fields.Char(readonly=True, copy=False)
    date_claimed = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False)
    date_failed = fields.Datetime(readonly=True, copy=False)
    date_cancelled = fields.Datetime(readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)

    def init(self):
        # one live job per owner and kind: two answers finishing at once cannot queue two reports
        if not index_exists(self.env.cr, "hr_ai_analysis_job_active_uniq"):
            self.env.cr.execute("""
                CREATE UNIQUE INDEX hr_ai_analysis_job_active_uniq ON hr_ai_analysis_job (res_model, res_id, kind)
                 WHERE state IN ('pending', 'running')
            """)

    # ------------------------------------------------------------------ queueing
    @api.model_create_multi
    def create(self, vals_list):
        jobs = super().create(vals_list)
        jobs._notify_workers()
        return jobs

    def write(self, vals):
        # The queue's fields move only through the queue's own methods (which run as superuser):
        # HR acts through Retry and Cancel.
        if not self.env.su:
            raise AccessError(self.env._("Analysis jobs change only through Retry and Cancel."))
        return super().write(vals)

    def _notify_workers(self):
        """Wake the workers waiting on ``/hr_ai_interview/worker/wait`` once this transaction commits."""
        dbname = self.env.cr.dbname
        if self.env.cr.postcommit.data.get(NOTIFY_CHANNEL):
            return  # one notification per transaction is enough
        self.env.cr.postcommit.data[NOTIFY_CHANNEL] = True

        @self.env.cr.postcommit.add
        def notify():
            try:
                with sql_db.db_connect("postgres").cursor() as cr:
                    cr.execute("SELECT pg_notify(%s, %s)", (NOTIFY_CHANNEL, dbname))
            except Exception:  # the jobs are committed; idle workers find them at their next poll
                _logger.exception("could not notify the analysis workers")

    def _owner(self):
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id).exists()

    def _kind_method(self, step):
        self.ensure_one()
        method = getattr(self, f"_{step}_{self.kind}", None)
        if method is None:
            raise ResultError(f"no_handler: kind {self.kind!r} has no {step} method")
        return method

    # ------------------------------------------------------------------ HR actions
    def action_retry(self):
        for job in self.filtered(lambda j: j.state == "failed").sudo():
            newest = self.sudo().search([("res_model", "=", job.res_model), ("res_id", "=", job.res_id),
                                         ("kind", "=", job.kind)], order="id desc", limit=1)
            if newest != job:
                raise UserError(self.env._(
                    "Job %(job)s was replaced by a newer one (%(newer)s, %(state)s): retry that one if needed.",
                    job=job.id, newer=newest.id, state=dict(self._fields["state"].selection)[newest.state]))
            job.write({"state": "pending", "max_attempts": job.attempts + 1, "last_error": False,
                       "date_available": False})
            job._owner()._ai_job_retry(job)
            job._notify_workers()
        return True

    def action_cancel(self):
        self.filtered(lambda j: j.state in ACTIVE_STATES)._cancel()
        return True

    def _cancel(self):
        jobs = self.sudo()
        jobs.write({"state": "cancelled", "date_cancelled": fields.Datetime.now(), "lease_token": False})
        jobs.flush_recordset()  # before any new job of the same owner meets the unique index
        for job in jobs:
            job._owner()._ai_job_cancelled(job)

    # ------------------------------------------------------------------ worker API
    def _check_worker(self):
        if not self.env.user.has_group(WORKER_GROUP):
            raise AccessError(self.env._("Only AI analysis workers may use the analysis queue."))

    @api.model
    def _claimable(self, kinds, now):
        """Pending jobs of ``kinds`` past their backoff, or running ones whose lease expired."""
        return SQL(
            """kind = ANY(%s) AND attempts < max_attempts AND (date_available IS NULL OR date_available <= %s)
               AND (state = 'pending' OR (state = 'running' AND lease_expiry < %s))""",
            list(kinds), now, now)

    @api.model
    def _has_claimable(self, kinds):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT 1 FROM hr_ai_analysis_job WHERE %s LIMIT 1",
                                self._claimable(kinds, fields.Datetime.now())))
        return bool(self.env.cr.fetchone())

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
        self.env.cr.execute(SQL(
            """SELECT id FROM hr_ai_analysis_job WHERE %s ORDER BY priority DESC, id LIMIT %s
                  FOR NO KEY UPDATE SKIP LOCKED""",
            self._claimable(kinds, now), limit))
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
            try:
                payload = job._kind_method("payload")()
            except (ResultError, UserError) as exc:
                job._finish_failed(f"invalid_payload: {exc}")
                continue
            payloads.append(dict(payload, id=job.id, kind=job.kind, attempt=job.attempts,
                                 lease_token=job.lease_token,
                                 lease_expiry=fields.Datetime.to_string(job.lease_expiry)))
        return payloads

    def _fail_exhausted(self, now):
        """Running jobs whose lease ran out and that have no attempt left fail for good."""
        exhausted = self.search([("state", "=", "running"), ("lease_expiry", "<", now)]).filtered(
            lambda j: j.attempts >= j.max_attempts)
        for job in exhausted:
            job._finish_failed(self.env._("The worker stopped answering (lease expired) %(n)s times.",
                                          n=job.attempts))

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
            clean = job._kind_method("validate")(result)
        except ResultError as exc:
            job._finish_failed(f"invalid_result: {exc}")
            return {"accepted": False, "reason": "invalid_result", "error": str(exc)}
        job.write({"state": "done", "date_done": fields.Datetime.now(), "lease_token": False})
        job._kind_method("apply")(clean)
        job._owner()._ai_job_done(job)
        return {"accepted": True}

    @api.model
    def worker_fail(self, job_id, lease_token, error, retryable=True):
        """A worker gives a job back. ``error`` starts with a code (``media_too_large: …``)."""
        job = self._locked_lease(job_id, lease_token)
        if not job:
            return False
        error = str(error or "")[:2000]
        if failure_is_permanent(error, retryable, job.attempts, job.max_attempts):
            job._finish_failed(error)
        else:
            job.write({"state": "pending", "lease_token": False, "lease_expiry": False, "last_error": error,
                       "date_available": fields.Datetime.now() + timedelta(seconds=job._backoff_seconds())})
        return True

    def _backoff_seconds(self):
        """30 s, 60 s, 120 s … (``hr_ai_interview.retry_backoff_seconds``), at most an hour."""
        self.ensure_one()
        base = int(self.env["ir.config_parameter"].sudo().get_param("hr_ai_interview.retry_backoff_seconds", 30))
        return min(3600, max(0, base) * 2 ** max(0, self.attempts - 1))

    def _finish_failed(self, error):
        self.ensure_one()
        self.write({"state": "failed", "date_failed": fields.Datetime.now(), "lease_token": False,
                    "last_error": error})
        _logger.warning("analysis job %s (%s) failed: %s", self.id, self.kind, (error or "")[:200])
        self._owner()._ai_job_failed(self)

    def _worker_media(self, job_id, lease_token):
        """The attachment of a job, for the worker that holds its lease only."""
        job = self._locked_lease(job_id, lease_token)
        if not job:
            return self.env["ir.attachment"]
        media = getattr(job, f"_media_{job.kind}", None)
        return media() if media else self.env["ir.attachment"]

    @api.model
    def _generate_worker_api_key(self, user=None, name="AI analysis worker", days=90):
        """Create an API key for a worker user (default: the shipped ``ai_worker``); return it once.

        The key is stored hashed, scoped to the worker (``rpc``) and expires after ``days``. For
        administrators and set-up scripts (``odoo-bin shell``); see the README for rotation.
        """
        if not self.env.is_superuser() and not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators can create worker API keys."))
        user = user or self.env.ref("hr_ai_interview.user_ai_worker")
        if not user.has_group(WORKER_GROUP):
            raise AccessError(self.env._("%(user)s is not in the AI analysis worker group.", user=user.name))
        expiry = fields.Datetime.now() + timedelta(days=max(1, int(days)))
        return self.env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", name, expiry)

    # ------------------------------------------------------------------ kind: analyze_answer
    def _payload_analyze_answer(self):
        answer = self.answer_id
        interview = answer.interview_id
        return {
            "question": answer.question_id._analysis_payload(interview.lang),
            "job": interview.job_id._ai_analysis_payload(),
            "media": {"mimetype": answer.mimetype, "size": answer.file_size},
            # the company's LLM judge: only if it is on and the notice the candidate agreed to named it
            "llm_judge": bool(interview.company_id.hr_ai_llm_judge and interview.llm_judge_notified),
        }

    def _validate_analyze_answer(self, result):
        return validate(result)

    def _apply_analyze_answer(self, clean):
        self.answer_id._apply_result(clean)

    def _media_analyze_answer(self):
        return self.answer_id.attachment_id.sudo()

    # ------------------------------------------------------------------ kind: build_report
    def _payload_build_report(self):
        return {"report": self.interview_id._report_payload()}

    def _validate_build_report(self, result):
        return validate_report(result, self.interview_id.job_id.ai_competency_ids.competency_id.ids)

    def _apply_build_report(self, clean):
        self.interview_id._apply_report(clean)

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_requeue_expired(self):
        now = fields.Datetime.now()
        self._fail_exhausted(now)
        stale = self.search([("state", "=", "running"), ("lease_expiry", "<", now)])
        stale.write({"state": "pending", "lease_token": False})
        if stale:
            stale._notify_workers()
        return True

    # ------------------------------------------------------------------ kind: screen_resume
    def _payload_screen_resume(self):
        owner = self._owner()  # an application, or a talent pool match
        attachment = owner.ai_screen_attachment_id
        if not attachment or not owner.job_id:
            raise ResultError("no résumé or no job to screen against")
        extension = (attachment.name or "").rpartition(".")[2].lower()[:8]
        extra = owner._ai_screen_extra_text() if hasattr(owner, "_ai_screen_extra_text") else ""
        return {
            "job": owner.job_id._ai_screen_payload(),
            # more evidence than the file: what the candidate said in earlier AI interviews (no names)
            "extra_text": extra,
            "today": fields.Date.to_string(fields.Date.context_today(self)),
            "skills_catalog": self.env["hr.skill"].sudo()._ai_catalog(),
            # never the file's own name: it often holds the candidate's name
            "filename": f"resume.{extension}" if extension.isalnum() else "resume",
            "mimetype": attachment.mimetype,
        }

    def _validate_screen_resume(self, result):
        return validate_screen(result, self.env["hr.skill"].sudo()._ai_catalog_skills().ids)

    def _apply_screen_resume(self, clean):
        self._owner()._ai_apply_screen(clean)

    def _media_screen_resume(self):
        return self._owner().ai_screen_attachment_id.sudo()


class HrAiAnalysisJobLiveChunk(models.Model):
    """Kind ``live_chunk``: one utterance of a live interview to transcribe and judge at once (LIVE_CONTRACT.md).
    Queued with the highest priority; its owner is the ``hr.ai.live.utterance``."""

    _inherit = "hr.ai.analysis.job"

    kind = fields.Selection(selection_add=[("live_chunk", "Live interview utterance")],
                            ondelete={"live_chunk": "cascade"})

    def _live_utterance(self):
        utterance = self._owner()
        if not utterance or utterance._name != "hr.ai.live.utterance":
            raise ResultError("the live chunk's utterance no longer exists")
        return utterance

    def _payload_live_chunk(self):
        utterance = self._live_utterance()
        if not utterance.attachment_id:
            raise ResultError("the utterance has no audio")
        payload = utterance.session_id._live_payload(utterance)
        utterance.write({"state": "transcribing"})
        utterance.session_id._notify_panel("utterance", utterances=utterance)
        return payload

    def _validate_live_chunk(self, result):
        utterance = self._live_utterance()
        session = utterance.session_id
        return validate_live_chunk(
            result, utterance_id=utterance.id, offset=utterance.offset, utterance_end=utterance._end(),
            transcript=session._transcript_text(before=utterance), questions=session._question_key_points(),
            competency_ids=session.job_id.ai_competency_ids.competency_id.ids)

    def _apply_live_chunk(self, clean):
        self._live_utterance()._apply_live_result(clean)

    def _media_live_chunk(self):
        return self._live_utterance().attachment_id.sudo()

    @api.model
    def _worker_live_media(self, utterance_id, lease_token):
        """The audio of an utterance, for the worker that holds the lease of its live chunk only."""
        self._check_worker()
        job = self.sudo().search([("res_model", "=", "hr.ai.live.utterance"), ("res_id", "=", int(utterance_id)),
                                  ("kind", "=", "live_chunk"), ("state", "=", "running")], limit=1)
        return self._worker_media(job.id, lease_token) if job else self.env["ir.attachment"]
