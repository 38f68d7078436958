# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HrCandidate(models.Model):
    _inherit = "hr.candidate"

    def unlink(self):
        # the person's interviews and recordings go with them
        self.sudo().with_context(active_test=False).applicant_ids.ai_interview_ids.unlink()
        return super().unlink()
