"""Benchmark: importing 1,000 résumés in bulk through Odoo (a ZIP and a spreadsheet, as HR uploads them).

    bash setup/benchmark.sh        (sets up Odoo like the tests do, then runs this)

Prints how long the upload request takes (it must never approach a request timeout: it only reads the
ZIP's directory), the progress HR sees while the cron imports in batches, the total time and the import
rate, and how many résumés were queued for screening. Asserts nothing.
"""

import base64
import csv
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import start_odoo, stop_odoo  # noqa: E402

COUNT = 1000
RESUMES = Path(__file__).resolve().parents[1] / "hr_ai_analysis_worker" / "tests" / "data" / "resumes"
TEXT = ("工作经历\n{start}.03-至今 某连锁便利店 店长\n负责门店日常运营、{n}人团队排班与培训，每周盘点补货。\n"
        "教育背景\n2010.09-2013.06 某职业技术学院 大专 连锁经营管理\n")


def build_upload():
    """A ZIP of COUNT résumés (a third PDF, a third DOCX, a third TXT) and the spreadsheet naming them."""
    pdf = (RESUMES / "zh_two_column.pdf").read_bytes()
    docx = (RESUMES / "table.docx").read_bytes()
    archive, sheet = io.BytesIO(), io.StringIO()
    writer = csv.writer(sheet)
    writer.writerow(["姓名", "邮箱", "电话", "简历文件"])
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(COUNT):
            kind = ("pdf", "docx", "txt")[i % 3]
            name = f"cv_{i:04d}.{kind}"
            data = {"pdf": pdf, "docx": docx}.get(kind) or TEXT.format(start=2010 + i % 12, n=5 + i % 9).encode()
            zf.writestr(name, data)
            writer.writerow([f"应聘者{i:04d}", f"bench{i:04d}@example.com", f"1380000{i:04d}", name])
    return archive.getvalue(), sheet.getvalue().encode("utf-8-sig")


def main():
    archive, sheet = build_upload()
    print(f"upload: {COUNT} résumés, ZIP {len(archive) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as folder:
        info, server = start_odoo(folder, db="hr_ai_bench_import", cron_threads=1)
        admin = info["admin"]
        try:
            job = admin.call("hr.job", "create", {"name": "门店店长 (benchmark)", "ai_screen_enabled": True})
            batch = admin.call("hr.ai.resume.import", "create", {
                "job_id": job, "zip_file": base64.b64encode(archive).decode(), "zip_filename": "cv.zip",
                "sheet_file": base64.b64encode(sheet).decode(), "sheet_filename": "applicants.csv"})
            started = time.monotonic()
            admin.call("hr.ai.resume.import", "action_start", [batch])
            request = time.monotonic() - started
            print(f"'Start import' request: {request:.1f} s")
            last = None
            while True:
                row = admin.call("hr.ai.resume.import", "read", [batch],
                                 ["state", "progress", "done_count", "failed_count"])[0]
                if row["progress"] != last:
                    print(f"  {time.monotonic() - started:6.1f} s  progress {row['progress']:5.1f} %  "
                          f"imported {row['done_count']}  failed {row['failed_count']}")
                    last = row["progress"]
                if row["state"] == "done":
                    break
                if time.monotonic() - started > 1800:
                    print("  stopped waiting after 30 min")
                    break
                time.sleep(5)
            total = time.monotonic() - started
            queued = admin.call("hr.ai.analysis.job", "search_count", [("kind", "=", "screen_resume")])
            print(f"imported {row['done_count']} of {COUNT} in {total:.0f} s "
                  f"({60 * row['done_count'] / total:.0f} résumés a minute, one cron thread); "
                  f"{row['failed_count']} failed; {queued} queued for screening")
        finally:
            stop_odoo(server)


if __name__ == "__main__":
    main()
