# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrAiDecision(models.Model):
    """Append-only log of people's decisions on applicants, with the AI recommendation they followed or
    overrode, the reason and how many answers they had opened."""

    _name = "hr.ai.decision"
    _inherit = ["hr.ai.append.only.mixin"]
    _description = "Hiring Decision"
    _order = "id desc"

    applicant_id = fields.Many2one("hr.applicant", required=True, readonly=True, index=True, ondelete="cascade")
    job_id = fields.Many2one(related="applicant_id.job_id", store=True)
    company_id = fields.Many2one(related="applicant_id.company_id", store=True)
    interview_id = fields.Many2one("hr.ai.interview", readonly=True, ondelete="set null")
    decision = fields.Selection([("advance", "Advance"), ("refuse", "Refuse")], required=True, readonly=True)
    ai_recommendation = fields.Selection(
        [("advance", "Advance to HR interview"), ("hold", "Hold"), ("review", "Needs human review")],
        string="AI recommendation", readonly=True)
    is_override = fields.Boolean("Overrides the AI", readonly=True)
    reason = fields.Text(readonly=True)
    refuse_reason_id = fields.Many2one("hr.applicant.refuse.reason", readonly=True)
    stage_id = fields.Many2one("hr.recruitment.stage", "Moved to", readonly=True)
    user_id = fields.Many2one("res.users", "Decided by", required=True, readonly=True, ondelete="restrict")
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    ai_match_pct = fields.Float("AI match %", readonly=True)
    combined_score = fields.Float(readonly=True)
    answers_opened = fields.Integer("Answers opened", readonly=True,
                                    help="Answers of this applicant a person had opened when deciding.")
    mail_id = fields.Many2one("mail.mail", "Message to the candidate", readonly=True, ondelete="set null")

    def _append_only_message(self):
        return self.env._("Decisions are logged and cannot be changed.")
