# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The chunked, resumable, verified upload: repeats are accepted once, gaps answer 409 with the bytes
held, damaged chunks are refused, and only a complete recording that really decodes becomes an answer."""

import hashlib
import re
import subprocess
import tempfile
from pathlib import Path

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.hr_ai_interview.tests.common import WEBM_BYTES, AiInterviewCase
from odoo.addons.hr_ai_interview_portal.controllers import main as portal


def _encode(args, suffix):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"media.{suffix}"
        subprocess.run(["ffmpeg", "-v", "error", "-y", *args, str(out)], check=True, timeout=120)
        return out.read_bytes()


@tagged("post_install", "-at_install")
class TestChunkedUpload(HttpCase, AiInterviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tone = ["-f", "lavfi", "-i", "sine=frequency=440:duration=6"]
        cls.webm = _encode([*tone, "-c:a", "libopus", "-b:a", "32k"], "webm")
        cls.mp4 = _encode([*tone, "-c:a", "aac", "-b:a", "64k", "-movflags", "+frag_keyframe+empty_moov"], "mp4")
        cls.too_long = _encode(["-f", "lavfi", "-i", "sine=frequency=440:duration=150", "-c:a", "libopus",
                                "-b:a", "6k"], "webm")

    def setUp(self):
        super().setUp()
        portal.LINK_LIMIT._hits.clear()
        portal.CHUNK_LIMIT._hits.clear()
        self.interview, token = self.send_interview()
        self.url_open(f"/ai-interview/{token}")
        self.interview.sudo()._candidate_give_consent(["recording", "ai_analysis"], "h")
        page = self.url_open("/ai-interview/session")
        self.csrf = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)

    # helpers ---------------------------------------------------------------------------------
    def start(self, question, key):
        reply = self.url_open("/ai-interview/session/upload",
                              data={"csrf_token": self.csrf, "question_id": question.id, "key": key})
        self.assertEqual(reply.status_code, 200, reply.text)
        return reply.json()

    def chunk(self, key, offset, data, sha=None):
        sha = sha or hashlib.sha256(data).hexdigest()
        return self.url_open(f"/ai-interview/session/upload/{key}/chunk?csrf_token={self.csrf}&offset={offset}"
                             f"&sha256={sha}", data=data, headers={"Content-Type": "application/octet-stream"})

    def finish(self, key, data, **extra):
        return self.url_open(f"/ai-interview/session/upload/{key}/finish", data=dict(
            {"csrf_token": self.csrf, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}, **extra))

    def send_all(self, key, data, size=4096, start=0):
        for offset in range(start, len(data), size):
            reply = self.chunk(key, offset, data[offset:offset + size])
            self.assertEqual(reply.status_code, 200, reply.text)

    def jobs(self):
        return self.env["hr.ai.analysis.job"].sudo().search(
            [("interview_id", "=", self.interview.id), ("kind", "=", "analyze_answer")])

    # tests -----------------------------------------------------------------------------------
    def test_repeat_gap_and_resume(self):
        key = "k" * 24
        self.assertEqual(self.start(self.q1, key)["received"], 0)
        data = self.webm
        first, second = data[:3000], data[3000:6000]
        self.assertEqual(self.chunk(key, 0, first).json()["received"], 3000)
        repeat = self.chunk(key, 0, first)
        self.assertEqual((repeat.status_code, repeat.json()["received"]), (200, 3000), "a repeat is accepted once")
        gap = self.chunk(key, 6000, second)
        self.assertEqual(gap.status_code, 409)
        self.assertEqual(gap.json()["received"], 3000, "the server says how much it holds")
        different = self.chunk(key, 0, b"x" * 3000)
        self.assertEqual(different.status_code, 409, "other bytes at a held offset are refused")
        # the client reloads: it asks how much the server has, and continues from there
        status = self.url_open(f"/ai-interview/session/upload/{key}").json()
        self.assertEqual(status["received"], 3000)
        self.assertEqual(self.start(self.q1, key)["received"], 3000, "starting again finds the same upload")
        self.send_all(key, data, start=3000)
        done = self.finish(key, data)
        self.assertEqual(done.status_code, 200, done.text)
        self.assertTrue(done.json()["ok"])
        self.assertAlmostEqual(done.json()["duration"], 6.0, delta=0.5)
        answer = self.interview.answer_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.attachment_id.raw, data, "the answer arrived whole")
        self.assertEqual(len(self.jobs()), 1, "queued for analysis once")
        again = self.finish(key, data)
        self.assertEqual(again.status_code, 200, "finishing twice is harmless")
        self.assertEqual(len(self.interview.answer_ids), 1)
        self.assertEqual(len(self.jobs()), 1, "and queues nothing more")
        late = self.chunk(key, len(data) - 10, data[-10:])
        self.assertEqual(late.status_code, 200, "a late retry of the last chunk is accepted")

    def test_wrong_hash_is_refused(self):
        key = "h" * 24
        self.start(self.q1, key)
        reply = self.chunk(key, 0, self.webm[:2000], sha="0" * 64)
        self.assertEqual(reply.status_code, 400)
        self.assertEqual(self.url_open(f"/ai-interview/session/upload/{key}").json()["received"], 0)

    def test_finish_needs_every_byte(self):
        key = "s" * 24
        self.start(self.q1, key)
        self.chunk(key, 0, self.webm[:2000])
        reply = self.finish(key, self.webm)
        self.assertEqual(reply.status_code, 409)
        self.assertEqual(reply.json()["received"], 2000)
        self.assertFalse(self.interview.answer_ids)

    def test_not_decodable_is_refused(self):
        key = "n" * 24
        garbage = WEBM_BYTES + b"\x00\x01" * 4000  # the right magic bytes, nothing that decodes
        self.start(self.q1, key)
        self.send_all(key, garbage)
        reply = self.finish(key, garbage)
        self.assertEqual(reply.status_code, 422, reply.text)
        self.assertFalse(self.interview.answer_ids, "no answer from a file that does not decode")
        self.assertFalse(self.jobs())
        self.assertEqual(self.url_open(f"/ai-interview/session/upload/{key}").json()["state"], "rejected")

    def test_too_long_is_refused(self):
        key = "t" * 24
        self.start(self.q1, key)
        self.send_all(key, self.too_long, size=64 * 1024)
        reply = self.finish(key, self.too_long)
        self.assertEqual(reply.status_code, 422, reply.text)
        self.assertFalse(self.interview.answer_ids)

    def test_safari_mp4_aac_is_accepted(self):
        key = "m" * 24
        self.start(self.q2, key)
        self.send_all(key, self.mp4)
        reply = self.finish(key, self.mp4)
        self.assertEqual(reply.status_code, 200, reply.text)
        self.assertEqual(self.interview.answer_ids.mimetype, "video/mp4")

    def test_reload_during_recording_keeps_the_partial_take(self):
        """The page was reloaded while recording: what the server holds becomes the answer."""
        key = "p" * 24
        self.start(self.q1, key)
        reply = self.url_open("/ai-interview/session/progress",
                              data={"csrf_token": self.csrf, "step": "record", "question_id": self.q1.id})
        self.assertEqual(reply.json()["progress"]["question_id"], self.q1.id)
        self.send_all(key, self.webm[: len(self.webm) * 2 // 3])
        progress = self.url_open("/ai-interview/session/progress", data={
            "csrf_token": self.csrf, "step": "show", "question_id": self.q1.id}).json()["progress"]
        self.assertEqual(progress["upload"]["key"], key, "the page knows an unfinished take")
        reply = self.url_open(f"/ai-interview/session/upload/{key}/finish",
                              data={"csrf_token": self.csrf, "partial": "1"})
        self.assertEqual(reply.status_code, 200, reply.text)
        self.assertTrue(self.interview.answer_ids.attachment_id)

    def test_think_time_is_kept_on_the_server(self):
        start = fields.Datetime.now()
        with freeze_time(start):
            progress = self.url_open("/ai-interview/session/progress", data={
                "csrf_token": self.csrf, "step": "show", "question_id": self.q1.id}).json()["progress"]
            self.assertEqual(progress["think_left"], self.q1.think_seconds)
        with freeze_time(fields.Datetime.add(start, seconds=20)):
            progress = self.url_open("/ai-interview/session/progress", data={
                "csrf_token": self.csrf, "step": "show", "question_id": self.q1.id}).json()["progress"]
            self.assertEqual(progress["think_left"], self.q1.think_seconds - 20, "a reload does not restart it")

    def test_accommodation_extra_time_and_retakes(self):
        """HR grants one candidate extra answer time and an extra retake (q2 allows none)."""
        self.interview.with_user(self.officer).write({"extra_answer_seconds": 60, "extra_retakes": 1})
        page = self.url_open("/ai-interview/session").text
        self.assertIn("&#34;answer_seconds&#34;: 150", page.replace("&quot;", "&#34;"), "90 s + 60 s granted")
        for key in ("a" * 24, "b" * 24):
            self.start(self.q2, key)
            self.send_all(key, self.webm)
            reply = self.finish(key, self.webm)
            self.assertEqual(reply.status_code, 200, reply.text)
        self.assertEqual(reply.json()["retakes_left"], 0)
        self.assertEqual(self.interview.answer_ids.retake_count, 1, "the granted retake was used")

    def test_grace_lets_an_upload_in_flight_finish_but_starts_nothing_new(self):
        """The deadline passes while an answer is uploading: that upload may finish within the grace (a
        system parameter), the interview may be submitted, but no new recording starts."""
        self.env["ir.config_parameter"].sudo().set_param("hr_ai_interview_portal.upload_grace_minutes", "10")
        deadline = self.interview.date_deadline
        key, half = "g" * 24, len(self.webm) // 2
        with freeze_time(fields.Datetime.subtract(deadline, minutes=1)):
            self.start(self.q1, key)
            self.send_all(key, self.webm[:half])
        with freeze_time(fields.Datetime.add(deadline, minutes=3)):
            # a new recording (another question, or a new take) cannot start
            late = self.url_open("/ai-interview/session/upload",
                                 data={"csrf_token": self.csrf, "question_id": self.q2.id, "key": "x" * 24})
            self.assertEqual(late.status_code, 404, "no new upload after the deadline")
            record = self.url_open("/ai-interview/session/progress",
                                   data={"csrf_token": self.csrf, "step": "record", "question_id": self.q2.id})
            self.assertEqual(record.status_code, 404, "no new recording after the deadline")
            page = self.url_open("/ai-interview/session")
            self.assertNotIn("o_hr_ai_recorder", page.text, "the recorder is not offered any more")
            # the upload in flight continues and finishes
            self.send_all(key, self.webm, start=half)
            done = self.finish(key, self.webm)
            self.assertEqual(done.status_code, 200, done.text)
            self.assertEqual(self.interview.answer_ids.attachment_id.raw, self.webm, "the answer arrived whole")
            submitted = self.url_open("/ai-interview/session/submit", data={"csrf_token": self.csrf})
            self.assertEqual(submitted.status_code, 200, submitted.text)
        self.assertEqual(self.interview.state, "submitted")

    def test_upload_in_flight_after_the_grace_is_refused(self):
        self.env["ir.config_parameter"].sudo().set_param("hr_ai_interview_portal.upload_grace_minutes", "10")
        deadline = self.interview.date_deadline
        key, half = "l" * 24, len(self.webm) // 2
        with freeze_time(fields.Datetime.subtract(deadline, minutes=1)):
            self.start(self.q1, key)
            self.send_all(key, self.webm[:half])
        with freeze_time(fields.Datetime.add(deadline, minutes=11)):
            self.assertEqual(self.chunk(key, half, self.webm[half:]).status_code, 404)
            self.assertEqual(self.finish(key, self.webm).status_code, 404)
            self.assertEqual(self.url_open("/ai-interview/session/submit",
                                           data={"csrf_token": self.csrf}).status_code, 404)
        self.assertFalse(self.interview.answer_ids)
        self.assertNotEqual(self.interview.state, "submitted")

    def test_upload_started_after_the_deadline_gets_no_grace(self):
        """An upload row created in the grace (e.g. by a forged request) cannot use it."""
        deadline = self.interview.date_deadline
        with freeze_time(fields.Datetime.add(deadline, minutes=2)):
            upload = self.env["hr.ai.upload"].sudo().create(
                {"interview_id": self.interview.id, "question_id": self.q1.id, "key": "f" * 24})
            self.assertFalse(upload._may_continue())
            reply = self.chunk("f" * 24, 0, self.webm[:2000])
            self.assertEqual(reply.status_code, 410, reply.text)
