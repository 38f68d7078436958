# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools.tokens import hash_token
from .common import WEBM_BYTES, AiInterviewCase


@tagged("post_install", "-at_install")
class TestInvitation(AiInterviewCase):
    def test_send_creates_interview_and_mail(self):
        interview, token = self.send_interview()
        self.assertEqual(interview.state, "sent")
        self.assertEqual(interview.applicant_id, self.applicant)
        self.assertGreaterEqual(len(token), 43, "256-bit token")
        stored = interview.sudo().token_hash
        self.assertRegex(stored, r"^[0-9a-f]{64}$")
        self.assertNotIn(token, stored)
        self.assertEqual(stored, hash_token(token))
        delta = interview.date_deadline - interview.date_sent
        self.assertEqual(delta, timedelta(hours=24))
        mail = self.env["mail.mail"].sudo().search([("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn("cand@example.com", mail.email_to)
        self.assertIn("Test Sales Job", mail.subject)
        self.assertEqual(self.applicant.ai_interview_id, interview)

    def test_token_lookup(self):
        interview, token = self.send_interview()
        model = self.env["hr.ai.interview"]
        self.assertEqual(model._get_by_token(token), interview)
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
        self.assertFalse(model._get_by_token(tampered))
        self.assertFalse(model._get_by_token(""))
        self.assertFalse(model._get_by_token("x" * 43))

    def test_resend_replaces_link(self):
        interview, old = self.send_interview()
        interview.with_user(self.officer).action_resend()
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id)], order="id desc", limit=1)
        self.assertNotIn(old, mail.body_html)
        self.assertFalse(self.env["hr.ai.interview"]._get_by_token(old), "the old link stops working")

    def test_cancel_and_expiry_close_the_link(self):
        interview, token = self.send_interview()
        with freeze_time(fields.Datetime.now() + timedelta(hours=25)):
            self.assertFalse(self.env["hr.ai.interview"]._get_by_token(token))
            self.assertEqual(interview.state, "expired")
        interview.with_user(self.officer).action_extend()
        self.assertEqual(interview.state, "sent")
        interview.with_user(self.officer).action_resend()
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id)], order="id desc", limit=1)
        token = mail.body_html.split("/ai-interview/")[1].split('"')[0]
        self.assertTrue(self.env["hr.ai.interview"]._get_by_token(token))
        interview.with_user(self.officer).action_cancel()
        self.assertEqual(interview.state, "cancelled")
        self.assertFalse(self.env["hr.ai.interview"]._get_by_token(token))

    def test_cron_expires(self):
        interview, _token = self.send_interview()
        with freeze_time(fields.Datetime.now() + timedelta(hours=30)):
            self.env["hr.ai.interview"]._cron_expire()
        self.assertEqual(interview.state, "expired")

    def test_answers_need_consent_and_valid_media(self):
        interview, _token = self.send_interview()
        interview = interview.sudo()
        with self.assertRaises(UserError):
            interview._candidate_save_answer(self.q1, WEBM_BYTES)
        with self.assertRaises(UserError):  # the AI consent is optional (CN-4), the recording one is not
            interview._candidate_give_consent(["ai_analysis"], "h")
        interview._candidate_give_consent(["recording", "ai_analysis"], "h", ip="10.0.0.1", user_agent="UA")
        self.assertEqual(interview.state, "in_progress")
        self.assertEqual(sorted(interview.consent_ids.mapped("kind")), ["ai_analysis", "recording"])
        with self.assertRaises(UserError) as ctx:
            interview._candidate_save_answer(self.q1, b"<html><script>alert(1)</script></html>")
        self.assertEqual(ctx.exception.status, 415)
        self.env["ir.config_parameter"].sudo().set_param("hr_ai_interview.max_upload_mb", "0")
        with self.assertRaises(UserError) as ctx:
            interview._candidate_save_answer(self.q1, WEBM_BYTES)
        self.assertEqual(ctx.exception.status, 413)
        self.assertFalse(interview.answer_ids, "nothing stored for refused uploads")
        self.env["ir.config_parameter"].sudo().set_param("hr_ai_interview.max_upload_mb", "200")
        other_job_question = self.env["hr.ai.question"].create({
            "job_id": self.env["hr.job"].create({"name": "Other", "ai_interview_enabled": True}).id,
            "name": "Other?"})
        with self.assertRaises(UserError):
            interview._candidate_save_answer(other_job_question, WEBM_BYTES)

    def test_answer_is_private_attachment_and_queued(self):
        interview, _token = self.send_interview()
        interview = self.answer_all(interview)
        self.assertEqual(len(interview.answer_ids), 2)
        answer = interview.answer_ids.filtered(lambda a: a.question_id == self.q1)
        att = answer.attachment_id
        self.assertEqual((att.res_model, att.res_id, att.public), ("hr.ai.answer", answer.id, False))
        self.assertEqual(att.mimetype, "video/webm")
        self.assertEqual(len(answer.ai_job_ids.filtered(lambda j: j.state == "pending")), 1)

    def test_retakes(self):
        interview, _token = self.send_interview()
        interview = self.answer_all(interview)
        answer = interview.answer_ids.filtered(lambda a: a.question_id == self.q1)
        first_job, first_att = answer.ai_job_ids, answer.attachment_id
        interview._candidate_save_answer(self.q1, WEBM_BYTES + b"2")
        self.assertEqual(answer.retake_count, 1)
        self.assertEqual(first_job.state, "cancelled")
        self.assertFalse(first_att.exists(), "the replaced recording is deleted")
        with self.assertRaises(UserError):
            interview._candidate_save_answer(self.q1, WEBM_BYTES)  # retakes_allowed = 1
        with self.assertRaises(UserError):
            interview._candidate_save_answer(self.q2, WEBM_BYTES)  # retakes_allowed = 0

    def test_submit(self):
        interview, token = self.send_interview()
        interview = interview.sudo()
        interview._candidate_give_consent(["recording", "ai_analysis"], "h")
        with self.assertRaises(UserError):
            interview._candidate_submit()
        interview._candidate_save_answer(self.q1, WEBM_BYTES)
        interview._candidate_submit()
        self.assertEqual(interview.state, "submitted")
        with self.assertRaises(UserError):
            interview._candidate_save_answer(self.q2, WEBM_BYTES)
        self.assertEqual(self.env["hr.ai.interview"]._get_by_token(token), interview, "status page stays reachable")


@tagged("post_install", "-at_install")
class TestChineseFirst(AiInterviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["hr_ai_interview", "hr_ai_interview_portal"], ["zh_CN"],
                                                       overwrite=True)

    def test_invitation_mail_in_chinese(self):
        self.job.ai_interview_lang = "zh"
        interview, token = self.send_interview()
        self.assertEqual(interview.lang, "zh")
        mail = self.env["mail.mail"].sudo().search([("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id)])
        self.assertIn("开始面试", mail.body_html)
        self.assertIn("视频面试", mail.subject)
        self.assertIn(f"/ai-interview/{token}", mail.body_html)

    def test_competencies_translated(self):
        teamwork = self.env.ref("hr_ai_interview.competency_teamwork")
        self.assertEqual(teamwork.with_context(lang="zh_CN").name, "团队协作")
        self.assertEqual(teamwork.with_context(lang="en_US").name, "Teamwork")

    def test_chatter_speaks_hr_language_whatever_wrote(self):
        self.env.company.partner_id.lang = "zh_CN"
        interview, _token = self.send_interview()
        interview = self.answer_all(interview)
        self.cr.flush()  # as if the candidate submitted in a later request (tracking starts afresh)
        worker_env = interview.with_user(self.worker).with_context(lang="en_US").sudo()
        worker_env._candidate_submit()
        self.env.flush_all()
        self.cr.flush()
        messages = self.env["mail.message"].search([("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id)])
        tracked = messages.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertTrue(tracked)
        self.assertIn("已提交", tracked.mapped("new_value_char"))
        self.assertIn("候选人已提交面试", " ".join(str(m.body) for m in messages))

    def test_english_invitation_names_the_job_in_english(self):
        self.job.with_context(lang="zh_CN").name = "客户成功专员"
        self.job.with_context(lang="en_US").name = "Customer Success Specialist"
        self.job.ai_interview_lang = "en"
        self.env.user.lang = "zh_CN"  # HR works in Chinese; the candidate reads English
        interview, _token = self.send_interview()
        mail = self.env["mail.mail"].sudo().search([("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id)])
        self.assertIn("Customer Success Specialist", mail.subject)
        self.assertNotIn("客户成功专员", mail.subject + str(mail.body_html))
        self.assertNotIn("OdooBot", str(mail.email_from))
