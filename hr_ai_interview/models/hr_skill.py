# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

CATALOG_LIMIT = 5000


class HrSkill(models.Model):
    _inherit = "hr.skill"

    def _ai_catalog(self):
        """The company's skills as the résumé screener receives them, to name what it finds."""
        skills = self.search([], limit=CATALOG_LIMIT)
        return [{"id": skill.id, "name": skill.name, "type": skill.skill_type_id.name or ""} for skill in skills]
