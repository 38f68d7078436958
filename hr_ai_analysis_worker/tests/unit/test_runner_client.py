import json
import logging
import os
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from hr_ai_analysis_worker.config import load_config
from hr_ai_analysis_worker.errors import ConfigError, MediaTooLarge, OdooError, OdooUnreachable
from hr_ai_analysis_worker.handlers import HANDLERS
from hr_ai_analysis_worker.odoo_client import OdooClient
from hr_ai_analysis_worker.runner import Runner


def answer_job(job_id=1, kind="analyze_answer"):
    return {"id": job_id, "kind": kind, "attempt": 1, "lease_token": f"L{job_id}",
            "question": {"text": "Q", "key_points": ["a"]}, "job": {}}


class FakeQueue:
    """In-memory stand-in for the Odoo side of the queue protocol (the real one is tested in Odoo)."""

    def __init__(self, media=None, jobs=None):
        self.media = media
        self.jobs = [answer_job()] if jobs is None else list(jobs)
        self.submitted, self.failed, self.claims = [], [], []
        self.heartbeat_ok, self.heartbeats, self.waits = True, 0, 0
        self.claim_errors, self.wait_error, self.submitted_at = [], None, None
        self.seen_dirs = []
        self.changed = threading.Condition()

    def add(self, job):
        with self.changed:
            self.jobs.append(job)
            self.changed.notify_all()

    def claim(self, worker_name, kinds, limit=1, lease_seconds=300):
        self.claims.append(list(kinds))
        if self.claim_errors:
            raise self.claim_errors.pop(0)
        with self.changed:
            jobs, self.jobs = self.jobs[:limit], self.jobs[limit:]
        return jobs

    def wait_for_jobs(self, kinds, timeout=25):
        self.waits += 1
        if self.wait_error:
            raise self.wait_error
        with self.changed:
            return self.changed.wait_for(lambda: self.jobs, timeout)

    def heartbeat(self, job_id, lease_token, lease_seconds=300):
        self.heartbeats += 1
        if isinstance(self.heartbeat_ok, Exception):
            raise self.heartbeat_ok
        return self.heartbeat_ok

    def download_media(self, job_id, lease_token, dest, max_bytes):
        self.seen_dirs.append(os.path.dirname(dest))
        shutil.copyfile(self.media, dest)
        return dest

    def submit(self, job_id, lease_token, result):
        self.submitted.append((job_id, lease_token, result))
        self.submitted_at = time.monotonic()
        return {"accepted": True}

    def fail(self, job_id, lease_token, error, retryable=True):
        self.failed.append((job_id, error, retryable))
        return True


class NoAsr:
    def transcribe(self, *a, **k):
        raise AssertionError("not expected")

    def version(self):
        return "none"


def cfg(tmp_path, **kw):
    kw = {"max_jobs": 1, "poll_interval": 0.01, "heartbeat_seconds": 0.05, **kw}
    return load_config(environ={}, tmp_dir=str(tmp_path), **kw)


def in_thread(func):
    thread = threading.Thread(target=func, daemon=True)
    thread.start()
    return thread


def until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


@pytest.fixture
def kind(monkeypatch):
    """Register a test handler: ``kind(name, func)``."""
    def register(name, func):
        monkeypatch.setitem(HANDLERS, name, func)
        return name
    return register


def test_runner_submits_and_cleans_up(tmp_path, silence_wav):
    queue = FakeQueue(silence_wav)
    assert Runner(cfg(tmp_path), queue, NoAsr()).run() == 0
    assert len(queue.submitted) == 1 and not queue.failed
    assert queue.submitted[0][2]["insufficient_reason"] == "silence"
    assert not any(os.path.exists(d) for d in queue.seen_dirs), "media removed after the job"


def test_runner_reports_bad_media_as_final(tmp_path):
    bogus = tmp_path / "bogus.bin"
    bogus.write_bytes(b"not media at all")
    queue = FakeQueue(bogus)
    Runner(cfg(tmp_path), queue, NoAsr()).run()
    assert queue.failed == [(1, "unsupported_media: UnsupportedMedia: not an audio or video file ffprobe can read",
                             False)]
    assert not queue.submitted


def test_runner_builds_reports_through_the_registry(tmp_path):
    job = {"id": 5, "kind": "build_report", "lease_token": "L5",
           "report": {"advance_threshold": 70, "competencies": [], "answers": []}}
    queue = FakeQueue(jobs=[job])
    Runner(cfg(tmp_path), queue, NoAsr()).run()
    assert queue.submitted[0][2]["schema"] == "hr_ai.report_result/2"


def test_claims_only_kinds_with_a_handler(tmp_path):
    queue = FakeQueue(jobs=[])
    runner = Runner(cfg(tmp_path, kinds="analyze_answer,translate_cv,build_report"), queue, NoAsr())
    assert runner.kinds == ["analyze_answer", "build_report"]
    with pytest.raises(ConfigError, match="translate_cv"):
        Runner(cfg(tmp_path, kinds="translate_cv"), queue, NoAsr())


def test_unknown_kind_is_a_permanent_failure(tmp_path):
    queue = FakeQueue(jobs=[answer_job(kind="translate_cv")])
    Runner(cfg(tmp_path), queue, NoAsr()).run()
    assert queue.failed == [(1, "unknown_kind: UnknownKind: this worker has no handler for kind 'translate_cv'",
                             False)]


def test_invalid_payload_is_permanent(tmp_path):
    queue = FakeQueue(jobs=[{"id": 3, "kind": "build_report", "lease_token": "L3", "report": "nonsense"}])
    Runner(cfg(tmp_path), queue, NoAsr()).run()
    assert queue.failed[0][1].startswith("invalid_payload: InvalidInput:") and queue.failed[0][2] is False


def test_worker_bug_is_permanent_logged_and_the_loop_goes_on(tmp_path, kind, caplog):
    def buggy(job, ctx):
        return {}["transcript"]

    name = kind("buggy", buggy)
    queue = FakeQueue(jobs=[answer_job(1, name), answer_job(2, kind("fine", lambda job, ctx: {"ok": 1}))])
    with caplog.at_level(logging.INFO, logger="hr_ai_worker"):
        Runner(cfg(tmp_path, kinds="buggy,fine", max_jobs=2), queue, NoAsr()).run()
    assert queue.failed == [(1, "worker_bug: KeyError: 'transcript'", False)]
    assert [s[0] for s in queue.submitted] == [2]
    bug = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert bug.job_id == 1 and bug.exc_info and bug.exc_info[0] is KeyError


@pytest.mark.parametrize(("error", "message"), [
    (OdooUnreachable("cannot reach Odoo at http://x: timed out"), "odoo_unreachable: OdooUnreachable: cannot"),
    (OSError(28, "No space left on device"), "os_error: OSError: [Errno 28]"),
])
def test_transient_failures_are_retryable(tmp_path, kind, error, message):
    def failing(job, ctx):
        raise error

    queue = FakeQueue(jobs=[answer_job(1, kind("failing", failing))])
    Runner(cfg(tmp_path, kinds="failing"), queue, NoAsr()).run()
    assert queue.failed[0][1].startswith(message) and queue.failed[0][2] is True


def test_claim_errors_back_off_without_killing_the_loop(tmp_path, silence_wav):
    queue = FakeQueue(silence_wav)
    queue.claim_errors = [OdooError("Odoo Server Error"), OdooUnreachable("HTTP 500"), KeyError("bug")]
    assert Runner(cfg(tmp_path), queue, NoAsr()).run() == 0
    assert len(queue.claims) == 4 and len(queue.submitted) == 1


def test_stop_during_a_job_finishes_it_then_exits(tmp_path, kind):
    started, release = threading.Event(), threading.Event()

    def slow(job, ctx):
        started.set()
        assert release.wait(5)
        return {"ok": True}

    name = kind("slow", slow)
    queue = FakeQueue(jobs=[answer_job(1, name), answer_job(2, name)])
    runner = Runner(cfg(tmp_path, kinds=name, max_jobs=0), queue, NoAsr())
    thread = in_thread(runner.run)
    assert started.wait(5)
    runner._on_signal(15, None)  # SIGTERM while job 1 runs
    release.set()
    finished = time.monotonic()
    thread.join(5)
    assert not thread.is_alive() and time.monotonic() - finished < 1.0
    assert [s[0] for s in queue.submitted] == [1] and runner.processed == 1
    assert [j["id"] for j in queue.jobs] == [2], "no new job claimed after the stop"
    with pytest.raises(SystemExit):
        runner._on_signal(15, None)


def _wait_for_heartbeat_thread(job):
    beat = next(t for t in threading.enumerate() if t.name == f"heartbeat-{job['id']}")
    beat.join(5)
    return {"ok": True}


def test_lost_lease_drops_the_result(tmp_path, kind):
    queue = FakeQueue(jobs=[answer_job(1, kind("slow", lambda job, ctx: _wait_for_heartbeat_thread(job)))])
    queue.heartbeat_ok = False  # Odoo: this lease is not yours any more
    Runner(cfg(tmp_path, kinds="slow"), queue, NoAsr()).run()
    assert queue.heartbeats == 1 and not queue.submitted and not queue.failed


def test_failing_heartbeat_keeps_the_lease(tmp_path, kind):
    def slow(job, ctx):
        until(lambda: queue.heartbeats >= 2)
        return {"ok": True}

    queue = FakeQueue(jobs=[answer_job(1, kind("slow", slow))])
    queue.heartbeat_ok = OdooUnreachable("timed out")
    Runner(cfg(tmp_path, kinds="slow"), queue, NoAsr()).run()
    assert len(queue.submitted) == 1


def test_idle_runner_wakes_within_a_second(tmp_path, kind):
    name = kind("quick", lambda job, ctx: {"ok": True})
    queue = FakeQueue(jobs=[])
    runner = Runner(cfg(tmp_path, kinds=name, poll_interval=30), queue, NoAsr())
    thread = in_thread(runner.run)
    until(lambda: queue.waits == 1)
    added = time.monotonic()
    queue.add(answer_job(7, name))
    thread.join(5)
    assert [s[0] for s in queue.submitted] == [7]
    assert queue.submitted_at - added < 1.0, "a new job starts within a second, not after poll_interval"


def test_stop_while_idle_is_prompt(tmp_path):
    queue = FakeQueue(jobs=[])
    runner = Runner(cfg(tmp_path, poll_interval=30), queue, NoAsr())
    thread = in_thread(runner.run)
    until(lambda: queue.waits == 1)
    stopped = time.monotonic()
    runner.stop()
    thread.join(5)
    assert not thread.is_alive() and time.monotonic() - stopped < 1.0


@pytest.mark.parametrize(("error", "waits"), [
    (OdooError("Odoo answered HTTP 404 on /hr_ai_interview/worker/wait", status=404), 1),  # no route: poll for good
    (OdooUnreachable("Odoo answered HTTP 502"), 2),  # a failed long-poll: poll, then try the long-poll again
])
def test_long_poll_falls_back_to_polling(tmp_path, kind, caplog, error, waits):
    name = kind("quick", lambda job, ctx: {"ok": True})
    queue = FakeQueue(jobs=[])
    queue.wait_error = error
    with caplog.at_level(logging.INFO, logger="hr_ai_worker"):
        thread = in_thread(Runner(cfg(tmp_path, kinds=name, poll_interval=0.05), queue, NoAsr()).run)
        until(lambda: len(queue.claims) >= 3)
        queue.add(answer_job(8, name))
        thread.join(5)
    assert [s[0] for s in queue.submitted] == [8]
    assert (queue.waits == 1) if waits == 1 else (queue.waits >= 2)
    assert sum(r.getMessage() == "long-poll unavailable: polling" for r in caplog.records) == 1, "logged once"


# -- the client against a fake Odoo ----------------------------------------------------------------
class Status(int):
    """An answer of the fake Odoo: this HTTP status with an HTML body."""


class _Handler(BaseHTTPRequestHandler):
    """JSON-RPC on POST; the worker's bearer routes on GET. ``answers`` maps (service, method) or a path to
    a result, an Exception (JSON-RPC error), a Status (that HTTP status) or bytes (a raw, non-JSON body)."""

    answers, requests = {}, []

    def _send(self, status, data, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _answer(self, answer, rpc_id=None):
        if isinstance(answer, Status):
            return self._send(answer, b"<html>error</html>", "text/html")
        if isinstance(answer, bytes):
            return self._send(200, answer, "text/html")
        if isinstance(answer, Exception):
            payload = {"jsonrpc": "2.0", "id": rpc_id, "error": {"message": "Odoo Server Error",
                                                                 "data": {"message": str(answer)}}}
        else:
            payload = {"jsonrpc": "2.0", "id": rpc_id, "result": answer} if rpc_id else answer
        return self._send(200, json.dumps(payload).encode())

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        params = body["params"]
        self._answer(self.answers.get((params["service"], params["method"])), body["id"])

    def do_GET(self):  # noqa: N802
        url = urlsplit(self.path)
        self.requests.append((url.path, parse_qs(url.query), dict(self.headers)))
        self._answer(self.answers.get(url.path, Status(404)))

    def log_message(self, *args):
        pass


@pytest.fixture
def odoo():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Handler.answers.clear()
    _Handler.requests.clear()
    _Handler.answers[("common", "authenticate")] = 7
    yield OdooClient(f"http://127.0.0.1:{server.server_address[1]}", "db", "w", "k", timeout=5), _Handler.answers
    server.shutdown()


def test_client_login_and_errors(odoo):
    client, answers = odoo
    answers[("common", "authenticate")] = False
    with pytest.raises(ConfigError, match="wrong login or API key"):
        client.authenticate()
    answers[("common", "authenticate")] = 7
    answers[("object", "execute_kw")] = RuntimeError("Only AI analysis workers may use the analysis queue.")
    assert client.authenticate() == 7
    with pytest.raises(OdooError, match="Only AI analysis workers"):
        client.claim("w", ["analyze_answer"])


@pytest.mark.parametrize(("answer", "error", "match"), [
    (Status(500), OdooUnreachable, "HTTP 500"),
    (Status(503), OdooUnreachable, "HTTP 503"),
    (Status(429), OdooUnreachable, "HTTP 429"),
    (Status(403), OdooError, "HTTP 403"),
    (b"<html>a proxy page</html>", OdooError, "not JSON"),
])
def test_client_maps_http_errors(odoo, answer, error, match):
    client, answers = odoo
    client.authenticate()
    answers[("object", "execute_kw")] = answer
    with pytest.raises(error, match=match) as caught:
        client.claim("w", ["analyze_answer"])
    if error is OdooError and isinstance(answer, Status):
        assert caught.value.status == answer and not isinstance(caught.value, OdooUnreachable)


def test_client_unreachable():
    with pytest.raises(OdooUnreachable):
        OdooClient("http://127.0.0.1:9", "db", "w", "k", timeout=2).authenticate()


def test_wait_for_jobs_long_poll(odoo):
    client, answers = odoo
    answers["/hr_ai_interview/worker/wait"] = {"ready": True}
    assert client.wait_for_jobs(["analyze_answer", "build_report"], timeout=25) is True
    path, query, headers = _Handler.requests[-1]
    assert query == {"kinds": ["analyze_answer,build_report"], "timeout": ["25"]}
    assert headers["Authorization"] == "Bearer k"
    answers["/hr_ai_interview/worker/wait"] = {"ready": False}
    assert client.wait_for_jobs(["analyze_answer"], timeout=60) is False
    assert _Handler.requests[-1][1]["timeout"] == ["30"], "Odoo holds a wait 30 s at most"
    answers["/hr_ai_interview/worker/wait"] = Status(404)
    with pytest.raises(OdooError) as caught:
        client.wait_for_jobs(["analyze_answer"])
    assert caught.value.status == 404
    answers["/hr_ai_interview/worker/wait"] = Status(502)
    with pytest.raises(OdooUnreachable):
        client.wait_for_jobs(["analyze_answer"])


def test_media_download_limits_size(odoo, tmp_path):
    client, answers = odoo
    answers["/hr_ai_interview/worker/media/3"] = b"x" * 5000
    assert client.download_media(3, "L3", tmp_path / "m", max_bytes=10000).read_bytes() == b"x" * 5000
    assert _Handler.requests[-1][2]["X-Lease-Token"] == "L3"
    with pytest.raises(MediaTooLarge):
        client.download_media(3, "L3", tmp_path / "m", max_bytes=100)


class KindQueue(FakeQueue):
    """A queue that hands out only the kinds asked for (as Odoo does)."""

    def claim(self, worker_name, kinds, limit=1, lease_seconds=300):
        self.claims.append(list(kinds))
        with self.changed:
            jobs = [job for job in self.jobs if job["kind"] in kinds][:limit]
            self.jobs = [job for job in self.jobs if job not in jobs]
        return jobs


class LaneAsr(NoAsr):
    model = object()

    def version(self):
        return "lane-model"


def test_live_lane_serves_utterances_while_a_recorded_answer_is_analysed(tmp_path, kind, monkeypatch):
    from hr_ai_analysis_worker.analysis import live

    monkeypatch.setattr(live, "warm_up", lambda *a, **k: None)
    started, release = threading.Event(), threading.Event()

    def recorded_answer(job, ctx):
        started.set()
        assert release.wait(10)
        return {"ok": True}

    recorded = kind("slow_answer", recorded_answer)
    kind("live_chunk", lambda job, ctx: {"text": "你好", "model": ctx.transcriber.version()})
    queue = KindQueue(jobs=[answer_job(1, recorded)])
    runner = Runner(cfg(tmp_path, kinds=f"live_chunk,{recorded}", max_jobs=0), queue, NoAsr())
    lane = runner.split_live_lane(queue, LaneAsr())
    assert runner.kinds == [recorded] and lane.runner.kinds == ["live_chunk"]
    assert lane.runner.config.worker_name == runner.config.worker_name + "-live"
    lane.start()
    assert lane.ready.wait(5)
    thread = in_thread(runner.run)
    assert started.wait(5)
    queue.add(answer_job(2, "live_chunk"))
    until(lambda: any(job_id == 2 for job_id, _lease, _result in queue.submitted))
    assert [job_id for job_id, _lease, _result in queue.submitted] == [2], "the answer is still being analysed"
    assert queue.submitted[0][2]["model"] == "lane-model", "the lane's own speech model"
    release.set()
    until(lambda: len(queue.submitted) == 2)
    runner.stop()
    thread.join(5)
    lane.join(5)
    assert not thread.is_alive() and not lane.is_alive(), "stopping the worker stops its lane"


def test_live_lane_only_for_a_worker_of_both(tmp_path):
    both = "live_chunk,analyze_answer"
    assert Runner(cfg(tmp_path, kinds=both, live_lane=False), FakeQueue(), NoAsr()).split_live_lane(
        FakeQueue(), LaneAsr()) is None
    assert Runner(cfg(tmp_path, kinds="live_chunk"), FakeQueue(), NoAsr()).split_live_lane(
        FakeQueue(), LaneAsr()) is None
    assert Runner(cfg(tmp_path, kinds="analyze_answer"), FakeQueue(), NoAsr()).split_live_lane(
        FakeQueue(), LaneAsr()) is None


def test_recorded_work_yields_the_cpu_to_the_lane(tmp_path):
    runner = Runner(cfg(tmp_path, background_nice=5), FakeQueue(), NoAsr())
    seen = {}

    def background():
        tid = threading.get_native_id()
        before = os.getpriority(os.PRIO_PROCESS, tid)
        seen["lowered"] = runner.lower_priority()
        seen["step"] = os.getpriority(os.PRIO_PROCESS, tid) - before
        seen["before"] = before

    thread = in_thread(background)
    thread.join(5)
    assert seen["lowered"] and seen["step"] == min(5, 19 - seen["before"])
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == seen["before"], "this thread untouched"
