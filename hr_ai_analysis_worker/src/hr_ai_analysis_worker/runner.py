"""The worker loop: claim → download → analyse → submit, with a lease heartbeat.

SIGTERM/SIGINT: the first signal finishes the current job and exits; a second one exits at once.
Media live in a private temporary directory that is removed after every job.
"""

import logging
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from .analysis.pipeline import analyze_file
from .analysis.report import build_report
from .errors import FatalJobError, RetryableError
from .odoo_client import OdooError, OdooUnreachable

_logger = logging.getLogger("hr_ai_worker")


class _Heartbeat(threading.Thread):
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
            except (OdooError, OdooUnreachable) as exc:
                _logger.warning("heartbeat failed", extra={"job_id": self.job["id"], "error": str(exc)})
                continue
            if not ok:
                self.lost = True
                _logger.warning("lease lost", extra={"job_id": self.job["id"]})
                return


class Runner:
    def __init__(self, config, client, transcriber):
        self.config = config
        self.client = client
        self.transcriber = transcriber
        self._stop = threading.Event()
        self._signals = 0
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
        self._stop.set()

    def stop(self):
        self._stop.set()

    # -- loop ------------------------------------------------------------------------------
    def run(self):
        cfg = self.config
        kinds = [k.strip() for k in cfg.kinds.split(",") if k.strip()]
        backoff = cfg.poll_interval
        _logger.info("worker started", extra={"worker": cfg.worker_name, "kinds": kinds})
        while not self._stop.is_set():
            try:
                jobs = self.client.claim(cfg.worker_name, kinds, limit=1, lease_seconds=cfg.lease_seconds)
                backoff = cfg.poll_interval
            except OdooUnreachable as exc:
                _logger.warning("Odoo unreachable, retrying", extra={"error": str(exc), "retry_in": backoff})
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 60)
                continue
            if not jobs:
                self._stop.wait(cfg.poll_interval)
                continue
            for job in jobs:
                self.process(job)
                self.processed += 1
            if cfg.max_jobs and self.processed >= cfg.max_jobs:
                break
        _logger.info("worker stopped", extra={"processed": self.processed})
        return 0

    def process(self, job):
        cfg = self.config
        log = {"job_id": job["id"], "kind": job["kind"], "attempt": job.get("attempt")}
        started = time.perf_counter()
        workdir = Path(tempfile.mkdtemp(prefix="hr-ai-job-", dir=cfg.tmp_dir or None))
        heartbeat = _Heartbeat(self.client, job, cfg.lease_seconds, cfg.heartbeat_seconds)
        heartbeat.start()
        _logger.info("job claimed", extra=log)
        try:
            if job["kind"] == "build_report":
                result = build_report(job["report"])
            else:
                media = self.client.download_media(job["id"], job["lease_token"], workdir / "media",
                                                   cfg.max_media_bytes)
                result = analyze_file(media, job["question"], self.transcriber, job=job.get("job"),
                                      language=cfg.language or None, max_seconds=cfg.max_media_seconds,
                                      config_version=cfg.fingerprint())
            if heartbeat.lost:
                _logger.warning("result dropped: lease lost", extra=log)
                return
            answer = self.client.submit(job["id"], job["lease_token"], result)
            _logger.info(
                "job done" if answer.get("accepted") else "result refused",
                extra=dict(log, seconds=round(time.perf_counter() - started, 2),
                           insufficient=result.get("insufficient"), reason=answer.get("reason")),
            )
        except FatalJobError as exc:
            self._report_failure(job, exc, retryable=False, log=log)
        except (RetryableError, OdooError, OSError, RuntimeError, ValueError, KeyError, TypeError) as exc:
            self._report_failure(job, exc, retryable=True, log=log)
        finally:
            heartbeat.stopped.set()
            shutil.rmtree(workdir, ignore_errors=True)

    def _report_failure(self, job, exc, retryable, log):
        _logger.warning("job failed", extra=dict(log, error_type=type(exc).__name__, retryable=retryable))
        try:
            self.client.fail(job["id"], job["lease_token"], f"{type(exc).__name__}: {exc}", retryable=retryable)
        except (OdooError, OdooUnreachable) as report_exc:
            _logger.warning("could not report the failure; the lease will expire",
                            extra=dict(log, error=str(report_exc)))
