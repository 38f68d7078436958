# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import HttpCase, tagged

from odoo.addons.hr_ai_interview.tests.common import WEBM_BYTES, AiInterviewCase
from odoo.addons.hr_ai_interview_portal.controllers import main as portal


@tagged("post_install", "-at_install")
class TestPortalHardening(HttpCase, AiInterviewCase):
    def setUp(self):
        super().setUp()
        portal.LINK_LIMIT._hits.clear()
        portal.UPLOAD_LIMIT._hits.clear()

    def csrf(self, html):
        return re.search(r'csrf_token: "([^"]+)"', html).group(1)

    def consented_session(self):
        """A candidate's browser session past the consents; returns (interview, csrf token)."""
        interview, token = self.send_interview()
        self.url_open(f"/ai-interview/{token}")
        interview.sudo()._candidate_give_consent(["recording", "ai_analysis"], "h")
        page = self.url_open("/ai-interview/session")
        self.assertIn("o_hr_ai_recorder", page.text)
        return interview, self.csrf(page.text)

    def upload(self, csrf, question, data):
        return self.url_open("/ai-interview/session/answer", data={"csrf_token": csrf, "question_id": question.id},
                             files={"media": ("x.webm", data, "video/webm")})

    def test_candidate_pages_carry_a_content_security_policy(self):
        _interview, token = self.send_interview()
        page = self.url_open(f"/ai-interview/{token}")
        csp = page.headers.get("Content-Security-Policy", "")
        self.assertIn("default-src 'self'", csp)
        self.assertIn("media-src 'self' blob:", csp, "the recorder's own preview still plays")
        self.assertIn("frame-ancestors 'none'", csp)

    def test_notice_names_the_llm_judge_when_on(self):
        self.job.company_id.write({"hr_ai_llm_judge": True, "hr_ai_llm_judge_name": "Qwen2.5 (self-hosted)"})
        _interview, token = self.send_interview()
        page = self.url_open(f"/ai-interview/{token}")
        self.assertIn("Qwen2.5 (self-hosted)", page.text)
        self.job.company_id.hr_ai_llm_judge = False
        portal.LINK_LIMIT._hits.clear()
        _interview, token = self.send_interview(self.env["hr.applicant"].create(
            {"candidate_id": self.candidate.id, "job_id": self.job.id}))
        self.assertNotIn("o_hr_ai_llm_notice", self.url_open(f"/ai-interview/{token}").text)

    def test_session_cookie_is_same_site(self):
        _interview, token = self.send_interview()
        first = self.url_open(f"/ai-interview/{token}", allow_redirects=False)
        cookie = first.headers.get("Set-Cookie", "")
        self.assertIn("session_id=", cookie)
        self.assertIn("SameSite=Lax", cookie)
        self.assertIn("HttpOnly", cookie)

    def test_large_answer_is_streamed_to_the_file_store(self):
        interview, csrf = self.consented_session()
        data = WEBM_BYTES + bytes(range(256)) * 16384  # 4 MB, several chunks
        self.assertEqual(self.upload(csrf, self.q1, data).status_code, 200)
        attachment = interview.answer_ids.attachment_id
        self.assertTrue(attachment.store_fname)
        self.assertEqual((attachment.file_size, interview.answer_ids.file_size), (len(data), len(data)))
        self.assertEqual(attachment.raw, data, "the stored file is the upload, byte for byte")
        self.assertEqual(attachment.checksum, __import__("hashlib").sha1(data).hexdigest())

    def test_configured_cap_refuses_before_reading(self):
        interview, csrf = self.consented_session()
        self.env["ir.config_parameter"].sudo().set_param("hr_ai_interview.max_upload_mb", "1")
        too_big = self.upload(csrf, self.q1, WEBM_BYTES + b"\0" * (3 * 1024 * 1024))
        self.assertEqual(too_big.status_code, 413)
        self.assertFalse(interview.answer_ids, "nothing stored")
        self.assertEqual(self.upload(csrf, self.q1, WEBM_BYTES).status_code, 200)

    def test_second_upload_without_retakes_is_409(self):
        interview, csrf = self.consented_session()
        self.assertEqual(self.upload(csrf, self.q2, WEBM_BYTES).status_code, 200)
        again = self.upload(csrf, self.q2, WEBM_BYTES + b"x")
        self.assertEqual(again.status_code, 409)
        self.assertFalse(again.json()["ok"])
        self.assertEqual(len(interview.answer_ids), 1)

    def test_link_lookups_are_rate_limited(self):
        statuses = [self.url_open(f"/ai-interview/{'B' * 43}", allow_redirects=False).status_code
                    for _ in range(portal.LINK_LIMIT.limit + 1)]
        self.assertEqual(statuses[:-1], [404] * portal.LINK_LIMIT.limit)
        self.assertEqual(statuses[-1], 429)
        last = self.url_open(f"/ai-interview/{'B' * 43}", allow_redirects=False)
        self.assertGreaterEqual(int(last.headers["Retry-After"]), 1)

    def test_no_session_no_upload(self):
        _interview, csrf = self.consented_session()
        self.opener.cookies.clear()
        login = self.url_open("/web/login")
        fresh_csrf = re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)
        refused = self.upload(fresh_csrf, self.q1, WEBM_BYTES)
        self.assertEqual(refused.status_code, 404, "a valid form from a session without the link opens nothing")


@tagged("post_install", "-at_install")
class TestPlayback(HttpCase, AiInterviewCase):
    def test_play_page_uses_the_browsers_player_and_logs_once(self):
        interview, _token = self.send_interview()
        interview = self.answer_all(interview)
        answer = interview.answer_ids[0]
        Log = self.env["hr.ai.media.access"]
        self.authenticate("admin", "admin")
        page = self.url_open(f"/hr_ai_interview/answer/{answer.id}/play")
        self.assertEqual(page.status_code, 200)
        self.assertIn("<video", page.text)
        media = self.url_open(f"/hr_ai_interview/answer/{answer.id}/media", headers={"Range": "bytes=0-"})
        self.assertIn(media.status_code, (200, 206))
        self.assertTrue(WEBM_BYTES.startswith(media.content[:16]))
        self.assertNotIn("default-src 'none'", media.headers.get("Content-Security-Policy", ""),
                         "nothing blocks the browser's own player")
        self.url_open(f"/hr_ai_interview/answer/{answer.id}/media", headers={"Range": "bytes=100-"})
        lines = Log.search([("answer_id", "=", answer.id)])
        self.assertEqual(lines.mapped("channel"), ["play"], "one line for one viewing, however the player seeks")
        self.authenticate("admin", "admin")  # another session: its direct fetch of the media is logged
        self.url_open(f"/hr_ai_interview/answer/{answer.id}/media?from_player=1")
        self.assertEqual(Log.search_count([("answer_id", "=", answer.id), ("channel", "=", "web_content")]), 1)
        download = self.url_open(f"/web/content/{answer.attachment_id.id}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(sorted(Log.search([("answer_id", "=", answer.id)]).mapped("channel")),
                         ["play", "web_content", "web_content"])
