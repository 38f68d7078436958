# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import AiInterviewCase


@tagged("post_install", "-at_install")
class TestReport(AiInterviewCase):
    def submitted_interview(self):
        interview, _token = self.send_interview()
        interview = self.answer_all(interview)
        interview._candidate_submit()
        return interview

    def analyse(self, interview, results):
        claimed = {p["id"]: p for p in self.queue().worker_claim("w", ["analyze_answer"], limit=10)}
        for answer, result in zip(interview.answer_ids.sorted("sequence"), results, strict=True):
            job = answer.ai_job_ids.filtered(lambda j: j.state == "running")
            self.assertTrue(self.queue().worker_submit(job.id, claimed[job.id]["lease_token"], result)["accepted"])

    def report(self, **overrides):
        report = {
            "schema": "hr_ai.report_result/2", "match": 67.5, "recommendation": "hold",
            "competencies": [
                {"id": self.comp_team.id, "score": 60.0, "threshold": 70, "passed": False, "answers": 1},
                {"id": self.comp_cust.id, "score": 75.0, "threshold": 60, "passed": True, "answers": 2},
            ],
            "findings": [
                {"kind": "strength", "code": "key_point_covered", "question": 1, "params": {"key_point": "visit"},
                 "evidence": {"quote": "I visited the customer", "start": 0.0, "end": 3.5}},
                {"kind": "concern", "code": "key_point_missed", "question": 2,
                 "params": {"key_point": "roles | responsibilities"}},
                {"kind": "concern", "code": "below_threshold", "competency_id": self.comp_team.id,
                 "params": {"score": 60, "threshold": 70}},
            ],
            "versions": {"worker": "t", "scorer": "default-x", "report": "report-1"},
        }
        report.update(overrides)
        return report

    def test_report_is_built_by_a_worker_when_all_answers_are_analysed(self):
        interview = self.submitted_interview()
        self.analyse(interview, [self.result(score=90), self.result(score=60, hits=(True, False))])
        self.assertEqual(interview.state, "submitted", "Odoo does not score: it queues the report")
        self.assertEqual(interview.analysed_count, 2)
        payload = self.queue().worker_claim("w", ["analyze_answer", "build_report"])[0]
        self.assertEqual(payload["kind"], "build_report")
        report = payload["report"]
        self.assertEqual([a["score"] for a in report["answers"]], [90.0, 60.0])
        self.assertEqual(sorted(report["answers"][1]["competency_ids"]), sorted((self.comp_cust | self.comp_team).ids))
        self.assertEqual({c["threshold"] for c in report["competencies"]}, {70, 60})
        self.assertEqual(report["advance_threshold"], 70)
        self.assertNotIn("Test Candidate", str(report), "no names reach the worker")
        self.assertTrue(self.queue().worker_submit(payload["id"], payload["lease_token"], self.report())["accepted"])
        self.assertEqual(interview.state, "done")
        lines = {line.competency_id: line for line in interview.competency_result_ids}
        self.assertEqual((lines[self.comp_team].score, lines[self.comp_team].passed), (60.0, False))
        self.assertEqual(interview.match_pct, 67.5)
        self.assertEqual(interview.recommendation, "hold")
        html = str(interview.report_html)
        strengths, concerns = html.split("o_hr_ai_strengths")[1].split("o_hr_ai_concerns")
        self.assertIn("visit", strengths)
        self.assertIn("I visited the customer", strengths)
        self.assertIn("roles", concerns)
        self.assertIn("Teamwork T", concerns)
        self.assertNotIn("|", html, "HR sees the synonyms, not the raw a|b syntax")
        self.assertIn("Match 68%", html)
        self.assertIn("report-1", interview.versions)
        self.assertEqual((self.applicant.ai_match_pct, self.applicant.ai_recommendation), (67.5, "hold"))
        a2 = interview.answer_ids.filtered(lambda a: a.question_id == self.q2)
        self.assertEqual(a2.key_points_hit, 1)
        self.assertIn("not covered", a2.report_html)
        self.assertIn("I visited the customer", a2.report_html)

    def test_insufficient_answer_reaches_the_report(self):
        interview = self.submitted_interview()
        self.analyse(interview, [self.result(score=95), self.result(insufficient=True)])
        payload = self.queue().worker_claim("w", ["build_report"])[0]
        states = [(a["state"], a["score"]) for a in payload["report"]["answers"]]
        self.assertEqual(states, [("done", 95.0), ("insufficient", None)])
        insufficient = interview.answer_ids.filtered(lambda a: a.state == "insufficient")
        self.assertEqual(insufficient.score, 0.0)

    def test_a_report_never_refuses(self):
        interview = self.submitted_interview()
        self.analyse(interview, [self.result(), self.result()])
        payload = self.queue().worker_claim("w", ["build_report"])[0]
        refused = self.queue().worker_submit(payload["id"], payload["lease_token"],
                                             self.report(recommendation="refuse"))
        self.assertEqual(refused["reason"], "invalid_result")
        self.assertEqual(interview.state, "submitted")
        job = self.env["hr.ai.analysis.job"].browse(payload["id"])
        self.assertEqual(job.state, "failed")
        job.with_user(self.officer).action_retry()
        payload = self.queue().worker_claim("w", ["build_report"])[0]
        other = self.env["hr.ai.competency"].create({"name": "Other", "code": "t_other"})
        bad = self.report(competencies=[{"id": other.id, "score": 50, "threshold": 50, "passed": True}])
        self.assertFalse(self.queue().worker_submit(payload["id"], payload["lease_token"], bad)["accepted"])

    def test_cues_are_shown_but_not_scored(self):
        interview = self.submitted_interview()
        claimed = sorted(self.queue().worker_claim("w", ["analyze_answer"], limit=10), key=lambda p: p["id"])
        with_cues = self.result(score=80)
        with_cues["delivery"] = {"advisory": True, "indicators": {
            "speech_rate": {"value": 250.0, "unit": "words/min", "typical": [100, 190], "flag": True},
            "pauses": {"value": 2}, "long_silences": {"value": 1}, "fillers": {"value": 9, "per_minute": 12.0}}}
        with_cues["video"] = {"flags": {"multiple_people": True, "no_face": False}}
        with_cues["content"] = {"concreteness": {"numbers": 2, "own_actions": 3, "team_actions": 1,
                                                 "evidence": {"quote": "by 30 percent", "start": 4.0, "end": 6.0}},
                                "flow": {"connectives": ["first", "then"]}, "relevance": {"value": 0.5},
                                "off_topic": True}
        self.queue().worker_submit(claimed[0]["id"], claimed[0]["lease_token"], with_cues)
        self.queue().worker_submit(claimed[1]["id"], claimed[1]["lease_token"], self.result(score=80))
        answers = interview.answer_ids.sorted("id")
        self.assertEqual(answers[0].score, answers[1].score, "cues do not change the score")
        self.assertIn("Delivery cues", answers[0].report_html)
        self.assertIn("more than one person visible", answers[0].report_html)
        self.assertIn("by 30 percent", answers[0].report_html)
        self.assertIn("off the question", answers[0].report_html)
        self.assertNotIn("Delivery cues", answers[1].report_html)
        too_big = self.result()
        too_big["video"] = {"x": "y" * 30000}
        interview2, _t = self.send_interview(self.env["hr.applicant"].create(
            {"candidate_id": self.candidate.id, "job_id": self.job.id}))
        self.answer_all(interview2)
        payload = self.queue().worker_claim("w", ["analyze_answer"], limit=1)[0]
        self.assertEqual(self.queue().worker_submit(payload["id"], payload["lease_token"], too_big)["reason"],
                         "invalid_result")

    def test_delivery_counts_only_with_policy_and_consent(self):
        for policy, consent, expected in ((False, True, False), (True, False, False), (True, True, True)):
            self.job.ai_delivery_in_score = policy
            applicant = self.env["hr.applicant"].create({"candidate_id": self.candidate.id, "job_id": self.job.id})
            interview, _token = self.send_interview(applicant)
            kinds = ["recording", "ai_analysis"] + (["delivery_cues"] if consent else [])
            interview.sudo()._candidate_give_consent(kinds, "h")
            self.assertEqual(interview._report_payload()["delivery_in_score"], expected, (policy, consent))
            self.assertEqual("delivery_cues" in interview.consent_ids.mapped("kind"), policy and consent)

    def test_job_terms_for_the_segmenter(self):
        self.q1.key_points = "客户需求|客户痛点\n上门拜访"
        terms = self.job._ai_analysis_payload()["terms"]
        self.assertIn("客户痛点", terms)
        self.assertIn("上门拜访", terms)
        self.assertIn("weekly review", terms)

    def test_findings_reach_the_report_payload(self):
        interview = self.submitted_interview()
        self.analyse(interview, [self.result(score=90), self.result(score=60, hits=(True, False))])
        answers = self.queue().worker_claim("w", ["build_report"])[0]["report"]["answers"]
        self.assertEqual(answers[0]["breakdown"]["key_points"], 1.0)
        self.assertEqual(answers[1]["breakdown"]["key_points"], 0.5)
        self.assertTrue(answers[0]["result"]["key_points"][0]["evidence"]["quote"])

    def test_uncertain_and_recovered_answers_are_flagged_for_hr(self):
        interview = self.submitted_interview()
        unsure = dict(self.result(score=55), certainty=0.2, low_certainty=True,
                      asr_recovery={"recovered": [{"start": 20.0, "end": 24.0, "text": "and we kept the client"}],
                                    "discarded": [], "uncovered_speech_seconds": 0.0, "speech_seconds": 24.0})
        self.analyse(interview, [unsure, self.result(score=80)])
        answers = interview.answer_ids.sorted("sequence")
        self.assertEqual((answers[0].result["certainty"], answers[0].result["low_certainty"]), (0.2, True))
        self.assertIn("o_hr_ai_low_certainty", answers[0].report_html)
        self.assertIn("o_hr_ai_recovered", answers[0].report_html)
        self.assertNotIn("o_hr_ai_low_certainty", answers[1].report_html)
        self.assertEqual(answers[0].state, "done", "low certainty is a hint for a person, not insufficient data")

    def test_an_unsure_close_call_is_shown_as_needing_review_with_its_match(self):
        interview = self.submitted_interview()
        self.analyse(interview, [self.result(score=72), self.result(score=70)])
        payload = self.queue().worker_claim("w", ["build_report"])[0]
        unsure = {"kind": "concern", "code": "low_certainty", "question": 1, "params": {"certainty": 0.3}}
        report = self.report(match=71.0, recommendation="review", findings=[unsure], certainty=0.45)
        self.assertTrue(self.queue().worker_submit(payload["id"], payload["lease_token"], report)["accepted"])
        html = str(interview.with_context(lang="en_US").report_html)
        self.assertEqual((interview.recommendation, interview.match_pct), ("review", 71.0))
        self.assertIn("Match 71%, but the AI is unsure", html)
        self.assertNotIn("could not be assessed", html)
        self.assertIn("o_hr_ai_finding_low_certainty", html)
        self.assertIn("a person should listen to it", html)
