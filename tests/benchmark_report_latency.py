"""Benchmark: seconds from the candidate's last answer to the report visible in Odoo, 5 x 90 s interview,
one worker.

    bash setup/benchmark.sh        (sets up Odoo like the tests do, then runs this)

As a candidate does it: each answer is uploaded when it is recorded, so the worker analyses answers 1-4
while the next ones are being recorded (90 s each, far longer than their analysis). The figure that matters
is the wait after the last answer: its analysis, the report job, and every hand-over between them (claim
latency included). Repeated RUNS times; prints p50 / p95 and, for comparison, the burst case (all five
uploaded at once, then submit). Asserts nothing.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.candidate import candidate_answers_over_http, candidate_session, submit, upload  # noqa: E402
from tests.conftest import interview_done, running_worker, start_odoo, stop_odoo, worker_environment  # noqa: E402
from tests.test_e2e import invite  # noqa: E402

RUNS = 5

ANSWER_SECONDS = 90
TEXT = ("At my previous company I was responsible for the customer support team of twelve people. "
        "I organized weekly training and built a new ticket system with clear priorities. "
        "After three months the average answer time dropped from two days to five hours, "
        "and customer satisfaction increased by twenty percent. ")


def make_answer(folder):
    raw, wav, webm = Path(folder) / "raw.wav", Path(folder) / "a.wav", Path(folder) / "a.webm"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), TEXT * 6], check=True)
    subprocess.run(["sox", "-q", str(raw), "-r", "16000", str(wav), "trim", "0", str(ANSWER_SECONDS)], check=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x480:rate=30", "-i", str(wav),
                    "-map", "0:v", "-map", "1:a", "-t", str(ANSWER_SECONDS), "-c:v", "libvpx", "-deadline", "realtime",
                    "-cpu-used", "8", "-b:v", "800k", "-c:a", "libopus", "-b:a", "32k", str(webm)], check=True)
    return webm.read_bytes()


def analysed(admin, interview, count):
    rows = admin.call("hr.ai.answer", "search_read", [("interview_id", "=", interview)], fields=["state"])
    return sum(r["state"] != "uploaded" for r in rows) >= count


def wait(predicate, seconds=600):
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > seconds:
            raise SystemExit(f"nothing after {seconds} s")
        time.sleep(0.2)
    return time.monotonic() - start


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main():
    with tempfile.TemporaryDirectory() as folder:
        media = make_answer(folder)
        info, server = start_odoo(folder, db="hr_ai_bench")
        admin = info["admin"]
        latencies = []
        try:
            comp = admin.call("ir.model.data", "search_read", [("module", "=", "hr_ai_interview"),
                                                               ("name", "=", "competency_customer")],
                              fields=["res_id"])[0]["res_id"]
            job = admin.call("hr.job", "create", {
                "name": "Benchmark job", "ai_interview_enabled": True, "ai_interview_lang": "en",
                "ai_competency_ids": [(0, 0, {"competency_id": comp, "threshold": 60})],
                "ai_question_ids": [(0, 0, {"sequence": i, "name": f"Question {i}: tell us about your results.",
                                            "key_points": "training\nticket system\ntwenty percent",
                                            "competency_ids": [(6, 0, [comp])], "answer_seconds": 120})
                                    for i in range(1, 6)],
            })
            with running_worker(worker_environment(info), Path(folder) / "worker.log"):
                time.sleep(3)  # the worker is up and waiting, as in production
                for run in range(RUNS):
                    _applicant, interview, link = invite(admin, job, f"Benchmark Candidate {run}")
                    session = candidate_session(link)
                    questions = [q["id"] for q in session["config"]["questions"]]
                    for index, question in enumerate(questions[:-1], start=1):
                        upload(session, question, media, duration=90)
                        wait(lambda i=interview, n=index: analysed(admin, i, n))  # done while recording the next
                    started = time.monotonic()
                    upload(session, questions[-1], media, duration=90)
                    submit(session)
                    wait(lambda i=interview: interview_done(admin, i))
                    latencies.append(time.monotonic() - started)
                    print(f"run {run + 1}: report {latencies[-1]:.1f} s after the last answer", flush=True)
                _applicant, burst, link = invite(admin, job, "Benchmark Burst")
                candidate_answers_over_http(link, media, answers=5)
                burst_seconds = wait(lambda: interview_done(admin, burst))
            jobs = admin.call("hr.ai.analysis.job", "search_read", [("interview_id", "=", burst)],
                              fields=["kind", "create_date", "date_claimed", "date_done"], order="id")
        finally:
            stop_odoo(server)
    print(f"5 answers x {ANSWER_SECONDS} s (VGA WebM), one worker, {RUNS} interviews")
    print(f"last answer -> report visible: p50 {percentile(latencies, 50):.1f} s, "
          f"p95 {percentile(latencies, 95):.1f} s (target <= 20 s)")
    print(f"burst (all five uploaded at once, then submit) -> report: {burst_seconds:.1f} s")
    for job in jobs:
        print(f"  {job['kind']:<15} queued {job['create_date']}  claimed {job['date_claimed']}"
              f"  done {job['date_done']}")


if __name__ == "__main__":
    main()
