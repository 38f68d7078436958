"""Benchmark: seconds from the candidate's submit to the report in Odoo, 5-question interview, one worker.

    bash setup/benchmark.sh        (sets up Odoo like the tests do, then runs this)

Worst case: the candidate uploads all five answers (90 s each, VGA video + speech) in a burst and submits
at once, so all five analyses and the report are still queued at submit time. Prints figures; asserts
nothing.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import interview_done, running_worker, start_odoo, stop_odoo, worker_environment  # noqa: E402
from tests.test_e2e import candidate_answers_over_http, invite  # noqa: E402

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


def main():
    with tempfile.TemporaryDirectory() as folder:
        media = make_answer(folder)
        info, server = start_odoo(folder, db="hr_ai_bench")
        admin = info["admin"]
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
            _applicant, interview, link = invite(admin, job, "Benchmark Candidate")
            with running_worker(worker_environment(info), Path(folder) / "worker.log"):
                time.sleep(3)  # the worker is up and waiting, as in production
                candidate_answers_over_http(link, media, answers=5)
                submitted = time.monotonic()
                while not interview_done(admin, interview):
                    if time.monotonic() - submitted > 600:
                        raise SystemExit("no report after 600 s")
                    time.sleep(0.5)
                latency = time.monotonic() - submitted
            jobs = admin.call("hr.ai.analysis.job", "search_read", [("interview_id", "=", interview)],
                              fields=["kind", "date_claimed", "date_done"], order="id")
        finally:
            stop_odoo(server)
    print(f"5 answers x {ANSWER_SECONDS} s (VGA WebM), one worker, burst upload then submit")
    print(f"report visible in Odoo {latency:.1f} s after submit (target <= 60 s)")
    for job in jobs:
        print(f"  {job['kind']:<15} claimed {job['date_claimed']}  done {job['date_done']}")


if __name__ == "__main__":
    main()
