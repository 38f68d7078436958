# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError

RECORDING_MODEL = "hr.ai.answer"


class IrAttachment(models.Model):
    """Candidates' recordings cannot be made public or shared by token, and every read is logged."""

    _inherit = "ir.attachment"

    def _hr_ai_recordings(self):
        return self.filtered(lambda a: a.res_model == RECORDING_MODEL)

    def _hr_ai_check_sharing(self, vals):
        if vals.get("public") or vals.get("access_token"):
            raise AccessError(self.env._("A candidate's recording cannot be made public or shared by link."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("res_model") == RECORDING_MODEL:
                self._hr_ai_check_sharing(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self.sudo()._hr_ai_recordings() or vals.get("res_model") == RECORDING_MODEL:
            self._hr_ai_check_sharing(vals)
            if not self.env.su and {"res_model", "res_id", "res_field"} & set(vals):
                raise AccessError(self.env._("A candidate's recording stays attached to its answer."))
        return super().write(vals)

    def generate_access_token(self):
        if self.sudo()._hr_ai_recordings():
            raise AccessError(self.env._("A candidate's recording cannot be made public or shared by link."))
        return super().generate_access_token()

    def _compute_datas(self):
        # export, RPC reads and downloads of the content go through here (our own routes log themselves)
        self._hr_ai_log_read("read")
        return super()._compute_datas()

    def _compute_raw(self):
        self._hr_ai_log_read("read")
        return super()._compute_raw()

    def _hr_ai_log_read(self, channel):
        """One line per recording and transaction (reading ``datas`` also computes ``raw``)."""
        if self.env.context.get("hr_ai_media_logged"):
            return
        logged = self.env.cr.precommit.data.setdefault("hr_ai_media_logged", set())
        recordings = self.sudo()._hr_ai_recordings().filtered(lambda a: a.id not in logged)
        if recordings:
            logged.update(recordings.ids)
            self.env["hr.ai.media.access"].sudo()._log(recordings, channel)
