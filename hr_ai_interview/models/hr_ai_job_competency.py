# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrAiJobCompetency(models.Model):
    _name = "hr.ai.job.competency"
    _description = "Competency required by a job, with its threshold"
    _order = "sequence, id"

    job_id = fields.Many2one("hr.job", required=True, index=True, ondelete="cascade")
    competency_id = fields.Many2one("hr.ai.competency", required=True, ondelete="restrict")
    sequence = fields.Integer(default=10)
    threshold = fields.Integer(default=70, help="Minimum score (0-100) expected for this job.")
    weight = fields.Float(default=1.0, help="Weight of this competency in the match %.")
    company_id = fields.Many2one(related="job_id.company_id", store=True)

    _sql_constraints = [
        ("job_competency_uniq", "unique(job_id, competency_id)", "A competency can only be listed once per job."),
    ]

    @api.constrains("threshold", "weight")
    def _check_threshold(self):
        for line in self:
            if not 0 <= line.threshold <= 100:
                raise ValidationError(self.env._("A competency threshold must be between 0 and 100."))
            if line.weight <= 0:
                raise ValidationError(self.env._("A competency weight must be positive."))
