"""Word-level matching that tolerates other words and misheard words.

- Chinese synonyms: 哈工大同义词词林扩展版 (package ``wordsimilarity``): two words of two or more characters
  match when the thesaurus puts them in the same synonym group (``WordSimilarity2010`` similarity 1.0,
  e.g. 担心 / 顾虑).
- Chinese homophones: ASR writes a word that sounds the same (团队 → 团对, 流失 → 留事). Toneless pinyin,
  with the initials and finals that regional accents merge folded together (zh/z, ch/c, sh/s, n/l, an/ang,
  en/eng, in/ing), is compared instead of characters (``pypinyin``).
- English: a crude root (measured / measuring / measure → measur), so inflections match.
"""

import functools
import re

_CJK = re.compile(r"[\u3400-\u9fff]")
_FOLD = ((re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"), (re.compile(r"^l"), "n"),
         (re.compile(r"ang$"), "an"), (re.compile(r"eng$"), "en"), (re.compile(r"ing$"), "in"))


@functools.lru_cache(maxsize=1)
def _cilin():
    """word -> frozenset of its synonym-group codes (only the groups marked '=': true synonyms, the pairs
    ``WordSimilarity2010().similarity`` rates 1.0). Read from the thesaurus file the ``wordsimilarity`` package
    ships, as UTF-8 whatever the locale (the package itself opens it with the locale's encoding)."""
    from pathlib import Path

    import word_similarity

    path = Path(word_similarity.__file__).resolve().parents[1] / "data" / "cilin_ex.txt"
    groups = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) > 1 and parts[0].endswith("="):
                for word in parts[1:]:
                    groups.setdefault(word, set()).add(parts[0])
    return {word: frozenset(codes) for word, codes in groups.items()}


@functools.lru_cache(maxsize=4096)
def synonym_codes(word):
    """The 词林 synonym groups of a Chinese word of two or more characters (empty for other words)."""
    if len(word) < 2 or not _CJK.search(word):
        return frozenset()
    return _cilin().get(word, frozenset())


def synonyms_match(word, other):
    """Whether two Chinese words are synonyms in 词林 (the same '=' group)."""
    return bool(synonym_codes(word) & synonym_codes(other))


def _fold(syllable):
    for pattern, repl in _FOLD:
        syllable = pattern.sub(repl, syllable)
    return syllable


@functools.lru_cache(maxsize=8192)
def _char_pinyin(char):
    from pypinyin import Style, lazy_pinyin

    return _fold(lazy_pinyin(char, style=Style.NORMAL, errors="ignore")[0]) if _CJK.match(char) else char


def pinyin_key(text):
    """The Chinese characters of ``text`` as folded toneless syllables, space separated (one per character,
    so a match is always of whole characters)."""
    return " ".join(_char_pinyin(c) for c in text if _CJK.match(c))


def sounds_in(word, text_key):
    """Whether the Chinese ``word`` (two or more characters) is said in the text whose :func:`pinyin_key`
    is ``text_key``."""
    key = pinyin_key(word)
    return len(key.split()) >= 2 and f" {key} " in f" {text_key} "


_EN_SUFFIXES = ("ational", "ations", "ation", "ings", "ing", "ments", "ment", "ness", "ies", "ied", "ed", "es",
                "ers", "er", "ly", "s")


@functools.lru_cache(maxsize=16384)
def en_root(word):
    word = word.lower().strip("'")
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]  # stopped -> stop
    return word
