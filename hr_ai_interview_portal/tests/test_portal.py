# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.hr_ai_interview.tests.common import WEBM_BYTES, AiInterviewCase


@tagged("post_install", "-at_install")
class TestPortal(HttpCase, AiInterviewCase):
    def open_link(self, token):
        return self.url_open(f"/ai-interview/{token}", allow_redirects=True)

    def csrf(self, html):
        return re.search(r'csrf_token: "([^"]+)"', html).group(1)

    def test_neutral_page_for_bad_links(self):
        interview, token = self.send_interview()
        unknown = self.open_link("A" * 43)
        tampered = self.open_link(token[:-2] + "zz")
        self.assertEqual(unknown.status_code, 404)
        self.assertEqual(tampered.status_code, 404)
        interview.with_user(self.officer).action_cancel()
        cancelled = self.open_link(token)
        self.assertEqual(cancelled.status_code, 404)
        strip = lambda text: re.sub(r'csrf_token: "[^"]+"|/web/assets/[^"]+', "", text)  # noqa: E731
        self.assertEqual(strip(unknown.text), strip(cancelled.text), "no difference between unknown and cancelled")
        self.assertNotIn("Test Sales Job", cancelled.text)

    def test_expired_link(self):
        _interview, token = self.send_interview()
        with freeze_time(fields.Datetime.now() + timedelta(hours=25)):
            self.assertEqual(self.open_link(token).status_code, 404)

    def test_full_candidate_flow(self):
        interview, token = self.send_interview()
        first = self.url_open(f"/ai-interview/{token}", allow_redirects=False)
        self.assertEqual(first.status_code, 303)
        self.assertEqual(first.headers.get("Referrer-Policy"), "no-referrer")
        page = self.url_open("/ai-interview/session")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(token, page.text, "the token leaves the URL after the first request")
        self.assertIn("consent_ai_analysis", page.text)
        notice_hash = re.search(r'name="notice_hash" value="([0-9a-f]{64})"', page.text).group(1)
        csrf = self.csrf(page.text)
        # no recording consent: refused (nothing can be recorded without it)
        self.url_open("/ai-interview/session/consent", data={"csrf_token": csrf, "notice_hash": notice_hash,
                                                             "consent_ai_analysis": "1"})
        self.assertFalse(interview.consent_ids)
        page = self.url_open("/ai-interview/session/consent", data={
            "csrf_token": csrf, "notice_hash": notice_hash, "consent_recording": "1", "consent_ai_analysis": "1"})
        self.assertIn("o_hr_ai_recorder", page.text)
        self.assertEqual(interview.state, "in_progress")
        self.assertEqual(interview.consent_ids[0].notice_hash, notice_hash)
        csrf = self.csrf(page.text)

        def upload(question, data):
            return self.url_open("/ai-interview/session/answer", data={
                "csrf_token": csrf, "question_id": question.id, "duration": "12.5"},
                files={"media": ("x.webm", data, "video/webm")})

        refused = upload(self.q1, b"<html>not a video</html>")
        self.assertEqual(refused.status_code, 415)
        self.assertFalse(interview.answer_ids, "nothing stored")
        no_csrf = self.url_open("/ai-interview/session/answer", data={"question_id": self.q1.id},
                                files={"media": ("x.webm", WEBM_BYTES, "video/webm")})
        self.assertEqual(no_csrf.status_code, 400)
        ok = upload(self.q1, WEBM_BYTES)
        self.assertEqual(ok.status_code, 200, ok.text)
        self.assertTrue(ok.json()["ok"])
        answer = interview.answer_ids
        self.assertEqual(answer.client_duration, 12.5)
        # the recording is not public: an anonymous request without the session gets nothing
        self.opener.cookies.clear()
        self.assertNotEqual(self.url_open(f"/web/content/{answer.attachment_id.id}").status_code, 200)
        self.assertIn(upload(self.q2, WEBM_BYTES).status_code, (400, 404), "no session, no upload")
        self.assertEqual(len(interview.answer_ids), 1)

    def test_submit_shows_status_page(self):
        interview, token = self.send_interview()
        interview = self.answer_all(interview)
        page = self.open_link(token)
        self.assertIn("o_hr_ai_recorder", page.text)
        submit = self.url_open("/ai-interview/session/submit", data={"csrf_token": self.csrf(page.text)})
        self.assertEqual(submit.status_code, 200)
        self.assertEqual(interview.state, "submitted")
        self.assertIn("o_hr_ai_finished", self.url_open("/ai-interview/session").text)

    def test_worker_media_route(self):
        interview, _token = self.send_interview()
        self.answer_all(interview)
        key = self.env["hr.ai.analysis.job"]._generate_worker_api_key(user=self.worker)
        payload = self.env["hr.ai.analysis.job"].with_user(self.worker).worker_claim("w", ["analyze_answer"])[0]
        url = f"/hr_ai_interview/worker/media/{payload['id']}"
        good = self.url_open(url, headers={"Authorization": f"Bearer {key}", "X-Lease-Token": payload["lease_token"]})
        self.assertEqual(good.status_code, 200)
        self.assertEqual(good.content, WEBM_BYTES)
        wrong_lease = self.url_open(url, headers={"Authorization": f"Bearer {key}", "X-Lease-Token": "nope"})
        self.assertEqual(wrong_lease.status_code, 404)
        self.assertEqual(self.url_open(url, headers={"X-Lease-Token": payload["lease_token"]}).status_code, 401)
        officer_key = self.env["res.users.apikeys"].with_user(self.officer).sudo()._generate(None, "t", None)
        as_officer = self.url_open(url, headers={"Authorization": f"Bearer {officer_key}",
                                                 "X-Lease-Token": payload["lease_token"]})
        self.assertEqual(as_officer.status_code, 404, "only worker users fetch media through this route")

    def test_talent_pool_is_a_separate_unticked_choice(self):
        for agree in (False, True):
            applicant = self.env["hr.applicant"].create({"candidate_id": self.env["hr.candidate"].create(
                {"partner_name": f"Pool {agree}", "email_from": f"pool{agree}@example.com"}).id, "job_id": self.job.id})
            _interview, token = self.send_interview(applicant)
            self.open_link(token)
            page = self.url_open("/ai-interview/session")
            box = re.search(r'<input[^>]*id="consent_talent_pool"[^>]*>', page.text).group(0)
            self.assertNotIn("checked", box, "never ticked in advance")
            self.assertIn("12 months", page.text)
            data = {"csrf_token": self.csrf(page.text), "consent_recording": "1", "consent_ai_analysis": "1",
                    "notice_hash": re.search(r'name="notice_hash" value="([0-9a-f]{64})"', page.text).group(1)}
            if agree:
                data["consent_talent_pool"] = "1"
            self.assertIn("o_hr_ai_recorder", self.url_open("/ai-interview/session/consent", data=data).text)
            kinds = set(applicant.ai_interview_id.consent_ids.mapped("kind"))
            self.assertEqual("talent_pool" in kinds, agree)
            self.assertEqual(applicant.candidate_id.ai_in_pool, agree)
            self.url_open("/web/session/logout")

    def test_declining_ai_evaluation_means_human_review_only(self):
        """CN-4: without the AI consent the candidate still answers; nothing is queued for the AI and HR
        sees a human-review-only interview."""
        interview, token = self.send_interview()
        page = self.open_link(token)
        data = {"csrf_token": self.csrf(page.text), "consent_recording": "1",
                "notice_hash": re.search(r'name="notice_hash" value="([0-9a-f]{64})"', page.text).group(1)}
        page = self.url_open("/ai-interview/session/consent", data=data)
        self.assertIn("o_hr_ai_recorder", page.text, "the candidate can answer without the AI consent")
        self.assertEqual(interview.consent_ids.mapped("kind"), ["recording"], "one consent row only")
        self.assertTrue(interview.ai_opt_out)
        self.assertTrue(self.applicant.ai_interview_opt_out, "HR sees it on the applicant's AI tab")
        csrf = self.csrf(page.text)
        for question in (self.q1, self.q2):
            reply = self.url_open("/ai-interview/session/answer", data={
                "csrf_token": csrf, "question_id": question.id, "duration": "20"},
                files={"media": ("x.webm", WEBM_BYTES, "video/webm")})
            self.assertEqual(reply.status_code, 200, reply.text)
        self.assertEqual(set(interview.answer_ids.mapped("state")), {"human"})
        self.assertEqual(self.url_open("/ai-interview/session/submit", data={"csrf_token": csrf}).status_code, 200)
        self.assertEqual(interview.state, "submitted")
        jobs = self.env["hr.ai.analysis.job"].sudo().search([("interview_id", "=", interview.id)])
        self.assertFalse(jobs, "no analyze_answer and no build_report job")
        self.env["hr.ai.interview"]._cron_heal_submitted()
        self.assertFalse(self.env["hr.ai.analysis.job"].sudo().search([("interview_id", "=", interview.id)]),
                         "the healing cron does not queue it either")
        activities = self.env["mail.activity"].search([("res_model", "=", "hr.applicant"),
                                                       ("res_id", "=", self.applicant.id)])
        summaries = " ".join(activities.mapped("summary"))
        self.assertTrue("human review" in summaries or "仅人工评审" in summaries,
                        f"the recruiter is asked to review the answers: {activities.mapped('summary')}")
        self.assertFalse(interview.recommendation)
