# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError


class HrAiInterviewCompetency(models.Model):
    _name = "hr.ai.interview.competency"
    _description = "AI Interview Competency Score"
    _order = "interview_id, id"

    interview_id = fields.Many2one("hr.ai.interview", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="interview_id.company_id", store=True)
    competency_id = fields.Many2one("hr.ai.competency", required=True, ondelete="restrict")
    score = fields.Float()
    has_score = fields.Boolean(help="False when no usable answer measured this competency.")
    threshold = fields.Integer()
    passed = fields.Boolean()
    answer_count = fields.Integer("Answers")

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("AI competency scores are set by the system only."))
        return super().write(vals)
