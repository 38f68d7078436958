# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrAiAssessment(models.Model):
    """A person's own rating of one competency of one applicant (one line per interviewer, competency and
    occasion), kept beside the AI's score in the combined assessment."""

    _name = "hr.ai.assessment"
    _description = "Interviewer Assessment"
    _order = "applicant_id, competency_id, id"
    _sql_constraints = [
        ("applicant_user_competency_kind_uniq", "unique(applicant_id, user_id, competency_id, kind)",
         "Each interviewer rates a competency once per occasion; change the existing rating instead."),
    ]

    applicant_id = fields.Many2one("hr.applicant", required=True, index=True, ondelete="cascade")
    job_id = fields.Many2one(related="applicant_id.job_id", store=True)
    company_id = fields.Many2one(related="applicant_id.company_id", store=True)
    competency_id = fields.Many2one("hr.ai.competency", required=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", "Interviewer", required=True, default=lambda self: self.env.user,
                              index=True, ondelete="restrict")
    kind = fields.Selection(
        [("recorded", "Recorded answers"), ("live", "Live interview"), ("onsite", "On-site interview")],
        string="Based on", required=True, default="recorded")
    scale = fields.Selection([("100", "0-100"), ("5", "1-5")], required=True, default="5")
    rating = fields.Float(required=True, help="0-100, or 1-5 (1 = no evidence, 5 = outstanding).")
    score = fields.Float("Score (0-100)", compute="_compute_score", store=True, aggregator="avg")
    note = fields.Text()
    ai_score = fields.Float("AI score", compute="_compute_ai", aggregator="avg")
    ai_has_score = fields.Boolean(compute="_compute_ai")
    disagreement = fields.Boolean(compute="_compute_ai",
                                  help="The AI and this rating differ by more than the company's threshold.")

    @api.depends("scale", "rating")
    def _compute_score(self):
        for line in self:
            line.score = (line.rating - 1) * 25.0 if line.scale == "5" else line.rating

    @api.depends("score", "applicant_id.ai_interview_id.competency_result_ids", "competency_id")
    def _compute_ai(self):
        for line in self:
            result = line.applicant_id.sudo().ai_interview_id.competency_result_ids.filtered(
                lambda r, c=line.competency_id: r.competency_id == c and r.has_score)[:1]
            line.ai_has_score = bool(result)
            line.ai_score = result.score if result else 0.0
            limit = (line.company_id or self.env.company).hr_ai_disagreement_points
            line.disagreement = bool(result) and abs(result.score - line.score) > limit

    @api.constrains("scale", "rating")
    def _check_rating(self):
        for line in self:
            low, high = (1, 5) if line.scale == "5" else (0, 100)
            if not low <= line.rating <= high:
                raise ValidationError(self.env._("A rating on the %(scale)s scale must be between %(low)s and "
                                                 "%(high)s.", scale=dict(self._fields["scale"].selection)[line.scale],
                                                 low=low, high=high))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._log_rating()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if {"rating", "scale", "note"} & set(vals):
            self._log_rating()
        return res

    def _log_rating(self):
        for line in self:
            line.applicant_id.sudo().message_post(body=self.env._(
                "%(user)s rated %(competency)s: %(score)s/100 (%(kind)s).", user=line.user_id.name,
                competency=line.competency_id.name, score=round(line.score),
                kind=dict(self._fields["kind"]._description_selection(self.env))[line.kind]),
                author_id=self.env.user.partner_id.id)
