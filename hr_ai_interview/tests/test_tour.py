# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFirstInterviewTour(HttpCase):
    """The guided tour of a new HR user's first AI interview runs in a real browser, step by step, and leaves
    what it says it does: the job's interview switched on, a question with its key points, the link sent."""

    def test_first_interview_tour(self):
        env = self.env
        officer = new_test_user(env, login="ai_tour_officer", groups="hr_recruitment.group_hr_recruitment_user",
                                email="tour.officer@example.com", tz="Asia/Shanghai")
        env["ir.mail_server"].create({"name": "tour smtp", "smtp_host": "smtp.example.invalid"})
        first = min(env["hr.job"].search([]).mapped("sequence") or [10])
        job = env["hr.job"].create({"name": "AAA Tour Store Clerk", "sequence": first - 1, "user_id": officer.id})
        candidate = env["hr.candidate"].create({"partner_name": "Tour Candidate", "email_from": "tour@example.com"})
        applicant = env["hr.applicant"].create({"candidate_id": candidate.id, "job_id": job.id})
        self.assertFalse(job.ai_interview_enabled)

        self.start_tour("/odoo/action-hr_recruitment.action_hr_job_config", "hr_ai_interview_tour",
                        login=officer.login, timeout=180)

        self.assertTrue(job.ai_interview_enabled)
        self.assertEqual(len(job.ai_question_ids), 1)
        self.assertIn("customer complaint", job.ai_question_ids.name)
        self.assertEqual(len(job.ai_question_ids.key_points.splitlines()), 3)
        interview = applicant.ai_interview_ids
        self.assertEqual(interview.state, "sent", "the tour ends with the invitation sent")
        self.assertEqual(interview.user_id, officer)
