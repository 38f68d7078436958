# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import report_format

HINT_STATES = ("new", "pinned", "dismissed")


class HrAiLiveHint(models.Model):
    """A suggestion to the interviewer during a live interview (what to ask next), never a judgement of the
    candidate. The worker sends a code from a closed list; the words are Odoo's, in the reader's language.
    Shown to HR only."""

    _name = "hr.ai.live.hint"
    _description = "Live AI Interview Hint"
    _order = "id desc"

    session_id = fields.Many2one("hr.ai.live.session", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="session_id.company_id", store=True)
    utterance_id = fields.Many2one("hr.ai.live.utterance", readonly=True, ondelete="set null")
    code = fields.Selection(
        [("key_point_missing", "Key point not heard yet"), ("no_result_yet", "No outcome yet"),
         ("no_figure_yet", "No figure yet"), ("other_question", "Nearer another question"),
         ("follow_up", "Suggested next question")],
        required=True, readonly=True)
    question_id = fields.Many2one("hr.ai.question", readonly=True, ondelete="cascade")
    other_question_id = fields.Many2one("hr.ai.question", readonly=True, ondelete="cascade")
    key_point = fields.Char(readonly=True)
    competency_id = fields.Many2one("hr.ai.competency", readonly=True, ondelete="set null")
    quote = fields.Char(readonly=True)
    time_start = fields.Float("From (s)", readonly=True)
    time_end = fields.Float("To (s)", readonly=True)
    state = fields.Selection([("new", "New"), ("pinned", "Pinned"), ("dismissed", "Dismissed")], default="new",
                             required=True)
    date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    text = fields.Char(compute="_compute_text")

    @api.depends("code", "key_point", "question_id", "other_question_id", "competency_id")
    @api.depends_context("lang")
    def _compute_text(self):
        for hint in self:
            hint.text = hint._render_text()

    def _question_number(self, question):
        questions = self.session_id.job_id.ai_question_ids.sorted(lambda q: (q.sequence, q.id)).ids
        return questions.index(question.id) + 1 if question.id in questions else 0

    def _render_text(self):
        """The hint in the reader's language (``self.env.lang``): advice to the interviewer, never a verdict."""
        self.ensure_one()
        if self.code == "key_point_missing":
            names = report_format.key_point_names(self.key_point)
            return self.env._("Not heard yet for this question: %(key_point)s. You may ask about it.",
                     key_point=" / ".join(names))
        if self.code == "no_result_yet":
            return self.env._("The example has no outcome yet: you may ask how it ended.")
        if self.code == "no_figure_yet":
            return self.env._("No figure, date or name yet: you may ask for a concrete detail.")
        if self.code == "other_question":
            return self.env._("What was just said fits question %(number)s better: %(question)s",
                     number=self._question_number(self.other_question_id), question=self.other_question_id.name)
        if self.code == "follow_up":
            if self.competency_id:
                return self.env._("You may ask next question %(number)s (%(competency)s is the least covered so far): "
                         "%(question)s", number=self._question_number(self.question_id),
                         competency=self.competency_id.name, question=self.question_id.name)
            return self.env._("You may ask next question %(number)s: %(question)s",
                     number=self._question_number(self.question_id), question=self.question_id.name)
        return ""

    def write(self, vals):
        # people pin or dismiss a hint; what it says is the system's
        if not self.env.su and (set(vals) - {"state"} or vals.get("state", "new") not in HINT_STATES):
            raise AccessError(self.env._("Only the status of a hint can be changed."))
        return super().write(vals)

    def action_pin(self):
        self.write({"state": "pinned"})
        return True

    def action_unpin(self):
        self.filtered(lambda h: h.state == "pinned").write({"state": "new"})
        return True

    def action_dismiss(self):
        self.write({"state": "dismissed"})
        return True

    def _panel_data(self):
        return [{
            "id": hint.id, "code": hint.code, "text": hint.text, "state": hint.state,
            "question_id": hint.question_id.id or False, "quote": hint.quote or "",
            "time": report_format.ts(hint.time_start) if hint.time_start or hint.time_end else "",
            "utterance_id": hint.utterance_id.id or False,
        } for hint in self]
