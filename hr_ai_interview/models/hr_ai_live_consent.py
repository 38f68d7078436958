# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrAiLiveConsent(models.Model):
    """The candidate's choice about the AI listening to a live interview. Append-only: a change of mind is a
    new record (the latest one counts)."""

    _name = "hr.ai.live.consent"
    _inherit = ["hr.ai.append.only.mixin"]
    _description = "Live AI Interview Consent"
    _order = "date desc, id desc"

    session_id = fields.Many2one("hr.ai.live.session", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="session_id.company_id", store=True)
    kind = fields.Selection([("live_listening", "AI listening during the live interview")], required=True,
                            default="live_listening")
    given = fields.Boolean()
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    notice_hash = fields.Char("Notice version (SHA-256)")
    ip_address = fields.Char("IP address")
    user_agent = fields.Char()

    def _append_only_message(self):
        return self.env._("A consent records what the candidate chose: it cannot be changed or deleted.")
