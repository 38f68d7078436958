# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AiInterviewCase


@tagged("post_install", "-at_install")
class TestStageAutomation(AiInterviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["hr.recruitment.stage"]
        cls.stage_new = Stage.create({"name": "T New", "sequence": 900, "job_ids": [(6, 0, cls.job.ids)]})
        cls.stage_ai = Stage.create({"name": "T AI interview", "sequence": 901, "job_ids": [(6, 0, cls.job.ids)]})
        cls.stage_back = Stage.create({"name": "T Screening", "sequence": 902, "job_ids": [(6, 0, cls.job.ids)]})
        cls.job.user_id = cls.officer
        cls.applicant.stage_id = cls.stage_new

    def mails(self, interview, subject_part):
        return self.env["mail.mail"].sudo().search([
            ("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id), ("subject", "ilike", subject_part)])

    def bodies(self, record):
        return " ".join(record.message_ids.mapped("body"))

    # ------------------------------------------------------------------ entering a stage
    def test_entering_the_stage_sends_the_invitation_once(self):
        self.job.ai_invite_stage_id = self.stage_ai
        self.applicant.with_user(self.officer).write({"stage_id": self.stage_ai.id})
        interview = self.applicant.ai_interview_id
        self.assertEqual(interview.state, "sent")
        self.assertEqual(len(self.mails(interview, "video interview")), 1)
        self.assertIn("Automatic step: the AI interview was sent", self.bodies(self.applicant))
        # out and in again: the open interview is not sent a second time
        self.applicant.stage_id = self.stage_new
        self.applicant.stage_id = self.stage_ai
        self.assertEqual(len(self.applicant.ai_interview_ids), 1)

    def test_stage_automation_off_or_other_stage(self):
        self.applicant.stage_id = self.stage_ai  # no invitation stage on the job: switched off
        self.assertFalse(self.applicant.ai_interview_ids)
        self.job.ai_invite_stage_id = self.stage_ai
        self.applicant.stage_id = self.stage_back
        self.assertFalse(self.applicant.ai_interview_ids)

    def test_new_applicant_created_in_the_stage(self):
        self.job.ai_invite_stage_id = self.stage_ai
        candidate = self.env["hr.candidate"].create({"partner_name": "Stage Cand", "email_from": "stage@example.com"})
        applicant = self.env["hr.applicant"].create(
            {"candidate_id": candidate.id, "job_id": self.job.id, "stage_id": self.stage_ai.id})
        self.assertEqual(applicant.ai_interview_id.state, "sent")

    def test_no_email_is_skipped_with_a_note(self):
        self.job.ai_invite_stage_id = self.stage_ai
        candidate = self.env["hr.candidate"].create({"partner_name": "No Mail"})
        applicant = self.env["hr.applicant"].create({"candidate_id": candidate.id, "job_id": self.job.id})
        applicant.stage_id = self.stage_ai
        self.assertFalse(applicant.ai_interview_ids)
        self.assertIn("Automatic step skipped", self.bodies(applicant))

    # ------------------------------------------------------------------ reminders
    def test_reminder_once_within_the_company_hours(self):
        interview, _token = self.send_interview()  # deadline in 24 h, reminder 6 h before
        Interview = self.env["hr.ai.interview"]
        Interview._cron_remind()
        self.assertFalse(self.mails(interview, "Reminder"))
        with freeze_time(fields.Datetime.now() + timedelta(hours=19)):
            Interview._cron_remind()
            Interview._cron_remind()
        self.assertEqual(len(self.mails(interview, "Reminder")), 1)
        self.assertTrue(interview.date_reminded)
        self.assertIn("reminder sent to the candidate by mail", self.bodies(self.applicant))
        # a new link (sent again) gets its own reminder
        interview.action_send()
        self.assertFalse(interview.date_reminded)

    def test_reminder_switched_off_and_hours_setting(self):
        interview, _token = self.send_interview()
        company = interview.company_id or self.env.company
        company.hr_ai_reminder = False
        with freeze_time(fields.Datetime.now() + timedelta(hours=23)):
            self.env["hr.ai.interview"]._cron_remind()
        self.assertFalse(self.mails(interview, "Reminder"))
        company.write({"hr_ai_reminder": True, "hr_ai_reminder_hours": 12})
        with freeze_time(fields.Datetime.now() + timedelta(hours=13)):
            self.env["hr.ai.interview"]._cron_remind()
        self.assertEqual(len(self.mails(interview, "Reminder")), 1)
        with self.assertRaises(ValidationError):
            company.hr_ai_reminder_hours = 0

    def test_reminder_sms_only_with_the_sms_module(self):
        interview, _token = self.send_interview()
        (interview.company_id or self.env.company).hr_ai_reminder_sms = True
        self.applicant.partner_phone = "+8613800000000"
        with freeze_time(fields.Datetime.now() + timedelta(hours=20)):
            self.env["hr.ai.interview"]._cron_remind()
        self.assertEqual(len(self.mails(interview, "Reminder")), 1)
        if "sms.sms" in self.env:
            self.assertTrue(self.env["sms.sms"].sudo().search([("number", "=", "+8613800000000")]))
            self.assertIn("by mail and SMS", self.bodies(self.applicant))
        else:
            self.assertIn("reminder sent to the candidate by mail (", self.bodies(self.applicant))

    # ------------------------------------------------------------------ expiry
    def test_expiry_flags_the_applicant(self):
        interview, _token = self.send_interview()
        with freeze_time(fields.Datetime.now() + timedelta(hours=25)):
            self.env["hr.ai.interview"]._cron_expire()
            self.env["hr.ai.interview"]._cron_expire()
        self.assertEqual(interview.state, "expired")
        self.assertIn(self.env.ref("hr_ai_interview.applicant_category_ai_expired"), self.applicant.categ_ids)
        activities = self.applicant.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.officer)
        self.assertIn("the application is flagged", self.bodies(self.applicant))

    def test_expiry_moves_back_or_does_nothing(self):
        self.job.write({"ai_expiry_action": "stage", "ai_expiry_stage_id": self.stage_back.id})
        self.applicant.stage_id = self.stage_ai
        interview, _token = self.send_interview()
        with freeze_time(fields.Datetime.now() + timedelta(hours=25)):
            self.env["hr.ai.interview"]._cron_expire()
        self.assertEqual(self.applicant.stage_id, self.stage_back)
        self.assertIn("moved back to T Screening", self.bodies(self.applicant))
        # switched off
        self.job.ai_expiry_action = "none"
        candidate = self.env["hr.candidate"].create({"partner_name": "Quiet", "email_from": "quiet@example.com"})
        other = self.env["hr.applicant"].create(
            {"candidate_id": candidate.id, "job_id": self.job.id, "stage_id": self.stage_ai.id})
        interview2, _token = self.send_interview(other)
        with freeze_time(fields.Datetime.now() + timedelta(hours=25)):
            self.env["hr.ai.interview"]._cron_expire()
        self.assertEqual(interview2.state, "expired")
        self.assertEqual(other.stage_id, self.stage_ai)
        self.assertFalse(other.activity_ids)

    def test_expiry_stage_is_required_and_not_the_invitation_stage(self):
        with self.assertRaises(ValidationError):
            self.job.write({"ai_expiry_action": "stage", "ai_expiry_stage_id": False})
        with self.assertRaises(ValidationError):
            self.job.write({"ai_invite_stage_id": self.stage_ai.id, "ai_expiry_action": "stage",
                            "ai_expiry_stage_id": self.stage_ai.id})


@tagged("post_install", "-at_install")
class TestStageAutomationChinese(AiInterviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["hr_ai_interview", "hr_ai_interview_portal"], ["zh_CN"],
                                                       overwrite=True)

    def test_reminder_mail_in_chinese(self):
        self.job.ai_interview_lang = "zh"
        interview, _token = self.send_interview()
        with freeze_time(fields.Datetime.now() + timedelta(hours=20)):
            self.env["hr.ai.interview"]._cron_remind()
        mail = self.env["mail.mail"].sudo().search([
            ("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id), ("subject", "ilike", "提醒")])
        self.assertEqual(len(mail), 1)
        self.assertIn("尚未完成", mail.body_html)
        self.assertIn("第一封邮件", mail.body_html)
