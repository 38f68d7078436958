# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import AiInterviewCase
from .test_screening import RESUME, WEAK_RESUME


@tagged("post_install", "-at_install")
class TestTalentPool(AiInterviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.old_job = env["hr.job"].create({"name": "收银员", "ai_interview_enabled": True, "ai_question_ids": [
            (0, 0, {"name": "请介绍一次你处理顾客投诉的经历。", "key_points": "倾听\n解决"})]})
        cls.job.write({"name": "门店店长", "ai_screen_enabled": True, "ai_screen_min_years": 3,
                       "ai_screen_requirement_ids": [(0, 0, {"kind": "skill", "name": name, "required": True})
                                                     for name in ("门店运营", "库存管理")]})

    def past_candidate(self, name, resume, pool=True):
        candidate = self.env["hr.candidate"].create({"partner_name": name, "email_from": f"{name}@example.com"})
        applicant = self.env["hr.applicant"].create({"candidate_id": candidate.id, "job_id": self.old_job.id})
        self.env["ir.attachment"].create({"name": f"{name}.txt", "res_model": "hr.applicant",
                                          "res_id": applicant.id, "raw": resume.encode(), "mimetype": "text/plain"})
        interview, _token = self.send_interview(applicant)
        kinds = ["recording", "ai_analysis"] + (["talent_pool"] if pool else [])
        interview.sudo()._candidate_give_consent(kinds, "hash", ip="127.0.0.1")
        return candidate

    def rank(self):
        from hr_ai_analysis_worker.analysis.resume_match import screen  # noqa: PLC0415 (the worker package)

        self.job.with_user(self.officer).action_ai_talent_pool()
        for payload in self.queue().worker_claim("w", ["screen_resume"], limit=10):
            media = self.env["hr.ai.analysis.job"].with_user(self.worker)._worker_media(payload["id"],
                                                                                       payload["lease_token"])
            text = media.sudo().raw.decode()
            if payload["extra_text"]:
                text += "\n\n面试回答\n" + payload["extra_text"]
            result = screen(text, payload["job"], today=payload["today"], skills_catalog=payload["skills_catalog"])
            self.assertTrue(self.queue().worker_submit(payload["id"], payload["lease_token"], result)["accepted"])
        return self.env["hr.ai.pool.match"].search([("job_id", "=", self.job.id), ("applicant_id", "=", False)])

    def test_pool_ranks_those_who_agreed_with_the_evidence_and_one_click_applies(self):
        strong = self.past_candidate("李娜", RESUME)
        weak = self.past_candidate("王强", WEAK_RESUME)
        outside = self.past_candidate("未同意", RESUME, pool=False)
        self.assertTrue(strong.ai_in_pool and not outside.ai_in_pool)
        self.assertEqual(strong.ai_pool_until, (strong.ai_pool_consent_date + relativedelta(months=12)).date())
        matches = self.rank()
        self.assertEqual(set(matches.candidate_id.ids), {strong.id, weak.id}, "only who agreed to the pool")
        self.assertEqual(matches[0].candidate_id, strong, "ranked by the screening")
        self.assertEqual(matches[0].ai_screen_must_have, "met")
        self.assertIn("库存周转天数", str(matches[0].ai_screen_html))
        self.assertGreater(matches[0].ai_screen_score, matches[1].ai_screen_score)
        matches[0].with_user(self.officer).action_create_application()
        applicant = matches[0].applicant_id
        self.assertEqual((applicant.candidate_id, applicant.job_id), (strong, self.job))
        self.assertEqual(applicant.ai_screen_state, "queued", "the résumé comes along and is screened")
        # ranking again keeps the application and does not list the candidate twice
        again = self.rank()
        self.assertNotIn(strong, again.candidate_id)

    def test_consent_runs_out_and_can_be_withdrawn(self):
        candidate = self.past_candidate("李娜", RESUME)
        self.assertTrue(candidate.ai_in_pool)
        candidate.with_user(self.officer).action_ai_pool_withdraw()
        self.assertFalse(candidate.ai_in_pool)
        self.assertFalse(self.rank())
        candidate.with_user(self.officer).action_ai_pool_record_consent()
        self.assertTrue(candidate.ai_in_pool)
        self.env.company.hr_ai_pool_months = 1
        forty_days_ago = fields.Datetime.now() - timedelta(days=40)
        candidate.applicant_ids.ai_interview_ids.consent_ids.sudo().write({"date": forty_days_ago})
        candidate.sudo().ai_pool_manual_date = forty_days_ago
        self.assertFalse(candidate.ai_in_pool, "past the retention period: out of the pool")
        self.assertNotIn(candidate, self.env["hr.candidate"].search([("ai_in_pool", "=", True)]))

    def test_full_text_search_over_resumes_and_transcripts(self):
        candidate = self.past_candidate("李娜", RESUME)
        found = self.env["hr.candidate"].search([("ai_fulltext", "ilike", "库存周转")])
        self.assertIn(candidate, found)
        self.assertFalse(self.env["hr.candidate"].search([("ai_fulltext", "ilike", "区块链量子")]))
        interview = candidate.applicant_ids.ai_interview_ids
        self.env["hr.ai.answer"].create({"interview_id": interview.id, "question_id": self.old_job.ai_question_ids.id,
                                         "transcript": "我们用看板管理排班，顾客投诉下降一半"})
        self.assertIn(candidate, self.env["hr.candidate"].search([("ai_fulltext", "ilike", "看板管理排班")]))
        applicants = self.env["hr.applicant"].search([("candidate_id.ai_fulltext", "ilike", "看板管理排班")])
        self.assertEqual(applicants, candidate.applicant_ids)
