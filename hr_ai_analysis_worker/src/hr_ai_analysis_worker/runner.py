"""The worker loop: claim → the kind's handler (``handlers.HANDLERS``) → submit, with a lease heartbeat.

When the queue is empty the runner long-polls Odoo (``OdooClient.wait_for_jobs``) and claims again as
soon as Odoo answers, so a new job starts within a second; when Odoo has no long-poll route (HTTP 404) or
it fails, the runner sleeps ``poll_interval`` between claims instead.

Stopping: :meth:`Runner.stop` (and the first SIGTERM/SIGINT) ends the loop at once while it is idle — a
pending long-poll is abandoned to its daemon thread, which ends with its request — and otherwise as soon
as the current job is finished and its result submitted. A second signal exits at once.
Media live in a private temporary directory that is removed after every job.
"""

import dataclasses
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from .errors import WORKER_BUG, ConfigError, OdooError, OdooUnreachable, UnknownKind, classify, failure_message
from .handlers import HANDLERS, JobContext

_logger = logging.getLogger("hr_ai_worker")
MAX_BACKOFF = 60.0
# kinds a person is waiting for: claimed before the others, whatever priorities Odoo gave the jobs
URGENT_KINDS = ("live_chunk",)


class LiveLane(threading.Thread):
    """Live utterances (HR waits for each within two seconds) served by a thread of their own with their own
    speech model, beside the runner of the other kinds: a live chunk never waits for a recorded answer to be
    analysed. Its model is loaded in this thread, so its compute threads keep the normal priority when the
    recorded work's thread lowers its own (``Runner.lower_priority``)."""

    def __init__(self, runner):
        super().__init__(name="live-lane", daemon=True)
        self.runner = runner
        self.ready = threading.Event()

    def run(self):
        try:
            self.runner.transcriber.model  # noqa: B018 - load it here, at this thread's priority
            from .analysis import live

            live.warm_up(self.runner.config.embedding_model)
        except Exception as exc:  # noqa: BLE001 - the lane then reports each job's failure as usual
            _logger.error("live lane: cannot load its models", exc_info=exc)
        finally:
            self.ready.set()
        _logger.info("live lane started", extra={"kinds": self.runner.kinds})
        self.runner.run()


class _Heartbeat(threading.Thread):
    """Renews the job's lease every ``every`` seconds; ``lost`` once Odoo says the lease is gone."""

    def __init__(self, client, job, lease_seconds, every):
        super().__init__(daemon=True, name=f"heartbeat-{job['id']}")
        self.client, self.job = client, job
        self.lease_seconds, self.every = lease_seconds, every
        self.stopped = threading.Event()
        self.lost = False

    def run(self):
        while not self.stopped.wait(self.every):
            try:
                ok = self.client.heartbeat(self.job["id"], self.job["lease_token"], self.lease_seconds)
            except Exception as exc:  # noqa: BLE001 - a failed renewal is retried; the lease may still hold
                _logger.warning("heartbeat failed", extra={"job_id": self.job["id"], "error_type": type(exc).__name__})
                continue
            if not ok:
                self.lost = True
                _logger.warning("lease lost", extra={"job_id": self.job["id"]})
                return


def configured_kinds(config):
    """The configured kinds that have a handler; ConfigError when none has."""
    wanted = [k.strip() for k in config.kinds.split(",") if k.strip()]
    kinds = [k for k in wanted if k in HANDLERS]
    if set(wanted) - set(kinds):
        _logger.warning("no handler for some configured kinds", extra={"ignored": sorted(set(wanted) - set(kinds))})
    if not kinds:
        raise ConfigError(f"none of the kinds {config.kinds!r} has a handler (known: {', '.join(sorted(HANDLERS))})")
    return kinds


class Runner:
    def __init__(self, config, client, transcriber, scorer=None):
        self.config = config
        self.client = client
        self.transcriber = transcriber
        self.scorer = scorer or config.resolved_scorer()
        self.kinds = configured_kinds(config)
        self.lane = None  # a LiveLane serving this worker's urgent kinds (split_live_lane)
        self._stop = threading.Event()
        self._wake = threading.Event()  # set when a long-poll answers, or by stop()
        self._signals = 0
        self._long_poll = config.wait_seconds > 0
        self._long_poll_warned = False
        self.processed = 0

    # -- signals ---------------------------------------------------------------------------
    def install_signal_handlers(self):
        if threading.current_thread() is not threading.main_thread():
            return
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def _on_signal(self, signum, _frame):
        self._signals += 1
        if self._signals > 1:
            _logger.warning("second signal: exiting now", extra={"signal": signum})
            raise SystemExit(1)
        _logger.info("stop requested: finishing the current job", extra={"signal": signum})
        self.stop()

    def stop(self):
        """End the loop: at once when idle, else after the current job (see the module docstring)."""
        self._stop.set()
        self._wake.set()
        if self.lane is not None:
            self.lane.runner.stop()

    # -- the live lane ---------------------------------------------------------------------
    def split_live_lane(self, client, transcriber):
        """Serve the urgent kinds (live utterances) in a :class:`LiveLane` of their own, with ``client`` and
        ``transcriber`` (its own connection and speech model), when this worker has urgent and other kinds.
        This runner keeps the other kinds. Returns the lane (not started) or None."""
        urgent = [k for k in self.kinds if k in URGENT_KINDS]
        rest = [k for k in self.kinds if k not in URGENT_KINDS]
        if not (self.config.live_lane and urgent and rest):
            return None
        config = dataclasses.replace(self.config, kinds=",".join(urgent), max_jobs=0,  # stops with this runner
                                     worker_name=f"{self.config.worker_name}-live")
        self.lane = LiveLane(Runner(config, client, transcriber, scorer=self.scorer))
        self.kinds = rest
        return self.lane

    def lower_priority(self):
        """The calling thread (and the threads it starts from now on: the speech model's, the video's) yields
        the CPU to the live lane: its nice value goes up by ``background_nice`` (Linux: per thread)."""
        step = max(0, min(19, self.config.background_nice))
        if not step or not hasattr(os, "setpriority"):
            return False
        try:
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + step))
        except OSError as exc:
            _logger.warning("cannot lower the priority of recorded analyses", extra={"error": str(exc)})
            return False
        return True

    # -- loop ------------------------------------------------------------------------------
    def run(self):
        cfg = self.config
        backoff = cfg.poll_interval
        _logger.info("worker started", extra={"worker": cfg.worker_name, "kinds": self.kinds})
        while not self._stop.is_set():
            try:
                jobs = self._claim()
            except Exception as exc:  # noqa: BLE001 - Odoo down, Odoo erring (500) or a bug: back off, never die
                self._claim_failed(exc, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = cfg.poll_interval
            if not jobs:
                self._idle()
                continue
            for job in jobs:
                self.process(job)
                self.processed += 1
            if cfg.max_jobs and self.processed >= cfg.max_jobs:
                break
        if self.lane is not None:
            self.lane.runner.stop()
            self.lane.join()
        _logger.info("worker stopped", extra={"processed": self.processed})
        return 0

    def _claim(self):
        """One job: of the urgent kinds (a live utterance HR waits for) if there is one, else of the others. Odoo
        hands out the highest priority first; asking for the urgent kinds on their own first keeps a live
        utterance ahead of a queue of recorded answers even if their priorities say otherwise."""
        cfg = self.config
        urgent = [k for k in self.kinds if k in URGENT_KINDS]
        rest = [k for k in self.kinds if k not in URGENT_KINDS]
        for kinds in ([urgent, rest] if urgent and rest else [self.kinds]):
            jobs = self.client.claim(cfg.worker_name, kinds, limit=1, lease_seconds=cfg.lease_seconds)
            if jobs:
                return jobs
        return []

    @staticmethod
    def _claim_failed(exc, backoff):
        if isinstance(exc, (OdooUnreachable, OdooError)):
            _logger.warning("cannot claim, retrying", extra={"error": str(exc), "retry_in": backoff})
        else:
            _logger.error("cannot claim (worker bug), retrying", exc_info=exc, extra={"retry_in": backoff})

    # -- idle ------------------------------------------------------------------------------
    def _idle(self):
        """Wait for work: until Odoo's long-poll answers, else ``poll_interval``; stop() ends either wait."""
        if self._long_poll:
            error = self._wait_for_jobs()
            if error is None:
                return
            self._long_poll_failed(error)
        self._stop.wait(self.config.poll_interval)

    def _wait_for_jobs(self):
        """One long-poll, in a daemon thread so that stop() need not wait for Odoo's answer.
        Returns None when Odoo answered (or stop() came first), else the long-poll's exception."""
        outcome = {}

        def wait():
            try:
                self.client.wait_for_jobs(self.kinds, timeout=self.config.wait_seconds)
            except Exception as exc:  # noqa: BLE001 - handed to the loop, which falls back to polling
                outcome["error"] = exc
            finally:
                self._wake.set()

        self._wake.clear()
        if self._stop.is_set():
            return None
        threading.Thread(target=wait, daemon=True, name="long-poll").start()
        self._wake.wait(self.config.wait_seconds + 15)  # the request's own timeout is wait_seconds + 10
        if not outcome:
            self._long_poll_warned = False
        return outcome.get("error")

    def _long_poll_failed(self, exc):
        if isinstance(exc, OdooError) and exc.status == 404:
            self._long_poll = False  # this Odoo has no long-poll route: poll from now on
        if not self._long_poll_warned:
            self._long_poll_warned = True
            _logger.warning("long-poll unavailable: polling", extra={
                "error_type": type(exc).__name__, "error": str(exc), "poll_interval": self.config.poll_interval})

    # -- one job ---------------------------------------------------------------------------
    def process(self, job):
        """Run one claimed job; never raises (any error becomes a failure reported to Odoo)."""
        if not isinstance(job, dict) or "id" not in job or "lease_token" not in job:
            _logger.error("malformed job from Odoo: skipped", extra={"job_type": type(job).__name__})
            return
        cfg = self.config
        log = {"job_id": job["id"], "kind": job.get("kind"), "attempt": job.get("attempt")}
        started = time.perf_counter()
        workdir = Path(tempfile.mkdtemp(prefix="hr-ai-job-", dir=cfg.tmp_dir or None))
        heartbeat = _Heartbeat(self.client, job, cfg.lease_seconds, cfg.heartbeat_seconds)
        heartbeat.start()
        _logger.info("job claimed", extra=log)
        try:
            result = self._handle(job, workdir)
            if heartbeat.lost:
                _logger.warning("result dropped: lease lost", extra=log)
                return
            answer = self.client.submit(job["id"], job["lease_token"], result) or {}
            _logger.info(
                "job done" if answer.get("accepted") else "result refused",
                extra=dict(log, seconds=round(time.perf_counter() - started, 2),
                           insufficient=result.get("insufficient"), reason=answer.get("reason")),
            )
        except Exception as exc:  # noqa: BLE001 - the loop must outlive any job; classify() decides
            self._report_failure(job, exc, log)
        finally:
            heartbeat.stopped.set()
            shutil.rmtree(workdir, ignore_errors=True)

    def _handle(self, job, workdir):
        func = HANDLERS.get(job.get("kind")) if job.get("kind") in self.kinds else None
        if func is None:
            raise UnknownKind(f"this worker has no handler for kind {job.get('kind')!r}")
        return func(job, JobContext(self.client, self.config, self.transcriber, self.scorer, workdir))

    def _report_failure(self, job, exc, log):
        retryable, code = classify(exc)
        extra = dict(log, code=code, error_type=type(exc).__name__, retryable=retryable)
        if code == WORKER_BUG:
            _logger.error("job failed: worker bug", exc_info=exc, extra=extra)
        else:
            _logger.warning("job failed", extra=extra)
        try:
            self.client.fail(job["id"], job["lease_token"], failure_message(code, exc), retryable=retryable)
        except Exception as report_exc:  # noqa: BLE001 - the lease expires and Odoo requeues the job
            _logger.warning("could not report the failure; the lease will expire",
                            extra=dict(log, error_type=type(report_exc).__name__))
