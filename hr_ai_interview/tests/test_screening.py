# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Résumé screening: intake → screen_resume job → result on the applicant → invitation policy.

The worker's result is produced by the real screener of ``hr_ai_analysis_worker`` (installed beside Odoo by
setup) from the payload Odoo hands out, so these tests hold the two sides to one contract.
"""

import base64
from datetime import timedelta
from email.message import EmailMessage

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AiInterviewCase

RESUME = """姓名：李娜 | 女 | 32岁 | 已婚 | 籍贯：湖南长沙
电话：13800138000 邮箱：lina@example.com
工作经历
2018.03-至今 华润万家便利店 店长
负责门店日常运营和12人团队管理，排班与新员工培训；每周盘点、订货补货，库存周转天数从35天降到22天。
每月分析销售报表，调整陈列与促销，门店月销售额提升18%。
2015.07-2018.02 永辉超市 理货员、值班主管
教育背景
2012.09-2015.06 长沙商贸旅游职业技术学院 大专 连锁经营管理
"""
WEAK_RESUME = """王强
工作经历
2025.09-至今 某科技公司 实习生（软件测试）
教育背景
2022.09-2026.06 某大学 本科 计算机科学
技能：门店运营 团队管理 库存管理 门店运营 团队管理 库存管理
"""


@tagged("post_install", "-at_install")
class TestScreening(AiInterviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        skill_type = env["hr.skill.type"].create({
            "name": "Retail T", "skill_level_ids": [(0, 0, {"name": "Basic", "level_progress": 30}),
                                                    (0, 0, {"name": "Good", "level_progress": 70,
                                                            "default_level": True})]})
        cls.skill_stock = env["hr.skill"].create({"name": "库存管理", "skill_type_id": skill_type.id})
        cls.job.write({
            "name": "门店店长",
            "ai_screen_enabled": True,
            "ai_screen_min_years": 3,
            "ai_screen_degree": "associate",
            "ai_screen_threshold": 60,
            "ai_screen_requirement_ids": [
                (0, 0, {"kind": "skill", "name": "门店运营", "required": True}),
                (0, 0, {"kind": "skill", "name": "团队管理", "required": True}),
                (0, 0, {"kind": "skill", "skill_id": cls.skill_stock.id, "required": True}),
                (0, 0, {"kind": "skill", "name": "销售数据分析", "weight": 2}),
            ],
        })
        cls.pool_candidate = env["hr.candidate"].create({"partner_name": "李娜"})

    def new_applicant(self, name="李娜", email="lina.applicant@example.com"):
        candidate = self.env["hr.candidate"].create({"partner_name": name, "email_from": email})
        return self.env["hr.applicant"].create({"candidate_id": candidate.id, "job_id": self.job.id})

    def attach(self, applicant, text=RESUME, name="李娜_简历.txt", user=None):
        env = self.env(user=user) if user else self.env
        return env["ir.attachment"].create({
            "name": name, "res_model": "hr.applicant", "res_id": applicant.id,
            "datas": base64.b64encode(text.encode()), "mimetype": "text/plain"})

    def screen_with_worker(self, applicant):
        """Claim the queued screen_resume jobs, answer them with the real screener (as ``hr-ai-worker`` does
        after its download) and return the payload and result of ``applicant``'s."""
        from hr_ai_analysis_worker.analysis.resume_match import screen  # noqa: PLC0415 (the worker package)

        done = {}
        for payload in self.queue().worker_claim("w", ["screen_resume"], limit=10):
            media = self.env["hr.ai.analysis.job"].with_user(self.worker)._worker_media(payload["id"],
                                                                                       payload["lease_token"])
            text = base64.b64decode(media.sudo().datas).decode()
            result = screen(text, payload["job"], today=payload["today"], skills_catalog=payload["skills_catalog"])
            reply = self.queue().worker_submit(payload["id"], payload["lease_token"], result)
            self.assertTrue(reply["accepted"], reply)
            done[payload["id"]] = payload, result
        return next(done[job.id] for job in applicant.ai_job_ids if job.id in done)

    def test_a_new_resume_is_screened_and_explained(self):
        applicant = self.new_applicant()
        attachment = self.attach(applicant, user=self.officer)
        self.assertEqual(applicant.ai_screen_state, "queued")
        job = applicant.ai_job_ids
        self.assertEqual((job.kind, job.state, job.res_model), ("screen_resume", "pending", "hr.applicant"))
        payload, result = self.screen_with_worker(applicant)
        self.assertEqual(payload["filename"], "resume.txt", "the file name (often the candidate's) stays in Odoo")
        self.assertNotIn("李娜", str({k: v for k, v in payload.items() if k != "lease_token"}))
        self.assertEqual(payload["job"]["min_years"], 3.0)
        self.assertEqual(applicant.ai_screen_state, "done")
        self.assertEqual(applicant.ai_screen_attachment_id, attachment)
        self.assertEqual(applicant.ai_screen_must_have, "met")
        self.assertGreaterEqual(applicant.ai_screen_score, 60)
        self.assertAlmostEqual(applicant.ai_screen_years, result["years_experience"])
        self.assertGreater(applicant.ai_screen_relevant_years, 8)
        self.assertEqual(len(applicant.ai_screen_summary.splitlines()), 2)
        html = str(applicant.with_context(lang="en_US").ai_screen_html)
        self.assertIn("库存周转天数从35天降到22天", html, "the résumé line behind a requirement is shown")
        self.assertIn("o_hr_ai_met", html)
        self.assertNotIn("13800138000", html)
        # the skill the résumé shows joins the candidate's skills, with its source line
        line = applicant.candidate_id.candidate_skill_ids.filtered(lambda s: s.skill_id == self.skill_stock)
        self.assertTrue(line.ai_source)
        self.assertEqual(line.skill_level_id.name, "Good")
        self.assertEqual(applicant.candidate_id.partner_phone, "13800138000", "contact details fill empty fields")
        self.assertTrue(applicant.ai_screen_to_invite, "confirm policy: listed for HR, not invited yet")
        self.assertFalse(applicant.ai_interview_ids)

    def test_hr_invites_many_in_one_click_and_nothing_is_ever_refused(self):
        good, weak = self.new_applicant(), self.new_applicant("王强", "wq@example.com")
        self.attach(good)
        self.attach(weak, WEAK_RESUME, "wq.txt")
        self.screen_with_worker(good)
        self.assertEqual(weak.ai_screen_must_have, "missing")
        self.assertLess(weak.ai_screen_score, good.ai_screen_score)
        self.assertFalse(weak.ai_screen_to_invite)
        self.assertTrue(weak.active and not weak.refuse_reason_id, "the AI never refuses")
        listed = self.env["hr.applicant"].search([("ai_screen_to_invite", "=", True), ("job_id", "=", self.job.id)])
        self.assertIn(good, listed)
        self.assertNotIn(weak, listed)
        action = listed.with_user(self.officer).action_ai_invite_screened()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(good.ai_interview_id.state, "sent")
        self.assertEqual(good.ai_interview_id.date_deadline - good.ai_interview_id.date_sent, timedelta(hours=24))
        self.assertFalse(good.ai_screen_to_invite, "invited: no longer listed")

    def test_auto_policy_invites_above_the_threshold_only(self):
        self.job.ai_screen_policy = "auto"
        good, weak = self.new_applicant(), self.new_applicant("王强", "wq@example.com")
        self.attach(good)
        self.attach(weak, WEAK_RESUME, "wq.txt")
        self.screen_with_worker(good)
        self.assertEqual(weak.ai_screen_state, "done")
        self.assertEqual(good.ai_interview_id.state, "sent")
        self.assertIn("sent automatically", " ".join(good.with_context(lang="en_US").message_ids.mapped("body")))
        self.assertFalse(weak.ai_interview_ids)
        self.assertTrue(weak.active)

    def test_bad_file_gets_a_clear_reason_and_a_newer_resume_replaces_a_queued_one(self):
        applicant = self.new_applicant()
        self.attach(applicant, "old", "old.txt")
        first = applicant.ai_job_ids
        self.attach(applicant)
        self.assertEqual(first.state, "cancelled")
        live = applicant._ai_active_jobs("screen_resume")
        self.assertEqual(len(live), 1)
        payload = self.queue().worker_claim("w", ["screen_resume"])[0]
        self.assertEqual(payload["id"], live.id)
        self.queue().worker_fail(payload["id"], payload["lease_token"],
                                 "resume_encrypted: ResumeUnreadable: encrypted: the PDF has a password", False)
        self.assertEqual((applicant.ai_screen_state, applicant.ai_screen_error), ("failed", "encrypted"))
        self.assertIn("password", applicant.with_context(lang="en_US").message_ids[0].body)
        # HR attaches a readable version: screened again
        self.attach(applicant, name="lina.txt")
        self.assertEqual(applicant.ai_screen_state, "queued")

    def test_mail_alias_intake_is_screened(self):
        message = EmailMessage()
        message["From"] = "Li Na <lina.mail@example.com>"
        message["To"] = "jobs@example.com"
        message["Subject"] = "应聘门店店长"
        message["Message-Id"] = "<resume-1@example.com>"
        message.set_content("您好，附件是我的简历。")
        message.add_attachment(RESUME.encode(), maintype="text", subtype="plain", filename="简历.txt")
        applicant_id = self.env["mail.thread"].message_process(
            "hr.applicant", message.as_string(), custom_values={"job_id": self.job.id})
        applicant = self.env["hr.applicant"].browse(applicant_id)
        self.assertEqual(applicant.ai_screen_state, "queued")
        self.screen_with_worker(applicant)
        self.assertEqual(applicant.ai_screen_must_have, "met")

    def test_results_and_screening_are_the_systems(self):
        applicant = self.new_applicant()
        with self.assertRaises(AccessError):
            applicant.with_user(self.officer).write({"ai_screen_score": 99})
        self.job.ai_screen_enabled = False
        self.attach(applicant)
        self.assertFalse(applicant.ai_screen_state, "a job without screening queues nothing")
        with self.assertRaises(UserError):
            applicant.with_user(self.officer).action_ai_screen()
        self.job.ai_screen_enabled = True
        applicant.with_user(self.officer).action_ai_screen()
        self.assertEqual(applicant.ai_screen_state, "queued")

    def test_invalid_screening_result_is_refused(self):
        applicant = self.new_applicant()
        self.attach(applicant)
        payload = self.queue().worker_claim("w", ["screen_resume"])[0]
        reply = self.queue().worker_submit(payload["id"], payload["lease_token"],
                                           {"schema": "hr_ai.screen_result/1", "score": 140})
        self.assertEqual(reply["reason"], "invalid_result")
        self.assertEqual((applicant.ai_screen_state, applicant.ai_screen_error, applicant.ai_screen_score),
                         ("failed", "other", 0.0), "a refused result writes no score")
