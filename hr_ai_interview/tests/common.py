# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import TransactionCase, new_test_user

# Smallest thing the upload check accepts: WebM/EBML magic bytes (the worker checks the rest).
WEBM_BYTES = b"\x1a\x45\xdf\xa3" + b"\x00" * 256


class AiInterviewCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # the queue is shared by the whole database: jobs left by earlier use of it are not these tests'
        env["hr.ai.analysis.job"].search([("state", "in", ("pending", "running"))]).write({"state": "cancelled"})
        cls.officer = new_test_user(env, login="ai_officer", groups="hr_recruitment.group_hr_recruitment_user",
                                    email="officer@example.com")
        cls.interviewer = new_test_user(env, login="ai_interviewer",
                                        groups="hr_recruitment.group_hr_recruitment_interviewer")
        cls.other_interviewer = new_test_user(env, login="ai_other_interviewer",
                                              groups="hr_recruitment.group_hr_recruitment_interviewer")
        cls.worker = new_test_user(env, login="ai_test_worker",
                                   groups="hr_ai_interview.group_ai_worker")
        # a configured outgoing server (the invitation is then mailed; without one HR gets the link)
        env["ir.mail_server"].create({"name": "test smtp", "smtp_host": "smtp.example.invalid"})
        cls.comp_team = env["hr.ai.competency"].create({"name": "Teamwork T", "code": "t_team"})
        cls.comp_cust = env["hr.ai.competency"].create({"name": "Customer T", "code": "t_cust"})
        cls.job = env["hr.job"].create({
            "name": "Test Sales Job",
            "ai_interview_enabled": True,
            "ai_interview_lang": "en",
            "ai_deadline_hours": 24,
            "ai_advance_threshold": 70,
            "interviewer_ids": [(6, 0, cls.interviewer.ids)],
            "ai_competency_ids": [
                (0, 0, {"competency_id": cls.comp_team.id, "threshold": 70}),
                (0, 0, {"competency_id": cls.comp_cust.id, "threshold": 60}),
            ],
        })
        cls.q1 = env["hr.ai.question"].create({
            "job_id": cls.job.id, "sequence": 1, "name": "Tell us about a customer you won back.",
            "key_points": "customer needs\nvisit\ncontract", "answer_seconds": 120,
            "competency_ids": [(6, 0, cls.comp_cust.ids)], "retakes_allowed": 1,
        })
        cls.q2 = env["hr.ai.question"].create({
            "job_id": cls.job.id, "sequence": 2, "name": "Tell us about a team success.",
            "key_points": "roles\nweekly review", "answer_seconds": 90,
            "competency_ids": [(6, 0, (cls.comp_team | cls.comp_cust).ids)], "retakes_allowed": 0,
        })
        cls.candidate = env["hr.candidate"].create({"partner_name": "Test Candidate", "email_from": "cand@example.com"})
        cls.applicant = env["hr.applicant"].create({"candidate_id": cls.candidate.id, "job_id": cls.job.id})

    # helpers ---------------------------------------------------------------------------------
    def send_interview(self, applicant=None):
        """Send an interview as the officer; return (interview, clear token from the mail)."""
        applicant = applicant or self.applicant
        action = applicant.with_user(self.officer).action_send_ai_interview()
        interview = self.env["hr.ai.interview"].browse(action["res_id"])
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "hr.ai.interview"), ("res_id", "=", interview.id)], order="id desc", limit=1)
        token = re.search(r"/ai-interview/([A-Za-z0-9_-]+)", mail.body_html).group(1)
        return interview, token

    def answer_all(self, interview):
        interview = interview.sudo()
        interview._candidate_give_consent(["recording", "ai_analysis"], "hash", ip="127.0.0.1")
        for question in interview._candidate_questions():
            interview._candidate_save_answer(question, WEBM_BYTES, client_duration=30)
        return interview

    def result(self, score=80.0, insufficient=False, hits=(True, True)):
        return {
            "schema": "hr_ai.answer_result/1",
            "language": "en",
            "transcript": "I visited the customer and signed the contract.",
            "segments": [{"start": 0.0, "end": 3.5, "text": "I visited the customer and signed the contract."}],
            "duration": 30.0,
            "has_video": True,
            "confidence": 0.9,
            "insufficient": insufficient,
            "insufficient_reason": "silence" if insufficient else None,
            "score": None if insufficient else score,
            "key_points": [
                {"text": f"kp{i}", "hit": hit, "coverage": 1.0 if hit else 0.0,
                 "evidence": {"quote": "I visited the customer", "start": 0.0, "end": 3.5} if hit else None}
                for i, hit in enumerate(hits)
            ],
            "star": {"action": {"present": True, "evidence": {"quote": "I visited", "start": 0.0, "end": 1.0}}},
            "breakdown": {"key_points": 1.0 if all(hits) else 0.5, "structure": 0.25, "concreteness": 0.0,
                          "relevance": 0.5, "flow": 0.0},
            "versions": {"worker": "test", "asr": "none", "rubric": "spine-1"},
        }

    def queue(self):
        return self.env["hr.ai.analysis.job"].with_user(self.worker)
