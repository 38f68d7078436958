# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
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

