"""Speed of résumé screening on one core.

- screening: résumés screened per minute with their text already extracted (each job prepared once), over the
  résumés of ``evaluation/resumes/writer_*.json`` (or the test fixtures when there are none);
- extraction: PDF and DOCX files turned into text per minute (the test fixtures, and a two-page PDF made here
  with reportlab when it is installed).

    python evaluation/benchmark_screening.py [--seconds 5]
"""

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from hr_ai_analysis_worker.analysis.resume_match import prepare_job, screen_prepared  # noqa: E402
from hr_ai_analysis_worker.analysis.resume_text import extract_text  # noqa: E402


def _one_core():
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _cases():
    folder = HERE / "resumes"
    jobs = {job["id"]: job for job in json.loads((folder / "jobs.json").read_text(encoding="utf-8"))["jobs"]}
    cases = []
    for path in sorted(folder.glob("writer_*.json")):
        for block in json.loads(path.read_text(encoding="utf-8"))["jobs"]:
            prepared = prepare_job(jobs[block["id"]])
            cases += [(r["text"], prepared) for r in block["resumes"]]
    if not cases:
        job = prepare_job(next(iter(jobs.values())))
        data = ROOT / "tests" / "data" / "resumes"
        cases = [(extract_text(data / name).text, job) for name in ("zh_two_column.pdf", "table.docx")]
    return cases


def _rate(work, seconds):
    """Items per minute: ``work()`` (one pass over n items, returns n) repeated for ``seconds``."""
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        done += work()
    return 60.0 * done / (time.perf_counter() - started)


def _two_page_pdf():
    try:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:
        return None
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    for page in range(2):
        c.setFont("STSong-Light", 10)
        for i in range(45):
            line = f"2019.07-至今 | 某连锁便利店 | 店长 | 负责门店日常运营、排班、订货与盘点 {page}-{i}"
            c.drawString(40, A4[1] - 50 - 16 * i, line)
        c.showPage()
    c.save()
    return buffer.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each measure runs")
    args = parser.parse_args(argv)
    _one_core()
    cases = _cases()
    for text, prepared in cases:  # warm: jieba, 词林, compiled patterns
        screen_prepared(text, prepared, "2026-11-26")

    def screen_all():
        for text, prepared in cases:
            screen_prepared(text, prepared, "2026-11-26")
        return len(cases)

    print(f"screening (text extracted, {len(cases)} résumés): {_rate(screen_all, args.seconds):,.0f} a minute "
          f"on one core (target ≥ 10,000)")
    data = ROOT / "tests" / "data" / "resumes"
    files = {"PDF (1 page, two columns, Chinese)": (data / "zh_two_column.pdf").read_bytes(),
             "PDF (1 page, English)": (data / "en_simple.pdf").read_bytes(),
             "DOCX (tables)": (data / "table.docx").read_bytes()}
    two_pages = _two_page_pdf()
    if two_pages:
        files["PDF (2 full pages, Chinese)"] = two_pages
    for name, blob in files.items():
        print(f"extraction {name}: {_rate(lambda blob=blob: extract_text(blob) and 1, args.seconds):,.0f} a minute")
    return 0


if __name__ == "__main__":
    sys.exit(main())
