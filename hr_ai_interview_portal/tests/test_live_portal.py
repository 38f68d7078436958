# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.hr_ai_interview.tests.common import WEBM_BYTES, AiInterviewCase
from odoo.addons.hr_ai_interview.tools import logfilter


@tagged("post_install", "-at_install")
class TestLivePortal(HttpCase, AiInterviewCase):
    """The candidate's page of a live interview: link, notice and consent, utterance uploads; never hints."""

    def setUp(self):
        super().setUp()
        action = self.applicant.with_user(self.interviewer).action_ai_live_interview()
        self.session = self.env["hr.ai.live.session"].browse(action["params"]["session_id"])
        url, _mailed = self.session.with_user(self.interviewer)._new_link()
        self.token = url.rsplit("/", 1)[1]

    def csrf(self, html):
        return re.search(r'csrf_token: "([^"]+)"', html).group(1)

    def open_page(self):
        return self.url_open(f"/ai-live/{self.token}")

    def consent(self, page, choice, ticked=True):
        data = {"csrf_token": self.csrf(page.text), "choice": choice,
                "notice_hash": re.search(r'name="notice_hash" value="([0-9a-f]{64})"', page.text).group(1)}
        if ticked:
            data["consent_listening"] = "1"
        return self.url_open("/ai-live/session/consent", data=data)

    def upload(self, csrf, data=WEBM_BYTES, key="utterance-0001"):
        return self.url_open("/ai-live/session/utterance", data={"csrf_token": csrf, "key": key, "age_ms": "3000",
                                                                 "duration": "2.5"},
                             files={"media": ("u.webm", data, "audio/webm")})

    def test_bad_links(self):
        unknown = self.url_open("/ai-live/" + "A" * 43)
        tampered = self.url_open(f"/ai-live/{self.token[:-2]}zz")
        self.assertEqual((unknown.status_code, tampered.status_code), (404, 404))
        self.assertNotIn("Test Sales Job", unknown.text)
        self.assertEqual(self.url_open("/ai-live/session").status_code, 404, "no link opened in this browser")
        first = self.url_open(f"/ai-live/{self.token}", allow_redirects=False)
        self.assertEqual(first.status_code, 303)
        self.assertEqual(first.headers.get("Referrer-Policy"), "no-referrer")
        page = self.url_open("/ai-live/session")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.token, page.text, "the token leaves the URL after the first request")
        self.session.with_user(self.interviewer).action_end()
        self.assertEqual(self.url_open("/ai-live/session").status_code, 404)
        strip = lambda text: re.sub(r'csrf_token: "[^"]+"|/web/assets/[^"]+', "", text)  # noqa: E731
        ended = self.url_open(f"/ai-live/{self.token}")
        self.assertEqual(ended.status_code, 404)
        self.assertEqual(strip(ended.text), strip(unknown.text), "an ended interview's link looks like any wrong one")

    def test_link_kept_out_of_the_log(self):
        record = logging.LogRecord("werkzeug", logging.INFO, "", 0, '"%s %s"', ("GET", f"/ai-live/{self.token}"), None)
        logfilter.RedactInvitationLinks().filter(record)
        self.assertEqual(record.getMessage(), '"GET /ai-live/<redacted>"')

    def test_consent_is_unticked_and_declining_keeps_the_interview(self):
        page = self.open_page()
        self.assertIn("The AI listens; the interviewer decides.", page.text)
        box = re.search(r'<input[^>]*id="consent_listening"[^>]*>', page.text).group(0)
        self.assertNotIn("checked", box, "never ticked in advance")
        # agreeing without the box ticked is refused
        refused = self.consent(page, "agree", ticked=False)
        self.assertIn("o_hr_ai_live_consent_error", refused.text)
        self.assertFalse(self.session.consent_ids)
        declined = self.consent(self.open_page(), "decline", ticked=False)
        self.assertIn("o_hr_ai_live_without_ai", declined.text)
        self.assertNotIn('class="o_hr_ai_live_listener"', declined.text, "no microphone without consent")
        self.assertEqual(self.session.ai_consent, "declined")
        self.session.with_user(self.interviewer).action_start()
        no_consent = self.upload(self.csrf(declined.text))
        self.assertEqual(no_consent.status_code, 403)
        self.assertFalse(self.session.utterance_ids)
        # a change of mind: agree after all, then stop it again
        agreed = self.consent(declined, "agree")
        self.assertIn("o_hr_ai_live_listener", agreed.text)
        self.assertEqual(self.session.ai_consent, "given")
        self.url_open("/ai-live/session/withdraw", data={"csrf_token": self.csrf(agreed.text)})
        self.assertEqual(self.session.ai_consent, "withdrawn")
        self.assertEqual(self.session.consent_ids.mapped("given"), [False, True, False])

    def test_utterance_upload(self):
        page = self.consent(self.open_page(), "agree")
        csrf = self.csrf(page.text)
        self.assertEqual(self.upload(csrf).status_code, 409, "the interviewer has not started yet")
        self.session.with_user(self.interviewer).action_start()
        self.assertEqual(self.upload(csrf, data=b"<html>not audio</html>").status_code, 415)
        no_csrf = self.url_open("/ai-live/session/utterance", data={"key": "utterance-0009"},
                                files={"media": ("u.webm", WEBM_BYTES, "audio/webm")})
        self.assertEqual(no_csrf.status_code, 400)
        ok = self.upload(csrf)
        self.assertEqual(ok.status_code, 200, ok.text)
        self.assertEqual(ok.json(), {"ok": True, "sequence": 1})
        utterance = self.session.utterance_ids
        self.assertEqual(utterance.ai_job_ids.kind, "live_chunk")
        self.assertEqual(utterance.duration, 2.5)
        self.assertEqual(self.upload(csrf).json(), {"ok": True, "sequence": 1}, "sent again: kept once")
        listening = self.url_open("/ai-live/session/listening", data={"csrf_token": csrf, "listening": "1"})
        self.assertEqual(listening.json()["listening"], "listening")
        self.assertEqual(self.session.candidate_listening, "listening")
        self.opener.cookies.clear()
        self.assertIn(self.upload(csrf, key="utterance-0002").status_code, (400, 404), "no session, no upload")

    def test_candidate_never_sees_hints_or_transcripts(self):
        page = self.consent(self.open_page(), "agree")
        self.session.with_user(self.interviewer).action_start()
        self.upload(self.csrf(page.text))
        utterance = self.session.utterance_ids
        queue = self.env["hr.ai.analysis.job"].with_user(self.worker)
        claimed = queue.worker_claim("w", ["live_chunk"])[0]
        text = "我先去拜访了客户。"
        result = {"schema": "hr_ai.live_chunk_result/1", "utterance_id": utterance.id, "language": "zh",
                  "text": text, "segments": [{"start": utterance.offset, "end": utterance.offset + 2, "text": text}],
                  "coverage": [{"question_id": self.q1.id, "key_points": [
                      {"text": "visit", "covered": True, "quote": "拜访了客户", "start": 0, "end": 1}]}],
                  "hints": [{"code": "key_point_missing", "question_id": self.q1.id, "key_point": "contract"}]}
        self.assertTrue(queue.worker_submit(claimed["id"], claimed["lease_token"], result)["accepted"])
        hint_text = self.session.hint_ids.with_context(lang="en_US").text
        self.assertTrue(hint_text)
        for response in (self.url_open("/ai-live/session"), self.url_open("/ai-live/session/state")):
            self.assertEqual(response.status_code, 200)
            for secret in (text, "拜访了客户", hint_text, "contract", "key_point"):
                self.assertNotIn(secret, response.text)
        state = self.url_open("/ai-live/session/state").json()
        self.assertEqual(set(state), {"ok", "state", "ai_consent", "listening", "may_listen", "call_url"})
        self.assertEqual(self.url_open("/ai-live/session/state").headers.get("Cache-Control"), "no-store")

    def test_video_call_button(self):
        self.session.with_user(self.interviewer).write({"video_url": "https://meet.example.com/abc"})
        first = self.open_page()
        self.assertNotIn('href="/ai-live/session/call"', first.text, "the notice and the choice come first")
        page = self.consent(first, "decline", ticked=False)
        self.assertIn('href="/ai-live/session/call"', page.text)
        self.assertNotIn("data-embed", page.text, "another video service opens in a new tab, not in the page")
        call = self.url_open("/ai-live/session/call", allow_redirects=False)
        self.assertEqual((call.status_code, call.headers["Location"]), (303, "https://meet.example.com/abc"))


@tagged("post_install", "-at_install")
class TestLiveSchedulePortal(HttpCase, AiInterviewCase):
    """The candidate picks one of the times offered, moves it, asks for others or cancels, from the link."""

    def setUp(self):
        super().setUp()
        action = self.applicant.with_user(self.interviewer).action_ai_live_interview()
        self.session = self.env["hr.ai.live.session"].browse(action["params"]["session_id"])
        self.interviewer.tz = "Asia/Shanghai"
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        times = [(now + timedelta(days=day, hours=3), now + timedelta(days=day, hours=3, minutes=45))
                 for day in (1, 2, 3)]
        url, _mailed = self.session.with_user(self.interviewer)._ai_offer_slots(times)
        self.token = url.rsplit("/", 1)[1]
        self.slots = self.session.slot_ids

    def csrf(self, html):
        return re.search(r'csrf_token: "([^"]+)"', html).group(1)

    def book(self, page, slot, tz="Europe/Paris"):
        return self.url_open("/ai-live/session/book", data={
            "csrf_token": self.csrf(page.text), "slot_id": str(slot.id), "tz": tz})

    def test_pick_move_and_cancel(self):
        page = self.url_open(f"/ai-live/{self.token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_hr_ai_live_schedule_form", page.text, "the times come first")
        self.assertEqual(len(re.findall(r'name="slot_id"', page.text)), 3)
        self.assertIn("data-start=", page.text, "the browser rewrites the times in its own time zone")
        booked = self.book(page, self.slots[1])
        self.assertEqual(booked.status_code, 200)
        self.assertIn("o_hr_ai_live_booked", booked.text, "the booked time is shown")
        self.assertIn("consent_listening", booked.text, "then the notice and consent")
        event = self.session.calendar_event_id
        self.assertEqual(event.start, self.slots[1].start)
        self.assertEqual(self.applicant.partner_id.tz, "Europe/Paris")
        # change the time
        change = self.url_open("/ai-live/session?reschedule=1")
        self.assertIn("o_hr_ai_live_schedule_form", change.text)
        self.book(change, self.slots[2])
        self.assertEqual((event.start, self.session.calendar_event_id), (self.slots[2].start, event))
        # a slot of another interview is refused
        other = self.env["hr.ai.live.slot"].create({"session_id": self.session.copy().id,
                                                    "start": self.slots[0].start, "stop": self.slots[0].stop})
        refused = self.book(change, other)
        self.assertIn("no longer available", refused.text)
        # cancelling needs the box ticked
        unconfirmed = self.url_open("/ai-live/session/cancel", data={"csrf_token": self.csrf(change.text)})
        self.assertIn("Tick the box", unconfirmed.text)
        self.assertEqual(self.session.state, "draft")
        done = self.url_open("/ai-live/session/cancel", data={"csrf_token": self.csrf(change.text), "confirm": "1",
                                                              "reason": "Found another job"})
        self.assertIn("Your interview is cancelled", done.text)
        self.assertEqual(self.session.state, "cancelled")
        self.assertFalse(event.active)
        self.assertEqual(self.url_open("/ai-live/session").status_code, 404, "the link stops working")

    def test_ask_for_other_times(self):
        page = self.url_open(f"/ai-live/{self.token}")
        thanks = self.url_open("/ai-live/session/other-times", data={
            "csrf_token": self.csrf(page.text), "message": "Weekends only"})
        self.assertIn("other times by email", thanks.text)
        self.assertTrue(self.session.other_times_requested)
        self.assertIn("Weekends only", self.applicant.activity_ids.note or "")

    def test_join_the_call_as_a_guest_after_the_notice(self):
        page = self.url_open(f"/ai-live/{self.token}")
        page = self.book(page, self.slots[0])
        before = self.url_open("/ai-live/session/call", allow_redirects=False)
        self.assertEqual(before.status_code, 303)
        self.assertTrue(before.headers["Location"].endswith("/ai-live/session"), "the notice comes first")
        self.url_open("/ai-live/session/consent", data={
            "csrf_token": self.csrf(page.text), "choice": "decline",
            "notice_hash": re.search(r'name="notice_hash" value="([0-9a-f]{64})"', page.text).group(1)})
        listener = self.url_open("/ai-live/session")
        self.assertIn('href="/ai-live/session/call"', listener.text, "the call without AI too")
        joined = self.url_open("/ai-live/session/call", allow_redirects=False)
        self.assertEqual(joined.status_code, 303)
        channel = self.session.calendar_event_id.videocall_channel_id
        self.assertTrue(channel, "Odoo's video call of the meeting")
        self.assertTrue(joined.headers["Location"].endswith(f"/chat/{channel.id}/{channel.uuid}"))
        guests = channel.channel_member_ids.guest_id
        self.assertEqual(guests.mapped("name"), ["Test Candidate"], "a guest named after the candidate, no account")
        self.assertIn(guests._cookie_name, joined.cookies)
        # joining again (a dropped connection) comes back to the same call as the same guest
        again = self.url_open("/ai-live/session/call", allow_redirects=False)
        self.assertTrue(again.headers["Location"].endswith(f"/chat/{channel.id}/{channel.uuid}"))
        self.assertEqual(channel.channel_member_ids.guest_id, guests)
        call_page = self.url_open(again.headers["Location"])
        self.assertEqual(call_page.status_code, 200)
        # the interviewer joins from the copilot: a member of the same channel
        result = self.session.with_user(self.interviewer).live_panel_join_call()
        self.assertEqual(result, {"channel_id": channel.id})
        self.assertIn(self.interviewer.partner_id, channel.channel_member_ids.partner_id)
        # once the interview is over, the link opens nothing, and the candidate is out of the call and its chat
        old_invitation, old_video_link = again.headers["Location"], self.session.calendar_event_id.videocall_location
        self.session.with_user(self.interviewer).action_end()
        self.assertEqual(self.url_open("/ai-live/session/call").status_code, 404)
        self.assertFalse(channel.channel_member_ids.guest_id, "no guest left in the call")
        self.assertIn(self.interviewer.partner_id, channel.channel_member_ids.partner_id)
        self.assertEqual(self.url_open(old_invitation).status_code, 404, "the old invitation link is dead")
        self.assertNotEqual(self.session.calendar_event_id.videocall_location, old_video_link)
