# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

CATALOG_LIMIT = 5000


class HrSkill(models.Model):
    _inherit = "hr.skill"

    def _ai_catalog_skills(self):
        """The skills offered to the résumé screener (the ids a result may name)."""
        return self.search([], limit=CATALOG_LIMIT)

    def _ai_catalog(self):
        """The company's skills as the résumé screener receives them, to name what it finds."""
        skills = self._ai_catalog_skills()
        return [{"id": skill.id, "name": skill.name, "type": skill.skill_type_id.name or ""} for skill in skills]
