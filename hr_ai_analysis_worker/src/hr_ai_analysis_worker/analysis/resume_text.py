"""The text of a résumé file: PDF, DOCX, DOC or plain text, recognised by content (never by file name).

- PDF (pdfminer.six): the text lines of each page with their positions; a page set in two columns (a
  vertical gap no line crosses, text on both sides) is read left column first, then right, with the lines
  spanning both columns (name, header) kept at their place above or below them. Pieces of one row of a
  column (a table row, "2019.07-2022.03    ABC公司    店长") are joined with two spaces.
- DOCX (the zip and its XML, no extra package): paragraphs in order, text boxes as lines of their own, table
  rows as their cells joined with " | ", the page headers first (contact details often sit there).
- DOC (Word 97-2003): through ``antiword``, else ``catdoc``; without either, ``converter_missing``.
- Plain text: UTF-8 / UTF-16 (with or without BOM) / GB18030.

A file that gives no text raises :class:`ResumeUnreadable` with a stable reason code.
"""

import dataclasses
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .errors import ResumeUnreadable

MAX_RESUME_BYTES = 20 * 1024 * 1024
MAX_PAGES = 30
MAX_CHARS = 200_000
CONVERTER_TIMEOUT = 60

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


@dataclasses.dataclass
class ResumeText:
    text: str
    kind: str  # pdf | docx | doc | txt
    pages: int = 0


def sniff(data):
    """The file's type from its first bytes: pdf, docx, doc, zip (another zip), image, text or binary."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else "zip"
        except zipfile.BadZipFile:
            return "zip"
    if head.startswith(_OLE):
        return "doc"
    if head.startswith(_IMAGES) or head[8:12] == b"WEBP":
        return "image"
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or _utf16_guess(head):
        return "text"
    if b"\x00" in head:
        return "binary"
    return "text"


def extract_text(source, max_bytes=MAX_RESUME_BYTES):
    """:class:`ResumeText` of a résumé (a path or bytes). Raises :class:`ResumeUnreadable`."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ResumeUnreadable("unreadable", str(exc)) from exc
        if max_bytes and size > max_bytes:
            raise ResumeUnreadable("too_large", f"{size} bytes, at most {max_bytes}")
        data = path.read_bytes()
    if max_bytes and len(data) > max_bytes:
        raise ResumeUnreadable("too_large", f"{len(data)} bytes, at most {max_bytes}")
    if not data.strip():
        raise ResumeUnreadable("empty", "the file is empty")
    kind = sniff(data)
    if kind == "pdf":
        result = _pdf(data)
    elif kind == "docx":
        result = ResumeText(_docx(data), "docx")
    elif kind == "doc":
        result = ResumeText(_doc(data), "doc")
    elif kind == "text":
        result = ResumeText(_plain(data), "txt")
    elif kind == "image":
        raise ResumeUnreadable("image_only", "a picture, not a document with text")
    else:
        raise ResumeUnreadable("unsupported_type", f"not a PDF, DOCX, DOC or text file ({kind})")
    result.text = clean_text(result.text)
    if not result.text.strip():
        raise ResumeUnreadable("empty", f"no text in the {result.kind} file")
    return result


def clean_text(text):
    """Line ends unified, control characters, zero-width spaces and trailing blanks removed, at most
    ``MAX_CHARS`` characters (whole lines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs"))
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit("\n", 1)[0]
    return text


# -- plain text ------------------------------------------------------------------------------------------

def _utf16_guess(head):
    """UTF-16 without a BOM: every other byte NUL (Latin text) in most pairs."""
    sample = head[:400]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0), odd.count(0)) > 0.4 * len(odd)


def _plain(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if _utf16_guess(data[:1024]):
        odd_nuls = data[1:400:2].count(0)
        return data.decode("utf-16-le" if odd_nuls >= data[0:400:2].count(0) else "utf-16-be", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f") > 0.01 * len(text):
            raise ResumeUnreadable("unsupported_type", "binary data, not text")
        return text
    raise ResumeUnreadable("unreadable", "text in an unknown encoding (not UTF-8, UTF-16 or GB18030)")


# -- PDF -------------------------------------------------------------------------------------------------

def _pdf(data):
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover - a dependency of the worker
        raise ResumeUnreadable("converter_missing", f"pdfminer.six is not installed: {exc}") from exc
    params = LAParams(line_margin=0.3, char_margin=1.5, word_margin=0.1)
    pages, has_images = [], False
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=params)):
            if number >= MAX_PAGES:
                raise ResumeUnreadable("too_large", f"more than {MAX_PAGES} pages")
            lines, images = _page_lines(page)
            has_images = has_images or images
            pages.append(_reading_order(lines, page.width))
    except ResumeUnreadable:
        raise
    except PDFPasswordIncorrect as exc:
        raise ResumeUnreadable("encrypted", "the PDF needs a password") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds of errors on a broken file
        if "encrypt" in type(exc).__name__.lower() or "password" in str(exc).lower():
            raise ResumeUnreadable("encrypted", f"{type(exc).__name__}: {exc}") from exc
        raise ResumeUnreadable("unreadable", f"{type(exc).__name__}: {exc}") from exc
    if not pages:
        raise ResumeUnreadable("unreadable", "the PDF has no pages")
    text = "\n".join(line for page in pages for line in page)
    if not text.strip():
        raise ResumeUnreadable("image_only" if has_images else "empty",
                               f"{len(pages)} page(s) without text" + (" (scanned pages)" if has_images else ""))
    return ResumeText(text, "pdf", len(pages))


def _page_lines(page):
    """[(x0, x1, top, text)] of a page's text lines, and whether it holds pictures."""
    from pdfminer.layout import LTFigure, LTImage, LTTextBox, LTTextLine

    lines, images = [], False
    stack = list(page)
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLine):
            text = item.get_text().strip()
            if text:
                lines.append((item.x0, item.x1, page.height - item.y1, text))
        elif isinstance(item, (LTTextBox, LTFigure)):
            images = images or isinstance(item, LTFigure)
            stack.extend(item)
        elif isinstance(item, LTImage):
            images = True
    return lines, images


def _rows(lines):
    """Lines at the same height (within a third of a line) joined left to right with two spaces."""
    rows = []
    for x0, _x1, top, text in sorted(lines, key=lambda line: (line[2], line[0])):
        if rows and abs(rows[-1][0] - top) < 4:
            rows[-1][1].append((x0, text))
        else:
            rows.append((top, [(x0, text)]))
    return ["  ".join(t for _, t in sorted(parts)) for _, parts in rows]


def _column_split(lines, width):
    """The x of a vertical gap between two columns of text, or None: no line crosses it, and each side holds
    at least 4 lines and a fifth of them."""
    best = None
    for step in range(25, 76):
        x = width * step / 100
        left = sum(1 for x0, x1, _, _ in lines if x1 <= x)
        right = sum(1 for x0, _, _, _ in lines if x0 >= x)
        crossing = len(lines) - left - right
        if crossing <= 0.1 * len(lines) and min(left, right) >= max(4, 0.2 * len(lines)):
            score = (crossing, -min(left, right))
            if best is None or score < best[0]:
                best = (score, x)
    return None if best is None else best[1]


def _reading_order(lines, width):
    split = _column_split(lines, width) if len(lines) >= 8 else None
    if split is None:
        return _rows(lines)
    left = [line for line in lines if line[1] <= split]
    right = [line for line in lines if line[0] >= split]
    spanning = [line for line in lines if line[1] > split and line[0] < split]
    top = min(line[2] for line in left + right)
    above = [line for line in spanning if line[2] < top]
    below = [line for line in spanning if line[2] >= top]
    return _rows(above) + _rows(left) + _rows(right) + _rows(below)


# -- DOCX ------------------------------------------------------------------------------------------------

def _docx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "EncryptedPackage" in names or any(n.lower().endswith("encryptioninfo") for n in names):
                raise ResumeUnreadable("encrypted", "the document is protected by a password")
            headers = sorted(n for n in names if re.fullmatch(r"word/header\d*\.xml", n))
            parts = [archive.read(n) for n in headers] + [archive.read("word/document.xml")]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as exc:
        raise ResumeUnreadable("unreadable", f"{type(exc).__name__}: {exc}") from exc
    out = []
    for xml in parts:
        try:
            root = ElementTree.fromstring(xml)
        except ElementTree.ParseError as exc:
            raise ResumeUnreadable("unreadable", f"broken document XML: {exc}") from exc
        body = root.find(f"{_W}body")
        _blocks(root if body is None else body, out)
    return "\n".join(out)


def _blocks(element, out):
    """Paragraphs and tables under ``element``, in order, as lines."""
    for child in element:
        if child.tag == f"{_W}p":
            _paragraph(child, out)
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = []
                for cell in row.findall(f"{_W}tc"):
                    lines = []
                    _blocks(cell, lines)
                    text = " ".join(line.strip() for line in lines if line.strip())
                    if text:
                        cells.append(text)
                if cells:
                    out.append(" | ".join(cells))
        elif child.tag != _MC_FALLBACK:
            _blocks(child, out)  # w:sdt, w:customXml, mc:AlternateContent … hold paragraphs too


def _paragraph(paragraph, out):
    text, boxes = [], []

    def walk(node):
        for child in node:
            tag = child.tag
            if tag == f"{_W}t":
                text.append(child.text or "")
            elif tag == f"{_W}tab":
                text.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                text.append("\n")
            elif tag == f"{_W}txbxContent":
                _blocks(child, boxes)
            elif tag != _MC_FALLBACK:  # the fallback repeats the text box of its mc:Choice
                walk(child)

    walk(paragraph)
    out.extend("".join(text).split("\n"))
    out.extend(boxes)


# -- DOC -------------------------------------------------------------------------------------------------

def _doc(data):
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
        raise ResumeUnreadable("encrypted", "the document is protected by a password")
    commands = []
    if shutil.which("antiword"):
        commands.append(["antiword", "-m", "UTF-8.txt", "-w", "0"])
    if shutil.which("catdoc"):
        commands.append(["catdoc", "-d", "utf-8", "-w"])
    if not commands:
        raise ResumeUnreadable("converter_missing", "a .doc file needs antiword or catdoc on the worker machine")
    with tempfile.TemporaryDirectory(prefix="hr-ai-doc-") as tmp:
        path = Path(tmp) / "resume.doc"
        path.write_bytes(data)
        errors = []
        for command in commands:
            try:
                done = subprocess.run([*command, str(path)], capture_output=True, timeout=CONVERTER_TIMEOUT,
                                      check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                errors.append(f"{command[0]}: {exc}")
                continue
            text = done.stdout.decode("utf-8", errors="replace")
            if done.returncode == 0 and text.strip():
                return text
            message = done.stderr.decode("utf-8", errors="replace").strip()
            if "encrypt" in message.lower():
                raise ResumeUnreadable("encrypted", message[:200])
            errors.append(f"{command[0]}: exit {done.returncode} {message.replace(str(path), 'the file')[:200]}")
    raise ResumeUnreadable("unreadable", "; ".join(errors) or "no text")
