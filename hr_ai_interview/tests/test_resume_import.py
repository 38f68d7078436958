# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import zipfile

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.misc import file_open

from ..models.hr_ai_resume_import import BATCH
from .common import AiInterviewCase

TXT = "工作经历\n2018.03-至今 华润万家便利店 店长\n负责门店运营、排班和库存管理\n".encode()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>店长</w:t></w:r></w:p></w:body>"
                                           "</w:document>")
    return buffer.getvalue()


def zip_of(files, gbk_names=()):
    """A ZIP of ``files``; ``gbk_names`` are written as Windows' built-in zip tool does on a Chinese system: the
    name in GBK bytes without the UTF-8 flag."""
    buffer = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for n, (name, data) in enumerate(gbk_names):
            raw = name.encode("gbk")
            placeholder = f"{n:0{len(raw) - 4}d}.txt".encode()
            placeholders[placeholder] = raw
            archive.writestr(placeholder.decode(), data)
    content = buffer.getvalue()
    for placeholder, raw in placeholders.items():
        content = content.replace(placeholder, raw)
    return base64.b64encode(content)


@tagged("post_install", "-at_install")
class TestResumeImport(AiInterviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job.ai_screen_enabled = True

    def run_import(self, batch):
        for _ in range(100):  # what the cron does, one batch per call
            if batch.state != "running":
                break
            self.env["hr.ai.resume.import"]._cron_process()  # as the cron's user
        return batch

    def new_import(self, **vals):
        return self.env["hr.ai.resume.import"].with_user(self.officer).create(dict(vals, job_id=self.job.id))

    def test_zip_and_sheet_become_applicants_with_their_resumes_and_reasons(self):
        sheet = ("姓名,邮箱,电话,简历文件\n"
                 "张伟,zhangwei@example.com,13800000000,zhang.txt\n"
                 "李娜,lina@example.com,,missing.pdf\n"
                 "王芳,not-an-email,,wang.docx\n").encode("utf-8-sig")
        files = {"zhang.txt": TXT, "wang.docx": docx_bytes(), "cv/alex_chen.pdf": PDF, "empty.txt": b"",
                 "photo.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "__MACOSX/._zhang.txt": b"junk"}
        batch = self.new_import(zip_file=zip_of(files, gbk_names=[("刘洋简历.txt", TXT)]), zip_filename="cv.zip",
                                sheet_file=base64.b64encode(sheet), sheet_filename="applicants.csv")
        batch.action_start()
        self.assertEqual(batch.state, "running")
        self.assertEqual(batch.total_count, 7, "3 rows + 4 files no row names (the __MACOSX entry is skipped)")
        self.assertEqual(batch.progress, 0.0)
        self.run_import(batch)
        self.assertEqual(batch.state, "done")
        lines = {line.filename: line for line in batch.line_ids}
        zhang = lines["zhang.txt"].applicant_id
        self.assertEqual((zhang.partner_name, zhang.email_from, zhang.partner_phone, zhang.job_id),
                         ("张伟", "zhangwei@example.com", "13800000000", self.job))
        self.assertEqual(zhang.ai_screen_state, "queued", "an imported résumé is screened")
        self.assertEqual(zhang.ai_screen_attachment_id.raw, TXT)
        self.assertEqual((lines["missing.pdf"].state, lines["missing.pdf"].error), ("failed", "file_missing"))
        self.assertEqual((lines["wang.docx"].state, lines["wang.docx"].error), ("failed", "invalid_email"))
        self.assertEqual(lines["empty.txt"].error, "empty")
        self.assertEqual(lines["photo.png"].error, "unsupported_type")
        self.assertEqual(lines["alex_chen.pdf"].applicant_id.partner_name, "alex_chen")
        self.assertEqual(lines["alex_chen.pdf"].applicant_id.ai_screen_attachment_id.mimetype, "application/pdf")
        self.assertEqual(lines["刘洋简历.txt"].applicant_id.partner_name, "刘洋简历", "GBK file names read right")
        failed = batch.line_ids.filtered(lambda line: line.state == "failed")
        self.assertFalse(failed.applicant_id, "nothing half-imported: a failed line leaves no applicant")
        self.assertEqual((batch.done_count, batch.failed_count, batch.progress), (3, 4, 100.0))
        self.assertFalse(self.env["hr.candidate"].search([("partner_name", "in", ["李娜", "王芳"])]))
        self.assertIn("3", batch.message_ids[0].body)

    def test_a_large_import_runs_in_batches_with_progress(self):
        files = {f"cv_{i:03d}.txt": TXT for i in range(BATCH + 7)}
        batch = self.new_import(zip_file=zip_of(files), zip_filename="many.zip")
        batch.action_start()
        self.env["hr.ai.resume.import"]._cron_process()
        self.assertEqual((batch.state, batch.done_count), ("running", BATCH), "one batch per cron call")
        self.assertAlmostEqual(batch.progress, 100.0 * BATCH / (BATCH + 7))
        self.run_import(batch)
        self.assertEqual((batch.state, batch.done_count), ("done", BATCH + 7))

    def test_an_applicant_already_there_gets_the_resume_not_a_duplicate(self):
        sheet = "Name,Email,Résumé file\nTest Candidate,cand@example.com,cand.txt\n".encode()
        batch = self.new_import(zip_file=zip_of({"cand.txt": TXT}), zip_filename="a.zip",
                                sheet_file=base64.b64encode(sheet), sheet_filename="a.csv")
        batch.action_start()
        self.run_import(batch)
        self.assertEqual(batch.line_ids.applicant_id, self.applicant)
        self.assertEqual(self.applicant.ai_screen_state, "queued")

    def test_bad_uploads_are_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(UserError, "not a ZIP"):
            self.new_import(zip_file=base64.b64encode(b"no zip"), zip_filename="x.zip").action_start()
        with self.assertRaisesRegex(UserError, "name column"):
            self.new_import(sheet_file=base64.b64encode(b"foo,bar\n1,2\n"), sheet_filename="x.csv").action_start()
        with self.assertRaisesRegex(UserError, "Add a ZIP"):
            self.new_import().action_start()
        for lang in ("zh", "en"):
            with file_open(f"hr_ai_interview/static/xls/resume_import_template_{lang}.xlsx", "rb") as template:
                batch = self.new_import(sheet_file=base64.b64encode(template.read()), sheet_filename="t.xlsx")
            batch.action_start()
            self.assertEqual(len(batch.line_ids), 1, "the template's example row")
            self.assertTrue(batch.line_ids.partner_name)


@tagged("post_install", "-at_install")
class TestApplicantImport(AiInterviewCase):
    """Odoo's own import of a spreadsheet of applicants, then the ZIP of their résumés."""

    def test_odoo_import_then_zip_of_their_resumes(self):
        self.job.ai_screen_enabled = True
        self.assertEqual(len(self.env["hr.applicant"].get_import_templates()), 2)
        with file_open("hr_ai_interview/static/xls/hr_applicant_import_en.xlsx", "rb") as template:
            header = template.read()
        self.assertTrue(header.startswith(b"PK"))
        sheet = ("Partner Name,Email,Phone,Job Position,Résumé file\n"
                 f"张伟,zhangwei@example.com,13800000000,{self.job.name},zhang.txt\n"
                 f"Alex Chen,alex@example.com,,{self.job.name},alex.pdf\n").encode()
        wizard = self.env["base_import.import"].with_user(self.officer).create({
            "res_model": "hr.applicant", "file": sheet, "file_name": "applicants.csv", "file_type": "text/csv"})
        options = {"has_headers": True, "quoting": '"', "separator": ",", "encoding": "utf-8"}
        preview = wizard.parse_preview(options)
        self.assertFalse(preview.get("error"), preview)
        suggested = [(match or [None])[0] for match in preview["matches"].values()]
        self.assertEqual(suggested, ["partner_name", "email_from", "partner_phone", "job_id", "ai_resume_filename"],
                         "the template's headers map by themselves")
        result = wizard.execute_import(suggested, preview["headers"], options)
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result["messages"])
        applicants = self.env["hr.applicant"].browse(result["ids"])
        self.assertEqual(applicants.mapped("partner_name"), ["张伟", "Alex Chen"])
        self.assertEqual(applicants.candidate_id.mapped("email_from"), ["zhangwei@example.com", "alex@example.com"])
        # then the ZIP: each file joins the application whose row named it
        batch = self.env["hr.ai.resume.import"].with_user(self.officer).create({
            "job_id": self.job.id, "zip_file": zip_of({"zhang.txt": TXT, "alex.pdf": PDF}), "zip_filename": "cv.zip"})
        batch.action_start()
        self.env["hr.ai.resume.import"]._cron_process()
        self.assertEqual(batch.state, "done")
        self.assertEqual(batch.line_ids.applicant_id, applicants, "no new applicant: the imported ones get the files")
        self.assertEqual(set(applicants.mapped("ai_screen_state")), {"queued"})
        self.assertEqual(applicants[0].ai_screen_attachment_id.raw, TXT)
