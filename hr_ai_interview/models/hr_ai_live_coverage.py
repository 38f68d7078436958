# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools.sql import index_exists

from ..tools import report_format


class HrAiLiveCoverage(models.Model):
    """What the candidate of a live interview has covered so far: one row per key point of each question and
    per competency of the job. A row turns "covered" (with the quote and its time) when the worker hears it and
    never goes back within the session."""

    _name = "hr.ai.live.coverage"
    _description = "Live AI Interview Coverage"
    _order = "session_id, kind desc, question_sequence, question_id, sequence, id"

    session_id = fields.Many2one("hr.ai.live.session", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="session_id.company_id", store=True)
    kind = fields.Selection([("key_point", "Key point"), ("competency", "Competency")], required=True)
    question_id = fields.Many2one("hr.ai.question", ondelete="cascade")
    question_sequence = fields.Integer("Question order", related="question_id.sequence", store=True)
    key_point = fields.Char(help="The key point as written on the question (synonyms separated by '|').")
    competency_id = fields.Many2one("hr.ai.competency", ondelete="cascade")
    sequence = fields.Integer()
    label = fields.Char(compute="_compute_label")
    covered = fields.Boolean(readonly=True)
    partial = fields.Boolean("Partly", readonly=True)
    quote = fields.Char(readonly=True)
    time_start = fields.Float("From (s)", readonly=True)
    time_end = fields.Float("To (s)", readonly=True)
    utterance_id = fields.Many2one("hr.ai.live.utterance", readonly=True, ondelete="set null")
    date_covered = fields.Datetime("Heard on", readonly=True)

    def init(self):
        if not index_exists(self.env.cr, "hr_ai_live_coverage_uniq"):
            self.env.cr.execute("""
                CREATE UNIQUE INDEX hr_ai_live_coverage_uniq ON hr_ai_live_coverage
                       (session_id, kind, COALESCE(question_id, 0), COALESCE(key_point, ''), COALESCE(competency_id, 0))
            """)

    @api.depends("kind", "key_point", "competency_id.name")
    @api.depends_context("lang")
    def _compute_label(self):
        for row in self:
            if row.kind == "competency":
                row.label = row.competency_id.name or ""
            else:
                names = report_format.key_point_names(row.key_point)
                row.label = " / ".join(names)

    def _mark(self, covered, partial, quote, start, end, utterance):
        """Record what the worker heard; return True if the row changed. Covered never goes back; the first
        evidence is kept."""
        self.ensure_one()
        if self.covered or not (covered or partial) or (partial and not covered and self.partial):
            return False
        self.sudo().write({
            "covered": covered, "partial": not covered, "quote": quote, "time_start": start or 0.0,
            "time_end": end or 0.0,
            "utterance_id": utterance.id, "date_covered": fields.Datetime.now(),
        })
        return True

    def _panel_data(self):
        return [{
            "id": row.id, "kind": row.kind, "question_id": row.question_id.id or False,
            "competency_id": row.competency_id.id or False, "label": row.label, "key_point": row.key_point or "",
            "covered": row.covered, "partial": row.partial, "quote": row.quote or "",
            "time": report_format.ts(row.time_start) if row.quote else "",
        } for row in self]
