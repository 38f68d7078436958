"""Checks that each addon's zh_CN.po translates every term of its .pot, and holds no term the .pot lacks.

Odoo merges a module's .po with its .pot when it loads a language and silently drops every entry the .pot
does not contain (odoo/tools/translate.py, PoFileReader): a .pot left behind means Chinese users see English.
Regenerate a .pot with ``odoo-bin -c <conf> -d <db> --i18n-export=<addon>/i18n/<addon>.pot --modules=<addon>
--stop-after-init`` after updating the module. Exit 1 and a list when something is missing.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("hr_ai_interview", "hr_ai_interview_portal")


def problems(addon):
    i18n = ROOT / addon / "i18n"
    pot = {e.msgid for e in polib.pofile(str(i18n / f"{addon}.pot")) if e.msgid}
    po = {e.msgid: e.msgstr for e in polib.pofile(str(i18n / "zh_CN.po")) if e.msgid and not e.obsolete}
    found = [f"{addon}: not translated to zh_CN: {m!r}" for m in sorted(pot) if not po.get(m)]
    found += [f"{addon}: in zh_CN.po but not in the .pot (Odoo would drop it): {m!r}" for m in sorted(set(po) - pot)]
    return found


def main():
    found = [line for addon in ADDONS for line in problems(addon)]
    for line in found:
        print(line[:300])
    print(f"i18n: {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
