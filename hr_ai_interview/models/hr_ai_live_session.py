# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import math
import re
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_datetime

from odoo.addons.resource.models.utils import Intervals

from ..tools import report_format
from ..tools.live_schema import PAYLOAD_SCHEMA
from ..tools.media import UploadRejected, sniff
from ..tools.tokens import hash_token, new_token

OPEN_STATES = ("draft", "live")
LINK_DAYS = 7
NO_WORKER_SECONDS = 10
MAX_UTTERANCE_BYTES = 2 * 1024 * 1024
MAX_PAYLOAD_SEGMENTS = 300
LIVE_MIMETYPES = {"webm": "audio/webm", "ogg": "audio/ogg", "mp4": "audio/mp4"}
BUS_TYPE = "hr_ai_live/update"
SLOT_LEAD_HOURS = 2  # the earliest time offered: two hours from now
SLOT_STEP_MINUTES = 30  # slots start on the hour or the half hour
SLOTS_PER_DAY = 3
URL_RE = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


class HrAiLiveSession(models.Model):
    """A live interview (a call between the interviewer and the candidate) with the AI copilot: the candidate's
    speech is transcribed as it comes and the interviewer sees which key points and competencies were heard,
    with hints on what to ask next. The interviewer leads the interview and decides; the candidate never sees
    the hints, and without the candidate's consent nothing is listened to."""

    _name = "hr.ai.live.session"
    _description = "Live AI Interview"
    _inherit = ["mail.thread"]
    _order = "id desc"

    # written by the system only (candidate pages, queue, actions)
    PROTECTED_FIELDS = frozenset({
        "state", "token_hash", "date_link_sent", "date_link_expiry", "date_start", "date_end", "applicant_id",
        "job_id", "consent_ids", "utterance_ids", "hint_ids", "coverage_ids", "candidate_listening",
        "slot_ids", "other_times_requested", "calendar_event_id",
    })

    name = fields.Char(compute="_compute_name", store=True)
    applicant_id = fields.Many2one("hr.applicant", required=True, index=True, ondelete="cascade")
    partner_name = fields.Char(related="applicant_id.partner_name")
    job_id = fields.Many2one("hr.job", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    user_id = fields.Many2one("res.users", "Interviewer", required=True, default=lambda self: self.env.user,
                              tracking=True, domain=[("share", "=", False)])
    state = fields.Selection(
        [("draft", "Not started"), ("live", "Live"), ("ended", "Ended"), ("cancelled", "Cancelled")],
        default="draft", required=True, tracking=True, copy=False, index=True)
    lang = fields.Selection([("zh", "Chinese (Mandarin)"), ("en", "English")], required=True, default="zh")
    mail_lang = fields.Char(compute="_compute_mail_lang")
    token_hash = fields.Char(copy=False, index=True, groups="base.group_system")
    date_link_sent = fields.Datetime("Link created on", readonly=True, copy=False)
    date_link_expiry = fields.Datetime("Link valid until", readonly=True, copy=False)
    calendar_event_id = fields.Many2one("calendar.event", "Meeting", ondelete="set null", copy=False, readonly=True,
                                        help="Made when the candidate books one of the times offered.")
    interviewer_ids = fields.Many2many(
        "res.users", "hr_ai_live_session_interviewer_rel", "session_id", "user_id", string="Other interviewers",
        domain=lambda self: [("share", "=", False),
                             ("groups_id", "in", self.env.ref("hr_recruitment.group_hr_recruitment_interviewer").id)],
        help="Also invited to the meeting; the times offered suit all of them.")
    duration = fields.Integer("Duration (minutes)", default=45, required=True)
    slot_ids = fields.One2many("hr.ai.live.slot", "session_id", string="Times offered")
    date_scheduled = fields.Datetime("Scheduled for", related="calendar_event_id.start")
    schedule_state = fields.Selection(
        [("none", "Not scheduled"), ("proposed", "Times offered, waiting for the candidate"),
         ("booked", "Booked"), ("expired", "Times offered have passed")],
        string="Scheduling", compute="_compute_schedule_state")
    other_times_requested = fields.Boolean(
        "Candidate asked for other times", readonly=True, copy=False)
    video_url = fields.Char("Video call link", help="The link of the call (any video call service). The candidate's "
                                                    "page shows a button to open it.")
    call_url = fields.Char("Call link", compute="_compute_call_url")
    date_start = fields.Datetime("Started on", readonly=True, copy=False)
    date_end = fields.Datetime("Ended on", readonly=True, copy=False)
    consent_ids = fields.One2many("hr.ai.live.consent", "session_id", string="Consents")
    ai_consent = fields.Selection(
        [("pending", "Not answered yet"), ("given", "AI listening agreed"), ("declined", "Declined: no AI"),
         ("withdrawn", "Withdrawn: AI stopped")],
        string="AI listening", compute="_compute_ai_consent", store=True)
    candidate_listening = fields.Selection(
        [("off", "Not started"), ("listening", "Listening"), ("paused", "Paused")],
        string="Candidate's microphone", default="off", required=True, readonly=True, copy=False)
    current_question_id = fields.Many2one("hr.ai.question", "Question being asked", copy=False,
                                          domain="[('job_id', '=', job_id)]")
    utterance_ids = fields.One2many("hr.ai.live.utterance", "session_id", string="Utterances")
    hint_ids = fields.One2many("hr.ai.live.hint", "session_id", string="Hints")
    coverage_ids = fields.One2many("hr.ai.live.coverage", "session_id")
    utterance_count = fields.Integer("Transcribed utterances", compute="_compute_utterance_count")
    worker_status = fields.Selection(
        [("idle", "Idle"), ("busy", "Transcribing"), ("no_worker", "AI hints paused: no analysis worker")],
        string="Analysis worker", compute="_compute_worker_status")
    report_html = fields.Html("Live interview report", compute="_compute_report_html", sanitize=True)

    @api.depends("applicant_id.partner_name", "job_id.name")
    def _compute_name(self):
        for session in self:
            session.name = " / ".join(filter(None, [session.job_id.name, session.applicant_id.partner_name]))

    @api.depends("lang")
    def _compute_mail_lang(self):
        for session in self:
            session.mail_lang = "zh_CN" if session.lang == "zh" else "en_US"

    @api.depends("video_url", "calendar_event_id.videocall_location", "calendar_event_id.active")
    def _compute_call_url(self):
        for session in self:
            url = session.video_url or session.sudo()._own_event().videocall_location or ""
            session.call_url = url if URL_RE.match(url) else False

    @api.depends("consent_ids.given", "consent_ids.date")
    def _compute_ai_consent(self):
        for session in self:
            consents = session.consent_ids.sorted(lambda c: (c.date, c.id))
            if not consents:
                session.ai_consent = "pending"
            elif consents[-1].given:
                session.ai_consent = "given"
            else:
                session.ai_consent = "withdrawn" if consents.filtered("given") else "declined"

    @api.depends("calendar_event_id.active", "slot_ids.state", "slot_ids.start")
    def _compute_schedule_state(self):
        now = fields.Datetime.now()
        for session in self:
            offered = session.slot_ids.filtered(lambda s: s.state == "proposed")
            if session.calendar_event_id.active:
                session.schedule_state = "booked"
            elif any(slot.start > now for slot in offered):
                session.schedule_state = "proposed"
            else:
                session.schedule_state = "expired" if offered else "none"

    def _compute_utterance_count(self):
        for session in self:
            session.utterance_count = len(session.utterance_ids.filtered(lambda u: u.state == "done"))

    def _compute_worker_status(self):
        """"no_worker" when the transcription of an utterance has waited more than 10 s for a worker."""
        limit = fields.Datetime.now() - timedelta(seconds=NO_WORKER_SECONDS)
        for session in self:
            waiting = session.sudo().utterance_ids.filtered(lambda u: u.state in ("queued", "transcribing"))
            if any(u.state == "queued" and u.date_queued and u.date_queued <= limit for u in waiting):
                session.worker_status = "no_worker"
            else:
                session.worker_status = "busy" if waiting else "idle"

    @api.depends("state", "coverage_ids.covered", "utterance_ids.state", "applicant_id.ai_assessment_ids.score")
    def _compute_report_html(self):
        for session in self:
            session.report_html = session._render_report() if session.state == "ended" else False

    @api.constrains("video_url")
    def _check_video_url(self):
        for session in self:
            if session.video_url and not URL_RE.match(session.video_url):
                raise ValidationError(self.env._("The video call link must start with https:// or http://."))

    @api.constrains("current_question_id", "job_id")
    def _check_current_question(self):
        for session in self:
            if session.current_question_id and session.current_question_id.job_id != session.job_id:
                raise ValidationError(self.env._("The question must be one of the job's questions."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        sessions._ensure_coverage_rows()
        return sessions

    def write(self, vals):
        if not self.env.su and self.PROTECTED_FIELDS & set(vals):
            raise AccessError(self.env._("The status of a live interview is set by its buttons only."))
        return super().write(vals)

    def unlink(self):
        self.sudo().utterance_ids.unlink()  # their audio goes with them
        return super().unlink()

    # ------------------------------------------------------------------ HR actions
    def action_open_copilot(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "hr_ai_interview.live_copilot",
            "name": self.name,
            "params": {"session_id": self.id},
            "context": {"active_id": self.id, "active_model": self._name},
        }

    def action_start(self):
        self.check_access("write")
        for session in self.sudo().filtered(lambda s: s.state == "draft"):
            session.write({"state": "live", "date_start": fields.Datetime.now()})
            session._ensure_coverage_rows()
            session._notify_panel("session")
        return True

    def action_end(self):
        """End the call: the candidate's link stops working, the report is made from what was heard. Utterances
        still queued are transcribed for the report (no more hints)."""
        self.check_access("write")
        for session in self.sudo().filtered(lambda s: s.state in OPEN_STATES):
            session.write({"state": "ended", "date_end": fields.Datetime.now(), "token_hash": False,
                           "candidate_listening": "off", "date_start": session.date_start or fields.Datetime.now()})
            session.hint_ids.filtered(lambda h: h.state == "new").write({"state": "dismissed"})
            session._close_call()
            session._post_summary()
            session._notify_panel("session")
        return True

    def action_cancel(self):
        """Cancel the interview: the candidate's link stops working, the meeting is removed from the calendars
        and the candidate is told by mail."""
        self.check_access("write")
        for session in self.sudo().filtered(lambda s: s.state in OPEN_STATES):
            session._cancel(by_candidate=False)
        return True

    def _cancel(self, by_candidate):
        self.ensure_one()
        booked = self._own_event()
        self._close_call()
        self.write({"state": "cancelled", "token_hash": False, "candidate_listening": "off"})
        self.slot_ids.filtered(lambda s: s.state != "released").write({"state": "released"})
        self.utterance_ids._ai_active_jobs()._cancel()
        booked.action_archive()
        if booked and not by_candidate and self.applicant_id.email_from:
            self.env.ref("hr_ai_interview.mail_template_ai_live_cancelled").send_mail(
                self.id, email_layout_xmlid="mail.mail_notification_light")
        self._notify_panel("session")

    # ------------------------------------------------------------------ scheduling
    def action_schedule(self):
        """Offer the candidate times from the interviewers' free time (a wizard)."""
        self.ensure_one()
        self.check_access("write")
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("This live interview is over: it cannot be scheduled any more."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "hr.ai.live.schedule.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Offer interview times"),
            "context": {"default_session_id": self.id, "default_duration": self.duration,
                        "default_interviewer_ids": [(6, 0, self.interviewer_ids.ids)]},
        }

    def _ai_free_slots(self, users, date_from, date_to, minutes, limit=6):
        """Times when every interviewer works (their working hours minus time off and public holidays) and has no
        meeting shown as busy, cut into slots of ``minutes`` starting on the hour or half hour, two hours from now
        at the earliest; spread over the days (one per day first), at most three a day and ``limit`` in all.
        ``date_from``/``date_to`` are naive UTC datetimes; returns sorted ``(start, stop)`` naive UTC pairs."""
        start = max(date_from, fields.Datetime.now() + timedelta(hours=SLOT_LEAD_HOURS))
        if not users or minutes <= 0 or start >= date_to:
            return []
        start_utc, end_utc = pytz.utc.localize(start), pytz.utc.localize(date_to)
        free = None
        for user in users:
            intervals = self._ai_work_intervals(user, start_utc, end_utc) - self._ai_busy_intervals(
                user, start_utc, end_utc)
            free = intervals if free is None else free & intervals
        step = timedelta(minutes=SLOT_STEP_MINUTES * math.ceil(minutes / SLOT_STEP_MINUTES))
        length = timedelta(minutes=minutes)
        tz = pytz.timezone(users[0].tz or "UTC")
        by_day = defaultdict(list)
        for begin, end, _records in free or []:
            begin = begin.astimezone(pytz.utc)
            whole = begin.replace(second=0, microsecond=0)
            whole += timedelta(minutes=1) if whole < begin else timedelta(0)
            slot = whole + timedelta(minutes=-whole.minute % SLOT_STEP_MINUTES)
            while slot + length <= end:
                by_day[slot.astimezone(tz).date()].append(slot)
                slot += step
        picked = []
        for day in sorted(by_day):  # evenly spaced in the day: morning, midday, afternoon
            times = by_day[day]
            count = min(SLOTS_PER_DAY, len(times))
            by_day[day] = [times[round(i * (len(times) - 1) / max(count - 1, 1))] for i in range(count)]
        for rank in range(SLOTS_PER_DAY):  # round robin: one per day first
            picked += [by_day[day][rank] for day in sorted(by_day) if len(by_day[day]) > rank]
        picked = sorted(set(picked[:limit]))
        return [(slot.replace(tzinfo=None), (slot + length).replace(tzinfo=None)) for slot in picked]

    def _ai_work_intervals(self, user, start, end):
        """The user's working time (of their employee in the job's company, else the company's hours)."""
        user = user.sudo()  # an interviewer reads other interviewers' working hours, not their employee file
        employee = user.employee_ids.filtered(lambda e: e.company_id == self.company_id)[:1] or user.employee_id
        calendar = employee.resource_calendar_id or self.company_id.resource_calendar_id or \
            user.company_id.resource_calendar_id
        if not calendar:
            return Intervals([(start, end, self.env["resource.calendar"])])
        resource = employee.resource_id
        tz = pytz.timezone(employee.tz or user.tz or calendar.tz or "UTC")
        if not resource or employee.is_flexible:  # flexible hours: the calendar's usual hours, not round the clock
            return calendar._work_intervals_batch(start, end, tz=tz)[False]
        return calendar._work_intervals_batch(start, end, resources=resource, tz=tz)[resource.id]

    def _ai_busy_intervals(self, user, start, end, exclude=None):
        """The user's meetings shown as busy that they have not declined (``exclude``: a meeting to leave out)."""
        Attendee = self.env["calendar.attendee"].sudo()
        margin = timedelta(days=1)  # all-day meetings are stored at 08:00-18:00 of their days, not in UTC
        attendees = Attendee.search([
            ("partner_id", "=", user.partner_id.id), ("state", "!=", "declined"),
            ("event_id.active", "=", True), ("event_id.show_as", "=", "busy"),
            ("event_id.start", "<", end.replace(tzinfo=None) + margin),
            ("event_id.stop", ">", start.replace(tzinfo=None) - margin),
        ])
        events = attendees.event_id - (exclude or self.env["calendar.event"])
        tz = pytz.timezone(user.tz or "UTC")
        spans = []
        for ev in events:
            if ev.allday:  # the whole of its days in the user's time zone
                spans.append((tz.localize(datetime.combine(ev.start_date, time.min)),
                              tz.localize(datetime.combine(ev.stop_date + timedelta(days=1), time.min)), ev))
            else:
                spans.append((pytz.utc.localize(ev.start), pytz.utc.localize(ev.stop), ev))
        return Intervals([span for span in spans if span[0] < end and span[1] > start])

    def _ai_interviewers(self):
        self.ensure_one()
        return self.user_id | self.interviewer_ids

    def _ai_offer_slots(self, times):
        """Offer these ``(start, stop)`` times (the earlier offer is released, a meeting booked earlier is
        removed) and send the candidate a new link to pick one."""
        self.ensure_one()
        self.check_access("write")
        if not times:
            raise UserError(self.env._("Choose at least one time to offer."))
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("This live interview is over: it cannot be scheduled any more."))
        session = self.sudo()
        session.slot_ids.filtered(lambda s: s.state != "released").write({"state": "released"})
        if session._own_event():
            session._close_call()
            session._own_event().action_archive()
        session.write({
            "calendar_event_id": False, "other_times_requested": False,
            "slot_ids": [(0, 0, {"start": start, "stop": stop}) for start, stop in sorted(times)],
        })
        url, mailed = self._new_link(send_mail=False)
        if self.applicant_id.email_from:
            self.env.ref("hr_ai_interview.mail_template_ai_live_slots").with_context(live_url=url).send_mail(
                self.id, email_layout_xmlid="mail.mail_notification_light")
            mailed = True
        return url, mailed

    def _time_label(self, start, stop, tz):
        """"Tue 2026-12-01 10:00–10:45 (Asia/Shanghai)", the weekday in the reader's language."""
        begin = format_datetime(self.env, start, tz=tz, dt_format="EEE yyyy-MM-dd HH:mm")
        return f"{begin}–{format_datetime(self.env, stop, tz=tz, dt_format='HH:mm')} ({tz})"

    def _candidate_tz(self):
        """The time zone the candidate's page shows times in until their browser tells theirs."""
        self.ensure_one()
        return self.applicant_id.partner_id.tz or self.user_id.tz or self.company_id.partner_id.tz or "UTC"

    def _candidate_open_slots(self):
        self.ensure_one()
        return self.slot_ids.filtered(lambda s: s._is_open())

    def _candidate_book(self, slot, tz=None):
        """The candidate books one of the times offered (or moves the meeting to it). The time is checked to be
        still free for every interviewer."""
        self.ensure_one()
        if not self._candidate_can_open() or slot.session_id != self or not slot._is_open():
            raise UserError(self.env._("This time is no longer available. Please choose another one."))
        session = self.sudo()
        event = session._own_event()
        start, stop = pytz.utc.localize(slot.start), pytz.utc.localize(slot.stop)
        interviewers = session._ai_interviewers()
        # one booking at a time per interviewer: a second candidate booking the same time waits, then sees it taken
        self.env.cr.execute(SQL("SELECT id FROM res_users WHERE id IN %s FOR UPDATE", tuple(interviewers.ids)))
        if any(session._ai_busy_intervals(user, start, stop, exclude=event) for user in interviewers):
            slot.sudo().write({"state": "released"})
            raise UserError(self.env._("This time was just taken. Please choose another one."))
        partner = self._candidate_partner(tz)
        if event:
            event.write({"start": slot.start, "stop": slot.stop})
            session.slot_ids.filtered(lambda s: s.state == "booked").write({"state": "proposed"})
        else:
            event = self._ai_create_event(slot, partner)
        slot.sudo().write({"state": "booked"})
        expiry = max(session.date_link_expiry or slot.stop, slot.stop + timedelta(days=1))
        session.write({"calendar_event_id": event.id, "date_link_expiry": expiry, "other_times_requested": False})
        hr_view = self._ai_hr_view().with_context(tz=self.user_id.tz or "UTC")
        hr_view.sudo().message_post(
            body=hr_view.env._("The candidate booked the live interview for %(time)s.",
                               time=slot.with_env(hr_view.env)._label(self.user_id.tz or "UTC")),
            partner_ids=self._ai_interviewers().partner_id.ids)
        self._notify_panel("session")
        return event

    def _candidate_partner(self, tz=None):
        """The applicant's contact (created from the application when missing), with the browser's time zone
        when it has none, so Odoo's invitation and reminder mails show the candidate's own times."""
        applicant = self.applicant_id.sudo()
        partner = applicant.partner_id
        if not partner and applicant.email_from:
            partner = self.env["res.partner"].sudo().create({
                "name": applicant.partner_name or applicant.email_from, "email": applicant.email_from,
                "phone": applicant.partner_phone or False})
            if applicant.candidate_id and not applicant.candidate_id.partner_id:
                applicant.candidate_id.partner_id = partner
        if partner and tz in pytz.all_timezones_set and not partner.tz:
            partner.tz = tz
        return partner

    def _ai_hr_view(self):
        """This session in the company's language: what HR reads (chatter, to-dos, the calendar event) is written in
        it, whoever's request (the candidate's portal page, the worker) wrote it."""
        return self.with_context(lang=self.env["hr.applicant"]._ai_company_lang(self.company_id))

    def _ai_create_event(self, slot, partner):
        """The meeting in the interviewers' and the candidate's calendars, with Odoo's own video call (Discuss),
        linked to the application and to this live interview; reminders by mail (a day and three hours before,
        to everyone) and a notification to the interviewers 15 minutes before."""
        self.ensure_one()
        hr_env = self._ai_hr_view().env
        Event = hr_env["calendar.event"].sudo()
        alarms = self.env.ref("hr_ai_interview.alarm_mail_1_day") | self.env.ref("calendar.alarm_mail_1") | \
            self.env.ref("calendar.alarm_notif_1")
        event = Event.with_user(self.user_id).sudo().create({
            "name": hr_env._("Live interview: %(name)s", name=self.name),
            "start": slot.start, "stop": slot.stop,
            "user_id": self.user_id.id,
            "partner_ids": [(6, 0, (self._ai_interviewers().partner_id | partner).ids)],
            "applicant_id": self.applicant_id.id,
            "res_model_id": self.env["ir.model"]._get_id(self._name), "res_id": self.id,
            "alarm_ids": [(6, 0, alarms.ids)],
            "description": hr_env["ir.qweb"]._render("hr_ai_interview.live_event_description", {"session": self}),
            "privacy": "private",
        })
        event._set_discuss_videocall_location()
        return event

    def _candidate_ask_other_times(self, message=""):
        """None of the times suits the candidate: HR gets a to-do to offer others."""
        self.ensure_one()
        if not self._candidate_can_open():
            raise UserError(self.env._("This interview link is no longer valid."))
        session = self.sudo()
        first = not session.other_times_requested
        session.write({"other_times_requested": True})
        hr_view = session._ai_hr_view()
        note = hr_view.env._("The candidate asked for other interview times.")
        hr_view.message_post(body=" ".join(filter(None, [note, message[:1000]])))
        if first:  # one to-do until new times are offered
            session.applicant_id.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_id.id,
                                                   summary=hr_view.env._("Offer other interview times"),
                                                   note=message[:1000] or False)
        self._notify_panel("session")

    def _candidate_cancel(self, reason=""):
        """The candidate cancels the interview: HR is told (a to-do and a message on the application)."""
        self.ensure_one()
        if not self._candidate_can_open():
            raise UserError(self.env._("This interview link is no longer valid."))
        session = self.sudo()
        hr_view = session._ai_hr_view()
        note = hr_view.env._("The candidate cancelled the live interview.")
        session.applicant_id.message_post(body=" ".join(filter(None, [note, reason[:1000]])),
                                          partner_ids=self._ai_interviewers().partner_id.ids)
        session.applicant_id.activity_schedule("mail.mail_activity_data_todo", user_id=self.user_id.id,
                                               summary=note, note=reason[:1000] or False)
        session._cancel(by_candidate=True)

    def action_send_link(self):
        """A new personal link for the candidate (the earlier one stops working), mailed when the applicant has
        an address; HR sees it too, to pass it on in the call's chat."""
        self.ensure_one()
        url, mailed = self._new_link(send_mail=True)
        if mailed:
            message = self.env._("The link was mailed to the candidate. You can also give it to them yourself: "
                                 "%(url)s", url=url)
        else:
            message = self.env._("Give the candidate this personal link (valid for %(days)s days): %(url)s",
                                 days=LINK_DAYS, url=url)
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"title": self.env._("Candidate link"), "message": message, "sticky": True,
                           "type": "info"}}

    def action_set_current_question(self, question_id):
        """HR marks the question being asked now (the worker judges what follows against it)."""
        self.ensure_one()
        question = self.job_id.ai_question_ids.filtered(lambda q: q.id == question_id)
        self.write({"current_question_id": question.id or False})
        return True

    # ------------------------------------------------------------------ the panel (Owl client action)
    def live_panel_data(self):
        """Everything the copilot panel shows, in the reader's language."""
        self.ensure_one()
        self.check_access("read")
        questions = self.job_id.ai_question_ids.sorted(lambda q: (q.sequence, q.id))
        return {
            "session": self._panel_session(),
            "questions": [{"id": q.id, "index": i, "text": q.name, "key_points": q._key_point_list(),
                           "competencies": q.competency_ids.mapped("name")}
                          for i, q in enumerate(questions, start=1)],
            "coverage": self.coverage_ids._panel_data(),
            "utterances": self.utterance_ids.filtered(lambda u: u.state != "no_speech")._panel_data(),
            "hints": self.hint_ids.filtered(lambda h: h.state != "dismissed")._panel_data(),
        }

    def live_panel_join_call(self):
        """The interviewer joins the call: Odoo's own video call of the meeting (its Discuss channel, the
        interviewer a member), or the link of another video service."""
        self.ensure_one()
        self.check_access("read")
        channel = self._ai_call_channel()
        if not channel:
            return {"url": self.call_url or ""}
        if not channel.channel_member_ids.filtered(lambda m: m.partner_id == self.env.user.partner_id):
            channel.add_members(partner_ids=self.env.user.partner_id.ids, post_joined_message=False)
        return {"channel_id": channel.id}

    def _own_event(self):
        """The meeting this live interview made (active, and pointing back at it), else an empty recordset:
        nothing here acts on another meeting of the calendar."""
        self.ensure_one()
        event = self.calendar_event_id
        return event if event.active and event.res_model == self._name and event.res_id == self.id else \
            event.browse()

    def _ai_call_channel(self):
        """The Discuss channel of the meeting's video call (created on first use, as Odoo's join link does), or
        an empty recordset when the meeting has none or uses another service."""
        self.ensure_one()
        event = self.sudo()._own_event()
        if not event or event.videocall_source != "discuss":
            return self.env["discuss.channel"]
        if not event.videocall_channel_id:  # its description shows the time in the interviewer's time zone
            event.with_context(tz=self.user_id.tz or "UTC", lang=self.user_id.lang)._create_videocall_channel()
        return event.videocall_channel_id

    def _close_call(self):
        """After the interview the candidate has no way back into the call or its chat: their guests and contact
        leave the channel, and its invitation link and the meeting's video link change (the interviewers keep
        it in Discuss)."""
        self.ensure_one()
        event = self.sudo()._own_event()
        channel = event.videocall_channel_id
        if channel:
            candidate = self.applicant_id.sudo().partner_id
            channel.channel_member_ids.filtered(lambda m: m.guest_id or (candidate and m.partner_id == candidate)) \
                .unlink()
            channel.uuid = channel._generate_random_token()
        if event and event.videocall_source == "discuss":
            event.access_token = False
            event._set_discuss_videocall_location()

    def _candidate_join_call(self, guest, name, timezone=None):
        """The candidate joins the call as a guest of its channel (no account): ``guest`` is the browser's
        guest when it has one, else a guest named after the candidate is created. Returns ``(channel, guest,
        created)``; the caller sets the guest's cookie when it is new."""
        self.ensure_one()
        channel = self._ai_call_channel().sudo()
        if not channel or not self._candidate_can_open():
            return channel, guest, False
        created = not guest
        if created:
            guest = self.env["mail.guest"].sudo().create({
                "name": (name or self.env._("Candidate"))[:60], "lang": self.mail_lang, "timezone": timezone})
        if not channel.channel_member_ids.filtered(lambda m: m.guest_id == guest):
            channel.add_members(guest_ids=guest.ids, post_joined_message=False)
        return channel, guest, created

    def live_panel_new_link(self, send_mail=False):
        self.ensure_one()
        url, mailed = self._new_link(send_mail=send_mail)
        return {"url": url, "mailed": mailed}

    def _panel_session(self):
        self.ensure_one()
        states = dict(self._fields["state"]._description_selection(self.env))
        consents = dict(self._fields["ai_consent"]._description_selection(self.env))
        return {
            "id": self.id, "name": self.name, "state": self.state, "state_label": states[self.state],
            "ai_consent": self.ai_consent, "ai_consent_label": consents[self.ai_consent],
            "candidate_listening": self.candidate_listening, "worker_status": self.worker_status,
            "current_question_id": self.current_question_id.id or False, "call_url": self.call_url or "",
            "applicant_id": self.applicant_id.id, "job": self.job_id.name, "candidate": self.partner_name or "",
            "interviewer_id": self.user_id.id, "now": fields.Datetime.to_string(fields.Datetime.now()),
            "date_scheduled": bool(self.date_scheduled),
            "date_scheduled_label": self._time_label(self.calendar_event_id.start, self.calendar_event_id.stop,
                                                     self.env.user.tz or "UTC") if self.date_scheduled else "",
        }

    def _notify_panel(self, event, utterances=None, coverage=None, hints=None):
        """Push what changed to the interviewers' browsers (Odoo's bus, sent when the transaction commits), each
        in their own language: the interviewer and the other interviewers of the call."""
        self.ensure_one()
        group = self.env.ref("hr_recruitment.group_hr_recruitment_interviewer")
        for user in (self.user_id | self.interviewer_ids).filtered(lambda u: group in u.groups_id):
            session = self.with_user(user).with_context(lang=user.lang or self.env.lang).sudo()
            payload = {
                "event": event,
                "session_id": self.id,
                "session": session._panel_session(),
                "utterances": utterances.with_env(session.env)._panel_data() if utterances else [],
                "coverage": coverage.with_env(session.env)._panel_data() if coverage else [],
                "hints": hints.with_env(session.env)._panel_data() if hints else [],
            }
            self.env["bus.bus"]._sendone(user.partner_id, BUS_TYPE, payload)

    # ------------------------------------------------------------------ candidate side
    def _new_link(self, send_mail=False):
        self.ensure_one()
        self.check_access("write")
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("This live interview is over: it has no candidate link any more."))
        token, token_hash = new_token()
        now = fields.Datetime.now()
        meeting = self.sudo()._own_event()
        expiry = max(now + timedelta(days=LINK_DAYS), (meeting.stop + timedelta(days=1)) if meeting else now)
        self.sudo().write({"token_hash": token_hash, "date_link_sent": now, "date_link_expiry": expiry})
        url = f"{self.get_base_url()}/ai-live/{token}"
        mailed = bool(send_mail and self.applicant_id.email_from)
        if mailed:
            self.env.ref("hr_ai_interview.mail_template_ai_live_invitation").with_context(live_url=url).send_mail(
                self.id, email_layout_xmlid="mail.mail_notification_light")
        self.applicant_id.message_post(body=self.env._(
            "Live interview: a personal link was created for the candidate (AI listening only with their consent)."))
        return url, mailed

    @api.model
    def _get_by_token(self, token):
        """The session a candidate's token opens (sudo), or an empty recordset; unknown, revoked, ended and
        expired links look the same to the caller."""
        if not token or len(token) < 40 or len(token) > 100:
            return self.browse()
        session = self.sudo().search([("token_hash", "=", hash_token(token))], limit=1)
        return session if session and session._candidate_can_open() else self.browse()

    def _candidate_can_open(self):
        self.ensure_one()
        return bool(self.state in OPEN_STATES and self.token_hash
                    and (not self.date_link_expiry or self.date_link_expiry >= fields.Datetime.now()))

    def _candidate_may_listen(self):
        self.ensure_one()
        return self._candidate_can_open() and self.ai_consent == "given"

    def _candidate_give_consent(self, given, notice_hash, ip=None, user_agent=None):
        """The candidate's answer to the notice: agreed, declined, or (later) withdrawn."""
        self.ensure_one()
        if not self._candidate_can_open():
            raise UserError(self.env._("This interview link is no longer valid."))
        self.env["hr.ai.live.consent"].sudo().create({
            "session_id": self.id, "kind": "live_listening", "given": bool(given),
            "notice_hash": notice_hash, "ip_address": (ip or "")[:64], "user_agent": (user_agent or "")[:256],
        })
        if not given:  # nothing more is listened to; what is queued is dropped
            self.sudo().write({"candidate_listening": "off"})
            self.sudo().utterance_ids._ai_active_jobs()._cancel()
        hr_view = self._ai_hr_view()
        hr_view.message_post(body=hr_view.env._("The candidate agreed to the AI listening.") if given else
                             hr_view.env._("The candidate did not agree to the AI listening: the interview goes on "
                                           "without AI."))
        self._notify_panel("session")

    def _candidate_set_listening(self, listening):
        self.ensure_one()
        state = "listening" if listening and self._candidate_may_listen() else ("paused" if listening is False
                                                                                 else "off")
        if self.candidate_listening != state:
            self.sudo().write({"candidate_listening": state})
            self._notify_panel("session")
        return state

    def _candidate_save_utterance(self, data, key, age_ms=0, duration=0.0):
        """Store one utterance (bytes or a file object) as a private attachment and queue its transcription.

        ``age_ms``: how long before the upload the browser started recording it; with the server's clock this
        gives its offset in the call. An upload sent again (same ``key``) is kept once."""
        self.ensure_one()
        if not self._candidate_may_listen():
            raise UploadRejected(self.env._("The AI is not listening to this interview."), status=403)
        if self.state != "live":
            raise UploadRejected(self.env._("The interviewer has not started the interview yet."), status=409)
        if not key or not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", key):
            raise UploadRejected(self.env._("Invalid upload."), status=400)
        # uploads of one session are serialised on its row: numbering and de-duplication hold
        self.env.cr.execute(SQL("SELECT id FROM hr_ai_live_session WHERE id = %s FOR NO KEY UPDATE", self.id))
        Utterance = self.env["hr.ai.live.utterance"].sudo()
        existing = Utterance.search([("session_id", "=", self.id), ("key", "=", key)], limit=1)
        if existing:
            return existing
        stream = io.BytesIO(data) if isinstance(data, bytes) else data
        head = stream.read(64)
        stream.seek(0)
        if not head:
            raise UploadRejected(self.env._("The recording is empty."))
        kind = sniff(head)
        if not kind:
            raise UploadRejected(self.env._("The file is not an audio recording (WebM, MP4 or Ogg)."), status=415)
        ext = kind[0]
        now = fields.Datetime.now()
        age = max(0.0, min(float(age_ms or 0), 120_000.0)) / 1000.0
        offset = max(0.0, (now - (self.date_start or now)).total_seconds() - age)
        last = Utterance.search([("session_id", "=", self.id)], order="sequence desc", limit=1)
        utterance = Utterance.create({
            "session_id": self.id, "key": key, "sequence": last.sequence + 1, "offset": round(offset, 2),
            "duration": max(0.0, min(float(duration or 0), 60.0)), "mimetype": LIVE_MIMETYPES[ext],
            "question_id": self.current_question_id.id,
        })
        attachment = self.env["ir.attachment"].sudo()._hr_ai_create_streamed({
            "name": f"live-{self.id}-{utterance.sequence}.{ext}",
            "mimetype": LIVE_MIMETYPES[ext],
            "res_model": utterance._name,
            "res_id": utterance.id,
        }, stream, MAX_UTTERANCE_BYTES)
        utterance.write({"attachment_id": attachment.id, "file_size": attachment.file_size})
        utterance._queue()
        self._notify_panel("utterance", utterances=utterance)
        return utterance

    def _candidate_state(self):
        """What the candidate's page may know: never hints, transcripts or coverage."""
        self.ensure_one()
        return {"state": self.state, "ai_consent": self.ai_consent, "listening": self.candidate_listening,
                "may_listen": self._candidate_may_listen(), "call_url": self.call_url or ""}

    # ------------------------------------------------------------------ worker
    def _ensure_coverage_rows(self):
        """One "not heard yet" row per key point of each question and per competency of the job."""
        Coverage = self.env["hr.ai.live.coverage"].sudo()
        for session in self:
            have = {(c.kind, c.question_id.id, c.key_point or "", c.competency_id.id) for c in session.coverage_ids}
            vals = []
            for question in session.job_id.ai_question_ids:
                for index, point in enumerate(question._key_point_list()):
                    if ("key_point", question.id, point, False) not in have:
                        vals.append({"session_id": session.id, "kind": "key_point", "question_id": question.id,
                                     "key_point": point, "sequence": index})
            for index, line in enumerate(session.job_id.ai_competency_ids):
                if ("competency", False, "", line.competency_id.id) not in have:
                    vals.append({"session_id": session.id, "kind": "competency",
                                 "competency_id": line.competency_id.id, "sequence": index})
            Coverage.create(vals)

    def _transcript_text(self, before=None):
        self.ensure_one()
        utterances = self.utterance_ids.filtered(lambda u: u.state == "done" and u != before)
        return "\n".join(u.text for u in utterances.sorted(lambda u: (u.sequence, u.id)) if u.text)

    def _question_key_points(self):
        self.ensure_one()
        return {q.id: q._key_point_list() for q in self.job_id.ai_question_ids}

    def _live_payload(self, utterance):
        """The payload of a ``live_chunk`` job (LIVE_CONTRACT.md): no names or contact details."""
        self.ensure_one()
        job = self.job_id
        earlier = self.utterance_ids.filtered(lambda u: u.state == "done" and u.sequence < utterance.sequence)
        segments = earlier.sorted(lambda u: (u.sequence, u.id))._payload_segments()[-MAX_PAYLOAD_SEGMENTS:]
        questions = job.ai_question_ids.sorted(lambda q: (q.sequence, q.id))
        lang = self.lang
        return {
            "schema": PAYLOAD_SCHEMA,
            "utterance": {"id": utterance.id, "sequence": utterance.sequence, "offset": utterance.offset,
                          "mimetype": utterance.mimetype,
                          "media_url": f"/hr_ai_interview/worker/media/live/{utterance.id}"},
            "lang": lang,
            "session": {"id": self.id, "segments": segments,
                        "current_question_id": self.current_question_id.id or None},
            "job": {
                "name": job.with_context(lang=self.mail_lang).name,
                "lang": job.ai_interview_lang if job.ai_interview_lang in ("zh", "en") else None,
                "terms": job._ai_analysis_payload()["terms"],
                "questions": [{"id": q.id, "text": q.name, "key_points": q._key_point_list(),
                               "competency_ids": q.competency_ids.ids} for q in questions],
                "competencies": [{"id": line.competency_id.id,
                                  "name": line.competency_id.with_context(lang=self.mail_lang).name,
                                  "threshold": line.threshold} for line in job.ai_competency_ids],
            },
        }

    def _apply_live_coverage(self, clean, utterance):
        """Mark what the result says was heard; return the rows that changed (covered never goes back)."""
        self.ensure_one()
        self._ensure_coverage_rows()
        rows = {(c.kind, c.question_id.id, c.key_point or "", c.competency_id.id): c for c in self.coverage_ids}
        changed = self.env["hr.ai.live.coverage"]
        for item in clean["coverage"]:
            for point in item["key_points"]:
                row = rows.get(("key_point", item["question_id"], point["text"], False))
                if row and row._mark(point["covered"], point["partial"], point["quote"], point["start"],
                                     point["end"], utterance):
                    changed |= row
        for line in clean["competencies"]:
            row = rows.get(("competency", False, "", line["id"]))
            if row and row._mark(line["covered"], False, line["quote"], line["start"], line["end"], utterance):
                changed |= row
        return changed

    def _apply_live_hints(self, clean, utterance):
        """New hints from the result while the call is on, one of each kind at a time: a hint already shown
        (or dismissed by HR) is not shown again, nor one about a key point already heard. Returns the hints that
        changed (new ones, and those about a key point just heard, which are dismissed)."""
        self.ensure_one()
        Hint = self.env["hr.ai.live.hint"].sudo()
        covered = {(c.question_id.id, c.key_point) for c in self.coverage_ids if c.kind == "key_point" and c.covered}
        # a key point heard since it was suggested: its hint goes (unless HR pinned it)
        answered = self.hint_ids.filtered(lambda h: h.state == "new" and h.code == "key_point_missing"
                                          and (h.question_id.id, h.key_point) in covered)
        answered.write({"state": "dismissed"})
        if self.state != "live":
            return answered
        known = {(h.code, h.question_id.id, h.key_point or "", h.other_question_id.id) for h in self.hint_ids}
        segments = clean["segments"]
        span = (segments[0]["start"], segments[-1]["end"]) if segments else (utterance.offset, utterance.offset)
        vals = []
        for hint in clean["hints"]:
            key = (hint["code"], hint["question_id"], hint["key_point"] or "", hint["other_question_id"] or False)
            if key in known or (hint["code"] == "key_point_missing"
                                and (hint["question_id"], hint["key_point"]) in covered):
                continue
            known.add(key)
            vals.append({
                "session_id": self.id, "utterance_id": utterance.id, "code": hint["code"],
                "question_id": hint["question_id"], "other_question_id": hint["other_question_id"],
                "key_point": hint["key_point"] or False, "quote": hint["quote"] or False,
                "competency_id": self._least_covered_competency(hint).id,
                "time_start": hint["start"] if hint["quote"] else span[0],
                "time_end": hint["end"] if hint["quote"] else span[1],
            })
        return answered | Hint.create(vals)

    def _least_covered_competency(self, hint):
        """For a follow-up question: the first of its competencies not heard yet."""
        if hint["code"] != "follow_up":
            return self.env["hr.ai.competency"]
        question = self.env["hr.ai.question"].browse(hint["question_id"])
        heard = self.coverage_ids.filtered(lambda c: c.kind == "competency" and c.covered).competency_id
        return (question.competency_ids - heard)[:1]

    # ------------------------------------------------------------------ report
    def _render_report(self):
        """The live interview report: what was heard for each competency and key point (quote and time), and
        the transcript. Notes for the interviewer, not a score."""
        self.ensure_one()
        questions = self.job_id.ai_question_ids.sorted(lambda q: (q.sequence, q.id))
        coverage = self.coverage_ids
        pending = len(self.utterance_ids.filtered(lambda u: u.state in ("queued", "transcribing")))
        return self.env["ir.qweb"]._render("hr_ai_interview.live_report", {
            "session": self,
            "questions": questions,
            "competencies": coverage.filtered(lambda c: c.kind == "competency"),
            "key_points": {q.id: coverage.filtered(lambda c, q=q: c.kind == "key_point" and c.question_id == q)
                           for q in questions},
            "utterances": self.utterance_ids.filtered(lambda u: u.state == "done").sorted(lambda u: (u.sequence,
                                                                                                      u.id)),
            "pending": pending and self.env._(
                "%(count)s utterances are still being transcribed: this report fills in as they are.", count=pending),
            "question_labels": {q.id: self.env._("Question %(number)s:", number=i)
                                for i, q in enumerate(questions, start=1)},
            "question_tags": {q.id: self.env._("(question %(number)s)", number=i)
                              for i, q in enumerate(questions, start=1)},
            "thresholds": {line.competency_id.id: line.threshold for line in self.job_id.ai_competency_ids},
            "ratings": self._live_ratings(),
            "fmt": report_format.FORMAT,
        })

    def _live_ratings(self):
        """The interviewers' own ratings of the live interview, by competency."""
        ratings = defaultdict(list)
        for rating in self.sudo().applicant_id.ai_assessment_ids.filtered(lambda a: a.kind == "live"):
            ratings[rating.competency_id.id].append(rating)
        return ratings

    def action_rate(self):
        """HR's own ratings of the competencies after the call (beside what the AI heard, in the report)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hr.ai.assessment",
            "name": self.env._("Your ratings of the live interview"),
            "view_mode": "list",
            "domain": [("applicant_id", "=", self.applicant_id.id), ("kind", "=", "live")],
            "context": {"default_applicant_id": self.applicant_id.id, "default_kind": "live",
                        "default_user_id": self.env.user.id},
            "target": "new",
        }

    def _post_summary(self):
        self.ensure_one()
        hr_view = self._ai_hr_view()
        points = self.coverage_ids.filtered(lambda c: c.kind == "key_point")
        competencies = self.coverage_ids.filtered(lambda c: c.kind == "competency")
        if self.ai_consent == "given":
            body = hr_view.env._(
                "Live interview ended. Heard during the call: %(points)s of %(points_total)s key points and "
                "%(competencies)s of %(competencies_total)s competencies. The interviewer decides.",
                points=len(points.filtered("covered")), points_total=len(points),
                competencies=len(competencies.filtered("covered")), competencies_total=len(competencies))
        else:
            body = hr_view.env._("Live interview ended (without AI listening).")
        self.applicant_id.message_post(body=body)

    # ------------------------------------------------------------------ retention (as for recorded interviews)
    @api.model
    def _cron_apply_retention(self):
        """Delete the audio, transcripts and reports of live interviews of applicants not hired once the
        retention periods of recorded interviews have passed (``hr_ai_interview.retention_days_<category>``)."""
        Interview = self.env["hr.ai.interview"]
        now = fields.Datetime.now()
        done = {"recordings": 0, "transcripts": 0, "reports": 0}
        for category in done:
            days = Interview._retention_days(category)
            if days <= 0:
                continue
            cutoff = now - timedelta(days=days)
            sessions = self.search([
                ("state", "in", ("ended", "cancelled")),
                "|", ("date_end", "<", cutoff), "&", ("date_end", "=", False), ("create_date", "<", cutoff),
            ]).filtered(lambda s: s.applicant_id.application_status != "hired")
            for session in sessions:
                if session._retention_purge(category):
                    done[category] += 1
                    session.message_post(body=self.env._(
                        "Retention: %(what)s deleted after %(days)s days.",
                        what=Interview._retention_label(category), days=days))
        return done

    def _retention_purge(self, category):
        self.ensure_one()
        utterances = self.sudo().utterance_ids
        if category == "recordings":
            attachments = utterances.attachment_id
            if not attachments:
                return False
            utterances.write({"attachment_id": False})
            attachments.unlink()
            return True
        if category == "transcripts":
            utterances = utterances.filtered(lambda u: u.text or u.segments)
            if not utterances:
                return False
            utterances.write({"text": False, "segments": False})
            self.sudo().hint_ids.write({"quote": False})
            return True
        rows = self.sudo().coverage_ids.filtered(lambda c: c.covered or c.partial)
        if not (rows or self.hint_ids):
            return False
        rows.write({"covered": False, "partial": False, "quote": False, "time_start": 0.0, "time_end": 0.0})
        self.sudo().hint_ids.unlink()
        return True
