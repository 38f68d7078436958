# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrAiScreenRequirement(models.Model):
    """One line of a job's résumé screening profile: a skill or a certificate, a must-have or a weighted
    nice-to-have. Minimum years and degree live on the job itself."""

    _name = "hr.ai.screen.requirement"
    _description = "Résumé screening requirement"
    _order = "sequence, id"

    job_id = fields.Many2one("hr.job", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection([("skill", "Skill"), ("certificate", "Certificate")], default="skill", required=True)
    skill_id = fields.Many2one("hr.skill", string="Odoo skill",
                               help="Links the requirement to an Odoo skill: skills found in a résumé are added "
                                    "to the candidate's skills.")
    name = fields.Char(compute="_compute_name", store=True, readonly=False, required=True, translate=False,
                       help="As HR writes it; synonyms and other wordings (e.g. 进销存 for 库存管理) count too.")
    required = fields.Boolean("Must-have")
    weight = fields.Float(default=1.0, help="Weight of a nice-to-have in the match (must-haves weigh most).")

    @api.model_create_multi
    def create(self, vals_list):
        # a line given only its skill is named after it (in a batch, the name column is inserted for every row)
        for vals in vals_list:
            if not vals.get("name") and vals.get("skill_id"):
                vals["name"] = self.env["hr.skill"].browse(vals["skill_id"]).name
        return super().create(vals_list)

    @api.depends("skill_id")
    def _compute_name(self):
        for line in self.filtered("skill_id"):
            line.name = line.skill_id.name

    @api.constrains("weight")
    def _check_weight(self):
        if any(line.weight < 0 or line.weight > 10 for line in self):
            raise ValidationError(self.env._("A requirement's weight must be between 0 and 10."))

    def _screen_payload(self):
        return [{"name": line.name, "required": line.required, "weight": line.weight,
                 **({"skill_id": line.skill_id.id} if line.skill_id else {})} for line in self]
