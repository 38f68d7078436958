import json
import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hr_ai_analysis_worker.config import load_config
from hr_ai_analysis_worker.errors import ConfigError
from hr_ai_analysis_worker.odoo_client import OdooClient, OdooUnreachable
from hr_ai_analysis_worker.runner import Runner


class FakeQueue:
    """In-memory stand-in for the Odoo side of the queue protocol (the real one is tested in Odoo)."""

    def __init__(self, media):
        self.media = media
        self.jobs = [{"id": 1, "kind": "analyze_answer", "attempt": 1, "lease_token": "L1",
                      "question": {"text": "Q", "key_points": ["a"]}, "job": {}}]
        self.submitted, self.failed, self.heartbeat_ok = [], [], True
        self.seen_dirs = []

    def claim(self, worker_name, kinds, limit=1, lease_seconds=300):
        jobs, self.jobs = self.jobs, []
        return jobs

    def heartbeat(self, job_id, lease_token, lease_seconds=300):
        return self.heartbeat_ok

    def download_media(self, job_id, lease_token, dest, max_bytes):
        self.seen_dirs.append(os.path.dirname(dest))
        shutil.copyfile(self.media, dest)
        return dest

    def submit(self, job_id, lease_token, result):
        self.submitted.append((job_id, lease_token, result))
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
    return load_config(environ={}, tmp_dir=str(tmp_path), max_jobs=1, poll_interval=0.01,
                       heartbeat_seconds=0.05, **kw)


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
    assert queue.failed and queue.failed[0][2] is False
    assert not queue.submitted


def test_signal_stops_after_current_job(tmp_path, silence_wav):
    runner = Runner(cfg(tmp_path), FakeQueue(silence_wav), NoAsr())
    runner._on_signal(15, None)
    assert runner.run() == 0 and runner.processed == 0
    with pytest.raises(SystemExit):
        runner._on_signal(15, None)


class _Handler(BaseHTTPRequestHandler):
    answers = {}

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        params = body["params"]
        result = self.answers.get((params["service"], params["method"]))
        payload = {"jsonrpc": "2.0", "id": body["id"], "result": result}
        if isinstance(result, Exception):
            payload = {"jsonrpc": "2.0", "id": body["id"], "error": {"message": "Odoo Server Error",
                                                                     "data": {"message": str(result)}}}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def jsonrpc_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Handler.answers
    server.shutdown()


def test_client_login_and_errors(jsonrpc_server):
    url, answers = jsonrpc_server
    answers.clear()
    answers[("common", "authenticate")] = False
    with pytest.raises(ConfigError, match="wrong login or API key"):
        OdooClient(url, "db", "w", "k", timeout=5).authenticate()
    answers[("common", "authenticate")] = 7
    answers[("object", "execute_kw")] = RuntimeError("Only AI analysis workers may use the analysis queue.")
    client = OdooClient(url, "db", "w", "k", timeout=5)
    assert client.authenticate() == 7
    with pytest.raises(Exception, match="Only AI analysis workers"):
        client.claim("w", ["analyze_answer"])


def test_client_unreachable():
    with pytest.raises(OdooUnreachable):
        OdooClient("http://127.0.0.1:9", "db", "w", "k", timeout=2).authenticate()
