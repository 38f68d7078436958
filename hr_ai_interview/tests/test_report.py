# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from ..tools.report import build_report
from .common import AiInterviewCase


@tagged("post_install", "-at_install")
class TestReport(AiInterviewCase):
    def submitted_interview(self):
        interview, _token = self.send_interview()
        interview = self.answer_all(interview)
        interview._candidate_submit()
        return interview

    def test_report_ready_when_all_answers_analysed(self):
        interview = self.submitted_interview()
        self.assertEqual(interview.state, "submitted")
        claimed = {p["id"]: p for p in self.queue().worker_claim("w", ["analyze_answer"], limit=10)}
        a1 = interview.answer_ids.filtered(lambda a: a.question_id == self.q1)
        a2 = interview.answer_ids.filtered(lambda a: a.question_id == self.q2)
        j1, j2 = a1.analysis_job_ids, a2.analysis_job_ids
        self.queue().worker_submit(j1.id, claimed[j1.id]["lease_token"], self.result(score=90))
        self.assertEqual(interview.state, "submitted", "not before every answer is analysed")
        self.assertEqual(interview.analysed_count, 1)
        self.queue().worker_submit(j2.id, claimed[j2.id]["lease_token"], self.result(score=60, hits=(True, False)))
        self.assertEqual(interview.state, "done")
        lines = {line.competency_id: line for line in interview.competency_result_ids}
        self.assertAlmostEqual(lines[self.comp_cust].score, 75.0)  # q1 (90) and q2 (60)
        self.assertAlmostEqual(lines[self.comp_team].score, 60.0)  # q2 only
        self.assertFalse(lines[self.comp_team].passed)  # threshold 70
        self.assertTrue(lines[self.comp_cust].passed)  # threshold 60
        self.assertAlmostEqual(interview.match_pct, 67.5)
        self.assertEqual(interview.recommendation, "hold")
        self.assertAlmostEqual(self.applicant.ai_match_pct, 67.5)
        self.assertEqual(self.applicant.ai_recommendation, "hold")
        self.assertEqual(a2.key_points_hit, 1)
        self.assertIn("missed", a2.report_html)
        self.assertIn("I visited the customer", a2.report_html)
        self.assertIn("spine-1", interview.versions)

    def test_insufficient_answer_needs_human_review(self):
        interview = self.submitted_interview()
        claimed = self.queue().worker_claim("w", ["analyze_answer"], limit=10)
        results = [self.result(score=95), self.result(insufficient=True)]
        for payload, result in zip(sorted(claimed, key=lambda p: p["id"]), results, strict=True):
            self.queue().worker_submit(payload["id"], payload["lease_token"], result)
        self.assertEqual(interview.state, "done")
        self.assertEqual(interview.recommendation, "review")
        self.assertTrue(interview.report_notes)
        insufficient = interview.answer_ids.filtered(lambda a: a.state == "insufficient")
        self.assertEqual(len(insufficient), 1)
        self.assertEqual(insufficient.score, 0.0)

    def test_advance_never_refuse(self):
        report = build_report(
            [{"id": 1, "competency_ids": [10]}, {"id": 2, "competency_ids": [10, 11]}],
            {1: {"score": 90.0, "state": "done"}, 2: {"score": 80.0, "state": "done"}},
            [{"id": 10, "threshold": 70, "weight": 1.0}, {"id": 11, "threshold": 70, "weight": 1.0}],
            70,
        )
        self.assertEqual(report["recommendation"], "advance")
        self.assertEqual(report["match"], 82.5)
        low = build_report([{"id": 1, "competency_ids": [10]}], {1: {"score": 5.0, "state": "done"}},
                           [{"id": 10, "threshold": 70, "weight": 1.0}], 70)
        self.assertEqual(low["recommendation"], "hold", "a low score is never an automatic refusal")
        missing = build_report([{"id": 1, "competency_ids": [10]}], {},
                               [{"id": 10, "threshold": 70, "weight": 1.0}], 70)
        self.assertEqual((missing["recommendation"], missing["match"]), ("review", None))

    def test_cues_are_shown_but_not_scored(self):
        interview = self.submitted_interview()
        claimed = sorted(self.queue().worker_claim("w", ["analyze_answer"], limit=10), key=lambda p: p["id"])
        with_cues = self.result(score=80)
        with_cues["delivery"] = {"advisory": True, "indicators": {
            "speech_rate": {"value": 250.0, "unit": "words/min", "typical": [100, 190], "flag": True},
            "pauses": {"value": 2}, "long_silences": {"value": 1}, "fillers": {"value": 9, "per_minute": 12.0}}}
        with_cues["video"] = {"flags": {"multiple_people": True, "no_face": False}}
        self.queue().worker_submit(claimed[0]["id"], claimed[0]["lease_token"], with_cues)
        self.queue().worker_submit(claimed[1]["id"], claimed[1]["lease_token"], self.result(score=80))
        answers = interview.answer_ids.sorted("id")
        self.assertEqual(answers[0].score, answers[1].score, "cues do not change the score")
        self.assertIn("Delivery cues", answers[0].report_html)
        self.assertIn("more than one person visible", answers[0].report_html)
        self.assertNotIn("Delivery cues", answers[1].report_html)
        too_big = self.result()
        too_big["video"] = {"x": "y" * 30000}
        interview2, _t = self.send_interview(self.env["hr.applicant"].create(
            {"candidate_id": self.candidate.id, "job_id": self.job.id}))
        self.answer_all(interview2)
        payload = self.queue().worker_claim("w", ["analyze_answer"], limit=1)[0]
        self.assertEqual(self.queue().worker_submit(payload["id"], payload["lease_token"], too_big)["reason"],
                         "invalid_result")
