# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The candidate's page of a live interview: the notice and the consent to the AI listening, then the
microphone in the browser, cut into utterances by voice activity and uploaded one by one. The token of the link
is checked first and bound to the session; later requests find the live interview through the session only.
The page knows whether the AI listens, never what it heard or suggests."""

import hashlib
import json

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.hr_ai_interview.models.hr_ai_live_session import MAX_UTTERANCE_BYTES
from odoo.addons.hr_ai_interview.tools.ratelimit import RateLimiter
from odoo.addons.mail.models.discuss.mail_guest import add_guest_to_context

from .main import LANG_KEY, LANGS, LINK_LIMIT, SECURITY_HEADERS, AiInterviewPortal, brand_colors

LIVE_SESSION_KEY = "hr_ai_live"
# utterances of one live interview (one every second or two at most, plus retries): per session
UTTERANCE_LIMIT = RateLimiter(limit=60, period=60)
UTTERANCE_CAP = MAX_UTTERANCE_BYTES + 64 * 1024


class AiLivePortal(http.Controller):
    # ------------------------------------------------------------------ helpers
    def _with_headers(self, response):
        response.headers.update(SECURITY_HEADERS)
        AiInterviewPortal._harden_session_cookie()
        return response

    def _neutral_page(self):
        """The same page as for any unknown link (nothing tells an ended interview from a wrong link)."""
        return self._with_headers(request.render("hr_ai_interview_portal.interview_unavailable", {}, status=404))

    def _json(self, payload, status=200, headers=()):
        response = request.make_response(
            json.dumps(payload), headers=[("Content-Type", "application/json"), *headers], status=status)
        return self._with_headers(response)

    def _live_session(self):
        """The live interview bound to this browser session while its link is valid."""
        binding = request.session.get(LIVE_SESSION_KEY) or {}
        session_id, token_hash = binding.get("id"), binding.get("h") or ""
        Session = request.env["hr.ai.live.session"]
        if not session_id or not token_hash:
            return Session
        session = Session.sudo().browse(int(session_id)).exists()
        if not session or not session.token_hash or not consteq(session.token_hash, token_hash):
            return Session
        return session if session._candidate_can_open() else Session

    def _set_lang(self, session):
        code = request.session.get(LANG_KEY) or session.mail_lang
        if code not in LANGS or not request.env["res.lang"].sudo()._lang_get(code):
            code = session.mail_lang
        if request.env["res.lang"].sudo()._lang_get(code):
            request.update_context(lang=code)
        return code

    def _notice(self, session):
        html = request.env["ir.qweb"]._render("hr_ai_interview_portal.live_notice", {"session": session})
        return html, hashlib.sha256(str(html).encode()).hexdigest()

    def _page_values(self, session):
        code = self._set_lang(session)
        company = session.company_id
        tz = session._candidate_tz()
        event = session.calendar_event_id.filtered("active")
        return {
            "session": session,
            "company": company,
            "html_lang": LANGS.get(code, "en"),
            "brand": brand_colors(company.primary_color),
            "lang_url": "/ai-live/session",
            "interviewer": session.user_id.name or "",
            "tz": tz,
            "booked_label": session._time_label(event.start, event.stop, tz) if event else "",
        }

    def _schedule_page(self, session, error=None):
        values = self._page_values(session)
        values.update(slots=session._candidate_open_slots(), error=error)
        return self._with_headers(request.render("hr_ai_interview_portal.live_schedule", values))

    def _message_page(self, session, title, message):
        values = self._page_values(session)
        values.update(title=title, message=message)
        return self._with_headers(request.render("hr_ai_interview_portal.live_message", values))

    # ------------------------------------------------------------------ pages
    @http.route("/ai-live/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False)
    def live_link(self, token, **kwargs):
        wait = LINK_LIMIT.hit(request.httprequest.remote_addr or "-")
        if wait:
            return self._json({"ok": False, "error": "too_many_requests"}, status=429,
                              headers=[("Retry-After", str(wait))])
        session = request.env["hr.ai.live.session"]._get_by_token(token)
        if not session:
            return self._neutral_page()
        request.session[LIVE_SESSION_KEY] = {"id": session.id, "h": session.token_hash}
        request.session.should_rotate = True
        return self._with_headers(request.redirect("/ai-live/session", code=303))

    @http.route("/ai-live/session", type="http", auth="public", methods=["GET"], sitemap=False)
    def live_page(self, lang=None, **kwargs):
        session = self._live_session()
        if not session:
            return self._neutral_page()
        if lang in LANGS:  # the language switch on the page
            request.session[LANG_KEY] = lang
            return self._with_headers(request.redirect("/ai-live/session", code=303))
        if session.state == "draft" and (session.schedule_state == "proposed" or kwargs.get("reschedule")):
            return self._schedule_page(session)
        values = self._page_values(session)
        notice, notice_hash = self._notice(session)
        values.update(notice=notice, notice_hash=notice_hash, error=kwargs.get("error"))
        if session.ai_consent == "pending":
            return self._with_headers(request.render("hr_ai_interview_portal.live_consent", values))
        values["config"] = json.dumps({"state": session._candidate_state(), "max_bytes": MAX_UTTERANCE_BYTES})
        return self._with_headers(request.render("hr_ai_interview_portal.live_listener", values))

    @http.route("/ai-live/session/consent", type="http", auth="public", methods=["POST"], sitemap=False)
    def live_consent(self, notice_hash=None, choice=None, **post):
        """``choice``: ``agree`` (with the box ticked) or ``decline``; the interview goes on either way."""
        session = self._live_session()
        if not session:
            return self._neutral_page()
        self._set_lang(session)
        _notice, current_hash = self._notice(session)
        if not notice_hash or not consteq(notice_hash, current_hash) or choice not in ("agree", "decline"):
            return self._with_headers(request.redirect("/ai-live/session?error=consent", code=303))
        if choice == "agree" and not post.get("consent_listening"):
            return self._with_headers(request.redirect("/ai-live/session?error=consent", code=303))
        session._candidate_give_consent(choice == "agree", current_hash, ip=request.httprequest.remote_addr,
                                        user_agent=request.httprequest.user_agent.string)
        return self._with_headers(request.redirect("/ai-live/session", code=303))

    @http.route("/ai-live/session/book", type="http", auth="public", methods=["POST"], sitemap=False)
    def live_book(self, slot_id=None, tz=None, **post):
        """The candidate books (or moves the interview to) one of the times offered."""
        session = self._live_session()
        if not session:
            return self._neutral_page()
        self._set_lang(session)
        slot = session.slot_ids.filtered(lambda s: str(s.id) == (slot_id or ""))
        try:
            session._candidate_book(slot, tz=tz)
        except UserError as exc:
            return self._schedule_page(session, error=str(exc))
        return self._with_headers(request.redirect("/ai-live/session", code=303))

    @http.route("/ai-live/session/other-times", type="http", auth="public", methods=["POST"], sitemap=False)
    def live_other_times(self, message=None, **post):
        session = self._live_session()
        if not session:
            return self._neutral_page()
        self._set_lang(session)
        session._candidate_ask_other_times((message or "").strip())
        return self._message_page(session, request.env._("Thank you"), request.env._(
            "The recruiter will send you other times by email."))

    @http.route("/ai-live/session/cancel", type="http", auth="public", methods=["POST"], sitemap=False)
    def live_cancel(self, confirm=None, reason=None, **post):
        session = self._live_session()
        if not session:
            return self._neutral_page()
        self._set_lang(session)
        if not confirm:
            return self._schedule_page(session, error=request.env._("Tick the box to confirm the cancellation."))
        values = self._page_values(session)  # before the link stops working
        session._candidate_cancel((reason or "").strip())
        request.session.pop(LIVE_SESSION_KEY, None)
        values.update(title=request.env._("Your interview is cancelled"), message=request.env._(
            "The recruiter has been told. Thank you for letting us know."))
        return self._with_headers(request.render("hr_ai_interview_portal.live_message", values))

    @http.route("/ai-live/session/call", type="http", auth="public", methods=["GET"], sitemap=False)
    @add_guest_to_context
    def live_call(self, **kwargs):
        """The video call, after the notice: Odoo's own call (Discuss) as a guest named after the candidate, or
        the meeting's other video service. Opening it again rejoins the same call."""
        session = self._live_session()
        if not session:
            return self._neutral_page()
        if session.ai_consent == "pending":
            return self._with_headers(request.redirect("/ai-live/session", code=303))
        guest = request.env["mail.guest"]._get_guest_from_context()
        channel, guest, created = session._candidate_join_call(
            guest, session.partner_name, timezone=request.env["mail.guest"]._get_timezone_from_request(request))
        if not channel:
            if session.call_url:
                return self._with_headers(request.redirect(session.call_url, code=303, local=False))
            return self._neutral_page()
        if created:
            guest._set_auth_cookie()
        # Odoo's call page in the language of this page
        request.future_response.set_cookie("frontend_lang", self._set_lang(session), httponly=True, samesite="Lax")
        return request.redirect(channel.invitation_url, code=303)

    @http.route("/ai-live/session/withdraw", type="http", auth="public", methods=["POST"], sitemap=False)
    def live_withdraw(self, **post):
        """Stop the AI listening for good (as easy as agreeing): a new consent record, queued audio dropped."""
        session = self._live_session()
        if not session:
            return self._neutral_page()
        if session.ai_consent == "given":
            _notice, current_hash = self._notice(session)
            session._candidate_give_consent(False, current_hash, ip=request.httprequest.remote_addr,
                                            user_agent=request.httprequest.user_agent.string)
        return self._with_headers(request.redirect("/ai-live/session", code=303))

    # ------------------------------------------------------------------ the listener's calls
    @http.route("/ai-live/session/state", type="http", auth="public", methods=["GET"], sitemap=False)
    def live_state(self, **kwargs):
        session = self._live_session()
        if not session:
            raise NotFound()
        return self._json(dict(session._candidate_state(), ok=True))

    @http.route("/ai-live/session/listening", type="http", auth="public", methods=["POST"], sitemap=False)
    def live_listening(self, listening=None, **post):
        """The candidate started, paused or resumed the listening (shown to the interviewer)."""
        session = self._live_session()
        if not session:
            raise NotFound()
        state = session._candidate_set_listening(listening == "1")
        return self._json({"ok": True, "listening": state})

    @http.route("/ai-live/session/utterance", type="http", auth="public", methods=["POST"], sitemap=False,
                max_content_length=UTTERANCE_CAP)
    def live_utterance(self, media=None, key=None, age_ms=None, duration=None, **post):
        """One utterance (a few seconds of audio cut by voice activity in the browser)."""
        session = self._live_session()
        if not session:
            raise NotFound()
        self._set_lang(session)
        if wait := UTTERANCE_LIMIT.hit(str(session.id)):
            return self._json({"ok": False, "error": "too_many_requests"}, status=429,
                              headers=[("Retry-After", str(wait))])
        if media is None or not hasattr(media, "read"):
            return self._json({"ok": False, "error": "bad_request"}, status=400)
        try:
            age, seconds = float(age_ms or 0), float(duration or 0)
        except ValueError:
            age = seconds = 0.0
        try:
            utterance = session._candidate_save_utterance(media.stream, key, age_ms=age, duration=seconds)
        except UserError as exc:
            return self._json({"ok": False, "error": str(exc)}, status=getattr(exc, "status", 400))
        return self._json({"ok": True, "sequence": utterance.sequence})
