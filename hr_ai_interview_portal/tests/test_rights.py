# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The candidate's rights from the same link, also after submitting (DS-1, DS-2, CN-5)."""

import json
import re

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.hr_ai_interview.tests.common import AiInterviewCase
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
