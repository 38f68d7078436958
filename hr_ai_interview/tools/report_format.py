"""Formatting helpers for the QWeb reports (no words here: every word HR reads is in a template)."""

from types import SimpleNamespace

STAR_PARTS = ("situation", "task", "action", "result")


def ts(seconds):
    """0:07, 2:15 — a time in an answer."""
    seconds = int(seconds or 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def span(evidence):
    """'0:07–0:12' for a piece of evidence."""
    if not evidence:
        return ""
    return f"{ts(evidence.get('start'))}–{ts(evidence.get('end'))}"


def key_point_names(text):
    """The synonyms of a key point as HR wrote them ('a | b' → ['a', 'b'])."""
    return [part.strip() for part in (text or "").split("|") if part.strip()]


def pct(value):
    return round(100 * float(value or 0.0))


def relevance(content):
    value = (content or {}).get("relevance")
    return value if isinstance(value, dict) else {"value": value or 0.0}


# what the templates get as ``fmt`` (QWeb refuses modules in its evaluation context)
FORMAT = SimpleNamespace(STAR_PARTS=STAR_PARTS, ts=ts, span=span, key_point_names=key_point_names, pct=pct,
                         relevance=relevance)
