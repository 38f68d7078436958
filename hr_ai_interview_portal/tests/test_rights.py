# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The candidate's rights from the same link, also after submitting (DS-1, DS-2, CN-5)."""

import json
import re

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.hr_ai_interview.tests.common import WEBM_BYTES, AiInterviewCase
from odoo.addons.hr_ai_interview_portal.controllers import main as portal


@tagged("post_install", "-at_install")
class TestRights(HttpCase, AiInterviewCase):
    def setUp(self):
        super().setUp()
        portal.LINK_LIMIT._hits.clear()
        self.interview, token = self.send_interview()
        self.url_open(f"/ai-interview/{token}")
        self.interview = self.answer_all(self.interview)
        self.interview._candidate_submit()
        page = self.url_open("/ai-interview/session")
        self.assertIn("o_hr_ai_finished", page.text)
        self.assertIn("o_hr_ai_rights_form", page.text, "the rights stay reachable after submitting")
        self.csrf = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)

    def ask(self, kind, message=""):
        return self.url_open("/ai-interview/session/rights",
                             data={"csrf_token": self.csrf, "kind": kind, "message": message})

    def test_download_data_and_recordings(self):
        data = self.url_open("/ai-interview/session/my-data")
        self.assertEqual(data.status_code, 200)
        self.assertIn("attachment", data.headers["Content-Disposition"])
        payload = json.loads(data.content)
        self.assertEqual(len(payload["answers"]), 2)
        self.assertEqual({c["kind"] for c in payload["consents"]}, {"recording", "ai_analysis"})
        answer = self.interview.answer_ids[0]
        media = self.url_open(f"/ai-interview/session/my-data/recording/{answer.id}")
        self.assertEqual(media.status_code, 200)
        self.assertEqual(media.content, answer.attachment_id.raw)
        other = self.env["hr.ai.answer"].sudo().search([("interview_id", "!=", self.interview.id)], limit=1)
        if other:
            self.assertEqual(self.url_open(f"/ai-interview/session/my-data/recording/{other.id}").status_code, 404)

    def test_request_becomes_a_record_hr_answers_by_a_due_date(self):
        self.ask("deletion", "Please delete my video.")
        request = self.interview.rights_request_ids
        self.assertEqual((request.kind, request.state, request.message), ("deletion", "new", "Please delete my video."))
        self.assertEqual((request.date_due - request.create_date.date()).days, 15)
        self.assertTrue(request.activity_ids, "a to-do with the due date reminds HR")
        self.assertEqual(request.activity_ids.date_deadline, request.date_due)
        page = self.url_open("/ai-interview/session").text
        self.assertIn("o_hr_ai_request_state", page, "the candidate sees the request and its status")
        with self.assertRaises(ValidationError):
            request.with_user(self.officer).action_refuse()  # a refusal needs a reason
        request.with_user(self.officer).write({"response": "Deleted on request."})
        request.with_user(self.officer).action_done()
        self.assertEqual(request.state, "done")
        self.assertIn("Deleted on request.", self.url_open("/ai-interview/session").text)

    def test_withdrawing_the_ai_consent_stops_the_analysis(self):
        jobs = self.env["hr.ai.analysis.job"].sudo().search([("interview_id", "=", self.interview.id)])
        self.assertTrue(jobs.filtered(lambda j: j.state == "pending"))
        self.ask("withdraw_ai")
        self.assertTrue(self.interview.ai_opt_out, "human review only from now on")
        self.assertFalse(jobs.filtered(lambda j: j.state in ("pending", "running")), "queued analyses are cancelled")
        self.assertEqual(self.interview.rights_request_ids.state, "done")
        self.assertNotIn("withdraw_ai", self.url_open("/ai-interview/session").text, "nothing left to withdraw")

    # ------------------------------------------------------------------ requests carried out
    def analyse(self, hits=((True, True), (True, False))):
        """The worker's results on both answers and the report (as the queue would apply them)."""
        for answer, answer_hits in zip(self.interview.answer_ids, hits, strict=True):
            answer.sudo()._apply_result(self.result(score=73.0, hits=answer_hits))
        lines = self.job.ai_competency_ids
        self.interview.sudo()._apply_report({
            "competencies": [{"id": line.competency_id.id, "score": 61.0, "threshold": line.threshold,
                              "passed": index == 0, "answers": 1} for index, line in enumerate(lines)],
            "versions": {"worker": "test"}, "match": 67.0, "recommendation": "hold", "findings": [],
        })

    def test_deletion_done_deletes_recordings_transcripts_and_ai_results(self):
        self.analyse()
        answers = self.interview.answer_ids
        attachments = answers.attachment_id
        self.assertTrue(attachments and self.interview.competency_result_ids)
        self.ask("deletion")
        request = self.interview.rights_request_ids
        request.with_user(self.officer).action_done()
        self.assertEqual(request.state, "done")
        self.assertFalse(answers.exists(), "answers with their transcripts and AI results are gone")
        self.assertFalse(attachments.exists(), "the recordings are deleted")
        self.assertFalse(self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "hr.ai.answer"), ("res_id", "in", answers.ids)]))
        self.assertFalse(self.interview.competency_result_ids)
        self.assertFalse(self.interview.report_findings)
        self.assertFalse(self.interview.match_pct)
        self.assertFalse(self.env["hr.ai.analysis.job"].sudo().search([("interview_id", "=", self.interview.id)]))
        self.assertTrue(request.exists(), "the request itself stays")
        self.assertTrue(request.message_ids.filtered(lambda m: "Carried out" in (m.body or "")), "an audit line")
        page = self.url_open("/ai-interview/session").text
        self.assertIn("were deleted", page, "the candidate sees it was carried out")
        self.assertNotIn("o_hr_ai_my_recording", page)
        self.assertEqual(json.loads(self.url_open("/ai-interview/session/my-data").content)["answers"], [])

    def test_refused_deletion_deletes_nothing(self):
        self.ask("deletion")
        request = self.interview.rights_request_ids
        request.with_user(self.officer).write({"response": "We must keep it until the end of the appeal."})
        request.with_user(self.officer).action_refuse()
        self.assertEqual(len(self.interview.answer_ids), 2)

    def test_explanation_done_is_written_for_the_candidate(self):
        self.analyse()
        self.ask("explanation")
        request = self.interview.rights_request_ids
        request.with_user(self.officer).action_done()
        html = str(request.explanation_html)
        self.assertIn("Points found in your answer: kp0, kp1", html)
        self.assertIn("Points not found in your answer: kp1", html)
        self.assertIn(self.q1.name, html)
        self.assertIn(self.comp_cust.name, html)
        self.assertIn("at the level the job asks for", html)
        for internal in ("73", "61", "67", "threshold", "weight"):
            self.assertNotIn(internal, html, "no score internals")
        page = self.url_open("/ai-interview/session").text
        self.assertIn("o_hr_ai_explanation", page)
        self.assertIn("Points not found in your answer", page)

    def test_explanation_without_ai_says_people_reviewed(self):
        self.ask("withdraw_ai")
        self.ask("explanation")
        request = self.interview.rights_request_ids.filtered(lambda r: r.kind == "explanation")
        request.with_user(self.officer).action_done()
        self.assertIn("No automated analysis was made of your answers", str(request.explanation_html))

    def test_explanation_in_the_candidates_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hr_ai_interview_portal"], ["zh_CN"], overwrite=True)
        self.analyse()
        html = str(self.interview._candidate_explanation(lang="zh_CN"))
        self.assertIn("您的回答中未涉及的要点", html)
        self.assertNotIn("Points not found", html)

    def test_no_report_is_rebuilt_after_deletion(self):
        self.ask("deletion")
        self.interview.rights_request_ids.with_user(self.officer).action_done()
        self.env["hr.ai.interview"].sudo()._cron_heal_submitted()
        self.assertFalse(self.env["hr.ai.analysis.job"].sudo().search([("interview_id", "=", self.interview.id)]),
                         "nothing is analysed again from an interview whose data was deleted")
        self.assertTrue(self.interview.date_data_deleted)


@tagged("post_install", "-at_install")
class TestDeletionBeforeSubmitting(HttpCase, AiInterviewCase):
    def test_deletion_while_open_closes_the_interview(self):
        portal.LINK_LIMIT._hits.clear()
        interview, token = self.send_interview()
        self.url_open(f"/ai-interview/{token}")
        interview = interview.sudo()
        interview._candidate_give_consent(["recording", "ai_analysis"], "h")
        interview._candidate_save_answer(self.q1, WEBM_BYTES, client_duration=20)
        page = self.url_open("/ai-interview/session")
        csrf = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        self.url_open("/ai-interview/session/rights", data={"csrf_token": csrf, "kind": "deletion"})
        interview.rights_request_ids.with_user(self.officer).action_done()
        self.assertFalse(interview.answer_ids)
        page = self.url_open("/ai-interview/session")
        self.assertIn("o_hr_ai_deleted", page.text, "the page says the interview is closed")
        self.assertNotIn("o_hr_ai_recorder", page.text)
        reply = self.url_open("/ai-interview/session/upload",
                              data={"csrf_token": csrf, "question_id": self.q2.id, "key": "z" * 24})
        self.assertEqual(reply.status_code, 404, "nothing more is recorded")
