# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AiInterviewCase


class DecisionCase(AiInterviewCase):
    """An applicant whose AI report is ready (team 60 < 70, customer 75 >= 60, match 67.5, hold)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.refuse_reason = cls.env["hr.applicant.refuse.reason"].create({"name": "Not a fit (test)"})

    def done_interview(self, recommendation="hold", match=67.5, applicant=None):
        interview, _token = self.send_interview(applicant)
        interview = self.answer_all(interview)
        interview._candidate_submit()
        claimed = {p["id"]: p for p in self.queue().worker_claim("w", ["analyze_answer"], limit=10)}
        for answer in interview.answer_ids.sorted("sequence"):
            job = answer.ai_job_ids.filtered(lambda j: j.state == "running")
            self.queue().worker_submit(job.id, claimed[job.id]["lease_token"], self.result(score=80))
        payload = self.queue().worker_claim("w", ["build_report"])[0]
        report = {
            "schema": "hr_ai.report_result/2", "match": match, "recommendation": recommendation,
            "competencies": [
                {"id": self.comp_team.id, "score": 60.0, "threshold": 70, "passed": False, "answers": 1},
                {"id": self.comp_cust.id, "score": 75.0, "threshold": 60, "passed": True, "answers": 2},
            ],
            "findings": [{"kind": "strength", "code": "key_point_covered", "question": 1,
                          "params": {"key_point": "visit"},
                          "evidence": {"quote": "I visited the customer", "start": 0.0, "end": 3.5}}],
            "versions": {"worker": "t", "report": "report-1"},
        }
        self.assertTrue(self.queue().worker_submit(payload["id"], payload["lease_token"], report)["accepted"])
        self.assertEqual(interview.state, "done")
        return interview

    def open_answer(self, interview, user=None):
        answer = interview.answer_ids[:1]
        answer.with_user(user or self.officer)._log_media_view("play")
        return answer

    def rate(self, user, competency, rating, scale="5", kind="recorded", note=False):
        return self.env["hr.ai.assessment"].with_user(user).create({
            "applicant_id": self.applicant.id, "competency_id": competency.id, "user_id": user.id,
            "kind": kind, "scale": scale, "rating": rating, "note": note,
        })


@tagged("post_install", "-at_install")
class TestCombinedAssessment(DecisionCase):
    def test_ratings_scale_and_combined_score(self):
        self.done_interview()
        self.env.company.write({"hr_ai_weight_ai": 40, "hr_ai_disagreement_points": 20})
        team = self.rate(self.interviewer, self.comp_team, 5, note="Led the weekly review")  # 5 -> 100
        cust = self.rate(self.officer, self.comp_cust, 70, scale="100", kind="onsite")
        self.assertEqual(team.score, 100.0)
        self.assertEqual(cust.score, 70.0)
        applicant = self.applicant
        # people: mean over rated competencies (weights 1 and 1) = 85; AI match 67.5
        self.assertAlmostEqual(applicant.ai_human_score, 85.0)
        self.assertAlmostEqual(applicant.ai_combined_score, 0.4 * 67.5 + 0.6 * 85.0)
        self.assertTrue(applicant.ai_has_combined)
        # team: AI 60 vs people 100 -> disagreement; customer 75 vs 70 -> agreement
        self.assertTrue(team.disagreement)
        self.assertFalse(cust.disagreement)
        self.assertEqual(applicant.ai_disagreement_count, 1)
        html = str(applicant.ai_combined_html)
        self.assertIn("o_hr_ai_disagreement", html)
        self.assertIn("Led the weekly review", html)
        self.assertIn("I visited the customer", html, "the AI score shows its evidence")
        self.env.company.hr_ai_weight_ai = 100
        applicant.invalidate_recordset(["ai_combined_score"])
        self.assertAlmostEqual(applicant.ai_combined_score, 67.5)

    def test_rating_range_is_checked(self):
        with self.assertRaises(ValidationError):
            self.rate(self.interviewer, self.comp_team, 6)

    def test_interviewer_rates_only_as_themselves_and_only_their_jobs(self):
        own = self.rate(self.interviewer, self.comp_team, 3)
        with self.assertRaises(AccessError):
            self.rate(self.other_interviewer, self.comp_team, 3)
        with self.assertRaises(AccessError):
            own.with_user(self.other_interviewer).read(["score"])
        self.env["hr.ai.assessment"].create({"applicant_id": self.applicant.id, "competency_id": self.comp_cust.id,
                                             "user_id": self.officer.id, "rating": 4})
        officer_line = self.applicant.ai_assessment_ids.filtered(lambda a: a.user_id == self.officer)
        with self.assertRaises(AccessError):
            officer_line.with_user(self.interviewer).write({"rating": 1})
        self.assertEqual(len(self.env["hr.ai.assessment"].with_user(self.interviewer).search(
            [("applicant_id", "=", self.applicant.id)])), 2, "an interviewer of the job reads everyone's ratings")


@tagged("post_install", "-at_install")
class TestDecision(DecisionCase):
    def test_decision_needs_an_opened_answer(self):
        interview = self.done_interview(recommendation="advance", match=80)
        applicant = self.applicant.with_user(self.officer)
        with self.assertRaisesRegex(UserError, "Open at least one"):
            applicant._ai_decide("advance")
        self.open_answer(interview, user=self.worker.sudo())  # a worker's fetch is not a person opening it
        self.assertEqual(applicant.ai_answers_opened, 0)
        self.open_answer(interview)
        applicant.invalidate_recordset(["ai_answers_opened"])
        self.assertEqual(applicant.ai_answers_opened, 1)
        stage = applicant.stage_id
        decision = applicant._ai_decide("advance")
        self.assertEqual(decision.answers_opened, 1)
        self.assertFalse(decision.is_override)
        self.assertGreater(applicant.stage_id.sequence, stage.sequence, "advanced to the next stage")
        self.assertIn("Decision: Advance", applicant.message_ids[0].body)

    def test_override_needs_a_reason_and_is_logged(self):
        interview = self.done_interview(recommendation="hold")
        self.open_answer(interview)
        applicant = self.applicant.with_user(self.officer)
        with self.assertRaisesRegex(UserError, "reason"):
            applicant._ai_decide("advance")
        decision = applicant._ai_decide("advance", reason="Strong on-site; the AI missed the weekly review")
        self.assertTrue(decision.is_override)
        self.assertEqual(decision.ai_recommendation, "hold")
        self.assertEqual(decision.user_id, self.officer)
        self.assertIn("against the AI recommendation", applicant.message_ids[0].body)
        self.assertIn("the AI missed the weekly review", applicant.message_ids[0].body)
        with self.assertRaises(AccessError):
            decision.with_user(self.officer).write({"reason": "changed"})
        with self.assertRaises(AccessError):
            decision.with_user(self.officer).unlink()

    def test_refusal_is_a_persons_act(self):
        interview = self.done_interview(recommendation="hold", match=30)
        self.assertTrue(self.applicant.active, "a low AI score never refuses")
        self.open_answer(interview)
        with self.assertRaises(AccessError):
            self.applicant.sudo()._ai_decide("refuse", refuse_reason=self.refuse_reason)
        with self.assertRaises(AccessError):
            self.applicant.with_user(self.worker)._ai_decide("refuse", refuse_reason=self.refuse_reason)
        self.assertTrue(self.applicant.active)
        applicant = self.applicant.with_user(self.officer)
        with self.assertRaisesRegex(UserError, "refusal reason"):
            applicant._ai_decide("refuse")
        decision = applicant._ai_decide("refuse", refuse_reason=self.refuse_reason)
        self.assertFalse(self.applicant.active)
        self.assertEqual(self.applicant.refuse_reason_id, self.refuse_reason)
        self.assertEqual(decision.decision, "refuse")
        self.assertFalse(decision.is_override, "refusing on a 'hold' follows the AI")

    def test_refusing_an_advance_recommendation_is_an_override(self):
        interview = self.done_interview(recommendation="advance", match=85)
        self.open_answer(interview)
        with self.assertRaisesRegex(UserError, "reason"):
            self.applicant.with_user(self.officer)._ai_decide("refuse", refuse_reason=self.refuse_reason)

    def test_odoo_refuse_button_follows_the_same_rule(self):
        """Odoo's own Refuse (applicant.get.refuse.reason) needs an opened answer once the AI report is ready,
        and the refusal is logged beside the AI recommendation it overrides."""
        interview = self.done_interview(recommendation="advance", match=85)
        other = self.env["hr.applicant"].create({"partner_name": "No interview", "job_id": self.job.id})
        Wizard = self.env["applicant.get.refuse.reason"].with_user(self.officer)
        wizard = Wizard.create({"refuse_reason_id": self.refuse_reason.id, "send_mail": False,
                                "applicant_ids": [(6, 0, (self.applicant | other).ids)]})
        with self.assertRaisesRegex(UserError, "Open at least one recorded answer"):
            wizard.action_refuse_reason_apply()
        self.assertTrue(self.applicant.active)
        self.open_answer(interview)
        self.env.invalidate_all()
        wizard.action_refuse_reason_apply()
        self.assertFalse(self.applicant.active)
        self.assertFalse(other.active, "an application without an AI report is refused as Odoo does")
        decision = self.applicant.with_context(active_test=False).ai_decision_ids
        self.assertEqual(decision.decision, "refuse")
        self.assertTrue(decision.is_override, "refusing an 'advance' recommendation is an override")
        self.assertEqual(decision.reason, self.refuse_reason.name)
        self.assertEqual(decision.user_id, self.officer)
        self.assertEqual(decision.answers_opened, 1)
        self.assertFalse(other.with_context(active_test=False).ai_decision_ids)

    def test_decision_wizard(self):
        interview = self.done_interview(recommendation="advance", match=85)
        self.open_answer(interview)
        action = self.applicant.with_user(self.officer).action_ai_decide()
        wizard = self.env["hr.ai.decision.wizard"].with_user(self.officer).with_context(**action["context"]).create({})
        self.assertFalse(wizard.is_override)
        self.assertTrue(wizard.stage_id)
        wizard.action_confirm()
        self.assertEqual(self.applicant.ai_decision_ids.decision, "advance")
        self.assertEqual(self.applicant.stage_id, wizard.stage_id)

    def test_interviewer_sees_only_their_jobs_reports_and_decisions(self):
        interview = self.done_interview(recommendation="advance", match=85)
        self.open_answer(interview)
        decision = self.applicant.with_user(self.officer)._ai_decide("advance")
        self.assertTrue(decision.with_user(self.interviewer).read(["decision"]))
        with self.assertRaises(AccessError):
            decision.with_user(self.other_interviewer).read(["decision"])
        with self.assertRaises(AccessError):
            interview.with_user(self.other_interviewer).read(["match_pct"])
        with self.assertRaises(AccessError):
            self.applicant.with_user(self.interviewer)._ai_decide("advance")


@tagged("post_install", "-at_install")
class TestDecisionMessage(DecisionCase):
    def test_candidate_gets_the_chosen_message_within_the_hour(self):
        template = self.env["mail.template"].create({
            "name": "Next round (test)", "model_id": self.env.ref("hr_recruitment.model_hr_applicant").id,
            "subject": "Next round", "body_html": "<p>See you soon</p>", "email_to": "{{ object.email_from }}"})
        self.env.company.write({"hr_ai_advance_template_id": template.id, "hr_ai_decision_mail_hours": 1,
                                "hr_ai_decision_mail": True})
        interview = self.done_interview(recommendation="advance", match=85)
        self.open_answer(interview)
        decision = self.applicant.with_user(self.officer)._ai_decide("advance")
        mail = decision.mail_id
        self.assertTrue(mail)
        self.assertEqual(mail.subject, "Next round")
        self.assertAlmostEqual(mail.scheduled_date.timestamp(), decision.date.timestamp() + 3600, delta=120)
        self.assertIn("Automatic step", self.applicant.message_ids[0].body)

    def test_the_message_can_be_turned_off(self):
        template = self.env["mail.template"].create({
            "name": "Sorry (test)", "model_id": self.env.ref("hr_recruitment.model_hr_applicant").id,
            "subject": "Sorry", "body_html": "<p>Sorry</p>"})
        self.env.company.write({"hr_ai_refuse_template_id": template.id, "hr_ai_decision_mail": False})
        interview = self.done_interview(recommendation="hold", match=40)
        self.open_answer(interview)
        decision = self.applicant.with_user(self.officer)._ai_decide("refuse", refuse_reason=self.refuse_reason)
        self.assertFalse(decision.mail_id)
