# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import hashlib
import hmac
import json
import time
from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import config, mute_logger

from odoo.addons.mail.tools.discuss import Store

from ..models import mail_ice_server

SECRET = "s3cret-shared-with-coturn"
STUN = "stun:turn.example.cn:3478"
TURN_UDP = "turn:turn.example.cn:3478?transport=udp"
TURNS_TCP = "turns:turn.example.cn:5349?transport=tcp"
URLS = ",".join((STUN, TURN_UDP, TURNS_TCP))
OPTIONS = ("hr_ai_ice_urls", "hr_ai_turn_secret", "hr_ai_turn_ttl", "hr_ai_turn_username", "hr_ai_turn_password")
LOGGER = "odoo.addons.hr_ai_interview.models.mail_ice_server"


@contextmanager
def ice_options(**values):
    """These options (``ice_urls=`` for ``hr_ai_ice_urls`` …) in the Odoo config file, and none of the others;
    the warnings already logged are forgotten."""
    with patch.dict(config.options), patch.object(mail_ice_server, "_warned", set()):
        for key in OPTIONS:
            config.options.pop(key, None)
        config.options.update({"hr_ai_" + key: value for key, value in values.items()})
        yield


@tagged("post_install", "-at_install")
class TestIceServers(TransactionCase):
    """The live interview's video call (Discuss RTC) gets the STUN/TURN servers of the Odoo config file first,
    with time-limited TURN credentials made from coturn's shared secret, then those of Settings > Discuss."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("mail.use_twilio_rtc_servers", False)
        cls.env["mail.ice.server"].sudo().search([]).unlink()
        cls.user = new_test_user(cls.env, login="ice_interviewer", groups="base.group_user")

    def ice_servers(self, user=None):
        return self.env["mail.ice.server"].with_user(user or self.user)._get_ice_servers()

    def assert_turn_credentials(self, server, label, ttl):
        """The credential is coturn's HMAC-SHA1 of the username with the secret; the username is
        <expiry>:<label>, the expiry ttl seconds from now."""
        expiry, _, name = server["username"].partition(":")
        self.assertEqual(name, label)
        self.assertLessEqual(int(expiry) - int(time.time()), ttl)
        self.assertGreater(int(expiry) - int(time.time()), ttl - 60)
        digest = hmac.new(SECRET.encode(), server["username"].encode(), hashlib.sha1).digest()
        self.assertEqual(server["credential"], base64.b64encode(digest).decode())

    def test_turn_rest_credentials(self):
        with ice_options(ice_urls=URLS, turn_secret=SECRET, turn_ttl="3600"):
            servers = self.ice_servers()
        self.assertEqual(len(servers), 2)
        self.assertEqual(servers[0], {"urls": [STUN]}, "STUN comes without credentials")
        self.assertEqual(servers[1]["urls"], [TURN_UDP, TURNS_TCP])
        self.assertEqual(set(servers[1]), {"urls", "username", "credential"})
        self.assert_turn_credentials(servers[1], str(self.user.id), 3600)
        self.assertNotIn(SECRET, json.dumps(servers), "the shared secret never goes to a browser")

    def test_default_ttl_and_bad_ttl(self):
        with ice_options(ice_urls=TURN_UDP, turn_secret=SECRET):
            self.assert_turn_credentials(self.ice_servers()[0], str(self.user.id), 86400)
        with ice_options(ice_urls=TURN_UDP, turn_secret=SECRET, turn_ttl="-5"), \
                self.assertLogs(LOGGER, "WARNING") as logs:
            self.assert_turn_credentials(self.ice_servers()[0], str(self.user.id), 86400)
        self.assertIn("hr_ai_turn_ttl", logs.output[0])

    def test_static_credentials(self):
        """coturn's lt-cred-mech: one username and password for everybody."""
        with ice_options(ice_urls=URLS, turn_username="odoo", turn_password="pw"):
            servers = self.ice_servers()
        self.assertEqual(servers, [
            {"urls": [STUN]},
            {"urls": [TURN_UDP, TURNS_TCP], "username": "odoo", "credential": "pw"},
        ])

    def test_turn_without_credentials_left_out(self):
        """A browser refuses a TURN server without credentials (and the call with it): STUN only, a warning."""
        with ice_options(ice_urls=URLS, turn_username="odoo"), self.assertLogs(LOGGER, "WARNING") as logs:
            self.assertEqual(self.ice_servers(), [{"urls": [STUN]}])
        self.assertIn("no credentials", logs.output[0])

    def test_discuss_settings_follow_capped_at_five(self):
        records = self.env["mail.ice.server"].create([
            {"server_type": "stun", "uri": "stun%d.example.com:3478" % i} for i in range(4)
        ])
        with ice_options(ice_urls=URLS, turn_secret=SECRET):
            servers = self.ice_servers()
        self.assertEqual(len(servers), 5, "Firefox takes at most 5 ICE servers")
        self.assertEqual(servers[0], {"urls": [STUN]})
        self.assertEqual(servers[1]["urls"], [TURN_UDP, TURNS_TCP])
        self.assertEqual([s["urls"] for s in servers[2:]], ["stun:%s" % r.uri for r in records[:3]])

    def test_invalid_urls_skipped_and_warned_once(self):
        bad = ["http://turn.example.cn", "turn://turn.example.cn:3478", "stun:", "stun:host?transport=udp",
               "turn:host:99999", "turn:user:pw@host", "turn:host?transport=sctp", "stuns:host"]
        with ice_options(ice_urls=",".join(bad + [STUN, " ", TURN_UDP]), turn_secret=SECRET):
            with self.assertLogs(LOGGER, "WARNING") as logs:
                servers = self.ice_servers()
                self.assertEqual(self.ice_servers()[0], servers[0])
            self.assertEqual(servers[0], {"urls": [STUN]})
            self.assertEqual(servers[1]["urls"], [TURN_UDP])
            self.assertEqual(len(logs.output), len(bad), "one warning per bad URL, not one per call")
            for url in bad:
                self.assertTrue(any(repr(url) in line for line in logs.output), url)
        with ice_options(ice_urls="turn:/nothing, also nothing"), mute_logger(LOGGER):
            self.assertEqual(self.ice_servers(), [], "nothing valid: as without options")

    def test_no_options_unchanged(self):
        Ice = self.env["mail.ice.server"]
        with ice_options():
            self.assertEqual(self.ice_servers(), [])
        Ice.create({"server_type": "turn", "uri": "turn.example.com", "username": "u", "credential": "c"})
        with ice_options(turn_secret=SECRET, turn_ttl="60"):  # a secret without URLs changes nothing
            self.assertEqual(self.ice_servers(), Ice._get_local_ice_servers())
            self.assertEqual(self.ice_servers(), [
                {"urls": "turn:turn.example.com", "username": "u", "credential": "c"}])

    # through Discuss: joining the call of a meeting's Discuss video link ---------------------------------
    def meeting_channel(self):
        event = self.env["calendar.event"].create({
            "name": "Live interview", "start": "2030-01-01 08:00:00", "stop": "2030-01-01 09:00:00",
            "partner_ids": [(6, 0, self.user.partner_id.ids)],
        })
        event._set_discuss_videocall_location()
        event._create_videocall_channel()
        return event.videocall_channel_id

    def join_call(self, channel):
        member = channel._find_or_create_member_for_self()
        self.assertTrue(member)
        store = Store()
        # sudo: as the route /mail/rtc/channel/join_call does
        member.sudo()._rtc_join_call(store)
        return store.get_result()

    def test_join_call_as_user(self):
        channel = self.meeting_channel()
        with ice_options(ice_urls=URLS, turn_secret=SECRET, turn_ttl="600"):
            result = self.join_call(channel.with_user(self.user))
        servers = result["Rtc"]["iceServers"]
        self.assertEqual(servers[0], {"urls": [STUN]})
        self.assertEqual(servers[1]["urls"], [TURN_UDP, TURNS_TCP])
        self.assert_turn_credentials(servers[1], str(self.user.id), 600)
        self.assertTrue(result["Rtc"]["selfSession"])
        self.assertNotIn(SECRET, json.dumps(result, default=str))
        with ice_options():
            self.assertFalse(self.join_call(channel.with_user(self.user))["Rtc"]["iceServers"],
                             "without options Discuss's browsers fall back to their defaults, as before")

    def test_join_call_as_guest(self):
        """The candidate joins the meeting's call as a Discuss guest: credentials labelled "guest"."""
        channel = self.meeting_channel()
        guest = self.env["mail.guest"].create({"name": "Candidate"})
        channel.add_members(guest_ids=guest.ids)
        public = self.env.ref("base.public_user")
        with ice_options(ice_urls=URLS, turn_secret=SECRET, turn_ttl="600"):
            result = self.join_call(channel.with_user(public).with_context(guest=guest))
        self.assert_turn_credentials(result["Rtc"]["iceServers"][1], "guest", 600)
        self.assertNotIn(SECRET, json.dumps(result, default=str))
