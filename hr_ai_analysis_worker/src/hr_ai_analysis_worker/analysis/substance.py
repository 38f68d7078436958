"""What each clause of an answer carries: substance (specifics, the candidate's own concrete actions, causes,
outcomes with figures) or its absence (generic self-praise, vague or hypothetical talk, the question's own
words repeated).

Every signal is found per clause, so each comes with the clause that shows it. Chinese clauses are read with
jieba's part-of-speech tagger (numerals, time words, names of places, people and organisations); English ones
by rule (digits, capitalised names, past-tense verbs after "I").
"""

import dataclasses
import functools
import re

from .text import normalize

# --- Chinese -------------------------------------------------------------------------------------------
_ZH_TIME = re.compile(
    r"去年|今年|前年|上个?月|下个?月|这个月|那个月|上周|上个星期|下周|那天|当天|第二天|第三天|隔天|那次|有一次|有次|"
    r"那年|那阵子|那段时间|晚上|早上|上午|下午|中午|夜班|白班|早班|中班|周[一二三四五六日末]|"
    r"星期[一二三四五六天日]|\d+\s*(?:月|号|日|点|年|天后|周后|个月后|小时后|分钟后)|国庆|春节|双十一|618|旺季|淡季")
_ZH_NOT_TIME = frozenset("之后 事后 以后 最后 后来 现在 当时 之前 以前 平时 当初 那时 此时 目前 同时 随后 今后 过去"
                         .split())
_ZH_NAME_TAGS = {"ns", "nt", "nz", "eng"}  # places, organisations, other proper names, latin (jieba's nr is noisy)
_ZH_NUMERAL_WORD = re.compile(r"[两几半双十百千万]")
_ZH_NOT_ACTION = re.compile(
    r"^(?:是|觉得|认为|相信|希望|喜欢|擅长|知道|想|感觉|以为|明白|理解|懂|能|会|要|应该|需要|可以|得|一般|通常|"
    r"总是|一直|都|也是|非常|很|特别|比较|最|有)")
_ZH_HYPOTHETICAL = re.compile(
    r"一般|通常|往往|总是|一直以来|平时|如果|假如|的话|应该|应当|要善于|一定要|首先要|其次要|还要|需要|就要|要有|"
    r"要做好|要注意|不要|都要|就要|还要|也要|必须要|态度要|要做到|要让|要把|要先|要及时|要有|不能|会先|我会|都会|就会|我觉得|我认为|我相信|我一直认为|我的理念|比如说|什么的|之类|你")
# a first-person plan: what the candidate would do ("我会先…", "第一时间联系…", "I'd ring…", "I'll check…")
_ZH_PLAN = re.compile(
    r"我(?:会|就会|肯定会|打算|准备|先|首先|马上|立刻|第一时间|一定会)|(?:首先|第一步|第二步|先|然后|接着|再|同时|最后)"
    r"[^，。；！？]{0,4}(?:把|去|让|跟|和|给|找|安排|联系|打电话|确认|核实|通知|检查|调|派|问|带)")
# a question about what the candidate *would* do (situational), not about what they did (behavioural)
_ZH_SITUATIONAL = re.compile(
    r"如果|假如|假设|设想|要是|你会怎么|您会怎么|你会如何|您会如何|会怎么(?:做|办|安排|处理)|怎么办")
_EN_SITUATIONAL = re.compile(
    r"\b(?:what would you|how would you|what will you|how will you|what do you do if|what would your|imagine|"
    r"suppose|say you|if you (?:were|had|found|joined|started|noticed|saw|got|came))\b", re.IGNORECASE)
_ZH_PRAISE = re.compile(
    r"我(?:非常|特别|很|比较|一直|也很|还)?(?:擅长|厉害|优秀|专业|强|在行|拿手)|我是一个.{0,10}的人|"
    r"(?:领导|同事|客户|大家|经理|店长)(?:都|也|一直)?(?:说我|夸我|认可我|评价我|觉得我)|我的(?:优点|强项|长处)|"
    r"这些我都|我都(?:非常|很)|(?:很|非常|特别|最)擅长|做得(?:非常|特别|很)好|(?:意识|责任心|能力|经验)(?:也)?(?:很|非常|特别)(?:强|丰富)|我(?:很|非常)有经验")
_ZH_CAUSE = re.compile(
    r"因为|由于|原因是|原因在|原来|是因为|导致|造成|所以|因此|于是|结果|发现|查出|查到|一看|才知道|才发现|"
    r"问题出在|出在|根源|害得|搞得|以至于|这样一来")
_ZH_OUTCOME = re.compile(
    r"降到|降低|降了|下降|减少|少了|提高|提升|上升|增加|多了|涨了|涨到|达到|做到|完成|补回|补上|追回|挽回|签了|签下|"
    r"签单|成交|定了|买了|下单|回款|续约|续费|再没|没再|再也没|没有再|恢复|好转|正常了|解决了|满意|表扬|撤诉|"
    r"撤回|好评|复购|又来|排第|第一名|节省|省了|准时|按时|零投诉|从.{1,12}到")
_ZH_SEQUENCE = frozenset("先 马上 立刻 立即 当场 赶紧 又 再 就 然后 接着 随后 后来 把 跟 给 让 叫".split())
_ZH_WE = re.compile(r"我们|咱们|大家|团队")
_ZH_FILLER = re.compile(r"嗯|呃|那个那个|就是说|怎么说呢|扯远了|哦对")

# --- English -------------------------------------------------------------------------------------------
_EN_TIME = re.compile(
    r"\b(?:in|since|by|until) (?:19|20)\d\d\b|\b(?:19|20)\d\d\b|\blast (?:year|month|week|summer|winter|spring|"
    r"autumn|quarter|christmas)\b|\b(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\byesterday\b|\bone (?:day|"
    r"night|morning|evening)\b|\bthat (?:day|night|week|morning|evening|month|year|quarter|shift)\b|"
    r"\b(?:after|within|in) (?:\d+|a|an|one|two|three|a few|a couple of) (?:days?|weeks?|months?|hours?|minutes?|"
    r"quarters?)\b|\bnext (?:day|morning|week|month)\b|\b\d+ ?(?:am|pm)\b|\bat the time\b|\bpeak season\b",
    re.IGNORECASE)
_EN_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b(?:\s*(?:percent|%|k|x))?")
# a hyphenated compound that opens with a capital (L-sash, B-Sash, T-shirt) is one name, however the rest is cased:
# speech recognition writes "L-sash" for one voice and "L-Sash" for another
_EN_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z]\w*(?:-\w+)+|[A-Z][a-z]+(?:[A-Z][a-z]+)*|[A-Z]{2,}[a-z]?s?|"
                      r"[A-Z]+\d+\w*|\w*\d+[A-Za-z]\w*)\b")
# a verb written with or without its prefix's hyphen (re-issued / reissued, co-ordinated / coordinated) reads the same
_EN_PREFIX_HYPHEN = re.compile(r"\b(re|pre|co|de|un|mis|over|under|out)-(?=[a-z])", re.IGNORECASE)
_EN_NOT_NAME = frozenset("""I I'm I've I'd I'll OK Ok Okay So And But Then First Second Third Also After Before When
    Yeah Um Uh Well Actually Anyway Oh Like The A An In On At Of For To With My Our We He She They It This That
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December English""".split())
_EN_IRREGULAR = ("took|made|put|got|went|told|asked|spent|set|ran|sent|gave|built|found|brought|bought|called|"
                 "wrote|met|kept|did|said|saw|moved|sat|stood|began|led|paid|rang|chose|drove|flew|gave|held|"
                 "left|lost|meant|read|sold|showed|shut|split|spoke|taught|thought|threw|understood|won|fixed|"
                 "cut|drew|dug|fed|hung|laid|let|rebuilt|rewrote|tore|woke|caught|felt|heard|pulled|pushed")
_EN_SELF_ACTION = re.compile(
    r"\bI (?:then |also |first |just |quickly |immediately |personally |finally |actually |myself |simply |"
    r"directly |even |still |only |already |again |later |so |and )?(?:\w+ed|" + _EN_IRREGULAR + r")\b",
    re.IGNORECASE)
_EN_WE_ACTION = re.compile(
    r"\bwe (?:then |also |first |just |quickly |immediately |finally |actually |all |together )?(?:\w+ed|"
    + _EN_IRREGULAR + r")\b", re.IGNORECASE)
_EN_NOT_SELF_ACTION = re.compile(r"\bI (?:used|supposed|tried|liked|loved|wanted|hoped|believed|needed|felt|"
                                 r"thought|learned|learnt|realised|realized|noticed|worked)\b", re.IGNORECASE)
_EN_HYPOTHETICAL = re.compile(
    r"\b(?:usually|normally|generally|typically|always|often|in general|would|i'd|should|must|you need to|"
    r"you have to|you should|you must|it's important|it is important|is key|is very important|the key is|"
    r"i believe|i think|i feel|my approach|my philosophy|every time|whenever|if (?:a|the|you|there|someone)|"
    r"mindset|culture of|of course|best practice|what gets measured)\b", re.IGNORECASE)
_EN_PLAN = re.compile(
    r"\bI(?:'d| would|'ll| will|'m going to| am going to)(?: \w+ly)?(?: first| then| also| just| still)? "
    r"(?!think\b|say\b|feel\b|believe\b|like\b|love\b|hope\b|want\b|imagine\b|guess\b|probably\b|be\b|have to\b|"
    r"try\b|need\b)[a-z]+", re.IGNORECASE)
_EN_PRAISE = re.compile(
    r"\bI(?:'m| am) (?:a |an )?(?:very |really |extremely |quite |always )?(?:good|great|strong|excellent|"
    r"detail-oriented|hard-working|hardworking|passionate|experienced|skilled|the best|organised|organized|"
    r"proactive|reliable|people person|natural|expert)\b|\bmy (?:strength|strong point|strengths)\b|"
    r"\b(?:always|all) (?:said|say|tell|told) (?:that )?I(?:'m| am| was)\b|\bI(?:'m| am) (?:a|an) \w+ person\b|"
    r"\bI excel\b|\bI(?:'m| am) known for\b", re.IGNORECASE)
_EN_CAUSE = re.compile(
    r"\b(?:because|since|due to|caused|causing|turned out|so that|that's why|which meant|led to|the reason|"
    r"root cause|came from|was from|were from|it was the|found that|saw that|noticed that|realised|realized|"
    r"the problem was|the issue was|so i|so we|therefore|as a result)\b", re.IGNORECASE)
_EN_OUTCOME = re.compile(
    r"\b(?:went (?:down|up|back)|came (?:down|back)|dropped|fell|rose|increased|decreased|reduced|improved|"
    r"saved|cut|grew|doubled|halved|stopped|signed|renewed|closed|shipped|delivered|recovered|resolved|fixed|"
    r"solved|won|kept|hit|reached|exceeded|beat|met the|no more|never again|zero|in the end|by the end|"
    r"finally|result|afterwards|went from|from \S+(?: \S+){0,3} to)\b", re.IGNORECASE)
_EN_WE = re.compile(r"\b(?:we|our|us|the team)\b", re.IGNORECASE)
_EN_FILLER = re.compile(r"\b(?:um+|uh+|erm|you know|like,|i mean|anyway|sorry)\b", re.IGNORECASE)

_SUBSTANCE_KINDS = ("specific", "own_action", "cause", "outcome")


@dataclasses.dataclass
class ClauseSignals:
    numbers: int = 0
    times: int = 0
    names: int = 0
    own_action: bool = False
    implied_action: bool = False  # a verb-first clause with the subject dropped (Chinese narration)
    team_action: bool = False
    cause: bool = False
    outcome: bool = False
    praise: bool = False
    vague: bool = False
    plan: bool = False  # a first-person plan ("I'd ring…", "我会先…"): the action an answer to a situational question
    filler: int = 0
    echo: float = 0.0  # share of the clause's content words that are the question's or key points' own

    @property
    def specific(self):
        return self.numbers + self.times + self.names > 0

    @property
    def substance(self):
        """0-1: what this clause carries that a listener could check or picture."""
        value = 0.0
        if self.specific:
            value += 0.45 if self.numbers or self.names else 0.3
        if self.own_action:
            value += 0.45
        elif self.team_action or self.implied_action:
            value += 0.3
        if self.outcome:
            value += 0.2
        if self.cause:
            value += 0.15
        if self.vague:
            value -= 0.35
        if self.praise:
            value -= 0.6
        value -= 0.5 * max(0.0, self.echo - 0.4) / 0.6 if not self.specific else 0.0
        return max(0.0, min(1.0, value))


@functools.lru_cache(maxsize=1)
def _pos_tokenizer(tokenizer):
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer)


def _base_tokenizer():
    from .text import _base_tokenizer as base

    return base()


_ZH_CN_NUMBER = re.compile(
    r"(?:百分之)?[零一二两三四五六七八九十百千万几半]+(?:点[零一二三四五六七八九]+)?"
    r"(?=[个件单次天月年号点分秒周台箱元块倍成人家条双款位遍趟米斤张批套轮岁期级层排项笔份名句]|小时|公斤|分钟|星期)")
_ZH_GENERIC_ONE = re.compile(r"^一(?=[个次下些点起种样位句])")
_ZH_MEASURE = re.compile(r"\s*(?:[%％个件单次天月年号点分秒周台箱元块倍成人家条双款位遍趟米斤张批套轮岁期级层排项"
                         r"笔份名句万千百亿kKwW]|小时|公斤|分钟|星期)")


def _zh_numbers(text):
    """Figures said: numbers of two or more digits or with a decimal, and any number before a measure word or
    after 第 / 百分之 (三十件, 3个, 两个礼拜, 百分之二十); not a lone 1 or 一 of 一比一 / 1部分 / 一个 / 一下 /
    一定 / 一般 — speech recognition writes the same words in digits or in characters, and both must count
    the same."""
    found = [m.group(0) for m in re.finditer(r"\d+(?:\.\d+)?", text)
             if len(m.group(0)) >= 2 or _ZH_MEASURE.match(text, m.end()) or text[max(0, m.start() - 1): m.start()]
             in ("第", "之")]
    for m in _ZH_CN_NUMBER.finditer(text):
        if not (m.group(0) == "一" and _ZH_GENERIC_ONE.match(text[m.start():])):
            found.append(m.group(0))
    return len(found)


def _zh_signals(text, tokenizer, echo_words, terms):
    from .text import to_simplified, tokenize

    norm = to_simplified(text).lower()  # numerals are left as said: cn2an would turn 一定 into 1定
    pairs = [(w, f) for w, f in _pos_tokenizer(_base_tokenizer()).lcut(norm) if w.strip()]
    sig = ClauseSignals()
    sig.numbers = _zh_numbers(norm)
    sig.times = len(_ZH_TIME.findall(norm)) + sum(1 for w, f in pairs if f == "t" and len(w) >= 2
                                                  and w not in _ZH_NOT_TIME)
    # a name counts when jieba's dictionary knows it (or it is latin): a word jieba only guesses is a name is
    # as often a misheard one (节障 -> 解战 "nz") — it must not make a clause concrete
    freq = _base_tokenizer().FREQ
    sig.names = sum(1 for w, f in pairs if f in _ZH_NAME_TAGS and len(w) >= 2 and (f == "eng" or freq.get(w)))
    for m in re.finditer(r"我(?!们)", norm):
        rest = norm[m.end(): m.end() + 8]
        if _ZH_NOT_ACTION.match(rest):
            continue
        words_after = [f for w, f in _pos_after(pairs, norm, m.end())][:4]
        if any(f.startswith("v") or f in ("i", "l") for f in words_after):  # verbs, idioms (弄清楚)
            sig.own_action = True
            break
    if not sig.own_action and "我们" not in norm and not _ZH_HYPOTHETICAL.search(norm):
        # the subject dropped, as Chinese narration does ("先让机台停下，把…拉到待判区"; "拆模一看")
        head = [w for w, f in pairs[:2]]
        verbs = [f for _, f in pairs if f.startswith("v")]
        sig.implied_action = bool(verbs) and not norm.endswith(("的时候", "时")) and (
            re.search(r"[了过完]", norm) is not None or any(w in _ZH_SEQUENCE for w in head))
    if _ZH_WE.search(norm) and any(f.startswith("v") for _, f in pairs):
        sig.team_action = True
    sig.cause = bool(_ZH_CAUSE.search(norm))
    sig.outcome = bool(_ZH_OUTCOME.search(norm))
    sig.praise = bool(_ZH_PRAISE.search(norm))
    sig.vague = bool(_ZH_HYPOTHETICAL.search(norm))
    sig.plan = bool(_ZH_PLAN.search(norm))
    sig.filler = len(_ZH_FILLER.findall(norm))
    content = tokenize(text, "zh", terms=terms)
    if content:
        sig.echo = sum(1 for w in content if w in echo_words) / len(content)
    return sig


def _pos_after(pairs, text, offset):
    """The (word, tag) pairs that start at or after character ``offset`` of ``text``."""
    pos = 0
    out = []
    for w, f in pairs:
        at = text.find(w, pos)
        if at < 0:
            continue
        pos = at + len(w)
        if at >= offset:
            out.append((w, f))
    return out


def _en_signals(text, echo_words):
    from .text import tokenize

    norm = normalize(text, "en")
    sig = ClauseSignals()
    sig.names = sum(1 for m in _EN_NAME.finditer(text) if m.group(0) not in _EN_NOT_NAME and m.start() > 0)
    text = _EN_PREFIX_HYPHEN.sub(r"\1", text)
    sig.numbers = len(_EN_NUMBER.findall(norm))
    sig.times = len(_EN_TIME.findall(text))
    own = [m for m in _EN_SELF_ACTION.finditer(text) if not _EN_NOT_SELF_ACTION.match(text, m.start())]
    sig.own_action = bool(own) and not re.search(r"\bI (?:always|usually|normally|would)\b", text, re.IGNORECASE)
    sig.team_action = bool(_EN_WE_ACTION.search(text))
    sig.cause = bool(_EN_CAUSE.search(text))
    sig.outcome = bool(_EN_OUTCOME.search(text))
    sig.praise = bool(_EN_PRAISE.search(text))
    sig.vague = bool(_EN_HYPOTHETICAL.search(text))
    sig.plan = bool(_EN_PLAN.search(text))
    sig.filler = len(_EN_FILLER.findall(text))
    content = tokenize(text, "en")
    if content:
        sig.echo = sum(1 for w in content if w in echo_words) / len(content)
    return sig


def situational_question(text, lang):
    """True when the question asks what the candidate *would* do ("如果…你会怎么做", "Imagine…", "What would you
    do if…") rather than what they did: there a first-person plan is the answer, not hypothetical talk."""
    from .text import to_simplified

    return bool(_ZH_SITUATIONAL.search(to_simplified(text or ""))) if lang == "zh" \
        else bool(_EN_SITUATIONAL.search(text or ""))


def clause_signals(clauses, lang, echo_words, terms=frozenset()):
    """[ClauseSignals] for the clauses; ``echo_words``: the question's and key points' content tokens;
    ``terms``: the job's and key points' Chinese terms (kept whole when the echo is counted)."""
    if lang == "zh":
        return [_zh_signals(c.text, None, echo_words, terms) for c in clauses]
    return [_en_signals(c.text, echo_words) for c in clauses]


def substance_profile(signals):
    """Per-clause substance with a little context: a clause next to a concrete one is read with it."""
    raw = [s.substance for s in signals]
    out = []
    for i, value in enumerate(raw):
        near = max([raw[j] for j in (i - 1, i + 1) if 0 <= j < len(raw)] or [0.0])
        out.append(max(value, 0.5 * near) if not (signals[i].praise or signals[i].vague) else value)
    return out
