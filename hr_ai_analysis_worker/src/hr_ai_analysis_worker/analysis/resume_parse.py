"""A résumé's text as facts: sections, education, work history, skills, certificates, languages, contact.

Every fact keeps the number of the line it comes from (1-based, in the extracted text) and that line's text.
Layouts read: plain sections; job-board exports (智联/前程无忧/BOSS直聘: ``label：value`` pairs, cells split by
``|``, tabs or runs of spaces); two-column text exports where each line holds a piece of the left and of the
right column (read left column first, then right).

Personal details — name, gender, age, birth date, photo, marital status, hometown/籍贯, ethnicity/民族,
political status, residence, height, ID — are recognised and removed here, before anything else reads the
résumé: :class:`Resume` ``.lines`` never contain them, and nothing in the result is derived from them.
Phone and e-mail go to ``contact`` and are not read further either.
"""

import calendar
import dataclasses
import datetime
import re
import unicodedata

DEGREES = ("none", "high_school", "vocational", "associate", "bachelor", "master", "phd")
# high school and 中专/vocational school are the same level (中专/高中及以上)
DEGREE_RANK = {"none": 0, "high_school": 1, "vocational": 1, "associate": 2, "bachelor": 3, "master": 4, "phd": 5}

_CJK = re.compile(r"[\u3400-\u9fff]")
_CELL_SPLIT = re.compile(r"\s*[|｜]\s*|\t+|\s{2,}")

# -- sections --------------------------------------------------------------------------------------------

_SECTIONS = (
    ("education", r"教育背景|教育经历|教育情况|学历背景|学习经历|教育|学历|education(?: background)?|"
                  r"academic background"
                  r"|qualifications"),
    ("internship", r"实习经历|实习经验|internships?(?: experience)?"),
    # any 经历/经验/履历 of work (工作, 职业, 从业, 我的 …), and the English ways of saying it
    ("work", r"(?:工作|职业|从业|任职|我的|个人|过往|主要|相关|全职|社会工作)(?:经历|经验|履历)|工作|履历|经历|职业生涯"
             r"|(?:work|professional|relevant|employment|career|job|my) (?:experience|history|background|record)"
             r"|employment|experience|career|my career|jobs|roles|positions(?: held)?|what i(?:'ve| have)? done"
             r"|what i did|where i(?:'ve| have)? worked|work"),
    ("projects", r"项目经验|项目经历|项目|projects?(?: experience)?|selected projects"),
    ("skills", r"专业技能|技能特长|技能与证书|技能证书|个人技能|职业技能|技能|技术栈|能力|skills?(?: & tools)?"
               r"|technical skills|core skills|key skills|core competencies|tools|toolbox|tech stack|stack"
               r"|technologies|tools & technologies|software"),
    ("certificates", r"资格证书|证书与资质|证书|资质证书|资格认证|所获证书|certifications?|certificates?|licen[cs]es?"
                     r"(?: (?:&|and) certifications?)?"),
    ("languages", r"语言能力|语言技能|外语能力|语言|languages?"),
    ("summary", r"自我评价|自我介绍|个人评价|个人总结|个人优势|个人简介|summary|profile|professional summary|about me"
                r"|objective"),
    ("intention", r"求职意向|求职期望|期望工作|意向岗位|求职目标|期望职位"),
    ("personal", r"个人信息|基本信息|基本资料|个人资料|联系方式|personal (?:information|details|data)|personal"
                 r"|contact(?: details| information)?"),
    ("training", r"培训经历|培训经验|training|courses"),
    # added by the worker: what the candidate said in earlier AI interviews (talent pool ranking)
    ("interview", r"interview answers / 面试回答|面试回答|interview answers"),
    ("awards", r"获奖情况|获奖经历|荣誉奖项|所获荣誉|荣誉|奖项|awards?(?: & honors)?|honors"),
    ("campus", r"校园经历|在校经历|社会实践|校内实践|activities|volunteering|leadership"),
    ("other", r"其他信息|其他|兴趣爱好|爱好|additional information|interests|hobbies|references"),
)
_SECTION_RE = [(name, re.compile(rf"^(?:{pattern})$", re.IGNORECASE)) for name, pattern in _SECTIONS]
_HEADING_DECOR = re.compile(r"^[\s#*■□◆◇●○•·▶►>【\[(（一二三四五六七八九十\d.、)）]*|[\s:：】\])）_—\-=*#]*$")
# a count after a heading: 工作经验 8年, 工作经历（共5年）, Experience (9 years), EXPERIENCE — 12 yrs
_HEADING_COUNT = re.compile(r"[\s(（—–-]*(?:共|约|总计|累计)?\s*\d+(?:\.\d+)?\s*\+?\s*(?:年|个月|years?|yrs?)"
                            r"(?:以上|多)?\s*[)）]?\s*$", re.IGNORECASE)

# -- personal details (removed) --------------------------------------------------------------------------

_PERSONAL_LABEL = re.compile(
    r"^(?:姓\s*名|性\s*别|年\s*龄|出生日期|出生年月|出生年份|出生|生日|婚姻状况|婚姻状态|婚姻|婚否|籍\s*贯|"
    r"户口所在地|户口|户籍"
    r"|民\s*族|政治面貌|党派|现居住地|目前居住地|现居住|现居地|现居|居住地|所在地|家庭住址|住址|通讯地址|"
    r"身\s*高|体\s*重|身份证号?|证件号码"
    r"|照\s*片|国\s*籍|宗教(?:信仰)?|健康状况|name|full name|gender|sex|age|date of birth|birth ?date|birthday|"
    r"d\.?o\.?b\.?"
    r"|marital status|married|nationality|citizenship|hometown|place of birth|ethnicity|race|religion"
    r"|political (?:status|affiliation)|address|home address|height|weight|photo|id(?: number)?|residence|location"
    r")(?:\s*[:：]\s*|\s+|$)", re.IGNORECASE)
_PERSONAL_VALUE = re.compile(
    r"^(?:男|女|男性|女性|male|female|man|woman|\d{2}\s*岁|\d{2}\s*周岁|(?:age|aged)\s*\d{2}|已婚|未婚|离异|"
    r"已婚已育|已婚未育"
    r"|married|single|divorced|[\u4e00-\u9fff]{1,3}族|汉|中共党员|中共预备党员|党员|预备党员|共青团员|团员|群众|"
    r"民主党派"
    r"|\[?\(?(?:照片|相片|头像|photo|picture|image)\]?\)?|\[[^\]]{0,6}照片[^\]]{0,6}\])$", re.IGNORECASE)
_PHOTO = re.compile(r"\[(?:照片|相片|头像|photo|picture|image)[^\]]{0,10}\]|【照片】|\((?:photo|照片)\)", re.IGNORECASE)
_ZH_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_EN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}$")
_RESUME_TITLE = re.compile(r"^(?:个人简历|简历|求职简历|resume|résumé|curriculum vitae|cv)$", re.IGNORECASE)

# -- contact ---------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d*])(?:\+?86[\s-]?)?1[3-9]\d[\d*\s-]{7,10}\d(?!\d)|(?<![\d*])1[3-9]\d\*{4}\d{4}"
                    r"|\+\d{1,3}[\s-]?\(?\d{1,4}\)?[\s-]?\d{2,4}[\s-]?\d{3,4}(?:[\s-]?\d{2,4})?"
                    r"|\(\d{3}\)\s?\d{3}-\d{4}|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")
_CONTACT_LABEL = re.compile(r"^(?:手机号?码?|电话|联系电话|联系方式|手机|邮箱|电子邮箱|e-?mail|邮件|phone|"
                            r"mobile|tel|cell"
                            r"|微信|wechat|qq|linkedin|github|网站|website)\s*[:：]?\s*", re.IGNORECASE)

# -- dates -----------------------------------------------------------------------------------------------

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?"
# a part of a year said in words: 2019年春, 2020年底, 去年下半年, Spring 2019, late 2020 (see :data:`_PART_MONTH`)
_ZH_PART = r"(?:上半年|下半年|年初|年中|年底|年末|初|中|底|末|春|夏|秋|冬)(?:天|季|季度)?"
_EN_PART = r"(?:spring|summer|autumn|fall|winter|early|mid|late|beginning of|end of)[\s-]*"
_ZH_YEAR = r"(?:去年|今年|前年|上一?年|(?:19|20)\d{2}\s*年?)"  # relative years count from ``today``
_DATE = (rf"(?:{_MON}\s*(?:19|20)\d{{2}}|(?:0?[1-9]|1[0-2])\s*[/.-]\s*(?:19|20)\d{{2}}"
         rf"|{_EN_PART}(?:19|20)\d{{2}}"
         rf"|{_ZH_YEAR}\s*(?:{_ZH_PART}|(?:1[0-2]|0?[1-9])(?!\d)\s*月)"
         r"|(?:去年|今年|前年|上一?年)"
         r"|(?:19|20)\d{2}(?:\s*(?:[./-]|年)\s*(?:1[0-2]|0?[1-9])(?!\d)(?:\s*月)?)?(?:\s*年)?)")
_PRESENT = r"(?:至今|迄今|今|现在|目前|当前|在职|present|current|now|today|ongoing|date)"
_SEP = r"(?:\s*(?:-|–|—|―|~|～|至|到|to|until|till)\s*)+"
RANGE = re.compile(rf"(?<![\d.])({_DATE}){_SEP}({_DATE}|{_PRESENT})(?![\d])", re.IGNORECASE)

# -- education, work -------------------------------------------------------------------------------------

_DEGREE_WORDS = (
    ("phd", r"博士|ph\.?\s?d|doctor(?:ate| of)|d\.phil"),
    ("master", r"硕士|研究生|mba|emba|mpa|master|m\.?\s?sc|m\.?\s?tech|m\.?\s?eng|m\.s\.|\bms\b|\bma\b|m\.a\."),
    ("bachelor", r"本科|学士|统招本|专升本|bachelor|b\.?\s?sc|b\.?\s?tech|b\.e\.|b\.?\s?eng|b\.?\s?com|"
             r"b\.?\s?a\.|b\.s\.|\bbs\b|\bba\b"
                 r"|undergraduate|university degree"),
    ("associate", r"大专|专科|高职|associate|hnd|higher national diploma|junior college"),
    ("vocational", r"中专|中技|技校|职高|职业高中|中等职业|中职|技工学校|vocational|technical school|trade school"
                   r"|btec|\bnvq\b|city (?:&|and) guilds"),
    ("high_school", r"高中|high school|secondary school|a-levels?|gcse"),
    ("none", r"初中|小学|middle school|primary school"),
)
_DEGREE_RE = [(d, re.compile(p, re.IGNORECASE)) for d, p in _DEGREE_WORDS]
_SCHOOL = re.compile(r"[\u4e00-\u9fff()（）·]{2,30}(?:大学|学院|学校|中学|高中|职校|技校|党校|分校|研究院|研究所)"
                     r"|(?:[A-Z][\w.&'-]*\s+){0,6}(?:University|College|Institute|School|Academy|Polytechnic)"
                     r"(?:\s+of(?:\s+[A-Z][\w&'-]*)+)?", re.UNICODE)
_SCHOOL_DEGREE = (("associate", re.compile(r"职业技术学院|职业学院|高等专科|专科学校|职业大学|技术学院|高职")),
                  ("vocational", re.compile(r"中等职业|职业学校|职业中学|中专|技工学校|技校|职高|卫校")),
                  ("high_school", re.compile(r"中学|高中|high school", re.IGNORECASE)),
                  ("bachelor", re.compile(r"大学|学院|university|college", re.IGNORECASE)))
_PART_TIME_STUDY = re.compile(r"业余|自考|自学考试|函授|成人|夜大|网络教育|远程|在职|非全日制|开放大学|电大|"
                              r"part[- ]time|evening"
                              r"|online|distance", re.IGNORECASE)
_INCOMPLETE = re.compile(r"在读|就读中|肄业|未毕业|辍学|结业|did not (?:complete|finish)|not completed|"
                         r"incomplete|dropped out"
                         r"|withdrew|in progress|expected|pursuing|ongoing|candidate", re.IGNORECASE)
_GAP = re.compile(r"待业|照顾|备考|休养|休息|求职中|家庭原因|育儿|产假|旅行|gap year|career break|caring for|sabbatical"
                  r"|travell?ing|job search|parental leave", re.IGNORECASE)
_INTERN = re.compile(r"实习|见习|intern\b|internship|\bintern(?:ed)?\b|co-?op student|work placement|placement year"
                     r"|暑期工|寒假工|"
                     r"summer job", re.IGNORECASE)
# unpaid work is not employment: helping in the family shop, volunteering
_UNPAID = re.compile(r"无工资|无薪|不拿工资|没有工资|义务帮忙|帮忙|义工|志愿者?(?!协会|服务中心)|unpaid"
                     r"|volunteer(?:ing)?\b(?!\s+(?:coordinator|manager|lead|engagement|programme|program))|pro bono",
                     re.IGNORECASE)
_PART_TIME = re.compile(r"兼职|part[- ]time|小时工|临时工|零工|freelance|自由职业|副业|众包|周末", re.IGNORECASE)
_EMPLOYER = re.compile(r"公司|集团|有限|企业|工厂|[^\s]厂|商行|门店|便利店|超市|商场|[^店]店|银行|医院|酒店|"
                       r"事务所|中心|学校|大学|学院|"
                       r"研究院|机构|协会|平台|电商|科技|物流|速运|快递|外卖|仓|车间|工作室|部门|"
                       r"\b(?:ltd|inc|llc|corp|co|gmbh|plc|group|company|corporation|bank|studio|labs?|agency|"
                       r"systems|solutions|technologies|consulting|partners|store|stores|hotel|hospital|"
                       r"university|foundation|logistics|manufacturing|industries|international)\b",
                       re.IGNORECASE)
_TITLE = re.compile(r"经理|主管|专员|店长|店员|员$|员[（(/→]|师|长$|长[（(/→]|助理|总监|负责人|实习生|工程师|"
                    r"会计|出纳|客服|顾问|"
                    r"文员|代表|组长|班长|领班|骑手|司机|学徒|督导|运营|销售|管培生|技术员|操作工|普工|"
                    r"\b(?:developer|engineer|manager|representative|rep|intern|analyst|specialist|assistant|lead|"
                    r"director|consultant|clerk|officer|executive|associate|coordinator|supervisor|administrator|"
                    r"programmer|architect|accountant|agent|technician|operator|designer|head|owner|founder|"
                    r"cashier|driver|teacher|trainee|sales)\b", re.IGNORECASE)
_NOT_NAME_CELL = re.compile(r"^(?:下属|团队|门店|规模|汇报|薪资|月薪|管理|带|team|"
                            r"reports?)\s*[:：]?\s*\d+\s*人?$|^\d+\s*人$"
                            r"|^(?:全日制|非全日制|统招|在职)$", re.IGNORECASE)

# -- certificates, languages -----------------------------------------------------------------------------

_CERT = re.compile(r"证书|资格证|合格证|证$|证[（(、，,;；|]|驾照|驾驶证|执照|职称|资格|\bcpa\b|\bacca\b|"
                   r"\bpmp\b|cet-?[46]"
                   r"|licen[cs]e|certificat|certified|certification|\bcfa\b|\bcma\b|\bccna\b|\baws certified",
                   re.IGNORECASE)
_LANGS = (("Mandarin", r"普通话|国语|mandarin|putonghua"), ("Cantonese", r"粤语|白话|广东话|cantonese"),
          ("English", r"英语|英文|english|cet-?[46]|ielts|toefl|toeic|雅思|托福|四级|六级|专八|专四|tem-?[48]"),
          ("Japanese", r"日语|japanese|jlpt|n[12]级?"), ("Korean", r"韩语|korean|topik"),
          ("German", r"德语|german"), ("French", r"法语|french"), ("Spanish", r"西班牙语|spanish"),
          ("Chinese", r"(?<!mandarin )chinese|中文"))
_LANG_RE = [(name, re.compile(p, re.IGNORECASE)) for name, p in _LANGS]
_LANG_LEVEL = re.compile(r"cet-?[46](?:\s*\d{3})?|ielts\s*[\d.]+|toefl\s*\d+|toeic\s*\d+|雅思\s*[\d.]+|"
                         r"托福\s*\d+|专业[四八]级|"
                         r"[一二]级[甲乙]等|[四六]级|n[1-5]|母语|native|fluent|流利|熟练|精通|良好|一般|基础|标准|"
                         r"professional(?: working)?|business|conversational|intermediate|basic|advanced|"
                         r"bilingual|proficient|[abc][12]\b", re.IGNORECASE)


@dataclasses.dataclass
class Line:
    """A piece of the résumé to read: a line, or one column's part of it in a two-column layout."""

    number: int  # 1-based line in the extracted text
    text: str  # as written (stripped)
    norm: str  # NFKC, lower case, single spaces
    section: str = "top"
    cells: tuple = ()
    entry: int = -1  # index of the work entry the line belongs to (work, internship sections)
    full: str = ""  # the line as shown, with its inline heading (``技能：Excel``): the evidence text


@dataclasses.dataclass
class Resume:
    lang: str
    lines: list  # [Line], personal details removed
    education: list
    work: list
    skills: list  # [{"name", "line", "text", "source"}] as listed in skills sections
    certificates: list
    languages: list
    contact: dict
    degree_hint: str | None = None
    personal_removed: int = 0


def nfkc(text):
    return unicodedata.normalize("NFKC", text)


def norm(text):
    return " ".join(nfkc(text).lower().split())


def _width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# -- layout ----------------------------------------------------------------------------------------------

def _second_column(raw_lines):
    """The display column where a second column starts in a two-column text export, or None: at least 5
    lines (and a quarter of the non-empty ones) have text starting at the same column (≥ 24) after a run of
    three or more spaces."""
    starts = {}
    nonempty = 0
    for line in raw_lines:
        if not line.strip():
            continue
        nonempty += 1
        line = line.expandtabs(8)
        for match in re.finditer(r"(?<=\S) {3,}(?=[^\s|｜])", line):  # text on both sides; not a "|" table cell
            piece = re.split(r"\s{3,}", line[match.end():])[0]
            if not RANGE.sub("", piece).strip(" ()（）,"):
                continue  # dates set flush right: one column
            col = _width(line[: match.end()])
            if col >= 24:
                starts[col] = starts.get(col, 0) + 1
    if not starts:
        return None
    best = max(starts, key=lambda c: starts[c] + starts.get(c - 1, 0) + starts.get(c + 1, 0))
    count = starts[best] + starts.get(best - 1, 0) + starts.get(best + 1, 0)
    return best if count >= 4 and count >= 0.2 * nonempty else None


def _split_at_column(line, column):
    """(left, right) of a line at a display column; the cut falls in a run of spaces near it."""
    line = line.expandtabs(8)
    width, cut = 0, None
    for i, c in enumerate(line):
        if width >= column - 2 and c != " " and i > 0 and line[i - 1] == " " and line[max(0, i - 2)] == " ":
            cut = i
            break
        if width >= column - 2 and c != " " and i == 0:
            cut = 0
            break
        width += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    if cut is None:
        return line.strip(), ""
    return line[:cut].strip(), line[cut:].strip()


def reading_order(text):
    """[(line number, text, column)] in reading order: a two-column export is read left column (0), then right
    (1)."""
    raw = text.replace("\u3000", "  ").split("\n")  # an ideographic space is two columns wide
    column = _second_column(raw)
    if column is None:
        return [(i, line.strip(), 0) for i, line in enumerate(raw, start=1) if line.strip()]
    left, right = [], []
    for i, line in enumerate(raw, start=1):
        a, b = _split_at_column(line, column)
        if a:
            left.append((i, a, 0))
        if b:
            right.append((i, b, 1))
    return left + right


# -- personal details and contact ------------------------------------------------------------------------

def _contact_from(cell, contact):
    """Takes phone and e-mail out of a cell into ``contact``; returns what is left of the cell."""
    email = _EMAIL.search(cell)
    if email:
        contact["email"] = contact.get("email") or email.group(0)
        cell = cell.replace(email.group(0), " ")
    phone = _PHONE.search(cell)
    if phone and sum(c.isdigit() for c in phone.group(0)) >= 7 and not RANGE.search(phone.group(0)):
        contact["phone"] = contact.get("phone") or " ".join(phone.group(0).split())
        cell = cell.replace(phone.group(0), " ")
    label = _CONTACT_LABEL.match(cell.strip())
    if label:
        rest = cell.strip()[label.end():]
        # "电话：…", "WeChat abc_123", a bare "手机"; not a job title that starts like a label (电话回访专员)
        if re.search(r"[:：]", label.group(0)) or not rest or not _CJK.match(rest):
            return "" if not rest.strip(" :：") or len(rest) < 40 else rest
    return cell


def _is_personal_value(cell):
    return bool(_PERSONAL_VALUE.match(cell.strip(" ,，;；")))


def _clean_cells(cells, contact):
    """The cells of a line without personal details and contact; and how many were removed."""
    kept, removed, skip_next = [], 0, False
    for cell in cells:
        if skip_next:
            skip_next = False
            removed += 1
            continue
        cell = _PHOTO.sub(" ", cell).strip()
        if not cell:
            removed += 1
            continue
        label = _PERSONAL_LABEL.match(cell)
        if label:
            removed += 1
            skip_next = label.end() >= len(cell)  # tab table: "姓名\t王建军"
            continue
        if _is_personal_value(cell):
            removed += 1
            continue
        cell = _contact_from(cell, contact).strip(" |")
        if cell:
            kept.append(cell)
        else:
            removed += 1
    return kept, removed


def _split_pairs(cell):
    """``姓名：张三 性别：男`` in one cell: split before each further ``label：``."""
    return [p for p in re.split(r"\s+(?=[\u4e00-\u9fffA-Za-z ]{1,12}[:：])", cell) if p.strip()]


def _remove_personal(pieces, contact):
    """Lines without personal details. Before the first section heading, a short line of two to four Chinese
    characters (or two or three capitalised English words) is taken for the name, and a line made mostly of
    personal values (``陈志鹏 | 男 | 30岁 | 湖北黄冈 | 已婚``) is dropped whole."""
    out, removed = [], 0
    first_heading = min((n for n, t, _ in pieces if _section_of(t)[0] is not None), default=10 ** 6)
    for number, text, column in pieces:
        value = nfkc(text).strip()
        cells = [c for part in _CELL_SPLIT.split(value) for c in _split_pairs(part) if c.strip()]
        seen_heading = number >= first_heading
        kept, gone = _clean_cells(cells, contact)
        if not seen_heading and kept and gone >= 2 and all(len(c) <= 8 and not RANGE.search(c) for c in kept):
            gone, kept = gone + len(kept), []  # the rest of a personal line: hometown, name
        if not seen_heading and len(kept) == 1 and not gone and _is_name(kept[0]):
            gone, kept = 1, []
        if not seen_heading and kept and gone and _is_name(kept[0]):
            gone, kept = gone + 1, kept[1:]
        removed += gone
        if kept:
            out.append((number, text.strip() if not gone else "  ".join(kept), kept, column))
    return out, removed


def _is_name(cell):
    cell = cell.strip()
    if _RESUME_TITLE.match(cell) or _section_of(cell)[0] is not None:
        return False
    if _ZH_NAME.match(cell):
        return not re.search(r"简历|招聘|经历|技能|证书|评价|意向|信息|学历|教育|工作|项目|店长|经理|主管|专员", cell)
    return bool(_EN_NAME.match(cell)) and not _TITLE.search(cell) and not _EMPLOYER.search(cell)


# -- sections --------------------------------------------------------------------------------------------

def _section_of(text):
    """(section, rest of the line) when the line is a heading (``工作经历``, ``技能：Excel``), else (None, text)."""
    value = nfkc(text).strip()
    head, sep, rest = value.partition(":")
    if not sep:
        head, sep, rest = value.partition("：")
    candidates = [(value, "")] + ([(head, rest.strip())] if sep and len(head) <= 12 else [])
    for candidate, remainder in candidates:
        bare = _HEADING_DECOR.sub("", _HEADING_COUNT.sub("", _HEADING_DECOR.sub("", candidate))).strip()
        if not bare or len(bare) > 40:
            continue
        name = _heading_name(bare)
        if name is None and _CJK.search(bare) and re.search(r"[A-Za-z]", bare):
            # a bilingual heading: 工作经历 Work Experience, Education / 教育背景 — each half a heading
            halves = [h for h in _BILINGUAL.split(bare) if h.strip(" /|｜-")]
            names = [_heading_name(_HEADING_DECOR.sub("", h).strip()) for h in halves]
            name = names[0] if len(halves) == 2 and None not in names else None
        if name is not None:
            return name, remainder
    return None, text


_BILINGUAL = re.compile(r"\s*[/|｜]\s*|(?<=[\u4e00-\u9fff)）])\s*(?=[A-Za-z])|(?<=[A-Za-z)])\s*(?=[\u4e00-\u9fff])")


def _heading_name(bare):
    if not bare or len(bare) > 30:
        return None
    return next((name for name, pattern in _SECTION_RE if pattern.match(bare)), None)


# -- dates -----------------------------------------------------------------------------------------------

# the month a part of a year stands for: the middle month of a season (冬/winter: December, the year's end),
# February for its beginning (年初, early), July for its middle, November for its end (年底, late)
_PART_MONTH = (("上半年", 4), ("下半年", 10), ("初", 2), ("中", 7), ("底", 11), ("末", 11),
               ("春", 4), ("夏", 7), ("秋", 10), ("冬", 12), ("spring", 4), ("summer", 7), ("autumn", 10),
               ("fall", 10), ("winter", 12), ("early", 2), ("beginning", 2), ("mid", 7), ("late", 11), ("end", 11))
_RELATIVE_YEAR = {"今年": 0, "去年": 1, "上年": 1, "上一年": 1, "前年": 2}


def parse_date(token, today):
    """(year, month) of a date token; month None when only the year is written; today for 至今/present;
    去年/今年/前年 from today's year; a season or part of a year (2019年春, late 2020) by :data:`_PART_MONTH`."""
    token = nfkc(token).strip().lower().rstrip(".,")
    if re.fullmatch(_PRESENT, token, re.IGNORECASE):
        return today.year, today.month
    relative = re.match(r"去年|今年|前年|上一?年", token)
    if relative:
        year, rest = today.year - _RELATIVE_YEAR[relative.group(0)], token[relative.end():]
        month = re.match(r"\s*(\d{1,2})\s*月", rest)
        return year, (int(month.group(1)) if month else _part_month(rest))
    part = re.search(rf"{_ZH_PART}\s*$|^{_EN_PART}", token)
    if part and re.search(r"(?:19|20)\d{2}", token):
        return int(re.search(r"(?:19|20)\d{2}", token).group(0)), _part_month(part.group(0))
    mon = re.match(r"([a-z]+)\.?,?\s*((?:19|20)\d{2})", token)
    if mon and mon.group(1)[:3] in _MONTHS:
        return int(mon.group(2)), _MONTHS[mon.group(1)[:3]]
    my = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})", token)
    if my:
        return int(my.group(2)), int(my.group(1))
    ym = re.match(r"((?:19|20)\d{2})(?:\s*(?:[./-]|年)\s*(\d{1,2}))?", token)
    return int(ym.group(1)), (int(ym.group(2)) if ym.group(2) else None)


def _part_month(words):
    words = re.sub(r"^年(?!$)|(?:天|季度|季)$", "", words.strip().lower())  # 年底 → 底, 春季 → 春
    if not words:
        return None
    return next((month for part, month in _PART_MONTH if words.startswith(part)), None)


def date_range(text, today):
    """The first date range in ``text``: ((y, m), (y, m), present, match) with months filled in (a year
    alone starts in July and ends in June, so that 2015–2019 is four years), or None."""
    match = RANGE.search(nfkc(text))
    if not match:
        return None
    start, end = parse_date(match.group(1), today), parse_date(match.group(2), today)
    present = bool(re.fullmatch(_PRESENT, match.group(2).strip(), re.IGNORECASE))
    start = (start[0], start[1] or 7)
    end = (end[0], end[1] or 6)
    if not (1 <= start[1] <= 12 and 1 <= end[1] <= 12):
        return None
    if (end[0], end[1]) < start or start > (today.year, today.month):
        end = max(end, start)
    if end > (today.year, today.month):
        end, present = (today.year, today.month), True
    return start, end, present, match


def month_span(start, end, present, today):
    """[from, to) in months since year 0: from the start of the start month to the end of the end month (to
    today for 至今/present)."""
    begin = start[0] * 12 + start[1] - 1
    if present:
        days = calendar.monthrange(today.year, today.month)[1]
        return begin, today.year * 12 + today.month - 1 + today.day / days
    return begin, end[0] * 12 + end[1]


def ym(pair):
    return f"{pair[0]:04d}-{pair[1]:02d}" if pair else None


# -- education -------------------------------------------------------------------------------------------

def degree_of(text):
    value = nfkc(text)
    for degree, pattern in _DEGREE_RE:
        if pattern.search(value):
            return degree
    return None


def _school_degree(school):
    for degree, pattern in _SCHOOL_DEGREE:
        if pattern.search(school):
            return degree
    return None


def _education(lines, today):
    """Education entries: one per date range or school name in the education section."""
    entries = []
    for line in lines:
        if line.section != "education":
            continue
        dates = date_range(line.text, today)
        if dates is not None and _GAP.search(line.text):
            continue  # 全职备考, a gap year: not an education entry
        school = _SCHOOL.search(nfkc(line.text))
        degree = degree_of(line.text)
        new = dates is not None and (not entries or entries[-1]["_dates"] is not None)
        new = new or (school is not None and (not entries or entries[-1]["school"] is not None))
        new = new or (degree is not None and bool(entries) and entries[-1]["degree"] not in (None, degree))
        if new or not entries:
            entries.append({"degree": None, "school": None, "major": None, "start": None, "end": None,
                            "line": line.number, "text": line.full or line.text, "_dates": None, "_part_time": False,
                            "_incomplete": False})
        entry = entries[-1]
        entry["_incomplete"] = entry["_incomplete"] or bool(_INCOMPLETE.search(line.text)) or bool(
            dates and dates[2] and entry["_dates"] is None)  # studying until 至今 / present / a future date
        if dates and entry["_dates"] is None:
            entry["_dates"] = dates
            entry["start"], entry["end"] = ym(dates[0]), ym(dates[1])
        if school and entry["school"] is None:
            entry["school"] = school.group(0).strip()
        entry["degree"] = entry["degree"] or degree_of(line.text)
        entry["_part_time"] = entry["_part_time"] or bool(_PART_TIME_STUDY.search(line.text))
        if entry["major"] is None:
            entry["major"] = _major(line, entry)
    for entry in entries:
        if entry["degree"] is None and entry["school"]:
            entry["degree"] = _school_degree(entry["school"])
    return [e for e in entries if e["school"] or e["degree"]]


def _major(line, entry):
    for cell in line.cells:
        value = nfkc(cell).strip(" ()（）")
        if (not value or RANGE.search(value) or (entry["school"] and entry["school"] in value)
                or _SCHOOL.search(value) or re.search(r"[:：]", value)):
            continue
        degree = degree_of(value)
        major = re.sub(r"[(（][^)）]*[)）]", "", value).strip()
        if degree:
            major = re.sub(r"专业|" + _DEGREE_WORDS[[d for d, _ in _DEGREE_WORDS].index(degree)][1], "", major,
                           flags=re.IGNORECASE).strip(" ,，")
        if major and not _PART_TIME_STUDY.fullmatch(major) and len(major) <= 40 and not re.fullmatch(
                r"全日制|统招|gpa.*|\d.*", major, re.IGNORECASE):
            return re.sub(r"^(?:专业|major)\s*[:：]?\s*", "", major, flags=re.IGNORECASE) or None
    return None


# -- work ------------------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-*•·●▪◦]|\d+[.、)])")


def _header_above(lines, index):
    """The lines above a line holding only dates (one, or two: ``Staff Engineer`` / ``Tidewave · Full-time``),
    when they name the job and what follows the dates is its description (a bullet) rather than the employer
    and title; None otherwise."""
    if index == 0:
        return None
    below = lines[index + 1] if index + 1 < len(lines) else None
    if not (below is None or _BULLET.match(below.text) or below.section != lines[index].section):
        return None
    found = []
    for above in (lines[index - 1], lines[index - 2] if index >= 2 else None):
        if above is None or above.section != lines[index].section or _BULLET.match(above.text) \
                or len(nfkc(above.text)) > (90 if not found else 60) or RANGE.search(nfkc(above.text)):
            break
        if found and re.search(r"[。;；.]$", above.text.strip()):
            break
        found.insert(0, above)
        if len(found) == 1 and (_TITLE.search(above.text) or _EMPLOYER.search(above.text)):
            prev = lines[index - 2] if index >= 2 else None
            employer_only = _EMPLOYER.search(above.text) and not _TITLE.search(above.text)
            if not (employer_only and prev is not None and _TITLE.search(prev.text) and not _EMPLOYER.search(
                    prev.text)):
                break  # one line names the job; the line before it only when it is the title above an employer
    if not any(_TITLE.search(a.text) or _EMPLOYER.search(a.text) for a in found):
        return None
    return found or None


def _is_header(line, match):
    """Whether a date range heads an entry (``2019.07-至今 | ABC公司``, ``ABC | 店长 | 2022.01-至今``, ``(2019 -
    2022)``) rather than being said in a sentence (``主导2023-2025年618大促``)."""
    text = nfkc(line.text)
    before, after = text[: match.start()], text[match.end():]
    head_ok = not before.strip() or re.search(r"(?:\s{2,}|\t|[|,，(（\[:：·•@\-–—―]\s*)$", before)
    tail_ok = not after.strip() or re.match(r"^(?:\s|[|,，()（）\]:：.;；])", after)
    return bool(head_ok and tail_ok)


def _header_cells(line, match):
    """The cells of a work entry's header line without its dates and head-count cells."""
    text = nfkc(line.text)
    rest = (text[: match.start()] + "  " + text[match.end():]).strip() if match else text.strip()
    cells = [_balanced(c.strip(" ,，;；")) for c in _CELL_SPLIT.split(rest)]
    cells = [c for c in cells if c and not _NOT_NAME_CELL.search(c)]
    if len(cells) == 1:
        one = re.sub(r"[(（][^)）]*[)）]", lambda m: m.group(0).replace(",", "\x00").replace("，", "\x01"), cells[0])
        for pattern in (r"\s*,\s*(?!(?:ltd|inc|llc|co|gmbh|plc|s\.?a|s\.?l)\b)", r"\s+(?:at|@)\s+", r"\s+[-–—]\s+",
                        r"\s+"):
            parts = [p for p in re.split(pattern, one) if p.strip()]
            if len(parts) >= 2 and (pattern != r"\s+" or _CJK.search(one)):
                cells = [p.replace("\x00", ",").replace("\x01", "，") for p in parts]
                break
    return cells


def _balanced(cell):
    """A cell without an unmatched bracket at either end."""
    if cell.startswith(("(", "（")) and not re.search(r"[)）]", cell):
        cell = cell[1:]
    if cell.endswith((")", "）")) and not re.search(r"[(（]", cell):
        cell = cell[:-1]
    return cell.strip()


def _employer_title(cells):
    """(employer, title) among a header's cells: a cell that only looks like an employer (公司, Ltd) or only
    like a title (店长, Engineer) first; then the cells that look like neither, then those like both."""
    kinds = [(bool(_EMPLOYER.search(c)), bool(_TITLE.search(c))) for c in cells]
    employer = next((c for c, k in zip(cells, kinds, strict=True) if k == (True, False)), None)
    title = next((c for c, k in zip(cells, kinds, strict=True) if k == (False, True)), None)
    both = [c for c, k in zip(cells, kinds, strict=True) if k == (True, True)]
    neither = [c for c, k in zip(cells, kinds, strict=True) if k == (False, False)]
    if title is None and both and (employer is not None or neither):
        title = both.pop(0)
    if employer is None and (neither or both):
        employer = (neither or both).pop(0)
    if title is None and (both or neither):
        title = (both or neither).pop(0)
    return employer, title


# sections where a dated job header followed by its description is still read as work (an unusual heading the
# parser does not know, 我的经历 / What I did, leaves its lines in the section above it)
_WORK_ELSEWHERE = frozenset({"top", "other", "summary", "skills", "personal", "intention", "languages",
                             "certificates"})


def _work(lines, study, today):
    """Work entries of the work and internship sections; elsewhere (outside education, projects, training,
    activities), a dated header that names an employer or a title and is followed by its description (a job
    under a heading the parser does not know) — its lines are then read as work."""
    entries = []
    adopted = None  # the section whose lines are read as work since a dated job header was found in it
    for index, line in enumerate(lines):
        adopted = _adopt(lines, index, adopted, today)
        if line.section not in ("work", "internship"):
            continue
        dates = date_range(line.text, today)
        if dates is not None and not _is_header(line, dates[3]):
            dates = None
        if dates is not None and _GAP.search(line.text):
            if entries:
                entries[-1]["_open"] = False
            continue  # 在家照顾孩子, a career break: not work
        if dates is not None and entries and _sub_role(line, dates, entries[-1], today):
            dates = None  # "· 2023.07-2024.06 运营助理" inside the job above: a role change, not another job
        if dates is not None:
            entry = _dated_entry(lines, index, dates, entries)
        elif entries and line.entry == -1 and entries[-1]["_open"]:
            entry = entries[-1]
            if entry["employer"] is None or entry["title"] is None:
                _fill_from(entry, line)
        else:
            continue
        entry["_lines"].append(line.number)
        line.entry = len(entries) - 1
    out = []
    for entry in entries:
        if entry["_dates"] is None:
            continue
        start, end, present, _ = entry["_dates"]
        entry["_span"] = month_span(start, end, present, today)
        entry["months"] = round(entry["_span"][1] - entry["_span"][0], 1)
        inside = sum(max(0.0, min(e, entry["_span"][1]) - max(s, entry["_span"][0])) for s, e in study)
        entry["_during_study"] = inside >= 0.5 * max(entry["_span"][1] - entry["_span"][0], 1e-6)
        out.append(entry)
    return out


def _adopt(lines, index, adopted, today):
    """The section read as work from this line on (see :data:`_WORK_ELSEWHERE`), or None; moves the line to
    the work section when it belongs there."""
    line = lines[index]
    if adopted is not None and line.section == adopted and line.entry == -1:
        line.section = "work"
        return adopted
    if adopted is None and line.section in _WORK_ELSEWHERE and _job_outside(lines, index, today):
        line.section, adopted = "work", line.section
        return adopted
    return None if line.section != "work" else adopted


def _dated_entry(lines, index, dates, entries):
    """A new work entry headed by a dated line (and the lines above it that name the job)."""
    line = lines[index]
    cells = _header_cells(line, dates[3])
    above = _header_above(lines, index) if not cells else None
    if above is not None:  # "Barista / Shift Supervisor - Costa Coffee" above its dates
        entry = _new_entry(above[0], [c for a in above for c in _header_cells(a, None)])
        for a in above:
            entry["_lines"].append(a.number)
            if entries and a.number in entries[-1]["_lines"]:
                entries[-1]["_lines"].remove(a.number)
            a.entry = len(entries)
    else:
        entry = _new_entry(line, cells)
    entries.append(entry)
    entry["_dates"] = dates
    entry["start"], entry["end"] = ym(dates[0]), ym(dates[1])
    entry["_head"] = {a.number for a in above or ()} | {line.number}  # the header lines (not the description)
    entry["_cells"] = [c for a in above or () for c in _header_cells(a, None)] + cells  # department, team …
    header = " ".join([line.text] + [a.text for a in above or ()])
    entry["internship"] = line.section == "internship" or bool(_INTERN.search(header))
    entry["part_time"] = bool(_PART_TIME.search(header))
    entry["_unpaid"] = bool(_UNPAID.search(header))
    return entry


def _job_outside(lines, index, today):
    """Whether a line outside the work sections heads a job: a date range set as a header, an employer or a
    title beside it (or on the line above), no school or degree, and a line of description under it."""
    line = lines[index]
    dates = date_range(line.text, today)
    if dates is None or not _is_header(line, dates[3]) or _SCHOOL.search(line.text) or degree_of(line.text):
        return False
    if _GAP.search(line.text):
        return False
    cells = _header_cells(line, dates[3])
    if not any(_EMPLOYER.search(c) or _TITLE.search(c) for c in cells) and _header_above(lines, index) is None:
        return False
    below = lines[index + 1] if index + 1 < len(lines) else None
    return below is not None and below.section == line.section and date_range(below.text, today) is None


def _sub_role(line, dates, entry, today):
    """A dated line inside the span of the job above it, set as a bullet or naming no employer of its own and
    not a side job: a role held within that job (``2021.05起任组长``, ``· 2023.07-2024.06 运营助理``)."""
    if entry["_dates"] is None or _PART_TIME.search(line.text):
        return False
    outer = month_span(*entry["_dates"][:3], today)
    inner = month_span(*dates[:3], today)
    if not (outer[0] <= inner[0] and inner[1] <= outer[1] + 0.5):
        return False
    cells = _header_cells(line, dates[3])
    return bool(_BULLET.match(line.text)) or not any(_EMPLOYER.search(c) for c in cells)


def _new_entry(line, cells):
    employer, title = _employer_title(cells)
    return {"employer": employer, "title": title, "start": None, "end": None, "months": 0.0,
            "internship": False, "part_time": False, "relevant": False, "line": line.number,
            "text": line.full or line.text,
            "_dates": None, "_lines": [], "_open": True}


def _fill_from(entry, line):
    """Employer or title on the line under the dates (``2019.07-至今`` / ``ABC公司`` / ``店长``)."""
    if len(entry["_lines"]) > 2:
        return
    cells = [c.strip(" ,，") for c in line.cells if c.strip()]
    if not cells or len(nfkc(line.text)) > 80 or _BULLET.match(line.text) \
            or re.search(r"[，,。;；].*[，,。;；]", line.text):
        return  # a description, not the employer or the title
    employer, title = _employer_title(cells)
    if entry["employer"] is None and employer and _EMPLOYER.search(employer):
        entry["employer"] = employer
    if entry["title"] is None and title and _TITLE.search(title):
        entry["title"] = title


def _study_spans(education, today):
    spans = []
    for entry in education:
        if entry["_dates"] is None or entry["_part_time"]:
            continue
        if DEGREE_RANK.get(entry["degree"] or "bachelor", 3) < 1:
            continue
        start, end, present, _ = entry["_dates"]
        spans.append(month_span(start, end, present, today))
    return spans


def union_months(spans):
    """Months covered by [from, to) spans, overlaps counted once."""
    total, current = 0.0, None
    for begin, end in sorted(spans):
        if current is None or begin > current[1]:
            if current:
                total += current[1] - current[0]
            current = [begin, end]
        else:
            current[1] = max(current[1], end)
    if current:
        total += current[1] - current[0]
    return total


def minus(span, others):
    """The parts of ``span`` outside ``others`` (full-time study)."""
    parts = [span]
    for begin, end in others:
        nxt = []
        for a, b in parts:
            if end <= a or begin >= b:
                nxt.append((a, b))
                continue
            if a < begin:
                nxt.append((a, begin))
            if end < b:
                nxt.append((end, b))
        parts = nxt
    return parts


def counted_spans(work, study, only=None):
    """The month spans that count as experience: not internships, not unpaid work (helping in the family shop,
    volunteering), not the months of full-time study of a job held mostly while studying (a job that starts in
    the last term of school counts whole)."""
    spans = []
    for entry in work:
        if entry["internship"] or entry.get("_unpaid") or (only is not None and not only(entry)):
            continue
        spans += minus(entry["_span"], study) if entry["_during_study"] else [entry["_span"]]
    return spans


# -- skills, certificates, languages ---------------------------------------------------------------------

_ITEM_SPLIT = re.compile(r"[、,，;；/|•·●]|\s{2,}|\t|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fffA-Za-z])"
                         r"|(?<=[A-Za-z])\s+(?=[\u4e00-\u9fff])")
_LEVEL_SUFFIX = re.compile(r"\s*[:：(（]\s*(?:熟练|精通|良好|一般|掌握|熟悉|了解|expert|advanced|intermediate|"
                           r"basic|good|"
                           r"proficient)[)）]?\s*$", re.IGNORECASE)


def _items(text):
    value = re.sub(r"^(?:熟悉|熟练使用|熟练掌握|熟练|精通|掌握|了解|会用|能使用|擅长)", "", nfkc(text).strip())
    items = []
    for item in _ITEM_SPLIT.split(value):
        item = _LEVEL_SUFFIX.sub("", item).strip(" .。:：-*")
        item = re.sub(r"^(?:熟悉|熟练使用|熟练掌握|熟练|精通|掌握|了解|会用|能使用|擅长|proficient in|"
                      r"familiar with)\s*", "",
                      item, flags=re.IGNORECASE)
        if 1 < len(item) <= 40 and not RANGE.search(item):
            items.append(item)
    return items


def _skills(lines):
    out = []
    for line in lines:
        if line.section == "skills":
            out += [{"name": item, "line": line.number, "text": line.full or line.text, "source": "skills_section"}
                    for item in _items(line.text) if not _CERT.search(item) or len(item) > 12]
    return out


def _certificates(lines):
    out, seen = [], set()
    for line in lines:
        items = _items(line.text) if line.section in ("certificates", "skills", "other", "awards") else []
        if line.section not in ("certificates",):
            items = [i for i in items if _CERT.search(i)]
        for item in items:
            name = re.sub(r"[(（][^)）]*[)）]|^有", "", item).strip()
            if name and name.lower() not in seen and not _LANG_RE[0][1].fullmatch(name):
                seen.add(name.lower())
                out.append({"name": name, "line": line.number, "text": line.full or line.text})
    return out


def _languages(lines):
    out, seen = [], set()
    for line in lines:
        if line.section not in ("languages", "skills", "certificates", "other", "summary", "top"):
            continue
        for item in _items(line.text) if line.section != "summary" else [line.text]:
            for name, pattern in _LANG_RE:
                if pattern.search(item) and name not in seen:
                    level = _LANG_LEVEL.search(nfkc(item))
                    seen.add(name)
                    out.append({"name": name, "level": level.group(0) if level else None, "line": line.number,
                                "text": line.full or line.text})
    return out


# -- the whole résumé ------------------------------------------------------------------------------------

class _Sections:
    """The section each line belongs to. Two headings on consecutive lines (``基本资料`` / ``工作经历``) mean a
    two-column page exported line by line, left and right interleaved: from there on, lines alternate
    between the two columns' sections, and a lone heading changes the section of the column it falls in."""

    def __init__(self, text):
        numbers = [i for i, line in enumerate(text.split("\n"), start=1) if line.strip()]
        self.ordinal = {n: i for i, n in enumerate(numbers)}
        self.section, self.column = "top", 0
        self.interleaved = None  # (first ordinal, [left section, right section])
        self.last_heading = None  # (ordinal, section)

    def heading(self, number, name, column, alone):
        o = self.ordinal.get(number, -10)
        if column != self.column:
            self.section, self.column, self.interleaved = "top", column, None  # the right column starts afresh
        if alone and column == 0 and self.last_heading and self.last_heading[0] == o - 1 \
                and self.last_heading[1] != name:
            self.interleaved = (o + 1, [self.last_heading[1], name])
        elif self.interleaved:
            self.interleaved[1][(o - self.interleaved[0]) % 2] = name
        else:
            self.section = name
        self.last_heading = (o, name) if alone else None

    def of(self, number, column):
        if column != self.column:
            self.section, self.column, self.interleaved = "top", column, None
        self.last_heading = None
        if self.interleaved:
            return self.interleaved[1][(self.ordinal.get(number, 0) - self.interleaved[0]) % 2]
        return self.section


def _lines(text):
    contact = {"email": None, "phone": None}
    pieces, removed = _remove_personal(reading_order(text), contact)
    lines, sections = [], _Sections(text)
    for number, shown, cells, column in pieces:
        full = shown
        name, rest = _section_of(shown)
        if name is not None:
            sections.heading(number, name, column, not rest.strip())
            if not rest.strip():
                continue
            shown = rest.strip()
            cells = [c for c in _CELL_SPLIT.split(shown) if c.strip()]
            section = name if not sections.interleaved else sections.of(number, column)
            sections.last_heading = None
        else:
            section = sections.of(number, column)
        lines.append(Line(number, shown, norm(shown), section, tuple(cells), full=full))
    return lines, contact, removed


def _degree_hint(lines):
    """``最高学历：大专`` or a degree cell in the header, for a résumé whose education section says none."""
    for line in lines:
        if line.section in ("top", "personal", "intention"):
            for cell in line.cells:
                if re.match(r"(?:最高)?学历|degree|education", nfkc(cell), re.IGNORECASE) or len(cell) <= 8:
                    degree = degree_of(cell)
                    if degree:
                        return degree
    return None


def parse_resume(text, today=None, lang=None):
    """:class:`Resume` of an extracted résumé text (``today``: a date, for 至今/present)."""
    today = today or datetime.date.today()
    lines, contact, removed = _lines(text)
    body = "".join(line.text for line in lines)
    cjk = sum(1 for c in body if _CJK.match(c))
    lang = lang if lang in ("zh", "en") else ("zh" if cjk > 0.15 * max(len(body.replace(" ", "")), 1) else "en")
    education = _education(lines, today)
    study = _study_spans(education, today)
    work = _work(lines, study, today)
    return Resume(lang, lines, education, work, _skills(lines), _certificates(lines), _languages(lines), contact,
                  _degree_hint(lines), removed)


def highest_degree(resume):
    """The highest degree completed (a degree being studied for or not completed does not count)."""
    degrees = [e["degree"] for e in resume.education if e["degree"] and not e["_incomplete"]]
    if resume.degree_hint:
        degrees.append(resume.degree_hint)
    if not degrees:
        return None
    return max(degrees, key=lambda d: DEGREE_RANK[d])


def study_spans(resume, today):
    return _study_spans(resume.education, today)
