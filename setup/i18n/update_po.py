"""Fill each addon's i18n/zh_CN.po from its .pot and setup/i18n/zh_CN_terms.py.

Regenerate the .pot files first (database with both addons installed):
    odoo-bin -c <conf> -d <db> --i18n-export=hr_ai_interview/i18n/hr_ai_interview.pot --modules=hr_ai_interview
Then: python setup/i18n/update_po.py   (reports the terms that have no translation yet)
"""

import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).parent))
from zh_CN_terms import MAIL_BODY_ZH, TERMS  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def main():
    missing = []
    for addon in ("hr_ai_interview", "hr_ai_interview_portal"):
        pot = polib.pofile(str(REPO / addon / "i18n" / f"{addon}.pot"))
        po = polib.POFile()
        po.metadata = dict(pot.metadata, Language="zh_CN", **{"Plural-Forms": "nplurals=1; plural=0;"})
        for entry in pot:
            text = TERMS.get(entry.msgid)
            if text is None and entry.msgid.lstrip().startswith("<div>") and "interview_url" in entry.msgid:
                text = MAIL_BODY_ZH
            if text is None:
                missing.append(entry.msgid[:80])
                text = ""
            po.append(polib.POEntry(msgid=entry.msgid, msgstr=text, occurrences=entry.occurrences,
                                    comment=entry.comment, tcomment=entry.tcomment, flags=entry.flags))
        po.save(str(REPO / addon / "i18n" / "zh_CN.po"))
    print(f"untranslated terms: {len(missing)}")
    for term in missing:
        print("  ", term)


if __name__ == "__main__":
    main()
