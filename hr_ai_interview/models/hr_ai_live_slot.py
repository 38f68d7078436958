# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HrAiLiveSlot(models.Model):
    """A time offered to the candidate for a live interview: proposed by HR from the interviewers' free time,
    booked by the candidate on their page (one per interview), released when another is booked or HR proposes
    new times."""

    _name = "hr.ai.live.slot"
    _description = "Live AI Interview Time Slot"
    _order = "start, id"

    session_id = fields.Many2one("hr.ai.live.session", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="session_id.company_id", store=True)
    start = fields.Datetime(required=True, readonly=True)
    stop = fields.Datetime(required=True, readonly=True)
    state = fields.Selection([("proposed", "Offered"), ("booked", "Booked"), ("released", "Released")],
                             default="proposed", required=True, readonly=True, index=True)

    _sql_constraints = [
        ("stop_after_start", "CHECK(stop > start)", "A time slot ends after it starts."),
    ]

    @api.depends("start", "stop")
    @api.depends_context("tz")
    def _compute_display_name(self):
        for slot in self:
            slot.display_name = slot._label(self.env.context.get("tz") or self.env.user.tz or "UTC")

    def _label(self, tz):
        self.ensure_one()
        return self.session_id._time_label(self.start, self.stop, tz)

    def _is_open(self):
        """Still offered and not passed."""
        self.ensure_one()
        return self.state == "proposed" and self.start > fields.Datetime.now()
