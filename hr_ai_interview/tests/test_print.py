# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import re
import unicodedata
import unittest

from odoo.tests import HttpCase, tagged

from .test_decision import DecisionCase

try:
    from pdfminer.high_level import extract_text
except ImportError:  # pragma: no cover
    extract_text = None


@tagged("post_install", "-at_install")
class TestPrintedReports(HttpCase, DecisionCase):
    """An HttpCase: wkhtmltopdf fetches the report's assets from this server, inside the test's transaction."""
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["hr_ai_interview"], ["zh_CN"], overwrite=True)

    def setUp(self):
        super().setUp()
        if extract_text is None or self.env["ir.actions.report"].get_wkhtmltopdf_state() not in ("ok", "upgrade"):
            raise unittest.SkipTest("wkhtmltopdf and pdfminer.six are needed to print (setup/install.sh)")
        interview = self.done_interview(recommendation="hold", match=67.5)
        self.rate(self.interviewer, self.comp_team, 5, note="Ran the weekly review")
        self.open_answer(interview)
        self.applicant.with_user(self.officer)._ai_decide("advance", reason="Strong on-site interview")

    def pdf_text(self, xmlid, lang):
        report = self.env["ir.actions.report"].with_context(lang=lang, force_report_rendering=True)
        content, kind = report._render_qweb_pdf(xmlid, res_ids=self.applicant.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        # NFKC: the CJK fonts' glyphs of 人, 力… extract as Kangxi radicals (⼈, ⼒)
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", extract_text(io.BytesIO(content))))

    def test_screening_report_in_english_and_chinese(self):
        text = self.pdf_text("hr_ai_interview.action_report_ai_screen", "en_US")
        for expected in ("AI screening report", "Test Candidate", "Test Sales Job", "68%", "Teamwork T", "Threshold",
                         "I visited the customer", "Suggested: hold"):
            self.assertIn(expected, text)
        self.assertRegex(text, r"\[0:00.0:03\]", "quotes come with their time in the answer")
        text = self.pdf_text("hr_ai_interview.action_report_ai_screen", "zh_CN")
        for expected in ("初筛评估报告", "Test Candidate", "胜任力", "阈值", "I visited the customer"):
            self.assertIn(expected, text)

    def test_combined_report_in_english_and_chinese(self):
        text = self.pdf_text("hr_ai_interview.action_report_ai_combined", "en_US")
        for expected in ("Combined assessment report", "Ran the weekly review", "disagreement", "Advance",
                         "overrides the AI", "Strong on-site interview", "ai_officer"):
            self.assertIn(expected, text)
        text = self.pdf_text("hr_ai_interview.action_report_ai_combined", "zh_CN")
        for expected in ("综合评估报告", "综合评分", "Ran the weekly review", "推进", "Strong on-site interview"):
            self.assertIn(expected, text)

    def test_hire_attaches_both_reports_to_the_employee(self):
        hr_officer = self.env["res.users"].create({
            "name": "HR both", "login": "ai_hr_both",
            "groups_id": [(6, 0, [self.env.ref("hr_recruitment.group_hr_recruitment_user").id,
                                  self.env.ref("hr.group_hr_user").id])]})
        action = self.applicant.with_user(hr_officer).with_context(
            force_report_rendering=True).create_employee_from_applicant()
        employee = self.env["hr.employee"].browse(action["res_id"])
        pdfs = self.env["ir.attachment"].search([("res_model", "=", "hr.employee"), ("res_id", "=", employee.id),
                                                 ("mimetype", "=", "application/pdf")])
        self.assertEqual(len(pdfs), 2)
        self.assertTrue(all(p.raw.startswith(b"%PDF") for p in pdfs))
