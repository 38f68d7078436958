# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrAiCompetency(models.Model):
    _name = "hr.ai.competency"
    _description = "AI Interview Competency"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable key used in analysis results and exports.")
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    skill_id = fields.Many2one(
        "hr.skill", "Employee skill", ondelete="set null",
        help="When a hired candidate met this competency's threshold in the AI interview, the employee gets this "
             "skill (level from the score, the answer as its evidence).")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The competency code must be unique."),
    ]
