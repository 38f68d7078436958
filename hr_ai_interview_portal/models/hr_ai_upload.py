# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A recording uploaded in chunks while it is being recorded.

Each chunk comes with its byte offset and SHA-256. A chunk the server already has is accepted again
without being stored twice; a chunk that would leave a gap is refused with the byte count the server
holds, so that a client that lost its connection (or reloaded the page) continues from there. The answer
is made only when the upload is complete and the file decodes (ffmpeg, with a timeout)."""

import hashlib
import json
import logging
import os
import re
import subprocess
import threading

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.hr_ai_interview.tools.media import UploadRejected

_logger = logging.getLogger(__name__)

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_CHUNK_BYTES = 16 * 1024 * 1024
DURATION_GRACE_SECONDS = 15
DECODE_TIMEOUT = 90
# decodes at once in one Odoo process: 50 candidates finishing together must not start 50 ffmpeg
DECODE_SLOTS = threading.BoundedSemaphore(int(os.environ.get("HR_AI_DECODE_SLOTS", "3")))


class UploadConflict(UploadRejected):
    """A chunk that does not continue the bytes the server holds (HTTP 409)."""

    def __init__(self, message, received):
        super().__init__(message, status=409)
        self.received = received


def decode_check(path, timeout=DECODE_TIMEOUT):
    """Decode the audio of ``path`` with ffmpeg: (seconds decoded, has_video), or raise ValueError.

    Real decoding, not magic bytes: a file that ffmpeg cannot read, or that holds no audio that
    decodes, is refused."""
    with DECODE_SLOTS:
        return _decode_check(path, timeout)


def _decode_check(path, timeout):
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "json", path],
        capture_output=True, timeout=timeout, check=False)
    if probe.returncode:
        raise ValueError("unreadable")
    streams = json.loads(probe.stdout or b"{}").get("streams") or []
    kinds = {s.get("codec_type") for s in streams}
    if "audio" not in kinds:
        raise ValueError("no_audio")
    proc = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-f", "null", "-progress", "pipe:1", "-"],
        capture_output=True, timeout=timeout, check=False)
    times = re.findall(rb"out_time_us=(\d+)", proc.stdout)
    seconds = int(times[-1]) / 1e6 if times else 0.0
    if proc.returncode or seconds <= 0.2:
        raise ValueError("not_decodable")
    return seconds, "video" in kinds


class HrAiUpload(models.Model):
    _name = "hr.ai.upload"
    _description = "AI Interview Answer Upload"
    _order = "id desc"
    _sql_constraints = [("interview_key_uniq", "unique(interview_id, key)", "An upload key is used once.")]

    interview_id = fields.Many2one("hr.ai.interview", required=True, index=True, ondelete="cascade")
    question_id = fields.Many2one("hr.ai.question", required=True, ondelete="cascade")
    key = fields.Char(required=True)
    received = fields.Integer("Bytes received", readonly=True)
    state = fields.Selection(
        [("open", "Receiving"), ("done", "Received and checked"), ("rejected", "Rejected"),
         ("abandoned", "Replaced by another recording")],
        default="open", required=True, readonly=True)
    error = fields.Char(readonly=True)
    duration = fields.Float("Decoded duration (s)", readonly=True)
    answer_id = fields.Many2one("hr.ai.answer", readonly=True, ondelete="set null")
    date_last_chunk = fields.Datetime(readonly=True)
    date_started = fields.Datetime("Started on", readonly=True, default=fields.Datetime.now)

    # ------------------------------------------------------------------ storage
    def _path(self):
        self.ensure_one()
        folder = self.env["ir.attachment"]._full_path("hr_ai_chunks")
        os.makedirs(folder, exist_ok=True)
        return os.path.join(folder, f"{self.interview_id.id}-{self.key}.part")

    def _lock(self):
        """Serialise the requests of one upload (a retried chunk may arrive while the first is stored)."""
        self.env.cr.execute(SQL("SELECT id FROM hr_ai_upload WHERE id = %s FOR NO KEY UPDATE", self.id))
        self.invalidate_recordset(["received", "state"])

    @api.model
    def _start(self, interview, question, key):
        """The upload ``key`` of ``question`` (created when new). Starting a new recording of a question
        abandons its earlier unfinished uploads."""
        if not key or not KEY_RE.match(key):
            raise UploadRejected(self.env._("Invalid upload."), status=400)
        upload = self.sudo().search([("interview_id", "=", interview.id), ("key", "=", key)], limit=1)
        if upload:
            if upload.question_id != question:
                raise UploadRejected(self.env._("Invalid upload."), status=400)
            return upload
        others = self.sudo().search([("interview_id", "=", interview.id), ("question_id", "=", question.id),
                                     ("state", "=", "open")])
        others._abandon()
        return self.sudo().create({"interview_id": interview.id, "question_id": question.id, "key": key})

    def _may_continue(self):
        """Before the deadline; after it, only an upload started before it, and within the grace."""
        self.ensure_one()
        interview = self.interview_id
        if interview._candidate_is_open():
            return True
        return bool(interview._candidate_in_grace() and self.date_started
                    and self.date_started <= interview.date_deadline)

    def _abandon(self):
        for upload in self:
            upload._remove_file()
        self.write({"state": "abandoned"})

    def _remove_file(self):
        path = self._path()
        if os.path.exists(path):
            os.unlink(path)

    def _status(self):
        self.ensure_one()
        return {"key": self.key, "question_id": self.question_id.id, "received": self.received,
                "state": self.state, "error": self.error or None, "duration": round(self.duration, 1)}

    # ------------------------------------------------------------------ chunks
    def _add_chunk(self, offset, data, sha256):
        """Store ``data`` at ``offset``; return the bytes held. Idempotent: a chunk already held (same
        bytes) changes nothing. Raises UploadConflict (409) on a gap or different bytes."""
        self.ensure_one()
        self._lock()
        if self.state != "open":
            if self.state == "done":
                return self.received  # a late retry of the last chunk
            raise UploadRejected(self.env._("This recording is no longer being received."), status=410)
        if not self._may_continue():
            raise UploadRejected(self.env._("The deadline of this interview has passed."), status=410)
        if not data or len(data) > MAX_CHUNK_BYTES:
            raise UploadRejected(self.env._("Invalid chunk."), status=400)
        if not sha256 or hashlib.sha256(data).hexdigest() != sha256.lower():
            raise UploadRejected(self.env._("The chunk was damaged on the way (checksum mismatch)."), status=400)
        max_bytes = self.interview_id._max_upload_bytes()
        if offset + len(data) > max_bytes:
            raise UploadRejected(self.env._("The recording is too large."), status=413)
        path = self._path()
        if offset < self.received:
            # a repeat: accepted once, if it is the same bytes
            if offset + len(data) <= self.received:
                with open(path, "rb") as held:
                    held.seek(offset)
                    if held.read(len(data)) == data:
                        return self.received
            raise UploadConflict(self.env._("This part of the recording was already received."), self.received)
        if offset > self.received:
            raise UploadConflict(self.env._("A part of the recording is missing."), self.received)
        # written at its offset (not appended): a transaction replayed after a conflict writes the same bytes
        with open(path, "r+b" if os.path.exists(path) else "wb") as out:
            out.seek(offset)
            out.write(data)
            out.truncate()
        self.write({"received": offset + len(data), "date_last_chunk": fields.Datetime.now()})
        return self.received

    def _finish(self, size=None, sha256=None, partial=False):
        """Check the whole recording and make the answer from it (analysis queued as for any answer)."""
        self.ensure_one()
        self._lock()
        if self.state == "done":
            return self.answer_id
        if self.state != "open":
            raise UploadRejected(self.env._("This recording is no longer being received."), status=410)
        if not self._may_continue():
            raise UploadRejected(self.env._("The deadline of this interview has passed."), status=410)
        if not partial and (size is None or int(size) != self.received):
            raise UploadConflict(self.env._("A part of the recording is missing."), self.received)
        path = self._path()
        if not self.received or not os.path.exists(path):
            raise UploadRejected(self.env._("The recording is empty."), status=400)
        if sha256 and not partial:
            digest = hashlib.sha256()
            with open(path, "rb") as held:
                while block := held.read(1024 * 1024):
                    digest.update(block)
            if digest.hexdigest() != sha256.lower():
                self._reject("checksum")
                raise UploadRejected(self.env._("The recording was damaged on the way (checksum mismatch)."),
                                     status=422)
        interview, question = self.interview_id, self.question_id
        limit = interview._answer_seconds(question) + DURATION_GRACE_SECONDS
        try:
            seconds, _has_video = decode_check(path)
        except (ValueError, subprocess.TimeoutExpired) as exc:
            self._reject(str(exc) if isinstance(exc, ValueError) else "timeout")
            raise UploadRejected(self.env._("The recording could not be read. Please record your answer again."),
                                 status=422) from None
        if seconds > limit:
            self._reject("too_long")
            raise UploadRejected(self.env._("The recording is longer than the answer time."), status=422)
        with open(path, "rb") as media:  # after the deadline only when _may_continue() said so
            answer = interview.with_context(hr_ai_upload_grace=True)._candidate_save_answer(
                question, media, client_duration=seconds)
        self.write({"state": "done", "duration": seconds, "answer_id": answer.id})
        self._remove_file()
        return answer

    def _reject(self, reason):
        _logger.info("AI interview upload %s rejected: %s", self.id, reason)
        self._remove_file()
        self.write({"state": "rejected", "error": reason})

    @api.autovacuum
    def _gc_stale_uploads(self):
        """Files of uploads nobody continued for two days."""
        stale = self.sudo().search([("state", "=", "open"),
                                    ("write_date", "<", fields.Datetime.subtract(fields.Datetime.now(), days=2))])
        stale._abandon()
