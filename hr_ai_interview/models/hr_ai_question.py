# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

MIN_ANSWER_SECONDS = 60
MAX_ANSWER_SECONDS = 180


class HrAiQuestion(models.Model):
    _name = "hr.ai.question"
    _description = "AI Interview Question"
    _order = "job_id, sequence, id"

    job_id = fields.Many2one("hr.job", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Text("Question", required=True)
    competency_ids = fields.Many2many("hr.ai.competency", string="Competencies measured")
    key_points = fields.Text(
        help="One key point a good answer covers per line. Separate synonyms with '|', "
        "e.g. 'customer relationship | client relationship'.",
    )
    answer_seconds = fields.Integer("Answer time (s)", default=120)
    think_seconds = fields.Integer("Think time (s)", default=30)
    retakes_allowed = fields.Integer("Retakes allowed", default=1)
    company_id = fields.Many2one(related="job_id.company_id", store=True)

    @api.constrains("answer_seconds", "think_seconds", "retakes_allowed")
    def _check_times(self):
        for question in self:
            if not MIN_ANSWER_SECONDS <= question.answer_seconds <= MAX_ANSWER_SECONDS:
                raise ValidationError(self.env._(
                    "The answer time must be between %(min)s and %(max)s seconds.",
                    min=MIN_ANSWER_SECONDS, max=MAX_ANSWER_SECONDS,
                ))
            if question.think_seconds < 0 or question.retakes_allowed < 0:
                raise ValidationError(self.env._("Think time and retakes cannot be negative."))

    def _key_point_list(self):
        self.ensure_one()
        return [line.strip() for line in (self.key_points or "").splitlines() if line.strip()]

    def _analysis_payload(self, lang):
        self.ensure_one()
        return {
            "id": self.id,
            "text": self.name,
            "key_points": self._key_point_list(),
            "competencies": self.competency_ids.mapped("code"),
            "lang": lang,
        }
