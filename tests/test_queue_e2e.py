"""The queue and the candidate's uploads under real concurrency, against a running Odoo (threaded server,
real PostgreSQL transactions): the races a single-process test cannot show."""

import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from hr_ai_analysis_worker.odoo_client import OdooClient, OdooError

from .candidate import answer_request, candidate_answers_over_http, candidate_session
from .conftest import running_worker
from .test_e2e import create_job, invite, wait_for


def worker_client(odoo):
    client = OdooClient(odoo["url"], odoo["db"], "ai_worker", odoo["worker_key"], timeout=60)
    client.authenticate()
    return client


def answer_result(score):
    """A minimal valid ``hr_ai.answer_result/1`` (the shape the real worker posts)."""
    return {
        "schema": "hr_ai.answer_result/1", "language": "en", "transcript": "I organised weekly training.",
        "segments": [{"start": 0.0, "end": 2.0, "text": "I organised weekly training."}],
        "duration": 30.0, "has_video": False, "confidence": 0.9, "insufficient": False,
        "insufficient_reason": None, "score": score, "key_points": [], "star": {},
        "breakdown": {"key_points": 0.5}, "versions": {"worker": "e2e"},
    }


def webm_bytes(speech_wav, tmp_path):
    media = tmp_path / "answer.webm"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(speech_wav[0]), "-c:a", "libopus", str(media)],
                   check=True)
    return media.read_bytes()


def test_last_two_answers_finishing_together_give_one_report(odoo, speech_wav, tmp_path):
    admin, worker = odoo["admin"], worker_client(odoo)
    media = webm_bytes(speech_wav, tmp_path)
    job_id = create_job(admin, "Race")
    # jobs other tests left in the queue (answers recorded in the browser tests, nobody analysed them) would be
    # claimed here instead of this interview's
    while leftovers := worker.claim("race", ["analyze_answer", "build_report"], limit=10):
        for payload in leftovers:
            worker.fail(payload["id"], payload["lease_token"], "invalid_payload: test cleanup", retryable=False)
    for attempt in range(4):
        _applicant, interview_id, link = invite(admin, job_id, f"Race {attempt}")
        candidate_answers_over_http(link, media, answers=2)
        claimed = worker.claim("race", ["analyze_answer"], limit=2)
        assert len(claimed) == 2
        start = threading.Barrier(2)
        results = []

        def submit(payload, _start=start, _results=results):
            client = worker_client(odoo)  # one connection (one transaction) each, as two workers would
            _start.wait()
            _results.append(client.submit(payload["id"], payload["lease_token"], answer_result(60.0)))

        threads = [threading.Thread(target=submit, args=(payload,)) for payload in claimed]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert [r["accepted"] for r in results] == [True, True]
        reports = admin.call("hr.ai.analysis.job", "search_read",
                             [("interview_id", "=", interview_id), ("kind", "=", "build_report")], fields=["state"])
        assert [r["state"] for r in reports] == ["pending"], f"attempt {attempt}: exactly one report is queued"
        for payload in worker.claim("race", ["build_report"], limit=5):  # leave nothing behind for other tests
            worker.fail(payload["id"], payload["lease_token"], "invalid_payload: test cleanup", retryable=False)


def test_simultaneous_uploads_give_one_answer(odoo, speech_wav, tmp_path):
    admin = odoo["admin"]
    media = webm_bytes(speech_wav, tmp_path)
    job_id = create_job(admin, "Double upload")
    admin.call("hr.ai.question", "write", admin.call("hr.ai.question", "search", [("job_id", "=", job_id)]),
               {"retakes_allowed": 0})
    _applicant, interview_id, link = invite(admin, job_id, "Double Upload")
    session = candidate_session(link)
    question = session["config"]["questions"][0]["id"]
    start, statuses = threading.Barrier(2), []

    def upload():
        request = answer_request(session, question, media, duration=10)
        start.wait()
        try:
            statuses.append(session["opener"].open(request, timeout=60).status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert sorted(statuses) == [200, 409], statuses
    answers = admin.call("hr.ai.answer", "search_read", [("interview_id", "=", interview_id)], fields=["retake_count"])
    assert len(answers) == 1 and answers[0]["retake_count"] == 0


def test_worker_account_reads_nothing_but_its_jobs(odoo):
    worker = worker_client(odoo)
    for model in ("res.partner", "hr.candidate", "hr.applicant", "hr.ai.interview", "hr.ai.answer", "ir.attachment"):
        with pytest.raises(OdooError):
            worker.call(model, "search_read", [], fields=["id"], limit=1)
    with pytest.raises(OdooError):
        worker.call("hr.ai.analysis.job", "write", [1], {"state": "done"})


def test_a_queued_job_wakes_an_idle_worker(odoo, worker_env, speech_wav, tmp_path, results_dir):
    """With a two-minute poll interval, only the NOTIFY/long-poll path can explain a prompt claim."""
    admin = odoo["admin"]
    media = webm_bytes(speech_wav, tmp_path)
    job_id = create_job(admin, "Wake")
    _applicant, interview_id, link = invite(admin, job_id, "Wake Up")
    env = dict(worker_env, HR_AI_WORKER_POLL_INTERVAL="120", HR_AI_WORKER_WAIT_SECONDS="30",
               HR_AI_WORKER_WORKER_NAME="idle-worker")
    with running_worker(env, results_dir / "worker-wake.log"):
        time.sleep(8)  # the worker is up, found nothing, and waits
        candidate_answers_over_http(link, media, answers=1)
        job = wait_for(lambda: admin.call("hr.ai.analysis.job", "search_read", [
            ("interview_id", "=", interview_id), ("kind", "=", "analyze_answer"), ("date_claimed", "!=", False)],
            fields=["create_date", "date_claimed"]), 60, "the idle worker to claim the new job")[0]
    waited = (_dt(job["date_claimed"]) - _dt(job["create_date"])).total_seconds()
    # neither the poll (120 s) nor the long-poll's own timeout (30 s) can explain this: the NOTIFY did
    assert waited < 10, f"claimed {waited:.1f} s after it was queued"


def _dt(value):
    from datetime import datetime  # noqa: PLC0415
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")


def test_invitation_links_stay_out_of_the_server_log(odoo, results_dir):
    admin = odoo["admin"]
    job_id = create_job(admin, "Log")
    _applicant, _interview_id, link = invite(admin, job_id, "Log Reader")
    token = link.rsplit("/", 1)[1]
    candidate_session(link)
    time.sleep(1)
    log = (results_dir / "odoo.log").read_text(errors="replace")
    assert "/ai-interview/<redacted>" in log, "the request was logged"
    assert token not in log, "but never its token"
