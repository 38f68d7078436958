"""Writes the small résumé files of the unit tests (run once; the files are committed).

Needs reportlab (an Odoo dependency) and Pillow for the PDFs; the DOCX is written as a zip by hand.
    python tests/data/resumes/make_resume_fixtures.py
"""

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).parent

ZH_LEFT = ["教育背景", "2012.09-2016.06 华东师范大学 工商管理 本科", "专业技能", "库存管理、排班、Excel",
           "证书", "健康证", "语言能力", "英语 CET-4"]
ZH_RIGHT = ["工作经历", "2019.07-至今 鲜到家便利店 店长", "负责门店日常运营，带领8人团队，每周盘点补货",
            "2016.07-2019.06 华润万家超市 值班主管", "负责排班与新员工培训，月销售额提升12%"]
EN_LINES = ["Alex Chen", "alex.chen@example.com  +1 415 555 0100", "Experience",
            "Backend Developer, Acme Ltd   Jul 2019 - present",
            "Built HTTP/JSON endpoints in Python and Django on Postgres, shipped with Docker",
            "Education", "B.Sc. Computer Science, State University, 2015 - 2019",
            "Skills", "Python, Django, PostgreSQL, Docker"]


def _pdf(path, draw, **kwargs):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    draw(c, A4)
    c.showPage()
    c.save()


def two_column(c, size):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c.setFont("STSong-Light", 16)
    c.drawString(60, size[1] - 60, "个人简历  电话：13800138000  邮箱：li.ming@example.com")
    c.setFont("STSong-Light", 10)
    for i, line in enumerate(ZH_LEFT):
        c.drawString(40, size[1] - 110 - 22 * i, line)
    for i, line in enumerate(ZH_RIGHT):
        c.drawString(300, size[1] - 110 - 22 * i, line)


def english(c, size):
    c.setFont("Helvetica", 10)
    for i, line in enumerate(EN_LINES):
        c.drawString(50, size[1] - 60 - 18 * i, line)


def scanned(c, size):
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 280, 20):
        draw.line((20, y, 380, y), fill=0, width=3)  # lines of "text" on a scanned page
    c.drawImage(ImageReader(image), 50, size[1] - 400, width=400, height=300)


def docx(path):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def p(text):
        return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"

    def row(*cells):
        return "<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in cells) + "</w:tr>"

    body = (p("求职意向：电商运营") + p("工作经历")
            + "<w:tbl>" + row("2020.03-2023.08", "杭州优品电子商务有限公司", "天猫运营")
            + row("2023.09-至今", "宁波美家家居有限公司", "电商运营主管") + "</w:tbl>"
            + p("负责天猫店铺日常运营，用直通车和万相台推广，策划双11大促，GMV同比增长35%")
            + p("教育背景") + "<w:tbl>" + row("2016.09-2020.06", "浙江工商大学", "市场营销", "本科") + "</w:tbl>")
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>{body}</w:body></w:document>'
    header = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {w}>{p("电话：13912345678")}</w:hdr>'
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/header1.xml", header)


def main():
    _pdf(HERE / "zh_two_column.pdf", two_column)
    _pdf(HERE / "en_simple.pdf", english)
    from reportlab.lib import pdfencrypt

    _pdf(HERE / "encrypted.pdf", english, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    _pdf(HERE / "scanned.pdf", scanned)
    (HERE / "broken.pdf").write_bytes((HERE / "en_simple.pdf").read_bytes()[:300])
    (HERE / "empty.txt").write_bytes(b"")
    docx(HERE / "table.docx")
    (HERE / "not_a_docx.zip").write_bytes(_zip_of({"readme.txt": "hello"}))
    zh_text = "工作经历\n2018年3月—2021年6月 上海某科技有限公司 客服专员\n处理客户投诉，每天约80通电话\n"
    (HERE / "zh_gb18030.txt").write_bytes(zh_text.encode("gb18030"))
    (HERE / "zh_utf16.txt").write_bytes(zh_text.encode("utf-16"))
    (HERE / "broken.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (40, 20), 255).save(buffer, "PNG")
    (HERE / "photo.png").write_bytes(buffer.getvalue())


def _zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
