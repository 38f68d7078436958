# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class HrApplicant(models.Model):
    _inherit = "hr.applicant"

    ai_interview_ids = fields.One2many("hr.ai.interview", "applicant_id", string="AI interviews")
    ai_interview_id = fields.Many2one("hr.ai.interview", compute="_compute_ai_interview", store=True,
                                      string="Latest AI interview")
    ai_interview_state = fields.Selection(related="ai_interview_id.state", string="AI interview status")
    ai_match_pct = fields.Float("AI match %", compute="_compute_ai_interview", store=True, aggregator=None)
    ai_recommendation = fields.Selection(
        [("advance", "Advance to HR interview"), ("hold", "Hold"), ("review", "Needs human review")],
        string="AI recommendation", compute="_compute_ai_interview", store=True,
    )
    ai_interview_enabled = fields.Boolean(related="job_id.ai_interview_enabled")
    ai_competency_result_ids = fields.One2many(related="ai_interview_id.competency_result_ids",
                                               string="AI competency scores")
    # editable so that HR can grade an answer in its dialog; the answer itself accepts only HR's fields
    ai_answer_ids = fields.One2many(related="ai_interview_id.answer_ids", string="AI interview answers",
                                    readonly=False)
    ai_report_html = fields.Html(related="ai_interview_id.report_html", string="AI report")

    @api.depends("ai_interview_ids.state", "ai_interview_ids.match_pct", "ai_interview_ids.recommendation")
    def _compute_ai_interview(self):
        for applicant in self:
            latest = applicant.ai_interview_ids.filtered(lambda i: i.state != "cancelled").sorted("id")[-1:]
            applicant.ai_interview_id = latest
            done = latest if latest.state == "done" else latest.browse()
            applicant.ai_match_pct = done.match_pct if done and done.recommendation != "review" else 0.0
            applicant.ai_recommendation = done.recommendation if done else False

    def action_send_ai_interview(self):
        self.ensure_one()
        if not self.job_id.ai_interview_enabled:
            raise UserError(self.env._("Switch on the AI interview on the job %(job)s first.", job=self.job_id.name))
        interview = self.ai_interview_ids.filtered(lambda i: i.state in ("draft", "sent", "in_progress"))[:1]
        if not interview:
            interview = self.env["hr.ai.interview"].create({
                "applicant_id": self.id,
                "job_id": self.job_id.id,
                "lang": "en" if self.job_id.ai_interview_lang == "en" else "zh",
            })
        sent = interview.action_send()
        form = self.action_open_ai_interview(interview)
        if isinstance(sent, dict):  # no mail server: HR is told and gets the link to pass on
            sent["params"]["next"] = form
            return sent
        return form

    def action_open_ai_interview(self, interview=None):
        self.ensure_one()
        interview = interview or self.ai_interview_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "hr.ai.interview",
            "res_id": interview.id,
            "view_mode": "form",
            "target": "current",
        }

    def unlink(self):
        # interviews, answers and their recordings go with the application (not left in the file store)
        self.sudo().with_context(active_test=False).ai_interview_ids.unlink()
        return super().unlink()
