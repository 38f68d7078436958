# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """On a database with demo data every new screen has something to show (skipped without demo data)."""

    def setUp(self):
        super().setUp()
        self.applicant = self.env.ref("hr_ai_interview.applicant_wang_li", raise_if_not_found=False)
        if not self.applicant or self.applicant.ai_interview_id.state != "done":
            # Odoo runs a demo file's functions on install only: a database updated to this version gets the
            # demo records without their results
            self.skipTest("installed without demo data (or demo installed before this version)")

    def test_screened_interviewed_rated_and_decided(self):
        applicant = self.applicant
        self.assertEqual(applicant.ai_screen_state, "done")
        self.assertIn("南京大学", str(applicant.ai_screen_html))
        self.assertEqual(applicant.ai_interview_id.state, "done")
        self.assertEqual(applicant.ai_recommendation, "advance")
        self.assertIn("上门拜访", str(applicant.ai_report_html))
        self.assertTrue(applicant.ai_has_combined)
        self.assertIn("跨部门", str(applicant.ai_combined_html))
        self.assertTrue(self.env["hr.ai.decision"].search([("applicant_id", "=", applicant.id)]))
        self.assertTrue(self.env.ref("hr_ai_interview.applicant_chen_jing").ai_screen_to_invite)
        self.assertEqual(self.env.ref("hr_ai_interview.applicant_zhang_qiang").ai_screen_must_have, "missing")

    def test_funnel_dashboard_shows_every_step(self):
        refused = self.env.ref("hr_ai_interview.interview_liu_yang", raise_if_not_found=False)
        if not refused or refused.state != "done":
            self.skipTest("demo data installed before the funnel demo: its reports were not applied on update")
        jobs = self.env.ref("hr_ai_interview.job_sales_manager_zh") | self.env.ref(
            "hr_ai_interview.job_customer_success_en")
        stages = ["invited", "started", "completed", "analysed", "advanced", "hired", "onsite_avoided"]
        [counts] = self.env["hr.ai.funnel.report"]._read_group(
            [("job_id", "in", jobs.ids)], aggregates=[f"{stage}_count:sum" for stage in stages])
        self.assertEqual(list(counts), [9, 7, 5, 4, 2, 1, 2])
        # the overview of a period that holds every demo invitation, whenever the database was created
        overview = self.env["hr.ai.funnel.overview"].create(
            {"period": "custom", "date_from": "2000-01-01", "date_to": fields.Date.context_today(self.applicant)})
        self.assertGreaterEqual(overview.invited_count, 9)
        self.assertTrue(overview.median_hours_to_report and overview.median_hours_to_decision)
        self.assertEqual(overview.cost_saved, 2 * self.env.company.hr_ai_onsite_cost)
        self.assertEqual(overview.drop_off_question_id, self.env.ref("hr_ai_interview.job_sales_manager_zh_q2"))
        self.assertIn("销售经理", overview.job_summary_html)
