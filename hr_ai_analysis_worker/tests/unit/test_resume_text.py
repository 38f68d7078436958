"""Text out of résumé files, and the reason codes of files without text."""

import pytest
from hr_ai_analysis_worker.analysis.errors import ResumeUnreadable
from hr_ai_analysis_worker.analysis.resume_text import extract_text, sniff
from hr_ai_analysis_worker.errors import classify

RESUMES = "resumes"


def test_pdf_two_columns_read_column_by_column(data_dir):
    result = extract_text(data_dir / RESUMES / "zh_two_column.pdf")
    lines = result.text.splitlines()
    assert result.kind == "pdf" and result.pages == 1
    assert lines[0].startswith("个人简历")  # the header spanning both columns stays on top
    left, right = lines.index("教育背景"), lines.index("工作经历")
    assert left < lines.index("英语 CET-4") < right  # the whole left column, then the right one
    assert lines[right + 1] == "2019.07-至今 鲜到家便利店 店长"
    assert lines[right + 2] == "负责门店日常运营，带领8人团队，每周盘点补货"


def test_pdf_english(data_dir):
    text = extract_text(data_dir / RESUMES / "en_simple.pdf").text
    assert "Backend Developer, Acme Ltd   Jul 2019 - present" in text.splitlines()


def test_docx_tables_and_header(data_dir):
    result = extract_text(data_dir / RESUMES / "table.docx")
    lines = result.text.splitlines()
    assert result.kind == "docx"
    assert lines[0] == "电话：13912345678"  # the page header first
    assert "2020.03-2023.08 | 杭州优品电子商务有限公司 | 天猫运营" in lines
    assert "2016.09-2020.06 | 浙江工商大学 | 市场营销 | 本科" in lines


@pytest.mark.parametrize("name", ["zh_gb18030.txt", "zh_utf16.txt"])
def test_text_encodings(data_dir, name):
    text = extract_text(data_dir / RESUMES / name).text
    assert text.splitlines()[1] == "2018年3月—2021年6月 上海某科技有限公司 客服专员"


def test_utf16_without_bom_and_type_by_content():
    data = "Experience\nAcme Ltd, Engineer 2019 - 2021\n".encode("utf-16-le")
    assert sniff(data) == "text"
    assert extract_text(data).text.startswith("Experience")
    assert sniff(b"%PDF-1.4 ...") == "pdf"  # whatever the file is called


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty"),
    ("encrypted.pdf", "encrypted"),
    ("scanned.pdf", "image_only"),
    ("photo.png", "image_only"),
    ("broken.pdf", "unreadable"),
    ("broken.doc", "unreadable"),
    ("not_a_docx.zip", "unsupported_type"),
])
def test_bad_files_have_a_stable_reason(data_dir, name, reason):
    with pytest.raises(ResumeUnreadable) as caught:
        extract_text(data_dir / RESUMES / name)
    assert caught.value.reason == reason
    assert classify(caught.value) == (False, f"resume_{reason}")  # permanent


def test_too_large(data_dir):
    with pytest.raises(ResumeUnreadable) as caught:
        extract_text(data_dir / RESUMES / "en_simple.pdf", max_bytes=100)
    assert caught.value.reason == "too_large"


def test_binary_is_unsupported():
    with pytest.raises(ResumeUnreadable) as caught:
        extract_text(b"\x00\x01\x02\x03binary\x00\x00" * 50)
    assert caught.value.reason == "unsupported_type"


def test_doc_without_converter(data_dir, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(ResumeUnreadable) as caught:
        extract_text(data_dir / RESUMES / "broken.doc")
    assert caught.value.reason == "converter_missing"
