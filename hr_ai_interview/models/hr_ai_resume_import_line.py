# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from pathlib import PurePosixPath

from odoo import fields, models
from odoo.tools import email_normalize

from .hr_ai_resume_import import LINE_ERRORS, MAX_FILE_BYTES, RESUME_EXTENSIONS, LineError, resume_kind


class HrAiResumeImportLine(models.Model):
    _name = "hr.ai.resume.import.line"
    _description = "Résumé bulk import line"
    _order = "id"

    import_id = fields.Many2one("hr.ai.resume.import", required=True, ondelete="cascade", index=True)
    state = fields.Selection([("pending", "Waiting"), ("done", "Imported"), ("failed", "Failed")],
                             default="pending", required=True, index=True)
    filename = fields.Char("File")
    member = fields.Char()
    partner_name = fields.Char("Name")
    email = fields.Char()
    phone = fields.Char()
    applicant_id = fields.Many2one("hr.applicant", ondelete="set null")
    error = fields.Selection(LINE_ERRORS, string="Problem")
    screen_state = fields.Selection(related="applicant_id.ai_screen_state")
    screen_error = fields.Selection(related="applicant_id.ai_screen_error")
    screen_score = fields.Float(related="applicant_id.ai_screen_score")

    def _read_member(self, archive):
        if not self.member:
            return None, None
        try:
            info = archive.getinfo(self.member)
        except (AttributeError, KeyError) as exc:  # no ZIP, or not in it
            raise LineError("file_missing") from exc
        if info.file_size > MAX_FILE_BYTES:
            raise LineError("too_large")
        data = archive.read(self.member)
        if not data.strip():
            raise LineError("empty")
        kind = resume_kind(data)
        if not kind:
            raise LineError("unsupported_type")
        return data, kind

    def _import(self, archive):
        if self.filename and not self.member and self.import_id.zip_file:
            raise LineError("file_missing")
        data, kind = self._read_member(archive)
        email = email_normalize(self.email) if self.email else False
        if self.email and not email:
            raise LineError("invalid_email")
        name = self.partner_name or PurePosixPath(self.filename or "").stem
        if not name:
            raise LineError("no_name")
        job = self.import_id.job_id
        if self.applicant_id:  # imported before with Odoo's import: only its résumé comes now
            self._attach(self.applicant_id, data, kind, name)
            self.write({"state": "done", "error": False})
            return
        Candidate = self.env["hr.candidate"]
        candidate = Candidate.search([("email_normalized", "=", email), ("company_id", "in", (job.company_id.id,
                                                                                             False))], limit=1) \
            if email else Candidate
        if not candidate:
            candidate = Candidate.create({"partner_name": name, "email_from": email or False,
                                          "partner_phone": self.phone or False, "company_id": job.company_id.id})
        applicant = self.env["hr.applicant"].search([("candidate_id", "=", candidate.id), ("job_id", "=", job.id)],
                                                    limit=1)
        if not applicant:
            applicant = self.env["hr.applicant"].create({"candidate_id": candidate.id, "job_id": job.id})
        self._attach(applicant, data, kind, name)
        self.write({"state": "done", "applicant_id": applicant.id, "error": False})

    def _attach(self, applicant, data, kind, name):
        """The résumé joins the application (and is screened there, if its job screens résumés)."""
        if not data:
            return
        extension = PurePosixPath(self.filename or "").suffix.lower().lstrip(".")
        filename = self.filename if extension == kind else f"{self.filename or name}.{kind}"
        self.env["ir.attachment"].create({
            "name": filename, "res_model": "hr.applicant", "res_id": applicant.id,
            "raw": data, "mimetype": RESUME_EXTENSIONS[kind]})
