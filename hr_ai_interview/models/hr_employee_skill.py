# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrEmployeeSkill(models.Model):
    _inherit = "hr.employee.skill"

    ai_source = fields.Char(
        "Evidence", readonly=True,
        help="Set when the skill came from recruitment: the résumé line or the interview answer that shows it.")
    ai_applicant_id = fields.Many2one("hr.applicant", "From application", readonly=True, ondelete="set null",
                                      groups="hr_recruitment.group_hr_recruitment_user")
