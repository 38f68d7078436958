# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError

STAR_PARTS = ("situation", "task", "action", "result")


def _ts(seconds):
    seconds = int(seconds or 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _quote_html(evidence, with_end=False):
    """' — “quote” [0:12]' (or [0:12–0:15]) for a finding's evidence, or '' without evidence."""
    if not evidence:
        return ""
    when = f"{_ts(evidence['start'])}–{_ts(evidence['end'])}" if with_end else _ts(evidence["start"])
    return Markup(" — <i>“%s”</i> <small>[%s]</small>") % (evidence["quote"], when)


class HrAiAnswer(models.Model):
    _name = "hr.ai.answer"
    _description = "AI Interview Answer"
    _order = "interview_id, sequence, id"

    interview_id = fields.Many2one("hr.ai.interview", required=True, index=True, ondelete="cascade")
    question_id = fields.Many2one("hr.ai.question", required=True, ondelete="restrict")
    sequence = fields.Integer(related="question_id.sequence", store=True)
    company_id = fields.Many2one(related="interview_id.company_id", store=True)
    attachment_id = fields.Many2one("ir.attachment", string="Recording", ondelete="set null", copy=False)
    mimetype = fields.Char(readonly=True)
    file_size = fields.Integer(readonly=True)
    client_duration = fields.Float("Duration reported by the browser (s)", readonly=True)
    duration = fields.Float("Duration (s)", readonly=True)
    has_video = fields.Boolean(readonly=True)
    retake_count = fields.Integer(readonly=True)
    state = fields.Selection(
        [
            ("uploaded", "Waiting for analysis"),
            ("done", "Analysed"),
            ("insufficient", "Needs human review"),
            ("failed", "Analysis failed"),
        ],
        default="uploaded", required=True, readonly=True,
    )
    analysis_job_ids = fields.One2many("hr.ai.analysis.job", "answer_id", string="Analysis jobs")
    language = fields.Char(readonly=True)
    transcript = fields.Text(readonly=True)
    score = fields.Float(readonly=True)
    confidence = fields.Float("ASR confidence", readonly=True)
    insufficient_reason = fields.Char(readonly=True)
    key_points_hit = fields.Integer(readonly=True)
    key_points_total = fields.Integer(readonly=True)
    result = fields.Json(readonly=True, copy=False)
    versions = fields.Char(readonly=True)
    report_html = fields.Html(compute="_compute_report_html", sanitize=True)
    hr_grade = fields.Selection(
        [("0", "0 – no evidence"), ("1", "1 – weak"), ("2", "2 – solid"), ("3", "3 – strong")],
        string="HR grade", help="Your own judgement of this answer. Graded answers can retrain the scorer.",
    )
    hr_comment = fields.Text("HR comment")

    HR_FIELDS = frozenset({"hr_grade", "hr_comment"})

    @api.depends("question_id.sequence", "interview_id.name", "interview_id.job_id.ai_question_ids")
    def _compute_display_name(self):
        for answer in self:
            questions = answer.interview_id._candidate_questions().ids if answer.interview_id else []
            number = questions.index(answer.question_id.id) + 1 if answer.question_id.id in questions else 0
            answer.display_name = self.env._("%(interview)s – question %(n)s", interview=answer.interview_id.name or "",
                                             n=number)

    @api.depends("result")
    def _compute_report_html(self):
        for answer in self:
            answer.report_html = answer._render_report_html()

    def _render_report_html(self):
        """Transcript with the key points hit and missed and the answer's structure, with times."""
        self.ensure_one()
        res = self.result or {}
        if not res:
            return False
        parts = [Markup("<div class='o_hr_ai_answer_report'>")]
        if res.get("insufficient"):
            parts.append(Markup("<p class='text-warning'><b>%s</b> %s</p>") % (
                self.env._("Needs human review:"), res.get("insufficient_reason") or ""))
        parts.append(Markup("<h5>%s</h5><ul>") % self.env._("Key points"))
        for kp in res.get("key_points", []):
            ev = kp.get("evidence")
            mark = Markup("<span class='text-success'>✔ %s</span>") % self.env._("hit") if kp.get("hit") else (
                Markup("<span class='text-warning'>◐ %s</span>") % self.env._("partly") if kp.get("partial")
                else Markup("<span class='text-danger'>✘ %s</span>") % self.env._("missed"))
            quote = _quote_html(ev, with_end=True)
            parts.append(Markup("<li class='o_hr_ai_kp %s'><b>%s</b> %s%s</li>") % (
                "o_hr_ai_kp_hit" if kp.get("hit") else "o_hr_ai_kp_missed", kp.get("text"), mark, quote))
        parts.append(Markup("</ul><h5>%s</h5><ul>") % self.env._("Structure (situation, task, action, result)"))
        labels = {
            "situation": self.env._("Situation"),
            "task": self.env._("Task"),
            "action": self.env._("Action"),
            "result": self.env._("Result"),
        }
        for part in STAR_PARTS:
            item = (res.get("star") or {}).get(part) or {}
            ev = item.get("evidence")
            parts.append(Markup("<li>%s: %s%s</li>") % (
                labels[part], self.env._("present") if item.get("present") else self.env._("not found"),
                _quote_html(ev)))
        parts.append(Markup("</ul>"))
        parts.extend(self._render_content_html(res.get("content") or {}))
        parts.extend(self._render_cues_html(res))
        parts.append(Markup("<h5>%s</h5>") % self.env._("Transcript"))
        for seg in res.get("segments", []):
            parts.append(Markup("<p><small class='text-muted'>[%s]</small> %s</p>") % (_ts(seg["start"]), seg["text"]))
        parts.append(Markup("</div>"))
        return Markup("").join(escape(p) if not isinstance(p, Markup) else p for p in parts)

    def _render_content_html(self, content):
        """Concreteness, logical flow, relevance and the content flags, with their quotes."""
        if not content:
            return []

        def quote(item):
            return _quote_html(item.get("evidence") if isinstance(item, dict) else None)

        concrete = content.get("concreteness") or {}
        flow = content.get("flow") or {}
        relevance = content.get("relevance")
        relevance = relevance if isinstance(relevance, dict) else {"value": relevance or 0.0}
        parts = [Markup("<h5>%s</h5><ul class='o_hr_ai_content'>") % self.env._("Content")]
        parts.append(Markup("<li>%s: %s; %s: %s / %s%s</li>") % (
            self.env._("Figures given"), concrete.get("numbers", 0), self.env._("own actions (I) / team (we)"),
            concrete.get("own_actions", 0), concrete.get("team_actions", 0), quote(concrete)))
        parts.append(Markup("<li>%s: %s%s</li>") % (
            self.env._("Connectives"), ", ".join(flow.get("connectives") or []) or "-", quote(flow)))
        parts.append(Markup("<li>%s: %s%%%s</li>") % (
            self.env._("Relevance to the question"), round(100 * (relevance.get("value") or 0.0)), quote(relevance)))
        flags = {"too_short": self.env._("very short answer"), "off_topic": self.env._("off the question"),
                 "listed_without_substance": self.env._("key points listed without an example")}
        raised = [label for key, label in flags.items() if content.get(key)]
        if raised:
            parts.append(Markup("<li class='text-warning'>%s</li>") % "; ".join(raised))
        parts.append(Markup("</ul>"))
        return parts

    def _render_cues_html(self, res):
        """Delivery cues (advisory) and video integrity flags, each explained; neither is in the score."""
        parts = []
        ind = ((res.get("delivery") or {}).get("indicators")) or {}
        if ind:
            rate, fillers = ind.get("speech_rate", {}), ind.get("fillers", {})
            parts.append(Markup("<h5>%s</h5><p class='text-muted small'>%s</p><ul class='o_hr_ai_delivery'>") % (
                self.env._("Delivery cues (advisory)"),
                self.env._("Shown to help the reviewer; not part of the score. Accents, speech differences and "
                           "microphones affect them.")))
            parts.append(Markup("<li>%s: %s %s (%s %s–%s)</li>") % (
                self.env._("Speech rate"), rate.get("value"), rate.get("unit"), self.env._("typical"),
                *(rate.get("typical") or ["", ""])))
            parts.append(Markup("<li>%s: %s; %s: %s</li>") % (
                self.env._("Pauses over 1 s"), (ind.get("pauses") or {}).get("value"),
                self.env._("silences over 3 s"), (ind.get("long_silences") or {}).get("value")))
            parts.append(Markup("<li>%s: %s (%s/min)</li>") % (
                self.env._("Filler words"), fillers.get("value"), fillers.get("per_minute")))
            loudness = ind.get("loudness_stability_db") or {}
            if loudness:
                parts.append(Markup("<li>%s: %s dB</li>") % (
                    self.env._("Loudness variation (lower is steadier)"), loudness.get("value")))
            parts.append(Markup("</ul>"))
        video = res.get("video")
        if video:
            flags = video.get("flags") or {}
            labels = {
                "no_face": self.env._("no face visible for most of the answer"),
                "multiple_people": self.env._("more than one person visible"),
                "looking_away": self.env._("long stretches without a frontal face"),
                "camera_covered_or_dark": self.env._("camera covered or too dark"),
            }
            raised = [labels[k] for k, v in flags.items() if v and k in labels]
            parts.append(Markup("<h5>%s</h5><p class='text-muted small'>%s</p>") % (
                self.env._("Video integrity"),
                self.env._("Flags for a person to check, never a score. No face images are kept.")))
            parts.append(Markup("<p class='o_hr_ai_video_flags'>%s</p>") % (
                "; ".join(raised) if raised else self.env._("nothing to check")))
        return parts

    def write(self, vals):
        # people add their judgement beside the AI's; the AI's findings are written by the system only
        if not self.env.su and set(vals) - self.HR_FIELDS:
            raise AccessError(self.env._("Only the HR grade and comment of an answer can be changed."))
        return super().write(vals)

    def _training_rows(self):
        """Graded answers as training rows for ``hr-ai-worker train``: findings and grade, nothing personal."""
        return [{"breakdown": answer.result.get("breakdown") or {}, "grade": int(answer.hr_grade)}
                for answer in self if answer.hr_grade and answer.result and answer.state == "done"]

    def _reset_for_retake(self):
        self.analysis_job_ids.filtered(lambda j: j.state in ("pending", "running"))._cancel()
        old = self.attachment_id
        self.write({"attachment_id": False, "state": "uploaded", "result": False, "transcript": False,
                    "score": 0.0, "key_points_hit": 0, "key_points_total": 0, "insufficient_reason": False})
        old.sudo().unlink()

    def _queue_analysis(self):
        jobs = self.env["hr.ai.analysis.job"].sudo().create([
            {"kind": "analyze_answer", "answer_id": answer.id, "interview_id": answer.interview_id.id}
            for answer in self
        ])
        self.write({"state": "uploaded"})
        return jobs

    def _apply_result(self, result):
        """Store a validated worker result on the answer."""
        self.ensure_one()
        self.write({
            "state": "insufficient" if result["insufficient"] else "done",
            "language": result["language"],
            "transcript": result["transcript"],
            "score": result["score"] or 0.0,
            "confidence": result["confidence"],
            "duration": result["duration"],
            "has_video": result["has_video"],
            "insufficient_reason": result["insufficient_reason"],
            "key_points_hit": sum(1 for kp in result["key_points"] if kp["hit"]),
            "key_points_total": len(result["key_points"]),
            "versions": ", ".join(f"{k}={v}" for k, v in sorted(result["versions"].items()))[:255],
            "result": result,
        })

    def action_play(self):
        """Open the recording; every view is written to the interview's log."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/hr_ai_interview/answer/{self.id}/media", "target": "new"}

    def _log_media_view(self):
        self.ensure_one()
        self.interview_id.sudo().message_post(body=self.env._(
            "Recording of %(answer)s viewed by %(user)s.", answer=self.display_name, user=self.env.user.name))
