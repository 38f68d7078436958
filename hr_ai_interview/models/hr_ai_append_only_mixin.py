# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError


class HrAiAppendOnlyMixin(models.AbstractModel):
    """A record people may add but never change or delete (consents, decisions, the recording access log):
    only the system (superuser) can, e.g. when the whole application is deleted."""

    _name = "hr.ai.append.only.mixin"
    _description = "Append-only record"

    def _append_only_message(self):
        """What people are told when they try to change or delete such a record."""
        return self.env._("This record cannot be changed or deleted.")

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self._append_only_message())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_people(self):
        if not self.env.su:
            raise AccessError(self._append_only_message())
