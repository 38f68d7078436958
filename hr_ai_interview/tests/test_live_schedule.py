# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AiInterviewCase

TZ = pytz.timezone("Asia/Shanghai")
NOW = datetime(2026, 12, 7, 0, 0)  # a Monday, 08:00 in Shanghai


def utc(day, hour, minute=0):
    """A naive UTC datetime for a Shanghai local time in the week of NOW."""
    return TZ.localize(datetime(2026, 12, day, hour, minute)).astimezone(pytz.utc).replace(tzinfo=None)


def local(value):
    return pytz.utc.localize(value).astimezone(TZ)


@tagged("post_install", "-at_install")
class TestLiveSchedule(AiInterviewCase):
    """Scheduling a live interview: times from the interviewers' calendars (working hours, time off, meetings),
    the candidate books, moves or cancels, the meeting carries Odoo's video call and the reminders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.company.resource_calendar_id
        cls.calendar.tz = "Asia/Shanghai"
        (cls.interviewer | cls.other_interviewer).write({"tz": "Asia/Shanghai"})
        cls.interviewer.email = "interviewer@example.com"

    def setUp(self):
        super().setUp()
        self.frozen = freeze_time(NOW)
        self.frozen.start()
        self.addCleanup(self.frozen.stop)
        action = self.applicant.with_user(self.interviewer).action_ai_live_interview()
        self.session = self.env["hr.ai.live.session"].browse(action["params"]["session_id"])

    def meeting(self, user, start, stop, **vals):
        return self.env["calendar.event"].create(dict({
            "name": "Busy", "start": start, "stop": stop, "partner_ids": [(6, 0, user.partner_id.ids)],
            "user_id": user.id}, **vals))

    def event_mail_partners(self, event, exclude=None):
        """Who got a mail about the meeting (Odoo sends them at once and deletes the outgoing mails)."""
        messages = self.env["mail.message"].search([("model", "=", "calendar.event"), ("res_id", "=", event.id)])
        return (messages - (exclude or messages.browse())).partner_ids

    def free(self, users=None, limit=6, minutes=45):
        return self.session._ai_free_slots(users or self.interviewer, utc(7, 0), utc(12, 0), minutes, limit=limit)

    def offer(self, count=4):
        wizard = self.env["hr.ai.live.schedule.wizard"].with_user(self.interviewer).create({
            "session_id": self.session.id, "date_from": "2026-12-07", "date_to": "2026-12-11", "slot_count": count})
        wizard.action_offer()
        return self.session.slot_ids.filtered(lambda s: s.state == "proposed")

    # free times ------------------------------------------------------------------------------
    def test_free_times_follow_working_hours_meetings_and_holidays(self):
        self.meeting(self.interviewer, utc(8, 8), utc(8, 16))  # Tuesday 08:00-16:00
        self.meeting(self.interviewer, utc(10, 9), utc(10, 17), show_as="free")  # shown as free: not busy
        self.env["resource.calendar.leaves"].create({
            "name": "Holiday", "calendar_id": self.calendar.id, "date_from": utc(9, 0), "date_to": utc(9, 23, 59)})
        slots = self.free(limit=8)
        self.assertEqual(len(slots), 8)
        days = set()
        for start, stop in slots:
            begin, end = local(start), local(stop)
            days.add(begin.day)
            self.assertEqual(end - begin, timedelta(minutes=45))
            self.assertGreaterEqual(start, NOW + timedelta(hours=2), "two hours from now at the earliest")
            self.assertIn(begin.minute, (0, 30))
            self.assertTrue(8 <= begin.hour < 12 and end.hour * 60 + end.minute <= 12 * 60
                            or 13 <= begin.hour and end.hour * 60 + end.minute <= 17 * 60,
                            f"{begin:%a %H:%M} is in the working hours")
            if begin.day == 8:
                self.assertGreaterEqual(begin.hour, 16, "not during Tuesday's meeting")
        self.assertNotIn(9, days, "not on the public holiday")
        self.assertEqual(days, {7, 8, 10, 11}, "spread over every free day")
        self.assertTrue(any(local(s).day == 10 and local(s).hour < 12 for s, _e in slots),
                        "a meeting shown as free does not block")

    def test_free_times_suit_every_interviewer(self):
        self.meeting(self.other_interviewer, utc(7, 8), utc(7, 17))  # the other one's Monday is full
        both = self.free(self.interviewer | self.other_interviewer, limit=20)
        alone = self.free(limit=20)
        self.assertTrue(any(local(s).day == 7 for s, _e in alone))
        self.assertFalse(any(local(s).day == 7 for s, _e in both))
        self.assertTrue(both)

    def test_all_day_meetings_block_the_whole_day(self):
        self.meeting(self.interviewer, utc(8, 0), utc(8, 23), allday=True, start_date="2026-12-08",
                     stop_date="2026-12-08")
        days = {local(s).day for s, _e in self.free(limit=20)}
        self.assertNotIn(8, days, "an all-day meeting (Tuesday, out of office) blocks Tuesday in Shanghai")
        self.assertIn(7, days)

    def test_declined_and_archived_meetings_do_not_block(self):
        declined = self.meeting(self.interviewer, utc(7, 8), utc(7, 17))
        declined.attendee_ids.filtered(lambda a: a.partner_id == self.interviewer.partner_id).state = "declined"
        archived = self.meeting(self.interviewer, utc(8, 8), utc(8, 17))
        archived.active = False
        days = {local(s).day for s, _e in self.free(limit=20)}
        self.assertTrue({7, 8} <= days)

    # offering and booking --------------------------------------------------------------------
    def test_offer_mails_the_candidate_a_link_with_the_times(self):
        self.env["mail.mail"].search([]).unlink()
        slots = self.offer(count=4)
        self.assertEqual(len(slots), 4)
        self.assertEqual(self.session.schedule_state, "proposed")
        mail = self.env["mail.mail"].search([("model", "=", self.session._name), ("res_id", "=", self.session.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn("cand@example.com", mail.email_to)
        self.assertRegex(mail.body_html, r"/ai-live/[A-Za-z0-9_-]{40,}")
        first = local(slots[0].start)
        self.assertIn(f"{first:%H:%M}", mail.body_html, "the times are listed in the mail")
        # offering again releases the earlier times
        self.offer(count=2)
        self.assertEqual(len(self.session.slot_ids.filtered(lambda s: s.state == "proposed")), 2)
        self.assertEqual(len(self.session.slot_ids.filtered(lambda s: s.state == "released")), 4)

    def test_booking_creates_the_meeting_with_video_call_and_reminders(self):
        slot = self.offer()[0]
        event = self.session._candidate_book(slot, tz="Europe/Paris")
        self.assertEqual((event.start, event.stop), (slot.start, slot.stop))
        self.assertEqual(self.session.calendar_event_id, event)
        self.assertEqual(self.session.schedule_state, "booked")
        partner = self.applicant.partner_id
        self.assertTrue(partner, "the candidate has a contact for the invitation")
        self.assertEqual(partner.tz, "Europe/Paris", "the candidate's own time zone for the mails")
        self.assertEqual(event.partner_ids, self.interviewer.partner_id | partner)
        self.assertEqual(event.applicant_id, self.applicant)
        self.assertEqual((event.res_model, event.res_id), (self.session._name, self.session.id))
        opened = event.with_user(self.interviewer).action_open_calendar_event()
        self.assertEqual((opened["res_model"], opened["res_id"]), (self.session._name, self.session.id),
                         "the meeting's button opens the live interview")
        self.assertEqual(event.videocall_source, "discuss", "Odoo's own video call")
        self.assertIn("/calendar/join_videocall/", event.videocall_location)
        self.assertEqual(self.session.call_url, event.videocall_location)
        self.assertIn(self.env.ref("hr_ai_interview.alarm_mail_1_day"), event.alarm_ids)
        self.assertGreaterEqual(self.session.date_link_expiry, slot.stop, "the link works until the interview")
        self.assertIn(partner, self.event_mail_partners(event), "Odoo's invitation goes to the candidate")
        self.assertTrue(slot.state == "booked" and len(self.session.slot_ids.filtered(
            lambda s: s.state == "booked")) == 1)

    def test_reminder_the_day_before_reaches_the_candidate(self):
        slot = self.offer()[-1]
        event = self.session._candidate_book(slot)
        before = self.env["mail.message"].search([("model", "=", "calendar.event"), ("res_id", "=", event.id)])
        with freeze_time(event.start - timedelta(days=1) + timedelta(minutes=1)):
            self.env["calendar.alarm_manager"].with_context(
                lastcall=event.start - timedelta(days=1) - timedelta(minutes=1))._send_reminder()
        self.assertIn(self.applicant.partner_id, self.event_mail_partners(event, exclude=before),
                      "the reminder mail of the day before goes to the candidate")

    def test_a_time_taken_meanwhile_is_refused(self):
        slot = self.offer()[0]
        self.meeting(self.interviewer, slot.start, slot.stop)
        with self.assertRaisesRegex(UserError, "just taken"):
            self.session._candidate_book(slot)
        self.assertEqual(slot.state, "released")
        self.assertFalse(self.session.calendar_event_id)

    def test_candidate_moves_the_meeting(self):
        first, second = self.offer()[:2]
        event = self.session._candidate_book(first)
        moved = self.session._candidate_book(second)
        self.assertEqual(moved, event, "the same meeting is moved")
        self.assertEqual((event.start, event.stop), (second.start, second.stop))
        self.assertEqual((first.state, second.state), ("proposed", "booked"))
        with self.assertRaises(UserError):  # a passed time cannot be booked
            with freeze_time(first.start + timedelta(minutes=1)):
                self.session._candidate_book(first)

    def test_candidate_cancels(self):
        event = self.session._candidate_book(self.offer()[0])
        self.session._candidate_cancel("I accepted another offer.")
        self.assertEqual(self.session.state, "cancelled")
        self.assertFalse(event.active, "removed from the calendars")
        self.assertFalse(self.session.token_hash, "the link stops working")
        activity = self.applicant.activity_ids.filtered(lambda a: a.user_id == self.interviewer)
        self.assertIn("cancelled", activity.summary)
        self.assertIn("another offer", self.applicant.message_ids[0].body)

    def test_candidate_asks_for_other_times(self):
        self.offer()
        self.session._candidate_ask_other_times("Evenings after 18:00")
        self.assertTrue(self.session.other_times_requested)
        activity = self.applicant.activity_ids.filtered(lambda a: a.user_id == self.interviewer)
        self.assertIn("Evenings", str(activity.note))
        self.offer(count=2)
        self.assertFalse(self.session.other_times_requested, "cleared once new times are offered")

    def test_hr_cancel_tells_the_candidate(self):
        event = self.session._candidate_book(self.offer()[0])
        self.env["mail.mail"].search([]).unlink()
        self.session.with_user(self.interviewer).action_cancel()
        self.assertFalse(event.active)
        mail = self.env["mail.mail"].search([("model", "=", self.session._name), ("res_id", "=", self.session.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn("cancelled", mail.subject)

    def test_hr_offers_new_times_after_booking(self):
        event = self.session._candidate_book(self.offer()[0])
        self.offer(count=2)
        self.assertFalse(event.active, "the earlier meeting is removed")
        self.assertFalse(self.session.calendar_event_id)
        self.assertEqual(self.session.schedule_state, "proposed")

    def test_the_session_keeps_its_meeting(self):
        """Only the meeting the candidate's booking made is acted on (moved, archived, its call joined)."""
        other = self.meeting(self.other_interviewer, utc(9, 9), utc(9, 10), privacy="private")
        with self.assertRaises(AccessError):
            self.session.with_user(self.interviewer).write({"calendar_event_id": other.id})
        self.session.sudo().write({"calendar_event_id": other.id})  # even if linked by other means
        self.assertEqual(self.session.with_user(self.interviewer).live_panel_join_call(), {"url": ""})
        self.assertFalse(other.videocall_channel_id)
        self.session.with_user(self.interviewer).action_cancel()
        self.assertTrue(other.active, "another meeting is never archived")

    def test_wizard_starts_from_the_session(self):
        self.session.with_user(self.interviewer).write({
            "duration": 60, "interviewer_ids": [(6, 0, self.other_interviewer.ids)]})
        action = self.session.with_user(self.interviewer).action_schedule()
        wizard = self.env["hr.ai.live.schedule.wizard"].with_user(self.interviewer).with_context(
            **action["context"]).create({"date_from": "2026-12-07", "date_to": "2026-12-11"})
        self.assertEqual((wizard.duration, wizard.interviewer_ids), (60, self.other_interviewer))
        starts = [(line.start, line.stop) for line in wizard.line_ids]
        self.assertEqual(starts, self.session._ai_free_slots(self.interviewer | self.other_interviewer, utc(7, 0),
                                                             utc(11, 23, 59), 60, limit=6)[:len(starts)])

    def test_wizard_for_an_interviewer_and_access(self):
        wizard = self.env["hr.ai.live.schedule.wizard"].with_user(self.interviewer).create({
            "session_id": self.session.id, "date_from": "2026-12-07", "date_to": "2026-12-08"})
        self.assertTrue(wizard.line_ids, "an interviewer sees their free times")
        wizard.line_ids.write({"selected": False})
        with self.assertRaisesRegex(UserError, "No free time is ticked"):
            wizard.action_offer()
        # another interviewer of another job cannot schedule this interview
        stranger = self.env["res.users"].create({
            "name": "Stranger", "login": "ai_stranger_sched",
            "groups_id": [(6, 0, [self.env.ref("hr_recruitment.group_hr_recruitment_interviewer").id])]})
        with self.assertRaises(AccessError):
            self.session.with_user(stranger).action_schedule()
        slot = self.offer(count=1)
        self.assertRegex(slot.with_context(tz="Asia/Shanghai").display_name,
                         r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}–\d{2}:\d{2} \(Asia/Shanghai\)")
