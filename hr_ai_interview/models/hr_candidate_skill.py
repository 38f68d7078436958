# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrCandidateSkill(models.Model):
    _inherit = "hr.candidate.skill"

    ai_source = fields.Char(
        "Found in", readonly=True,
        help="Set when the AI résumé screening added the skill: the résumé line that shows it. Empty for skills "
             "HR entered.")
