# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrAiConsent(models.Model):
    _name = "hr.ai.consent"
    _inherit = ["hr.ai.append.only.mixin"]
    _description = "AI Interview Consent"
    _order = "date desc, id desc"

    interview_id = fields.Many2one("hr.ai.interview", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="interview_id.company_id", store=True)
    kind = fields.Selection(
        [
            ("recording", "Recording of audio/video"),
            ("ai_analysis", "Automated analysis of the answers"),
            ("delivery_cues", "Delivery cues (pace, pauses) may count in the score"),
            ("talent_pool", "Stay in the talent pool for other jobs"),
        ],
        required=True,
    )
    given = fields.Boolean(default=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    notice_hash = fields.Char("Notice version (SHA-256)")
    ip_address = fields.Char("IP address")
    user_agent = fields.Char()

    def _append_only_message(self):
        return self.env._("A consent records what the candidate agreed to: it cannot be changed or deleted.")
