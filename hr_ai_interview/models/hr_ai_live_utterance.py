# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import report_format

LIVE_PRIORITY = 100  # the queue claims the highest priority first: live chunks before every other kind


class HrAiLiveUtterance(models.Model):
    """One stretch of the candidate's speech in a live interview (cut by voice activity in their browser): its
    audio, kept privately like a recorded answer, and what the worker transcribed."""

    _name = "hr.ai.live.utterance"
    _description = "Live AI Interview Utterance"
    _inherit = ["hr.ai.job.owner.mixin"]
    _order = "session_id, sequence, id"
    _sql_constraints = [
        ("session_sequence_uniq", "unique(session_id, sequence)", "Utterances of a session are numbered once."),
        ("session_key_uniq", "unique(session_id, key)", "An utterance is uploaded once."),
    ]

    session_id = fields.Many2one("hr.ai.live.session", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="session_id.company_id", store=True)
    sequence = fields.Integer(readonly=True)
    key = fields.Char(readonly=True, copy=False, help="Chosen by the candidate's browser: an upload sent twice "
                                                      "is kept once.")
    offset = fields.Float("Start (s)", readonly=True, help="Seconds from the start of the call.")
    time_label = fields.Char("Time", compute="_compute_time_label")
    duration = fields.Float("Duration (s)", readonly=True, help="As measured by the candidate's browser.")
    question_id = fields.Many2one("hr.ai.question", "Question asked", readonly=True, ondelete="set null",
                                  help="The question the interviewer had marked when this was said.")
    attachment_id = fields.Many2one("ir.attachment", string="Audio", readonly=True, ondelete="set null", copy=False)
    mimetype = fields.Char(readonly=True)
    file_size = fields.Integer(readonly=True)
    state = fields.Selection(
        [("queued", "Waiting for transcription"), ("transcribing", "Being transcribed"), ("done", "Transcribed"),
         ("no_speech", "No speech"), ("failed", "Transcription failed"), ("cancelled", "Cancelled")],
        default="queued", required=True, readonly=True, index=True)
    date_queued = fields.Datetime("Queued on", readonly=True)
    date_done = fields.Datetime("Transcribed on", readonly=True)
    text = fields.Text("Transcript", readonly=True)
    segments = fields.Json(readonly=True, copy=False)
    language = fields.Char(readonly=True)
    versions = fields.Char(readonly=True)
    timing = fields.Float("Worker time (s)", readonly=True)

    @api.depends("session_id.name", "sequence")
    def _compute_display_name(self):
        for utterance in self:
            utterance.display_name = self.env._("%(session)s – %(time)s", session=utterance.session_id.name or "",
                                                time=report_format.ts(utterance.offset))

    @api.depends("offset")
    def _compute_time_label(self):
        for utterance in self:
            utterance.time_label = report_format.ts(utterance.offset)

    def _queue(self):
        """Queue the transcription of these utterances, before every other kind of work."""
        self.sudo().write({"state": "queued", "date_queued": fields.Datetime.now()})
        jobs = self.env["hr.ai.analysis.job"]
        for utterance in self:
            jobs |= utterance._ai_queue_job("live_chunk", priority=LIVE_PRIORITY)
        return jobs

    def _end(self):
        """The latest time (s from the start of the call) this utterance reaches."""
        self.ensure_one()
        duration = min(self.duration, 30.0) if self.duration > 0 else 30.0  # unknown: at most what a cut allows
        return round(self.offset + duration + 2.0, 2)

    # ------------------------------------------------------------------ worker
    def _payload_segments(self):
        """The segments of these utterances with the question marked when they were said (absolute times)."""
        return [dict({k: seg.get(k) for k in ("start", "end", "text")}, question_id=utterance.question_id.id or None)
                for utterance in self for seg in (utterance.segments or [])]

    def _apply_live_result(self, clean):
        """Store a validated live chunk result, then the coverage and hints it brings, then tell the panel."""
        self.ensure_one()
        self.sudo().write({
            "state": "no_speech" if clean["no_speech"] else "done",
            "text": clean["text"],
            "segments": clean["segments"],
            "language": clean["language"],
            "versions": ", ".join(f"{k}={v}" for k, v in sorted(clean["versions"].items()))[:255],
            "timing": clean["timings"].get("total", 0.0),
            "date_done": fields.Datetime.now(),
        })
        session = self.session_id.sudo()
        coverage = session._apply_live_coverage(clean, self)
        hints = session._apply_live_hints(clean, self)
        session._notify_panel("utterance", utterances=self, coverage=coverage, hints=hints)

    # ------------------------------------------------------------------ queue hooks
    def _ai_job_failed(self, job):
        self.sudo().write({"state": "failed"})
        self.session_id.sudo()._notify_panel("utterance", utterances=self)

    def _ai_job_cancelled(self, job):
        self.sudo().write({"state": "cancelled"})

    def _ai_job_retry(self, job):
        self.sudo().write({"state": "queued", "date_queued": fields.Datetime.now()})

    def _ai_job_company(self):
        return self.session_id.company_id

    # ------------------------------------------------------------------ HR
    def _hr_ai_check_recording_access(self):
        """As for recorded answers: once the candidate is hired, the audio stays with HR managers only."""
        if self.env.su or self.env.user.has_group("hr_recruitment.group_hr_recruitment_manager"):
            return
        applicants = self.sudo().session_id.applicant_id.with_context(active_test=False)
        if any(a.application_status == "hired" or a.employee_id for a in applicants):
            raise AccessError(self.env._("The recordings of a hired candidate are open to HR managers only."))

    def action_play(self):
        """Listen to this utterance (logged like every access to a recording)."""
        self.ensure_one()
        self.check_access("read")
        self._hr_ai_check_recording_access()
        return {"type": "ir.actions.act_url", "url": f"/hr_ai_interview/live/utterance/{self.id}/media",
                "target": "new"}

    def _panel_data(self):
        now = fields.Datetime.now()
        return [{
            "id": u.id, "sequence": u.sequence, "state": u.state, "text": u.text or "",
            "offset": u.offset, "time": report_format.ts(u.offset), "question_id": u.question_id.id or False,
            "queued_age": (now - u.date_queued).total_seconds() if u.date_queued and u.state == "queued" else 0.0,
        } for u in self]
