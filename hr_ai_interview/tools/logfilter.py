"""Keep candidates' invitation links out of the server log."""

import logging
import re

TOKEN_PATH = re.compile(r"(/ai-interview/|/ai-live/)(?!session\b)[A-Za-z0-9_\-]{20,}")
LINK_PREFIXES = ("/ai-interview/", "/ai-live/")


class RedactInvitationLinks(logging.Filter):
    """Replaces the token of ``/ai-interview/<token>`` and ``/ai-live/<token>`` in request log lines with
    ``<redacted>``."""

    def filter(self, record):
        if isinstance(record.msg, str) and any(prefix in record.msg for prefix in LINK_PREFIXES):
            record.msg = TOKEN_PATH.sub(r"\1<redacted>", record.msg)
        if record.args and any(prefix in str(arg) for arg in record.args for prefix in LINK_PREFIXES):
            record.args = tuple(TOKEN_PATH.sub(r"\1<redacted>", a) if isinstance(a, str) else a
                                for a in (record.args if isinstance(record.args, tuple) else (record.args,)))
        return True


def install(logger_names=("werkzeug", "odoo.http", "odoo.addons.base.models.ir_http")):
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactInvitationLinks) for f in logger.filters):
            logger.addFilter(RedactInvitationLinks())
