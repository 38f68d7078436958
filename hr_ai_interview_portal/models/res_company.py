# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    hr_ai_rights_due_days = fields.Integer(
        "Days to answer a data request", default=15,
        help="A candidate's request about their data (copy, deletion, withdrawal, human review, explanation) "
             "must be answered within this many days.")
