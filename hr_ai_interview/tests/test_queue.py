# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AiInterviewCase


@tagged("post_install", "-at_install")
class TestQueue(AiInterviewCase):
    def setUp(self):
        super().setUp()
        interview, _token = self.send_interview()
        self.interview = self.answer_all(interview)
        self.jobs = self.interview.answer_ids.ai_job_ids

    def test_claim_payload_and_exclusivity(self):
        claimed = self.queue().worker_claim("w1", ["analyze_answer"], limit=1, lease_seconds=120)
        self.assertEqual(len(claimed), 1)
        payload = claimed[0]
        self.assertEqual(set(payload),
                         {"id", "kind", "attempt", "lease_token", "lease_expiry", "question", "job", "media",
                          "llm_judge"})
        self.assertIs(payload["llm_judge"], False, "off by default")
        self.assertEqual(payload["question"]["key_points"], ["customer needs", "visit", "contract"])
        self.assertEqual(payload["attempt"], 1)
        self.assertNotIn("Test Candidate", str(payload), "no names reach the worker")
        job = self.env["hr.ai.analysis.job"].browse(payload["id"])
        self.assertEqual(job.state, "running")
        second = self.queue().worker_claim("w2", ["analyze_answer"], limit=5)
        self.assertEqual(len(second), 1, "only the other job is left")
        self.assertNotEqual(second[0]["id"], payload["id"])
        self.assertEqual(self.queue().worker_claim("w3", ["analyze_answer"]), [])
        self.assertEqual(self.queue().worker_claim("w3", ["live_chunk"]), [])

    def test_only_workers_use_the_queue(self):
        for user in (self.officer, self.interviewer):
            with self.assertRaises(AccessError):
                self.env["hr.ai.analysis.job"].with_user(user).worker_claim("x", ["analyze_answer"])

    def test_submit_is_compare_and_set(self):
        payload = self.queue().worker_claim("w1", ["analyze_answer"])[0]
        job = self.env["hr.ai.analysis.job"].browse(payload["id"])
        self.assertEqual(self.queue().worker_submit(job.id, "wrong-token", self.result())["accepted"], False)
        self.assertEqual(job.state, "running")
        self.assertTrue(self.queue().worker_submit(job.id, payload["lease_token"], self.result(score=77))["accepted"])
        self.assertEqual(job.state, "done")
        self.assertEqual(job.answer_id.state, "done")
        self.assertEqual(job.answer_id.score, 77)
        again = self.queue().worker_submit(job.id, payload["lease_token"], self.result(score=10))
        self.assertEqual(again, {"accepted": False, "reason": "stale_lease"})
        self.assertEqual(job.answer_id.score, 77, "a duplicate result changes nothing")
        self.assertFalse(self.queue().worker_heartbeat(job.id, payload["lease_token"]))

    def test_expired_lease_is_reclaimed_and_stale_result_refused(self):
        first = self.queue().worker_claim("w1", ["analyze_answer"], limit=2, lease_seconds=60)
        self.assertEqual(len(first), 2)
        with freeze_time(fields.Datetime.now() + timedelta(seconds=120)):
            self.assertFalse(self.queue().worker_heartbeat(first[0]["id"], first[0]["lease_token"]))
            again = self.queue().worker_claim("w2", ["analyze_answer"], limit=2, lease_seconds=60)
            self.assertEqual(sorted(p["id"] for p in again), sorted(p["id"] for p in first))
            self.assertEqual({p["attempt"] for p in again}, {2})
            stale = self.queue().worker_submit(first[0]["id"], first[0]["lease_token"], self.result())
            self.assertFalse(stale["accepted"])
            fresh = next(p for p in again if p["id"] == first[0]["id"])
            self.assertTrue(self.queue().worker_submit(fresh["id"], fresh["lease_token"], self.result())["accepted"])

    def test_heartbeat_extends_lease(self):
        payload = self.queue().worker_claim("w1", ["analyze_answer"], lease_seconds=60)[0]
        job = self.env["hr.ai.analysis.job"].browse(payload["id"])
        with freeze_time(fields.Datetime.now() + timedelta(seconds=50)):
            self.assertTrue(self.queue().worker_heartbeat(job.id, payload["lease_token"], lease_seconds=60))
        with freeze_time(fields.Datetime.now() + timedelta(seconds=100)):
            self.assertTrue(self.queue().worker_submit(job.id, payload["lease_token"], self.result())["accepted"])

    def test_fail_retries_then_gives_up(self):
        target, other = self.jobs.sorted("id")
        other.write({"state": "cancelled"})
        now = fields.Datetime.now()
        for attempt in (1, 2, 3):
            with freeze_time(now + timedelta(hours=attempt)):  # past each retry's backoff
                payload = self.queue().worker_claim("w1", ["analyze_answer"])[0]
                self.assertEqual((payload["id"], payload["attempt"]), (target.id, attempt))
                self.assertTrue(self.queue().worker_fail(target.id, payload["lease_token"], "RuntimeError: boom"))
        self.assertEqual(target.state, "failed")
        self.assertIn("boom", target.last_error)
        self.assertEqual(target.answer_id.state, "failed")
        self.assertEqual(self.queue().worker_claim("w1", ["analyze_answer"]), [])
        target.with_user(self.officer).action_retry()
        self.assertEqual(target.state, "pending")

    def test_fatal_failure_is_final(self):
        payload = self.queue().worker_claim("w1", ["analyze_answer"])[0]
        self.queue().worker_fail(payload["id"], payload["lease_token"], "MediaError: not audio", retryable=False)
        self.assertEqual(self.env["hr.ai.analysis.job"].browse(payload["id"]).state, "failed")

    def test_invalid_result_is_refused(self):
        payload = self.queue().worker_claim("w1", ["analyze_answer"])[0]
        bad = self.result()
        bad["score"] = 250
        answer = self.queue().worker_submit(payload["id"], payload["lease_token"], bad)
        self.assertFalse(answer["accepted"])
        self.assertEqual(answer["reason"], "invalid_result")
        job = self.env["hr.ai.analysis.job"].browse(payload["id"])
        self.assertEqual(job.state, "failed")
        self.assertNotEqual(job.answer_id.state, "done")

    def test_cancel_interview_cancels_jobs(self):
        self.interview.with_user(self.officer).action_cancel()
        self.assertEqual(set(self.jobs.mapped("state")), {"cancelled"})
        self.assertEqual(self.queue().worker_claim("w1", ["analyze_answer"]), [])
