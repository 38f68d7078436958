"""Language-aware text normalisation and tokenisation (Chinese with jieba, English by rule)."""

import copy
import functools
import logging
import re
import warnings

_CJK = re.compile(r"[\u3400-\u9fff]")
_EN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ZH_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z0-9%]+")

EN_STOPWORDS = frozenset(
    """a an and are as at be been being but by can could did do does doing done for from had has
    have having he her here him his how i if in into is it its itself just me more most my no nor
    not of off on once only or other our ours out over own so some such than that the their them
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours also about after again all am
    any because before below between both down during each few further get got i'm it's let's
    make made really thing things very well""".split()
)
ZH_STOPWORDS = frozenset(
    """的 了 和 是 在 我 有 就 不 人 都 一 一个 上 也 很 到 说 要 去 你 会 着 没有 看 好 自己 这 那
    他 她 它 们 我们 你们 他们 这个 那个 什么 怎么 因为 所以 但是 然后 如果 就是 还是 或者 以及 及
    与 对 把 被 让 给 从 向 为 为了 吗 呢 吧 啊 嗯 呃 哦 等 等等 其 之 而 并 并且 这样 那样 一些 比较""".split()
)


def is_chinese(text):
    chars = [c for c in text if not c.isspace()]
    return bool(chars) and sum(1 for c in chars if _CJK.match(c)) / len(chars) > 0.3


def detect_language(text, hint=None):
    if hint in ("zh", "en"):
        return hint
    return "zh" if is_chinese(text) else "en"


def to_simplified(text):
    """Traditional → simplified Chinese (Whisper drifts into traditional after 30 s)."""
    if not _CJK.search(text):
        return text
    import zhconv

    return zhconv.convert(text, "zh-cn")


def normalize_numbers_zh(text):
    """Write Chinese numerals as digits (三十 → 30, 百分之二十 → 20%) so both spellings match."""
    if not _CJK.search(text):
        return text
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns on lone unit characters (百分点); harmless
        try:
            return cn2an.transform(text, "cn2an")
        except (ValueError, KeyError, IndexError):  # raises on some odd mixes; keep the text
            return text


_EN_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_EN_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
            if w != "_"}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_EN_NUMBER_RUN = re.compile(
    r"\b(?:(?:" + "|".join(list(_EN_UNITS) + list(_EN_TENS) + list(_EN_SCALES)) + r")(?:[\s-]+(?:and[\s-]+)?|\b))+",
    re.IGNORECASE)


def _en_words_to_int(words):
    total = current = 0
    for word in words:
        if word in _EN_UNITS:
            current += _EN_UNITS[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:  # thousand, million
            total += max(current, 1) * _EN_SCALES[word]
            current = 0
    return total + current


def normalize_numbers_en(text):
    """Write English number words as digits and % as "percent" (twenty percent == 20%)."""
    text = text.replace("%", " percent")

    def repl(match):
        words = [w for w in re.split(r"[\s-]+", match.group(0).lower()) if w and w != "and"]
        trailing = match.group(0)[len(match.group(0).rstrip()):]
        return f"{_en_words_to_int(words)}{trailing}" if words else match.group(0)

    return _EN_NUMBER_RUN.sub(repl, text)


def normalize(text, lang):
    text = text.strip()
    if lang == "zh":
        text = normalize_numbers_zh(to_simplified(text))
    else:
        text = normalize_numbers_en(text)
    return text.lower()


@functools.lru_cache(maxsize=1)
def _base_tokenizer():
    """jieba's default dictionary in a tokenizer of our own (~0.5 s to load). It is never changed:
    jieba's global tokenizer is not used, so no job's terms outlive the call that needed them."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@functools.lru_cache(maxsize=2)
def _tokenizer(terms):
    """The base tokenizer, or a copy that also keeps ``terms`` (a frozenset) whole.

    A copy costs ~10 ms and ~15 MB (jieba's word table is copied, not shared), so the last two term
    sets are kept: the many calls of one analysis share one copy."""
    base = _base_tokenizer()
    if not terms:
        return base
    tokenizer = copy.copy(base)
    tokenizer.FREQ, tokenizer.user_word_tag_tab = dict(base.FREQ), dict(base.user_word_tag_tab)
    for term in sorted(terms):
        tokenizer.add_word(term, freq=20000)
    return tokenizer


def zh_terms(words):
    """The Chinese terms among ``words`` (a job's product names, skills, key points) for ``tokenize``."""
    return frozenset(w.strip() for w in words if w and _CJK.search(w))


def _stem_en(word):
    for suffix, min_len in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) >= min_len:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def tokenize(text, lang, keep_stopwords=False, terms=frozenset()):
    """Content tokens of a text. Chinese: jieba words, ``terms`` (from :func:`zh_terms`) kept whole;
    English: lower-cased, lightly stemmed."""
    text = normalize(text, lang)
    if lang == "zh":
        tokens = []
        tokenizer = _tokenizer(terms)
        for chunk in _ZH_KEEP.findall(text):
            for tok in tokenizer.lcut_for_search(chunk):  # words and their sub-words: 客户关系 → 客户, 关系
                tok = tok.strip()
                if not tok:
                    continue
                if tok.isascii():
                    tok = _stem_en(tok)
                if keep_stopwords or tok not in ZH_STOPWORDS:
                    tokens.append(tok)
        return tokens
    words = _EN_WORD.findall(text)
    return [_stem_en(w) for w in words if keep_stopwords or w not in EN_STOPWORDS]


def count_phrase(text, phrase, lang):
    """How often ``phrase`` occurs in normalised ``text``: as a substring in Chinese, as whole words in
    English ("so" is not counted inside "also", nor "i" inside "it's")."""
    if lang == "zh":
        return text.count(phrase)
    return len(re.findall(r"(?<![a-z'])" + re.escape(phrase) + r"(?![a-z'])", text))
