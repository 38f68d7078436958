# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After the link expired (DS-1): a one-time code sent to the application's email address opens the
candidate's data and rights, never the interview. Rate-limited, stored hashed, valid 15 minutes."""

import json
import re

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.hr_ai_interview.tests.common import WEBM_BYTES, AiInterviewCase
from odoo.addons.hr_ai_interview_portal.controllers import main as portal

EMAIL = "cand@example.com"


@tagged("post_install", "-at_install")
class TestAccessByCode(HttpCase, AiInterviewCase):
    def setUp(self):
        super().setUp()
        for limiter in (portal.LINK_LIMIT, portal.CODE_SEND_LIMIT, portal.CODE_VERIFY_LIMIT):
            limiter._hits.clear()
        self.interview, self.token = self.send_interview()
        self.interview = self.interview.sudo()
        self.interview._candidate_give_consent(["recording", "ai_analysis"], "h")
        self.interview._candidate_save_answer(self.q1, WEBM_BYTES, client_duration=20)
        # the deadline passed before the candidate submitted: the link is dead
        self.interview.write({"date_deadline": fields.Datetime.subtract(fields.Datetime.now(), hours=1)})
        self.assertEqual(self.applicant.email_normalized, EMAIL)

    def csrf(self, url="/ai-interview/access"):
        page = self.url_open(url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def mails(self):
        return self.env["mail.mail"].sudo().search([("email_to", "=", EMAIL)], order="id")

    def ask_code(self, email=EMAIL):
        before = self.mails()
        reply = self.url_open("/ai-interview/access", data={"csrf_token": self.csrf(), "email": email})
        self.assertEqual(reply.status_code, 200)
        self.assertIn("/ai-interview/access?step=code", reply.url)
        sent = self.mails() - before
        return re.search(r">\s*(\d{6})\s*<", sent.body_html).group(1) if sent else None

    def verify(self, code, email=EMAIL):
        return self.url_open("/ai-interview/access/verify",
                             data={"csrf_token": self.csrf(), "email": email, "code": code})

    def test_code_opens_data_and_rights_only(self):
        dead = self.url_open(f"/ai-interview/{self.token}")
        self.assertEqual(dead.status_code, 404)
        self.assertIn("/ai-interview/access", dead.text, "the neutral page offers the code")
        code = self.ask_code()
        self.assertTrue(code, "a code was mailed to the application's address")
        stored = self.env["hr.ai.access.code"].sudo().search([("email", "=", EMAIL)])
        self.assertEqual(len(stored), 1)
        self.assertNotIn(code, stored.code_hash, "only a hash is stored")
        self.assertEqual(round((stored.date_expiry - stored.create_date).total_seconds() / 60), 15)
        wrong = self.verify("000000" if code != "000000" else "111111")
        self.assertIn("error=1", wrong.url)
        page = self.verify(code)
        self.assertEqual(page.status_code, 200)
        self.assertIn("/ai-interview/rights", page.url)
        self.assertIn("o_hr_ai_rights_form", page.text)
        self.assertIn(self.job.name, page.text)
        # the data and the rights
        data = self.url_open(f"/ai-interview/session/my-data?interview_id={self.interview.id}")
        self.assertEqual(data.status_code, 200)
        self.assertEqual(len(json.loads(data.content)["answers"]), 1)
        answer = self.interview.answer_ids
        media = self.url_open(f"/ai-interview/session/my-data/recording/{answer.id}?interview_id={self.interview.id}")
        self.assertEqual(media.content, answer.attachment_id.raw)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        sent = self.url_open("/ai-interview/session/rights", data={
            "csrf_token": csrf, "kind": "deletion", "interview_id": self.interview.id})
        self.assertIn("/ai-interview/rights?sent=1", sent.url)
        self.assertEqual(self.interview.rights_request_ids.kind, "deletion")
        self.assertIn("o_hr_ai_request_state", self.url_open("/ai-interview/rights").text)
        # not the interview
        self.assertEqual(self.url_open("/ai-interview/session").status_code, 404)
        upload = self.url_open("/ai-interview/session/upload",
                               data={"csrf_token": csrf, "question_id": self.q2.id, "key": "c" * 24})
        self.assertEqual(upload.status_code, 404)
        # nor another candidate's data
        other = self.env["hr.ai.interview"].sudo().search([("id", "!=", self.interview.id)], limit=1)
        if other:
            self.assertEqual(self.url_open(f"/ai-interview/session/my-data?interview_id={other.id}").status_code,
                             404)
        # a code is used once
        self.assertIn("error=1", self.verify(code).url)

    def test_unknown_address_looks_the_same_and_gets_nothing(self):
        known = self.url_open("/ai-interview/access", data={"csrf_token": self.csrf(), "email": EMAIL})
        unknown = self.url_open("/ai-interview/access",
                                data={"csrf_token": self.csrf(), "email": "nobody@example.com"})
        self.assertEqual((known.status_code, known.url), (unknown.status_code, unknown.url))
        self.assertFalse(self.env["mail.mail"].sudo().search([("email_to", "=", "nobody@example.com")]))
        self.assertIn("error=1", self.verify("123456", email="nobody@example.com").url)
        self.assertEqual(self.url_open("/ai-interview/rights").status_code, 404)

    def test_code_expires_after_15_minutes(self):
        code = self.ask_code()
        with freeze_time(fields.Datetime.add(fields.Datetime.now(), minutes=16)):
            self.assertIn("error=1", self.verify(code).url)

    def test_attempts_are_limited(self):
        code = self.ask_code()
        wrong = "000000" if code != "000000" else "111111"
        for _attempt in range(5):
            self.assertIn("error=1", self.verify(wrong).url)
        self.assertIn("error=1", self.verify(code).url, "after 5 wrong attempts the code is dead")

    def test_codes_per_address_and_requests_per_client_are_limited(self):
        codes = [self.ask_code() for _i in range(4)]
        self.assertTrue(all(codes[:3]))
        self.assertIsNone(codes[3], "no more than 3 codes an hour for one address")
        self.assertIn("error=1", self.verify(codes[0]).url, "a newer code replaces the older ones")
        self.assertEqual(self.verify(codes[2]).status_code, 200)
        self.url_open("/ai-interview/access", data={"csrf_token": self.csrf(), "email": EMAIL})
        limited = self.url_open("/ai-interview/access", data={"csrf_token": self.csrf(), "email": EMAIL})
        self.assertEqual(limited.status_code, 429, "asking for codes is rate-limited per client")

    def test_code_access_next_to_a_live_link_in_the_same_browser(self):
        """A live link of another interview in the same browser does not take the requests meant for the
        interview the code opened."""
        self.verify(self.ask_code())
        other_candidate = self.env["hr.candidate"].create({"partner_name": "Other", "email_from": "o@example.com"})
        other_applicant = self.env["hr.applicant"].create({"candidate_id": other_candidate.id,
                                                           "job_id": self.job.id})
        live, token = self.send_interview(other_applicant)
        self.url_open(f"/ai-interview/{token}")
        page = self.url_open("/ai-interview/rights")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.url_open("/ai-interview/session/rights", data={
            "csrf_token": csrf, "kind": "explanation", "interview_id": self.interview.id})
        self.assertEqual(self.interview.rights_request_ids.kind, "explanation")
        self.assertFalse(live.sudo().rights_request_ids)
        data = self.url_open(f"/ai-interview/session/my-data?interview_id={self.interview.id}")
        self.assertEqual(len(json.loads(data.content)["answers"]), 1)
