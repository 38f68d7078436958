# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AiInterviewCase


@tagged("post_install", "-at_install", "security")
class TestAccess(AiInterviewCase):
    def setUp(self):
        super().setUp()
        interview, _token = self.send_interview()
        self.interview = self.answer_all(interview)

    def test_interviewer_sees_own_jobs_only(self):
        Interview = self.env["hr.ai.interview"]
        self.assertEqual(Interview.with_user(self.interviewer).search([("id", "=", self.interview.id)]), self.interview)
        self.assertFalse(Interview.with_user(self.other_interviewer).search([("id", "=", self.interview.id)]))
        with self.assertRaises(AccessError):
            self.interview.with_user(self.other_interviewer).read(["state"])
        answers = self.env["hr.ai.answer"].with_user(self.other_interviewer).search([])
        self.assertFalse(answers & self.interview.answer_ids)
        with self.assertRaises(AccessError):
            self.interview.with_user(self.interviewer).write({"lang": "zh"})

    def test_officer_manages_interviews(self):
        self.interview.with_user(self.officer).read(["state", "match_pct"])
        self.interview.answer_ids.with_user(self.officer).read(["transcript"])
        with self.assertRaises(AccessError):
            self.interview.answer_ids.with_user(self.officer).write({"score": 100})

    def test_worker_reads_nothing_else(self):
        with self.assertRaises(AccessError):
            self.applicant.with_user(self.worker).read(["partner_name"])
        with self.assertRaises(AccessError):
            self.interview.with_user(self.worker).read(["state"])
        with self.assertRaises(AccessError):
            self.interview.answer_ids.with_user(self.worker).read(["transcript"])
        with self.assertRaises(AccessError):
            self.env["hr.ai.analysis.job"].with_user(self.worker).search([])

    def test_recording_attachment_is_not_reachable_by_others(self):
        attachment = self.interview.answer_ids[0].attachment_id
        with self.assertRaises(AccessError):
            attachment.with_user(self.other_interviewer).read(["datas"])
        with self.assertRaises(AccessError):
            attachment.with_user(self.worker).read(["datas"])
        attachment.with_user(self.officer).read(["datas"])

    def test_token_hash_hidden_from_hr(self):
        with self.assertRaises(AccessError):
            self.interview.with_user(self.officer).read(["token_hash"])

    def test_worker_key_helper(self):
        key = self.env["hr.ai.analysis.job"]._generate_worker_api_key(user=self.worker)
        self.assertEqual(len(key), 40)
        self.assertEqual(self.env["res.users.apikeys"].with_user(self.worker)._check_credentials(scope="rpc", key=key),
                         self.worker.id)
        with self.assertRaises(AccessError):
            self.env["hr.ai.analysis.job"]._generate_worker_api_key(user=self.officer)
        with self.assertRaises(AccessError):
            self.env["hr.ai.analysis.job"].with_user(self.officer)._generate_worker_api_key()

    def test_hr_grades_answers_beside_the_ai(self):
        answer = self.interview.answer_ids[0]
        answer.with_user(self.officer).write({"hr_grade": "2", "hr_comment": "Good example, weak result"})
        self.assertEqual(answer.hr_grade, "2")
        with self.assertRaises(AccessError):
            answer.with_user(self.officer).write({"hr_grade": "3", "score": 99})
        with self.assertRaises(AccessError):
            answer.with_user(self.interviewer).write({"hr_grade": "3"})
        self.assertEqual(answer._training_rows(), [], "only analysed answers train the scorer")
        answer.sudo()._apply_result({
            **self.result(score=70), "insufficient_reason": None, "key_points": [], "versions": {}})
        rows = answer._training_rows()
        self.assertEqual(rows, [{"breakdown": answer.result["breakdown"], "grade": 2}])
        self.assertNotIn("Test Candidate", str(rows))

    def test_consents_and_scores_follow_the_interview(self):
        consents = self.env["hr.ai.consent"].with_user(self.other_interviewer).search([])
        self.assertFalse(consents & self.interview.consent_ids, "IP and browser of other jobs' candidates stay hidden")
        self.assertTrue(self.env["hr.ai.consent"].with_user(self.interviewer).search(
            [("interview_id", "=", self.interview.id)]))
        self.assertTrue(self.env["hr.ai.consent"].with_user(self.officer).search(
            [("interview_id", "=", self.interview.id)]))
