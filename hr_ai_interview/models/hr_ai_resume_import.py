# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bulk intake: a ZIP of résumés (and optionally a spreadsheet of the applicants) for one job.

Starting an import only reads the ZIP's directory and the spreadsheet and creates one line per applicant;
the files are imported by a cron in batches (``ir.cron._notify_progress``: the runner commits after each
batch), so a thousand résumés never hold a request. Each line is imported in a savepoint: an applicant with
their résumé, or nothing and a reason. Every imported résumé is then screened like any other.
"""

import base64
import csv
import io
import logging
import zipfile
from pathlib import PurePosixPath

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

BATCH = 50
MAX_FILES = 5000
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024  # uncompressed, against ZIP bombs
RESUME_EXTENSIONS = {"pdf": "application/pdf", "doc": "application/msword", "txt": "text/plain",
                     "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
# spreadsheet headers (the templates' and common variants), lower-cased
COLUMNS = {
    "name": ("name", "applicant", "applicant name", "candidate", "姓名", "候选人", "候选人姓名", "应聘者"),
    "email": ("email", "e-mail", "mail", "邮箱", "电子邮箱", "邮件"),
    "phone": ("phone", "mobile", "telephone", "电话", "手机", "手机号", "联系电话"),
    "file": ("resume file", "résumé file", "cv file", "file", "简历文件", "简历", "文件名"),
}
LINE_ERRORS = [
    ("empty", "The file is empty"),
    ("too_large", "The file is larger than 20 MB"),
    ("unsupported_type", "Not a résumé file (PDF, DOCX, DOC or TXT)"),
    ("file_missing", "The spreadsheet names a file that is not in the ZIP"),
    ("no_name", "The row has neither a name nor a file"),
    ("invalid_email", "The email address is not valid"),
    ("error", "Could not be imported"),
]


class LineError(Exception):
    """A line that cannot be imported; ``args[0]`` is its code in LINE_ERRORS."""


class SheetError(Exception):
    """A spreadsheet that cannot be read; ``args[0]`` is what to tell HR (a code)."""


def resume_kind(data):
    """The résumé type from the content (never from the name alone), or None."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as docx:
                return "docx" if "word/document.xml" in docx.namelist() else None
        except zipfile.BadZipFile:
            return None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            data[:65536].decode(encoding)
            return "txt"
        except UnicodeDecodeError:
            continue
    return None


def _member_name(info):
    """A ZIP member's file name (ZIPs made on Chinese Windows name files in GBK without saying so)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            _logger.debug("ZIP member name %r is neither UTF-8 nor GBK: kept as read", name)
    return PurePosixPath(name).name


def read_sheet(data, filename):
    """Rows of a spreadsheet (xlsx or csv) as dicts with the keys of COLUMNS."""
    if (filename or "").lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                rows = list(csv.reader(io.StringIO(data.decode(encoding))))
                break
            except UnicodeDecodeError:
                continue
        else:
            raise SheetError("encoding")
    else:
        import openpyxl  # noqa: PLC0415 (Odoo's own dependency, only needed here)

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 (any broken workbook: one clear message)
            raise SheetError("unreadable") from exc
        rows = [[("" if c is None else str(c)) for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    if not rows:
        return []
    header = [str(h).strip().lower() for h in rows[0]]
    index = {key: next((i for i, h in enumerate(header) if h in names), None) for key, names in COLUMNS.items()}
    if index["name"] is None and index["file"] is None:
        raise SheetError("columns")
    result = []
    for row in rows[1:]:
        item = {key: (row[i].strip() if i is not None and i < len(row) else "") for key, i in index.items()}
        if any(item.values()):
            result.append(item)
    return result


class HrAiResumeImport(models.Model):
    _name = "hr.ai.resume.import"
    _description = "Résumé bulk import"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    job_id = fields.Many2one("hr.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)
    state = fields.Selection([("draft", "Draft"), ("running", "Importing"), ("done", "Done")], default="draft",
                             required=True, readonly=True, tracking=True)
    zip_file = fields.Binary("ZIP of résumés", attachment=True)
    zip_filename = fields.Char()
    sheet_file = fields.Binary("Spreadsheet of applicants", attachment=True,
                               help="Optional (xlsx or csv): name, email, phone and résumé file name per applicant.")
    sheet_filename = fields.Char()
    line_ids = fields.One2many("hr.ai.resume.import.line", "import_id", string="Lines")
    total_count = fields.Integer(compute="_compute_counts")
    done_count = fields.Integer("Imported", compute="_compute_counts")
    failed_count = fields.Integer("Failed", compute="_compute_counts")
    progress = fields.Float(compute="_compute_counts")
    date_done = fields.Datetime("Finished on", readonly=True)

    @api.depends("job_id", "create_date")
    def _compute_name(self):
        for batch in self:
            batch.name = f"{batch.job_id.name or ''} {fields.Date.to_string(batch.create_date) or ''}".strip()

    @api.depends("line_ids.state")
    def _compute_counts(self):
        data = self.env["hr.ai.resume.import.line"]._read_group(
            [("import_id", "in", self.ids)], ["import_id", "state"], ["__count"])
        counts = {(batch.id, state): count for batch, state, count in data}
        for batch in self:
            done, failed = counts.get((batch.id, "done"), 0), counts.get((batch.id, "failed"), 0)
            batch.total_count = done + failed + counts.get((batch.id, "pending"), 0)
            batch.done_count, batch.failed_count = done, failed
            batch.progress = 100.0 * (done + failed) / batch.total_count if batch.total_count else 0.0

    # ------------------------------------------------------------------ start
    def action_start(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This import has already started."))
        if not (self.zip_file or self.sheet_file):
            raise UserError(self.env._("Add a ZIP of résumés, a spreadsheet of applicants, or both."))
        members = self._zip_members()
        rows = self._sheet_rows()
        lines, used = [], set()
        for row in rows:
            member = members.get(row["file"].lower()) if row["file"] else None
            if member:
                used.add(row["file"].lower())
            lines.append({"import_id": self.id, "partner_name": row["name"], "email": row["email"],
                          "phone": row["phone"], "filename": row["file"], "member": member and member[0]})
        waiting = self._applicants_waiting_for_files()
        for key, (path, name) in members.items():
            if key not in used:
                applicant = waiting.get(key)
                lines.append({"import_id": self.id, "filename": name, "member": path,
                              "applicant_id": applicant.id if applicant else False,
                              "partner_name": applicant.partner_name if applicant else False})
        if not lines:
            raise UserError(self.env._("Nothing to import: the ZIP holds no files and the spreadsheet no rows."))
        if len(lines) > MAX_FILES:
            raise UserError(self.env._("At most %(max)s applicants per import.", max=MAX_FILES))
        self.check_access("write")
        self.env["hr.ai.resume.import.line"].sudo().create(lines)  # lines are the system's record of the work
        self.write({"state": "running"})
        self.env.ref("hr_ai_interview.ir_cron_hr_ai_resume_import")._trigger()
        return True

    def _applicants_waiting_for_files(self):
        """{lower-case file name: application} of this job's applications imported with Odoo's import, whose
        row named a résumé file (``ai_resume_filename``)."""
        applicants = self.env["hr.applicant"].search([("job_id", "=", self.job_id.id),
                                                      ("ai_resume_filename", "!=", False)])
        return {applicant.ai_resume_filename.strip().lower(): applicant for applicant in applicants}

    def _sheet_rows(self):
        if not self.sheet_file:
            return []
        try:
            return read_sheet(base64.b64decode(self.sheet_file), self.sheet_filename)
        except SheetError as exc:
            messages = {
                "encoding": self.env._("The CSV file is neither UTF-8 nor GB18030 text."),
                "unreadable": self.env._("The spreadsheet cannot be read: save it as .xlsx or .csv."),
                "columns": self.env._("The spreadsheet needs a name column (姓名 / Name) or a résumé file column "
                                      "(简历文件 / Résumé file): start from a template."),
            }
            raise UserError(messages[exc.args[0]]) from exc

    def _zip_members(self):
        """{lower-case file name: (member path, file name)} of the files in the ZIP (checked, not extracted)."""
        if not self.zip_file:
            return {}
        try:
            with zipfile.ZipFile(io.BytesIO(base64.b64decode(self.zip_file))) as archive:
                infos = [i for i in archive.infolist() if not i.is_dir() and not _member_name(i).startswith(".")
                         and "__MACOSX" not in i.filename]
        except zipfile.BadZipFile as exc:
            raise UserError(self.env._("%(file)s is not a ZIP file.", file=self.zip_filename or "")) from exc
        if len(infos) > MAX_FILES:
            raise UserError(self.env._("At most %(max)s files per ZIP.", max=MAX_FILES))
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise UserError(self.env._("The ZIP unpacks to more than 2 GB."))
        return {_member_name(i).lower(): (i.filename, _member_name(i)) for i in infos}

    # ------------------------------------------------------------------ batches (cron)
    @api.model
    def _cron_process(self):
        batch = self.search([("state", "=", "running")], order="id", limit=1)
        if not batch:
            return
        lines = batch.line_ids.filtered(lambda line: line.state == "pending").sorted("id")[:BATCH]
        batch._import_lines(lines)
        left = self.env["hr.ai.resume.import.line"].search_count([("state", "=", "pending"),
                                                                 ("import_id.state", "=", "running")])
        self.env["ir.cron"]._notify_progress(done=len(lines), remaining=left)
        if left:  # after its 10 batches the runner would wait for the next poll (a minute): wake it now
            self.env.ref("hr_ai_interview.ir_cron_hr_ai_resume_import")._trigger()

    def _import_lines(self, lines):
        """Import ``lines`` (each alone: an applicant with their résumé, or a reason); finish when none is left."""
        self.ensure_one()
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(self.zip_file))) if self.zip_file else None
        try:
            for line in lines:
                try:
                    with self.env.cr.savepoint():
                        line._import(archive)
                except LineError as exc:
                    line.write({"state": "failed", "error": exc.args[0]})
                except Exception:
                    _logger.exception("résumé import %s: line %s failed", self.id, line.id)
                    line.write({"state": "failed", "error": "error"})
        finally:
            if archive:
                archive.close()
        if not self.line_ids.filtered(lambda line: line.state == "pending"):
            self.write({"state": "done", "date_done": fields.Datetime.now()})
            self.message_post(body=self.env._(
                "Import finished: %(done)s applicants imported, %(failed)s failed.",
                done=self.done_count, failed=self.failed_count), partner_ids=self.user_id.partner_id.ids)

    def action_open_applicants(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "hr.applicant", "view_mode": "list,kanban,form",
                "name": self.env._("Imported applicants"), "domain": [("id", "in", self.line_ids.applicant_id.ids)]}

