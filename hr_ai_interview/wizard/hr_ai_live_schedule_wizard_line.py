# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrAiLiveScheduleWizardLine(models.TransientModel):
    """A free time the schedule wizard found; ticked ones are offered to the candidate."""

    _name = "hr.ai.live.schedule.wizard.line"
    _description = "Free Live Interview Time"
    _order = "start"

    wizard_id = fields.Many2one("hr.ai.live.schedule.wizard", required=True, ondelete="cascade")
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
    selected = fields.Boolean("Offer", default=True)
