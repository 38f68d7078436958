# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Candidate pages. The token in the link is checked first, then bound to the session; every later
request finds the interview through the session, never through an id sent by the browser."""

import hashlib
import json
import math
import re
import time

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq
from odoo.tools.misc import format_datetime

from odoo.addons.hr_ai_interview.tools import logfilter
from odoo.addons.hr_ai_interview.tools.ratelimit import RateLimiter

logfilter.install()  # invitation links never reach the server log

SESSION_KEY = "hr_ai_interview"
# the interviews a one-time code by email opened (their data and rights only), and until when
ACCESS_KEY = "hr_ai_interview_access"
ACCESS_SECONDS = 3600
LANG_KEY = "hr_ai_interview_lang"
LANGS = {"zh_CN": "zh-CN", "en_US": "en"}
DEFAULT_BRAND = "#714B67"


def brand_colors(color):
    """The company's colour and a text colour that contrasts with it (WCAG: white or near-black, whichever
    has the higher contrast ratio)."""
    color = color if color and re.fullmatch(r"#[0-9a-fA-F]{6}", color) else DEFAULT_BRAND

    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    white, dark = 1.05 / (luminance + 0.05), (luminance + 0.05) / 0.0601
    return {"color": color, "text": "#ffffff" if white >= dark else "#111111"}
MULTIPART_OVERHEAD = 1024 * 1024
# Odoo's frontend (Owl) compiles its templates in the browser: 'unsafe-eval' is needed for script-src.
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=()",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; "
        "font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
}
# per client address: opening links (guessing tokens) and uploading answers
LINK_LIMIT = RateLimiter(limit=20, period=60)
UPLOAD_LIMIT = RateLimiter(limit=30, period=60)
# chunks of one interview (a chunk every 2 s while recording, plus retries): per interview, not per address,
# so that candidates behind one office or campus address do not slow each other down
CHUNK_LIMIT = RateLimiter(limit=240, period=60)
CHUNK_CAP = 16 * 1024 * 1024 + MULTIPART_OVERHEAD
# one-time codes by email: asking (per client address) and trying codes (per client address)
CODE_SEND_LIMIT = RateLimiter(limit=5, period=3600)
CODE_VERIFY_LIMIT = RateLimiter(limit=10, period=900)


def _upload_cap(_controller):
    """The configured answer size cap (+ form overhead): werkzeug refuses a larger body with 413 before
    reading it."""
    return request.env["hr.ai.interview"].sudo()._max_upload_bytes() + MULTIPART_OVERHEAD


class AiInterviewPortal(http.Controller):
    # ------------------------------------------------------------------ helpers
    def _with_headers(self, response):
        response.headers.update(SECURITY_HEADERS)
        self._harden_session_cookie()
        return response

    @staticmethod
    def _harden_session_cookie():
        """The session cookie Odoo sets after this request: SameSite=Lax, and Secure over HTTPS (behind a
        proxy too, with Odoo's proxy_mode)."""
        future = request.future_response
        if getattr(future, "_hr_ai_hardened", False):
            return
        original = future.set_cookie
        secure = request.httprequest.scheme == "https"

        def set_cookie(key, *args, **kwargs):
            if key == "session_id":
                kwargs["samesite"] = kwargs.get("samesite") or "Lax"
                kwargs["secure"] = kwargs.get("secure") or secure
            return original(key, *args, **kwargs)

        future.set_cookie = set_cookie
        future._hr_ai_hardened = True

    def _neutral_page(self):
        """One page for unknown, revoked, cancelled and expired links: nothing to tell them apart."""
        response = request.render("hr_ai_interview_portal.interview_unavailable", {}, status=404)
        return self._with_headers(response)

    def _session_interview(self, grace=False):
        """The interview bound to this session while it can be opened; with ``grace``, also during the
        grace after the deadline (an upload in flight may finish, the interview may be submitted)."""
        binding = request.session.get(SESSION_KEY) or {}
        interview_id, token_hash = binding.get("id"), binding.get("h") or ""
        if not interview_id or not token_hash:
            return request.env["hr.ai.interview"]
        interview = request.env["hr.ai.interview"].sudo().browse(int(interview_id)).exists()
        if not interview or not interview.token_hash or not consteq(interview.token_hash, token_hash):
            return request.env["hr.ai.interview"]
        if interview._candidate_can_open() or (grace and interview._candidate_in_grace()):
            return interview
        return request.env["hr.ai.interview"]

    def _access_interviews(self):
        """The interviews a one-time code opened in this session (data and rights only, never recording)."""
        access = request.session.get(ACCESS_KEY) or {}
        if not access.get("ids") or float(access.get("exp") or 0) < time.time():
            return request.env["hr.ai.interview"]
        return request.env["hr.ai.interview"].sudo().browse([int(i) for i in access["ids"]]).exists()

    def _rights_interview(self, interview_id=None):
        """The interview whose data and rights are asked for: the one of the link (pages of the link send no
        ``interview_id``), else the one named among those a code opened."""
        interview = self._session_interview()
        if interview and (not interview_id or str(interview.id) == str(interview_id)):
            return interview
        if not interview_id:
            return request.env["hr.ai.interview"]
        return self._access_interviews().filtered(lambda i: str(i.id) == str(interview_id))

    def _set_lang(self, interview):
        """The invitation's language, unless the candidate chose the other one on the page."""
        code = request.session.get(LANG_KEY) or interview.mail_lang
        if code not in LANGS or not request.env["res.lang"].sudo()._lang_get(code):
            code = interview.mail_lang
        if request.env["res.lang"].sudo()._lang_get(code):
            request.update_context(lang=code)
        return code

    def _page_values(self, interview):
        """The employer's look and the facts the candidate sees on every screen."""
        code = self._set_lang(interview)
        company = interview.company_id
        questions = interview._candidate_questions()
        seconds = sum(q.think_seconds + interview._answer_seconds(q) for q in questions)
        tz = request.httprequest.cookies.get("tz") or interview._deadline_tz()
        try:
            deadline = format_datetime(request.env, interview.date_deadline, tz=tz, dt_format="medium") \
                if interview.date_deadline else ""
        except (ValueError, LookupError):
            tz = interview._deadline_tz()
            deadline = format_datetime(request.env, interview.date_deadline, tz=tz, dt_format="medium")
        return {
            "interview": interview,
            "company": company,
            "html_lang": LANGS.get(code, "en"),
            "brand": brand_colors(company.primary_color),
            "facts": {
                "questions": len(questions),
                "minutes": max(1, math.ceil(seconds / 60)),
                "deadline": f"{deadline} ({tz})" if deadline else "",
                "deadline_iso": interview.date_deadline.isoformat() + "Z" if interview.date_deadline else "",
                "recruiter": interview._recruiter().name or "",
            },
        }

    def _notice(self, interview):
        html = request.env["ir.qweb"]._render("hr_ai_interview_portal.interview_notice", {"interview": interview})
        return html, hashlib.sha256(str(html).encode()).hexdigest()

    def _json(self, payload, status=200, headers=()):
        response = request.make_response(
            json.dumps(payload), headers=[("Content-Type", "application/json"), *headers], status=status)
        return self._with_headers(response)

    def _rate_limited(self, limiter):
        """A 429 response with Retry-After when this client went over ``limiter``, else None."""
        wait = limiter.hit(request.httprequest.remote_addr or "-")
        if not wait:
            return None
        return self._json({"ok": False, "error": "too_many_requests"}, status=429,
                          headers=[("Retry-After", str(wait))])

    # ------------------------------------------------------------------ routes
    @http.route("/ai-interview/<string:token>", type="http", auth="public", methods=["GET"], sitemap=False)
    def interview_link(self, token, **kwargs):
        if limited := self._rate_limited(LINK_LIMIT):
            return limited
        interview = request.env["hr.ai.interview"]._get_by_token(token)
        if not interview:
            return self._neutral_page()
        request.session[SESSION_KEY] = {"id": interview.id, "h": interview.token_hash}
        request.session.should_rotate = True
        return self._with_headers(request.redirect("/ai-interview/session", code=303))

    @http.route("/ai-interview/session", type="http", auth="public", methods=["GET"], sitemap=False)
    def interview_page(self, lang=None, **kwargs):
        interview = self._session_interview()
        if not interview:
            return self._neutral_page()
        if lang in LANGS:  # the language switch on the page
            request.session[LANG_KEY] = lang
            return self._with_headers(request.redirect("/ai-interview/session", code=303))
        values = self._page_values(interview)
        values["rights_sent"] = bool(kwargs.get("sent"))
        if interview.state in ("submitted", "done") or interview.date_data_deleted:
            return self._with_headers(request.render("hr_ai_interview_portal.interview_finished", values))
        if not interview._candidate_has_consented():
            notice, notice_hash = self._notice(interview)
            values.update(notice=notice, notice_hash=notice_hash, error=kwargs.get("error"))
            return self._with_headers(request.render("hr_ai_interview_portal.interview_consent", values))
        values["config"] = json.dumps(self._recorder_config(interview))
        return self._with_headers(request.render("hr_ai_interview_portal.interview_recorder", values))

    def _recorder_config(self, interview):
        """What the recorder needs, progress included: it resumes where the candidate was (any device)."""
        answers = {a.question_id.id: a for a in interview.answer_ids}
        questions = []
        for index, question in enumerate(interview._candidate_questions(), start=1):
            answer = answers.get(question.id)
            questions.append({
                "id": question.id,
                "index": index,
                "text": question.name,
                "answer_seconds": interview._answer_seconds(question),
                "think_seconds": question.think_seconds,
                "retakes_left": interview._retakes_allowed(question) - (answer.retake_count if answer else 0),
                "answered": bool(answer and answer.attachment_id),
            })
        return {"questions": questions, "max_bytes": interview._max_upload_bytes(),
                "progress": self._progress(interview), "interview": interview.id}

    def _progress(self, interview):
        """The current question and the time left on the server's clock (think time cannot restart)."""
        question = interview.current_question_id
        now = fields.Datetime.now()
        result = {"question_id": question.id or None, "think_left": None, "answer_left": None, "upload": None}
        if question and interview.date_question_start:
            elapsed = (now - interview.date_question_start).total_seconds()
            result["think_left"] = max(0, round(question.think_seconds - elapsed))
        if question and interview.date_answer_start:
            elapsed = (now - interview.date_answer_start).total_seconds()
            result["answer_left"] = max(0, round(interview._answer_seconds(question) - elapsed))
        if question:
            upload = request.env["hr.ai.upload"].sudo().search(
                [("interview_id", "=", interview.id), ("question_id", "=", question.id), ("state", "=", "open")],
                limit=1)
            result["upload"] = upload._status() if upload else None
        return result

    def _question(self, interview, question_id):
        return interview._candidate_questions().filtered(lambda q: str(q.id) == str(question_id))

    @http.route("/ai-interview/session/progress", type="http", auth="public", methods=["POST"], sitemap=False)
    def interview_progress(self, step=None, question_id=None, **post):
        """The candidate's steps the server keeps: ``show`` a question (its think time starts once),
        ``record`` (the answer time starts), ``practice`` (the practice question was tried)."""
        interview = self._session_interview()
        if not interview or not interview._candidate_is_open() or not interview._candidate_has_consented():
            raise NotFound()
        question = self._question(interview, question_id)
        now = fields.Datetime.now()
        if step == "practice":
            interview.sudo().write({"practice_done": True})
        elif step in ("show", "record") and question:
            if interview.current_question_id != question:
                interview.sudo().write({"current_question_id": question.id, "date_question_start": now,
                                        "date_answer_start": False})
            if step == "record":
                interview.sudo().write({"date_answer_start": now})
        else:
            return self._json({"ok": False, "error": "bad_request"}, status=400)
        return self._json({"ok": True, "progress": self._progress(interview)})

    # ------------------------------------------------------------------ chunked, resumable upload
    def _upload(self, interview, key):
        upload = request.env["hr.ai.upload"].sudo().search(
            [("interview_id", "=", interview.id), ("key", "=", key or "")], limit=1)
        if not upload:
            raise NotFound()
        return upload

    def _upload_error(self, exc):
        payload = {"ok": False, "error": str(exc)}
        if hasattr(exc, "received"):
            payload["received"] = exc.received
        return self._json(payload, status=getattr(exc, "status", 400))

    @http.route("/ai-interview/session/upload", type="http", auth="public", methods=["POST"], sitemap=False)
    def upload_start(self, question_id=None, key=None, **post):
        """Start (or find again) the upload ``key`` of a question; answers the bytes the server holds."""
        interview = self._session_interview()
        if not interview or not interview._candidate_is_open() or not interview._candidate_has_consented():
            raise NotFound()
        question = self._question(interview, question_id)
        if not question:
            return self._json({"ok": False, "error": "bad_request"}, status=400)
        try:
            upload = request.env["hr.ai.upload"].sudo()._start(interview, question, key)
        except UserError as exc:
            return self._upload_error(exc)
        return self._json(dict(upload._status(), ok=True))

    @http.route("/ai-interview/session/upload/<string:key>", type="http", auth="public", methods=["GET"],
                sitemap=False)
    def upload_status(self, key, **kwargs):
        interview = self._session_interview(grace=True)
        if not interview:
            raise NotFound()
        return self._json(dict(self._upload(interview, key)._status(), ok=True))

    @http.route("/ai-interview/session/upload/<string:key>/chunk", type="http", auth="public", methods=["POST"],
                sitemap=False, max_content_length=CHUNK_CAP)
    def upload_chunk(self, key, offset=None, sha256=None, **kwargs):
        """One chunk as the raw request body; ``offset`` and ``sha256`` (and the CSRF token) in the query."""
        interview = self._session_interview(grace=True)
        if not interview:
            raise NotFound()
        self._set_lang(interview)
        if wait := CHUNK_LIMIT.hit(str(interview.id)):
            return self._json({"ok": False, "error": "too_many_requests"}, status=429,
                              headers=[("Retry-After", str(wait))])
        upload = self._upload(interview, key)
        try:
            offset = int(offset)
        except (TypeError, ValueError):
            return self._json({"ok": False, "error": "bad_request"}, status=400)
        data = request.httprequest.get_data(cache=False)
        try:
            received = upload._add_chunk(offset, data, sha256)
        except UserError as exc:
            return self._upload_error(exc)
        return self._json({"ok": True, "received": received})

    @http.route("/ai-interview/session/upload/<string:key>/finish", type="http", auth="public", methods=["POST"],
                sitemap=False)
    def upload_finish(self, key, size=None, sha256=None, partial=None, **post):
        """The recording is complete: check it (size, checksum, decoding, duration) and keep the answer."""
        interview = self._session_interview(grace=True)
        if not interview:
            raise NotFound()
        self._set_lang(interview)
        upload = self._upload(interview, key)
        try:
            answer = upload._finish(size=size, sha256=sha256, partial=bool(partial))
        except UserError as exc:
            return self._upload_error(exc)
        question = upload.question_id
        return self._json({"ok": True, "question_id": question.id, "duration": round(upload.duration, 1),
                           "retakes_left": interview._retakes_allowed(question) - answer.retake_count})

    @http.route("/ai-interview/session/consent", type="http", auth="public", methods=["POST"], sitemap=False)
    def interview_consent(self, notice_hash=None, **post):
        interview = self._session_interview()
        if not interview:
            return self._neutral_page()
        self._set_lang(interview)
        _notice, current_hash = self._notice(interview)
        kinds = [kind for kind in ("recording", "ai_analysis", "delivery_cues", "talent_pool")
                 if post.get(f"consent_{kind}")]
        # only the recording consent is needed to record; without the AI one, people review the answers (CN-4)
        if not notice_hash or not consteq(notice_hash, current_hash) or "recording" not in kinds:
            return request.redirect("/ai-interview/session?error=consent", code=303)
        interview._candidate_give_consent(
            kinds, current_hash, ip=request.httprequest.remote_addr,
            user_agent=request.httprequest.user_agent.string)
        return self._with_headers(request.redirect("/ai-interview/session", code=303))

    @http.route("/ai-interview/session/answer", type="http", auth="public", methods=["POST"], sitemap=False,
                max_content_length=_upload_cap)
    def interview_answer(self, question_id=None, duration=None, media=None, **post):
        if limited := self._rate_limited(UPLOAD_LIMIT):
            return limited
        interview = self._session_interview()
        if not interview:
            raise NotFound()
        self._set_lang(interview)
        question = interview._candidate_questions().filtered(lambda q: str(q.id) == str(question_id))
        if not question or media is None or not hasattr(media, "read"):
            return self._json({"ok": False, "error": "bad_request"}, status=400)
        try:
            duration = float(duration or 0)
        except ValueError:
            duration = 0.0
        try:
            answer = interview._candidate_save_answer(question, media.stream, client_duration=duration)
        except ValidationError:  # the same answer stored by a simultaneous upload (unique constraint)
            return self._json({"ok": False, "error": request.env._("This answer was already received.")},
                              status=409)
        except UserError as exc:
            return self._json({"ok": False, "error": str(exc)}, status=getattr(exc, "status", 400))
        return self._json({"ok": True, "question_id": question.id,
                           "retakes_left": interview._retakes_allowed(question) - answer.retake_count})

    # ------------------------------------------------------------------ the candidate's rights (DS-1, CN-5)
    @http.route("/ai-interview/session/rights", type="http", auth="public", methods=["POST"], sitemap=False)
    def rights_request(self, kind=None, message=None, interview_id=None, **post):
        interview = self._rights_interview(interview_id)
        if not interview or not interview._candidate_has_consented():
            raise NotFound()
        self._set_lang(interview)
        page = "/ai-interview/rights" if interview_id else "/ai-interview/session"
        if kind not in dict(request.env["hr.ai.rights.request"]._fields["kind"].selection):
            return self._with_headers(request.redirect(f"{page}#o_hr_ai_rights", code=303))
        request.env["hr.ai.rights.request"].sudo()._candidate_create(interview, kind, message or "")
        return self._with_headers(request.redirect(f"{page}?sent=1#o_hr_ai_rights", code=303))

    @http.route("/ai-interview/session/my-data", type="http", auth="public", methods=["GET"], sitemap=False)
    def my_data(self, interview_id=None, **kwargs):
        interview = self._rights_interview(interview_id)
        if not interview:
            raise NotFound()
        body = json.dumps(interview._candidate_data(), ensure_ascii=False, indent=2)
        response = request.make_response(body, headers=[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Disposition", 'attachment; filename="my-interview-data.json"')])
        return self._with_headers(response)

    @http.route("/ai-interview/session/my-data/recording/<int:answer_id>", type="http", auth="public",
                methods=["GET"], sitemap=False)
    def my_recording(self, answer_id, interview_id=None, **kwargs):
        interview = self._rights_interview(interview_id)
        answer = interview.sudo().answer_ids.filtered(lambda a: a.id == answer_id) if interview else None
        if not answer or not answer.attachment_id:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(answer.attachment_id.sudo())
        stream.download_name = answer.attachment_id.name
        return self._with_headers(stream.get_response(as_attachment=True))

    # ------------------------------------------------------------------ after the link expired: a code by email
    def _access_page(self, step="email", error=False):
        values = {"step": step, "error": error, "html_lang": LANGS.get(request.env.lang, "en"),
                  "email": request.session.get("hr_ai_access_email") or ""}
        return self._with_headers(request.render("hr_ai_interview_portal.access_page", values))

    @http.route("/ai-interview/access", type="http", auth="public", methods=["GET"], sitemap=False)
    def access_form(self, step=None, error=None, **kwargs):
        return self._access_page("code" if step == "code" else "email", bool(error))

    @http.route("/ai-interview/access", type="http", auth="public", methods=["POST"], sitemap=False)
    def access_send(self, email=None, **post):
        """Send a code to the application's address. The answer is the same whether or not the address is
        known (no way to find out who applied)."""
        if limited := self._rate_limited(CODE_SEND_LIMIT):
            return limited
        request.env["hr.ai.access.code"].sudo()._send((email or "")[:254])
        request.session["hr_ai_access_email"] = (email or "")[:254]
        return self._with_headers(request.redirect("/ai-interview/access?step=code", code=303))

    @http.route("/ai-interview/access/verify", type="http", auth="public", methods=["POST"], sitemap=False)
    def access_verify(self, email=None, code=None, **post):
        if limited := self._rate_limited(CODE_VERIFY_LIMIT):
            return limited
        interviews = request.env["hr.ai.access.code"].sudo()._verify((email or "")[:254], (code or "")[:12])
        if not interviews:
            return self._with_headers(request.redirect("/ai-interview/access?step=code&error=1", code=303))
        request.session[ACCESS_KEY] = {"ids": interviews.ids, "exp": time.time() + ACCESS_SECONDS}
        request.session.should_rotate = True
        return self._with_headers(request.redirect("/ai-interview/rights", code=303))

    @http.route("/ai-interview/rights", type="http", auth="public", methods=["GET"], sitemap=False)
    def access_rights(self, lang=None, **kwargs):
        """Data and rights of the interviews a code opened: no recording, no interview."""
        interviews = self._access_interviews()
        if not interviews:
            return self._neutral_page()
        if lang in LANGS:
            request.session[LANG_KEY] = lang
            return self._with_headers(request.redirect("/ai-interview/rights", code=303))
        values = self._page_values(interviews[0])
        values.update(interviews=interviews, rights_sent=bool(kwargs.get("sent")), code_access=True,
                      lang_url="/ai-interview/rights")
        return self._with_headers(request.render("hr_ai_interview_portal.access_rights", values))

    @http.route("/ai-interview/session/submit", type="http", auth="public", methods=["POST"], sitemap=False)
    def interview_submit(self, **post):
        interview = self._session_interview(grace=True)
        if not interview:
            raise NotFound()
        try:  # within the grace too: the answers recorded before the deadline are not lost
            interview.with_context(hr_ai_upload_grace=True)._candidate_submit()
        except UserError as exc:
            return self._json({"ok": False, "error": str(exc)}, status=400)
        return self._json({"ok": True})
