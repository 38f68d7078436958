"""Validation of the worker's résumé screening result (schema ``hr_ai.screen_result/1``).

Dependency-free, like :mod:`result_schema`: a structural check of what Odoo stores and shows. Every piece
of evidence is a résumé line (its number and text); findings are codes that the templates turn into words.
"""

from .result_schema import ResultError, _num

SCREEN_SCHEMA = "hr_ai.screen_result/1"
DEGREES = ("none", "high_school", "vocational", "associate", "bachelor", "master", "phd")
REQUIREMENT_KINDS = ("min_years", "degree", "skill", "certificate")
MAX_ITEMS = 100
MAX_LINE = 300


def _text(value, name, limit=MAX_LINE, allow_none=True):
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        raise ResultError(f"{name} must be text")
    return value[:limit]


def _list(value, name):
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise ResultError(f"{name} must be a list of at most {MAX_ITEMS}")
    return value


def _line(item, name):
    """A résumé line as evidence: {"line": n, "text": …}."""
    if not isinstance(item, dict):
        raise ResultError(f"{name} must be an object")
    return {"line": int(_num(item.get("line", 0), f"{name}.line", 0, 100_000)),
            "text": _text(item.get("text", ""), f"{name}.text", allow_none=False)}


def _requirement(item, i, skill_ids):
    name = f"requirements[{i}]"
    if not isinstance(item, dict) or item.get("kind") not in REQUIREMENT_KINDS:
        raise ResultError(f"{name} must be a requirement of a known kind")
    met = item.get("met")
    if met not in (True, False, None):
        raise ResultError(f"{name}.met must be true, false or null")
    value = item.get("value")
    if not isinstance(value, (int, float, str, type(None))) or isinstance(value, bool):
        raise ResultError(f"{name}.value must be a plain value")
    skill_id = item.get("skill_id")
    return {
        "kind": item["kind"],
        "name": _text(item.get("name"), f"{name}.name", 120, allow_none=False),
        "required": bool(item.get("required")),
        "weight": _num(item.get("weight", 1.0), f"{name}.weight", 0, 100),
        "met": met,
        "value": value[:64] if isinstance(value, str) else value,
        "required_value": _num(item.get("required_value"), f"{name}.required_value", 0, 100, allow_none=True),
        "skill_id": skill_id if skill_id in skill_ids else None,
        "evidence": [_line(e, f"{name}.evidence") for e in _list(item.get("evidence"), f"{name}.evidence")[:5]],
    }


def _period(item, name, keys):
    if not isinstance(item, dict):
        raise ResultError(f"{name} must be an object")
    clean = {key: _text(item.get(key), f"{name}.{key}", 120) for key in keys}
    clean.update(_line(item, name))
    return clean


def _finding(item, i):
    name = f"findings[{i}]"
    code = item.get("code") if isinstance(item, dict) else None
    if not isinstance(code, str) or not code.replace("_", "").isalnum() or len(code) > 40:
        raise ResultError(f"{name}.code must be a short identifier")
    params = item.get("params") or {}
    if not isinstance(params, dict) or any(not isinstance(v, (str, int, float, bool, type(None)))
                                           for v in params.values()):
        raise ResultError(f"{name}.params must hold plain values")
    return {"code": code, "params": {str(k)[:32]: (v[:200] if isinstance(v, str) else v) for k, v in params.items()}}


def validate_screen(result, skill_ids=()):
    """Return a cleaned copy of a screening result or raise :class:`ResultError`. ``skill_ids``: the Odoo
    skills the payload offered (any other id is dropped)."""
    if not isinstance(result, dict) or result.get("schema") != SCREEN_SCHEMA:
        raise ResultError("not a résumé screening result")
    skill_ids = set(skill_ids)
    degree = result.get("degree")
    if degree is not None and degree not in DEGREES:
        raise ResultError("unknown degree")
    contact = result.get("contact") or {}
    if not isinstance(contact, dict):
        raise ResultError("contact must be an object")
    work = []
    for i, item in enumerate(_list(result.get("work"), "work")):
        clean = _period(item, f"work[{i}]", ("employer", "title", "start", "end"))
        clean.update(months=_num(item.get("months", 0), f"work[{i}].months", 0, 1000),
                     internship=bool(item.get("internship")), part_time=bool(item.get("part_time")),
                     relevant=bool(item.get("relevant")))
        work.append(clean)
    skills = []
    for i, item in enumerate(_list(result.get("skills"), "skills")):
        clean = _period(item, f"skills[{i}]", ("name", "source"))
        clean["skill_id"] = item.get("skill_id") if item.get("skill_id") in skill_ids else None
        skills.append(clean)
    return {
        "schema": SCREEN_SCHEMA,
        "score": _num(result.get("score"), "score", 0, 100),
        "must_have_ok": bool(result.get("must_have_ok")),
        "lang": _text(result.get("lang"), "lang", 8),
        "years_experience": _num(result.get("years_experience", 0), "years_experience", 0, 80),
        "relevant_years": _num(result.get("relevant_years", 0), "relevant_years", 0, 80),
        "degree": degree,
        "requirements": [_requirement(item, i, skill_ids)
                         for i, item in enumerate(_list(result.get("requirements"), "requirements"))],
        "education": [_period(item, f"education[{i}]", ("degree", "school", "major", "start", "end"))
                      for i, item in enumerate(_list(result.get("education"), "education"))],
        "work": work,
        "skills": skills,
        "certificates": [_period(item, f"certificates[{i}]", ("name",))
                         for i, item in enumerate(_list(result.get("certificates"), "certificates"))],
        "languages": [_period(item, f"languages[{i}]", ("name", "level"))
                      for i, item in enumerate(_list(result.get("languages"), "languages"))],
        "contact": {"email": _text(contact.get("email"), "contact.email", 120),
                    "phone": _text(contact.get("phone"), "contact.phone", 40)},
        "findings": [_finding(item, i) for i, item in enumerate(_list(result.get("findings"), "findings"))],
        "versions": {str(k)[:32]: str(v)[:128] for k, v in (result.get("versions") or {}).items()},
    }
