# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import models
from odoo.tools import config

from ..tools import turn

_logger = logging.getLogger(__name__)

# what was already logged in this process: a misconfiguration is said once, not at every call
_warned = set()


def _warn_once(message, *args):
    key = (message, *args)
    if key not in _warned:
        _warned.add(key)
        _logger.warning(message, *args)


def _option(name):
    """A text option of the Odoo config file ('' when absent; Odoo reads 'False' in the file as False)."""
    value = config.get(name)
    return value.strip() if isinstance(value, str) else ""


class MailIceServer(models.Model):
    """The live interview's video call is Odoo Discuss's own call. Without ICE servers its browsers fall back
    to Google's STUN servers, which mainland China blocks; the Odoo config file can name STUN/TURN servers
    (e.g. a coturn beside Odoo) that then come first, before the ICE servers of Settings > Discuss."""

    _inherit = "mail.ice.server"

    def _get_ice_servers(self):
        servers = super()._get_ice_servers()
        own = self._hr_ai_config_ice_servers()
        if not own:
            return servers
        return (own + list(servers or []))[:turn.MAX_ICE_SERVERS]

    def _hr_ai_config_ice_servers(self):
        """RTCIceServer dicts from the options ``hr_ai_ice_urls``, ``hr_ai_turn_secret`` (+ ``hr_ai_turn_ttl``)
        or ``hr_ai_turn_username``/``hr_ai_turn_password`` of the Odoo config file; [] without them."""
        urls, invalid = turn.parse_ice_urls(_option("hr_ai_ice_urls"))
        for url in invalid:
            _warn_once("hr_ai_ice_urls: %r is not a stun:, turn: or turns: URL (host[:port][?transport=udp|tcp]); "
                       "left out", url)
        if not any(turn.is_turn_url(url) for url in urls):
            return turn.ice_servers(urls)
        username, credential = self._hr_ai_turn_credentials()
        if not credential:
            _warn_once("hr_ai_ice_urls names TURN servers but no credentials are set (hr_ai_turn_secret, or both "
                       "hr_ai_turn_username and hr_ai_turn_password); the TURN servers are left out")
        return turn.ice_servers(urls, username, credential)

    def _hr_ai_turn_credentials(self):
        secret = _option("hr_ai_turn_secret")
        if secret:
            ttl = _option("hr_ai_turn_ttl")
            try:
                ttl = int(ttl) if ttl else turn.DEFAULT_TTL
                if ttl <= 0:
                    raise ValueError(ttl)
            except ValueError:
                _warn_once("hr_ai_turn_ttl: %r is not a positive number of seconds; using %s", ttl, turn.DEFAULT_TTL)
                ttl = turn.DEFAULT_TTL
            label = "guest" if self.env.user._is_public() else self.env.uid
            return turn.rest_credentials(secret, label, ttl)
        username, password = _option("hr_ai_turn_username"), _option("hr_ai_turn_password")
        return (username, password) if username and password else (None, None)
