# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AiInterviewCase


@tagged("post_install", "-at_install")
class TestJobProfile(AiInterviewCase):
    def test_answer_time_limits(self):
        for seconds in (59, 181):
            with self.assertRaises(ValidationError):
                self.q1.answer_seconds = seconds
        self.q1.answer_seconds = 60
        self.q1.answer_seconds = 180

    def test_thresholds_and_deadline(self):
        with self.assertRaises(ValidationError):
            self.job.ai_competency_ids[0].threshold = 101
        with self.assertRaises(ValidationError):
            self.job.ai_deadline_hours = 0
        self.assertEqual(self.env["hr.job"].new({}).ai_deadline_hours, 24, "the default deadline is 24 hours")

    def test_key_points_and_payload(self):
        self.q1.key_points = "customer needs | client needs\n\n  visit  \ncontract\n"
        payload = self.q1._analysis_payload("en")
        self.assertEqual(payload["key_points"], ["customer needs | client needs", "visit", "contract"])
        self.assertEqual(payload["competencies"], ["t_cust"])
        job_payload = self.job._ai_analysis_payload()
        self.assertEqual([c["threshold"] for c in job_payload["competencies"]], [70, 60])
        self.assertNotIn("Test Candidate", str(job_payload), "no personal data in the analysis payload")

    def test_cannot_interview_without_profile(self):
        job = self.env["hr.job"].create({"name": "No AI"})
        applicant = self.env["hr.applicant"].create({"candidate_id": self.candidate.id, "job_id": job.id})
        with self.assertRaises(UserError):
            applicant.with_user(self.officer).action_send_ai_interview()
        job.ai_interview_enabled = True
        with self.assertRaises(ValidationError):
            applicant.with_user(self.officer).action_send_ai_interview()

    def test_demo_jobs_are_complete(self):
        zh = self.env.ref("hr_ai_interview.job_sales_manager_zh", raise_if_not_found=False)
        if not self.env["ir.module.module"].search([("name", "=", "hr_ai_interview")]).demo:
            self.assertFalse(zh, "without demo data, no demo job is installed")
            return
        self.assertEqual(zh.ai_interview_lang, "zh")
        self.assertGreaterEqual(len(zh.ai_question_ids), 3)
        self.assertTrue(all(q._key_point_list() and q.competency_ids for q in zh.ai_question_ids))
        self.assertTrue(self.env.ref("hr_ai_interview.job_customer_success_en").ai_question_ids)

    def test_interview_language_is_activated(self):
        lang = self.env["res.lang"].with_context(active_test=False).search([("code", "=", "fr_FR")])
        self.assertTrue(lang, "fr_FR exists in base")
        self.assertTrue(self.env["res.lang"]._lang_get("en_US"))
        from ..models import hr_job

        codes = dict(hr_job.LANG_CODES)
        try:
            hr_job.LANG_CODES["en"] = "fr_FR"  # a language that is surely not active in the test database
            self.assertFalse(self.env["res.lang"]._lang_get("fr_FR"))
            self.env["hr.job"].create({"name": "French job", "ai_interview_enabled": True, "ai_interview_lang": "en"})
            self.assertTrue(self.env["res.lang"]._lang_get("fr_FR"))
        finally:
            hr_job.LANG_CODES.clear()
            hr_job.LANG_CODES.update(codes)
