# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError


class HrAiLiveScheduleWizard(models.TransientModel):
    """Offer a candidate times for a live interview: the free times of every interviewer (working hours, time
    off, meetings) in a period, HR unticks those not to offer, the candidate gets a link to pick one."""

    _name = "hr.ai.live.schedule.wizard"
    _description = "Offer Live Interview Times"

    session_id = fields.Many2one("hr.ai.live.session", required=True, ondelete="cascade")
    user_id = fields.Many2one(related="session_id.user_id", string="Interviewer")
    interviewer_ids = fields.Many2many(
        "res.users", string="Other interviewers",
        domain=lambda self: [("share", "=", False),
                             ("groups_id", "in", self.env.ref("hr_recruitment.group_hr_recruitment_interviewer").id)])
    duration = fields.Integer("Duration (minutes)", default=45, required=True)
    date_from = fields.Date("From", required=True, default=lambda self: fields.Date.context_today(self))
    date_to = fields.Date("To", required=True,
                          default=lambda self: fields.Date.context_today(self) + timedelta(days=7))
    slot_count = fields.Integer("Times to offer", default=6, required=True)
    line_ids = fields.One2many("hr.ai.live.schedule.wizard.line", "wizard_id", string="Free times",
                               compute="_compute_line_ids", store=True, readonly=False)
    tz = fields.Char(compute="_compute_tz", string="Time zone")

    @api.depends("session_id")
    def _compute_tz(self):
        for wizard in self:
            wizard.tz = wizard.session_id.user_id.tz or self.env.user.tz or "UTC"

    @api.depends("session_id", "interviewer_ids", "duration", "date_from", "date_to", "slot_count")
    def _compute_line_ids(self):
        for wizard in self:
            wizard.line_ids = [(5, 0, 0)] + [(0, 0, {"start": start, "stop": stop, "selected": True})
                                             for start, stop in wizard._free_times()]

    def _free_times(self):
        self.ensure_one()
        session = self.session_id
        if not session or not self.date_from or not self.date_to or self.duration <= 0:
            return []
        tz = pytz.timezone(self.tz or "UTC")
        start = tz.localize(datetime.combine(self.date_from, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        end = tz.localize(datetime.combine(self.date_to, time.max)).astimezone(pytz.utc).replace(tzinfo=None)
        users = session.user_id | self.interviewer_ids
        return session._ai_free_slots(users, start, end, self.duration, limit=max(1, min(self.slot_count, 20)))

    @api.constrains("duration", "date_from", "date_to")
    def _check_values(self):
        for wizard in self:
            if wizard.duration < 10 or wizard.duration > 240:
                raise UserError(self.env._("An interview lasts between 10 and 240 minutes."))
            if wizard.date_to < wizard.date_from:
                raise UserError(self.env._("The period ends before it starts."))

    def action_offer(self):
        """Offer the ticked times and mail the candidate the link to pick one."""
        self.ensure_one()
        times = [(line.start, line.stop) for line in self.line_ids if line.selected]
        if not times:
            raise UserError(self.env._("No free time is ticked. Widen the period or ask the interviewers to free "
                                       "some time in their calendars."))
        session = self.session_id
        session.write({"interviewer_ids": [(6, 0, self.interviewer_ids.ids)], "duration": self.duration})
        url, mailed = session._ai_offer_slots(times)
        if mailed:
            message = self.env._("%(count)s times were mailed to the candidate, who picks one on this page: %(url)s",
                                 count=len(times), url=url)
        else:
            message = self.env._("The application has no email address: give the candidate this link to pick a "
                                 "time: %(url)s", url=url)
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"title": self.env._("Interview times offered"), "message": message, "sticky": True,
                           "type": "success", "next": {"type": "ir.actions.act_window_close"}}}
