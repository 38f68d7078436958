# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import selectors
import time

import psycopg2

import odoo
from odoo import http, sql_db
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.tools import SQL, config

from ..models.hr_ai_analysis_job import NOTIFY_CHANNEL

MAX_WAIT_SECONDS = 30
PLAYER_SESSION_KEY = "hr_ai_playing"


class AiInterviewMedia(http.Controller):
    @http.route("/hr_ai_interview/worker/media/<int:job_id>", type="http", auth="bearer", methods=["GET"],
                csrf=False)
    def worker_media(self, job_id, **kwargs):
        """The recording of a job, for the worker holding its lease (header ``X-Lease-Token``)."""
        return self._worker_stream("_worker_media", job_id)

    @http.route("/hr_ai_interview/worker/media/live/<int:utterance_id>", type="http", auth="bearer",
                methods=["GET"], csrf=False)
    def worker_live_media(self, utterance_id, **kwargs):
        """The audio of a live interview's utterance, for the worker holding the lease of its ``live_chunk``
        job (header ``X-Lease-Token``, as for the recorded answers)."""
        return self._worker_stream("_worker_live_media", utterance_id)

    @staticmethod
    def _worker_stream(method, record_id):
        """The attachment ``hr.ai.analysis.job.<method>(record_id, lease token)`` gives the worker, logged; 404
        for anything else (no lease, another worker's lease, no such media)."""
        lease_token = request.httprequest.headers.get("X-Lease-Token", "")
        try:
            attachment = getattr(request.env["hr.ai.analysis.job"], method)(record_id, lease_token)
        except AccessError:
            raise request.not_found() from None
        if not attachment:
            raise request.not_found()
        request.env["hr.ai.media.access"].sudo()._log(attachment, "worker")
        return request.env["ir.binary"].with_context(hr_ai_media_logged=True)._get_stream_from(
            attachment).get_response(as_attachment=True)

    @http.route("/hr_ai_interview/worker/wait", type="http", auth="bearer", methods=["GET"], csrf=False)
    def worker_wait(self, kinds="", timeout="25", **kwargs):
        """Long-poll: answer ``{"ready": true}`` as soon as a job of ``kinds`` can be claimed, or
        ``{"ready": false}`` after ``timeout`` seconds (at most 30). Wakes on PostgreSQL NOTIFY.

        Threaded server only: in prefork mode (``workers`` > 0) a wait would hold a whole HTTP worker, so
        the route answers 404 and workers poll instead."""
        Job = request.env["hr.ai.analysis.job"]
        try:
            Job._check_worker()
        except AccessError:
            raise request.not_found() from None
        if config["workers"] and not odoo.evented:
            raise request.not_found()
        kinds = [k for k in (kinds or "").split(",") if k]
        try:
            seconds = max(0.0, min(float(timeout), MAX_WAIT_SECONDS))
        except ValueError:
            seconds = 25.0
        try:
            ready = self._wait_for_jobs(Job, kinds, request.env.cr.dbname, seconds)
        except (psycopg2.InterfaceError, psycopg2.OperationalError):  # the server is stopping
            ready = False
        return request.make_json_response({"ready": ready}, headers={"Cache-Control": "no-store"})

    @staticmethod
    def _wait_for_jobs(Job, kinds, dbname, seconds):
        """LISTEN first (a connection of its own, like Odoo's bus), then look at the queue with a fresh
        snapshot, then wait: a job queued at any moment of the request is seen."""
        with sql_db.db_connect("postgres").cursor() as cr, selectors.DefaultSelector() as selector:
            cr.execute(SQL("LISTEN %s", SQL.identifier(NOTIFY_CHANNEL)))
            # LISTEN takes effect at commit; this is the listener's own connection, as in Odoo's bus
            cr.commit()  # pylint: disable=invalid-commit
            request.env.cr.rollback()  # a new snapshot, and no transaction held open while waiting
            if Job._has_claimable(kinds):
                return True
            request.env.cr.rollback()
            conn = cr._cnx
            selector.register(conn, selectors.EVENT_READ)
            deadline = time.monotonic() + seconds
            while (left := deadline - time.monotonic()) > 0:
                conn.poll()
                if any(n.payload == dbname for n in conn.notifies):
                    return True
                conn.notifies.clear()
                selector.select(left)
            return False

    @http.route("/hr_ai_interview/answer/<int:answer_id>/play", type="http", auth="user", methods=["GET"])
    def answer_play(self, answer_id, **kwargs):
        """A page with the browser's own player, the question and the transcript (HR read access)."""
        answer = self._readable_answer(answer_id)
        answer._log_media_view("play")
        playing = dict(request.session.get(PLAYER_SESSION_KEY) or {})
        playing[str(answer.id)] = time.time()
        request.session[PLAYER_SESSION_KEY] = playing  # the player's own range requests are this view
        response = request.render("hr_ai_interview.answer_player", {"answer": answer})
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route("/hr_ai_interview/answer/<int:answer_id>/media", type="http", auth="user", methods=["GET"])
    def answer_media(self, answer_id, **kwargs):
        """The recording itself, for the player (read access on the answer)."""
        answer = self._readable_answer(answer_id)
        opened = (request.session.get(PLAYER_SESSION_KEY) or {}).get(str(answer.id), 0)
        if time.time() - opened > 4 * 3600:  # not fetched by a player opened (and logged) in this session
            answer._log_media_view("web_content")
        stream = request.env["ir.binary"].with_context(hr_ai_media_logged=True)._get_stream_from(
            answer.sudo().attachment_id)
        response = stream.get_response()
        response.headers.pop("Content-Security-Policy", None)  # it would block the browser's own player
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def _readable_answer(self, answer_id):
        answer = request.env["hr.ai.answer"].browse(answer_id).exists()
        try:
            answer.check_access("read")
            answer._hr_ai_check_recording_access()
        except AccessError:
            raise request.not_found() from None
        if not answer or not answer.sudo().attachment_id:
            raise request.not_found()
        return answer

    @http.route("/hr_ai_interview/live/utterance/<int:utterance_id>/media", type="http", auth="user",
                methods=["GET"])
    def live_utterance_media(self, utterance_id, **kwargs):
        """The audio of a live interview's utterance, for HR who may read it (logged as a play)."""
        utterance = request.env["hr.ai.live.utterance"].browse(utterance_id).exists()
        try:
            utterance.check_access("read")
            utterance._hr_ai_check_recording_access()
        except AccessError:
            raise request.not_found() from None
        attachment = utterance.sudo().attachment_id
        if not attachment:
            raise request.not_found()
        request.env["hr.ai.media.access"].sudo()._log(attachment, "play")
        response = request.env["ir.binary"].with_context(hr_ai_media_logged=True)._get_stream_from(
            attachment).get_response()
        response.headers.pop("Content-Security-Policy", None)  # it would block the browser's own player
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @http.route("/hr_ai_interview/training_data.jsonl", type="http", auth="user", methods=["GET"])
    def training_data(self, **kwargs):
        """HR's graded answers for ``hr-ai-worker train`` (officers only; no personal data)."""
        if not request.env.user.has_group("hr_recruitment.group_hr_recruitment_user"):
            raise request.not_found()
        rows = request.env["hr.ai.answer"].search([("hr_grade", "!=", False)])._training_rows()
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        return request.make_response(body, headers=[
            ("Content-Type", "application/x-ndjson; charset=utf-8"),
            ("Content-Disposition", 'attachment; filename="hr_ai_graded_answers.jsonl"'),
            ("Cache-Control", "no-store"),
        ])
