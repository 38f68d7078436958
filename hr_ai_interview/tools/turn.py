"""STUN/TURN servers for the live interview's video call (Odoo Discuss RTC), pure Python (no ORM).

The browsers get ``RTCIceServer`` dicts; a TURN server checks time-limited credentials made with the shared
secret of coturn's ``use-auth-secret`` / ``static-auth-secret`` (the "TURN REST API"): the username is
``<unix expiry>:<label>`` and the credential ``base64(HMAC-SHA1(secret, username))``. The secret itself never
leaves the server.
"""

import base64
import hashlib
import hmac
import re
import time

SCHEMES = ("stun", "turn", "turns")
MAX_ICE_SERVERS = 5  # Firefox refuses a configuration with more than 5 ICE servers
DEFAULT_TTL = 86400  # seconds a credential stays valid

# RFC 7064 (stun:host[:port]) and RFC 7065 (turn[s]:host[:port][?transport=udp|tcp]); no "//", no user
# info: a browser throws on a URL it cannot parse and the whole call fails, so anything else is refused.
_HOST = r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)"
_ICE_URL = re.compile(
    r"(?P<scheme>stun|turns?):" + _HOST + r"(?::(?P<port>\d{1,5}))?(?P<query>\?transport=(?:udp|tcp))?")
_LABEL_UNSAFE = re.compile(r"[^A-Za-z0-9_.@-]")


def ice_url_scheme(url):
    """The scheme of a valid STUN/TURN URL (``stun``, ``turn`` or ``turns``), else ``None``."""
    match = _ICE_URL.fullmatch(url or "")
    if not match:
        return None
    port = match.group("port")
    if port is not None and not 0 < int(port) < 65536:
        return None
    if match.group("query") and match.group("scheme") == "stun":
        return None  # ?transport= is for TURN only
    return match.group("scheme")


def parse_ice_urls(value):
    """A comma-separated list of STUN/TURN URLs (a config value) -> ``(valid, invalid)``, two lists of strings
    in their order, without blanks and duplicates."""
    valid, invalid = [], []
    for item in (value or "").split(","):
        url = item.strip()
        if not url or url in valid or url in invalid:
            continue
        (valid if ice_url_scheme(url) else invalid).append(url)
    return valid, invalid


def is_turn_url(url):
    return ice_url_scheme(url) in ("turn", "turns")


def rest_credentials(secret, label, ttl=DEFAULT_TTL, now=None):
    """Time-limited TURN credentials for coturn's ``use-auth-secret``: ``(username, credential)``, valid
    ``ttl`` seconds from ``now`` (Unix time, default: now). ``label`` names the user in coturn's log."""
    if not secret:
        raise ValueError("a TURN secret is required")
    ttl = int(ttl)
    if ttl <= 0:
        raise ValueError("the TURN credential lifetime must be positive")
    expiry = int(time.time() if now is None else now) + ttl
    # the part after the first ":" is free text for coturn; keep it short and plain
    username = "%d:%s" % (expiry, _LABEL_UNSAFE.sub("_", str(label))[:64] or "user")
    return username, credential_for(secret, username)


def credential_for(secret, username):
    """The credential coturn expects for ``username`` with ``static-auth-secret`` = ``secret``."""
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def ice_servers(urls, username=None, credential=None):
    """``RTCIceServer`` dicts for valid ``urls``: one with the STUN URLs (no credentials), one with the TURN
    URLs and ``username``/``credential``. Without credentials the TURN URLs are left out (a browser refuses a
    TURN server without them)."""
    stun = [url for url in urls if ice_url_scheme(url) == "stun"]
    turn = [url for url in urls if is_turn_url(url)]
    servers = []
    if stun:
        servers.append({"urls": stun})
    if turn and username and credential:
        servers.append({"urls": turn, "username": username, "credential": credential})
    return servers
