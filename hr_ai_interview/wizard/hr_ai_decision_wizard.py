# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HrAiDecisionWizard(models.TransientModel):
    _name = "hr.ai.decision.wizard"
    _description = "Decide on an application"

    applicant_id = fields.Many2one("hr.applicant", required=True, ondelete="cascade")
    decision = fields.Selection([("advance", "Advance"), ("refuse", "Refuse")], required=True, default="advance")
    ai_recommendation = fields.Selection(related="applicant_id.ai_recommendation")
    ai_match_pct = fields.Float(related="applicant_id.ai_match_pct")
    combined_score = fields.Float(related="applicant_id.ai_combined_score")
    answers_opened = fields.Integer(related="applicant_id.ai_answers_opened")
    is_override = fields.Boolean(compute="_compute_is_override")
    reason = fields.Text()
    refuse_reason_id = fields.Many2one("hr.applicant.refuse.reason")
    stage_id = fields.Many2one("hr.recruitment.stage", "Move to", compute="_compute_stage_id", store=True,
                               readonly=False)

    @api.depends("decision", "applicant_id")
    def _compute_is_override(self):
        for wizard in self:
            wizard.is_override = wizard.applicant_id._ai_is_override(wizard.decision) if wizard.applicant_id else False

    @api.depends("applicant_id")
    def _compute_stage_id(self):
        for wizard in self:
            wizard.stage_id = wizard.applicant_id._ai_next_stage() if wizard.applicant_id else False

    def action_confirm(self):
        self.ensure_one()
        self.applicant_id._ai_decide(self.decision, reason=self.reason, refuse_reason=self.refuse_reason_id,
                                     stage=self.stage_id if self.decision == "advance" else None)
        return {"type": "ir.actions.act_window_close"}
