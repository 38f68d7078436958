# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import os
import tempfile

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools.media import UploadRejected

RECORDING_MODELS = ("hr.ai.answer", "hr.ai.live.utterance")  # recorded answers, live utterances
TEXT_INDEX_BYTES = 1024 * 1024


class IrAttachment(models.Model):
    """Candidates' recordings cannot be made public or shared by token, and every read is logged."""

    _inherit = "ir.attachment"

    def _hr_ai_recordings(self):
        return self.filtered(lambda a: a.res_model in RECORDING_MODELS)

    def _hr_ai_check_sharing(self, vals):
        if vals.get("public") or vals.get("access_token"):
            raise AccessError(self.env._("A candidate's recording cannot be made public or shared by link."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("res_model") in RECORDING_MODELS:
                self._hr_ai_check_sharing(vals)
        attachments = super().create(vals_list)
        attachments._hr_ai_screen_resumes()
        return attachments

    def _hr_ai_screen_resumes(self):
        """A résumé reaching an application (mail alias, website form, upload, import) is screened when its job
        asks for it: the newest one counts."""
        Applicant = self.env["hr.applicant"]
        resumes = self.sudo().filtered(lambda a: a.res_model == Applicant._name and a.res_id
                                       and Applicant._ai_is_resume(a))
        newest = {attachment.res_id: attachment for attachment in resumes.sorted("id")}
        for res_id, attachment in newest.items():
            applicant = Applicant.sudo().browse(res_id).exists()
            if applicant.job_id.ai_screen_enabled:
                applicant._ai_screen(attachment)

    def write(self, vals):
        if self.sudo()._hr_ai_recordings() or vals.get("res_model") in RECORDING_MODELS:
            self._hr_ai_check_sharing(vals)
            if not self.env.su and {"res_model", "res_id", "res_field"} & set(vals):
                raise AccessError(self.env._("A candidate's recording stays attached to its answer."))
        return super().write(vals)

    @api.model
    def _index(self, bin_data, file_type, checksum=None):
        # Odoo keeps only runs of ASCII from text files: a Chinese résumé in TXT would not be searchable
        if file_type and file_type.startswith("text/") and bin_data:
            for encoding in ("utf-8-sig", "utf-16", "gb18030"):
                try:
                    return bin_data[:TEXT_INDEX_BYTES].decode(encoding)
                except UnicodeDecodeError:
                    continue
        return super()._index(bin_data, file_type, checksum=checksum)

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
        if not self.env.su:
            for recording in self.sudo()._hr_ai_recordings():
                self.env[recording.res_model].browse(recording.res_id).exists()._hr_ai_check_recording_access()
        if self.env.context.get("hr_ai_media_logged"):
            return
        logged = self.env.cr.precommit.data.setdefault("hr_ai_media_logged", set())
        recordings = self.sudo()._hr_ai_recordings().filtered(lambda a: a.id not in logged)
        if recordings:
            logged.update(recordings.ids)
            self.env["hr.ai.media.access"].sudo()._log(recordings, channel)

    @api.model
    def _hr_ai_create_streamed(self, vals, stream, max_bytes, chunk=1024 * 1024):
        """Create an attachment from a file-like object, copied to the file store chunk by chunk (never
        held in memory). Refuses more than ``max_bytes`` (413) and empty files."""
        if self._storage() == "db":
            data = stream.read(max_bytes + 1)
            self._hr_ai_check_size(len(data), max_bytes)
            return self.create(dict(vals, raw=data))
        folder = self._full_path("hr_ai_upload")
        os.makedirs(folder, exist_ok=True)
        digest, size = hashlib.sha1(), 0
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as tmp:
            try:
                while block := stream.read(chunk):
                    size += len(block)
                    self._hr_ai_check_size(size, max_bytes)
                    digest.update(block)
                    tmp.write(block)
            except BaseException:
                os.unlink(tmp.name)
                raise
        self._hr_ai_check_size(size, max_bytes)
        checksum = digest.hexdigest()
        fname = f"{checksum[:2]}/{checksum}"  # Odoo's own layout (see _get_path)
        full_path = self._full_path(fname)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        if os.path.exists(full_path):
            os.unlink(tmp.name)  # the same recording is already stored (sha-1 addressed)
        else:
            os.replace(tmp.name, full_path)
            self._mark_for_gc(fname)  # removed again if the transaction aborts
        attachment = self.create(dict(vals, raw=b""))
        self.env.cr.execute(SQL(
            "UPDATE ir_attachment SET store_fname = %s, checksum = %s, file_size = %s, db_datas = NULL WHERE id = %s",
            fname, checksum, size, attachment.id))
        attachment.invalidate_recordset(["store_fname", "checksum", "file_size", "db_datas", "raw", "datas"])
        return attachment

    def _hr_ai_check_size(self, size, max_bytes):
        if size > max_bytes:
            raise UploadRejected(self.env._("The recording is too large (at most %(mb)s MB).",
                                            mb=max_bytes // (1024 * 1024)), status=413)
        if size == 0:
            raise UploadRejected(self.env._("The recording is empty."))
