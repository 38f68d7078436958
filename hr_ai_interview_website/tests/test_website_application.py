# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The website's job application form is an intake path: the résumé a candidate attaches on /jobs is screened.

The website form stores the uploaded file as an attachment of the new application, as an upload in the
back end does, so no code of this bridge is needed for it; this test holds that true against the real form.
"""

from odoo.tests import HttpCase, new_test_user, tagged

RESUME = "工作经历\n2018.03-至今 华润万家便利店 店长\n负责门店日常运营、12人团队排班和库存管理，每周盘点补货。\n"


@tagged("post_install", "-at_install")
class TestWebsiteApplication(HttpCase):
    def test_resume_sent_with_the_website_form_is_screened(self):
        worker = new_test_user(self.env, login="ai_web_worker", groups="hr_ai_interview.group_ai_worker")
        job = self.env["hr.job"].create({
            "name": "门店店长", "is_published": True, "ai_screen_enabled": True,
            "ai_screen_requirement_ids": [(0, 0, {"kind": "skill", "name": "库存管理", "required": True})]})
        self.authenticate(None, None)  # a visitor of the company's website
        response = self.url_open("/website/form/hr.applicant", data={
            "partner_name": "李娜", "email_from": "lina.web@example.com", "partner_phone": "13800138000",
            "job_id": job.id}, files={"Resume": ("李娜简历.txt", RESUME.encode(), "text/plain")})
        applicant = self.env["hr.applicant"].browse(response.json().get("id"))
        self.assertEqual((applicant.job_id, applicant.partner_name), (job, "李娜"))
        self.assertEqual(applicant.ai_screen_state, "queued")
        self.assertEqual(applicant.ai_screen_attachment_id.raw, RESUME.encode())
        payload = self.env["hr.ai.analysis.job"].with_user(worker).worker_claim("w", ["screen_resume"])[0]
        self.assertEqual(payload["id"], applicant.ai_job_ids.id)
        self.assertEqual(payload["filename"], "resume.txt", "the candidate's file name stays in Odoo")
