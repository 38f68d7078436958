# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    hr_ai_llm_judge = fields.Boolean(
        "LLM judge reads the answers",
        help="The analysis workers also ask the company's large language model (an OpenAI-compatible endpoint "
             "set in the worker's configuration) to judge each answer; its quotes are checked against the "
             "transcript and the local judge is used whenever it fails. The candidate notice names it.")
    hr_ai_llm_judge_name = fields.Char(
        "LLM shown to candidates", help="How the candidate notice names the model, e.g. 'DeepSeek-V3 (self-hosted)'.")
    hr_ai_pool_months = fields.Integer(
        "Talent pool retention (months)", default=12,
        help="How long a candidate who agreed stays in the talent pool for other jobs (counted from the consent).")

    hr_ai_weight_ai = fields.Integer(
        "Weight of the AI in the combined score (%)", default=40,
        help="The combined score is this share of the AI match plus the rest of the interviewers' ratings.")
    hr_ai_disagreement_points = fields.Integer(
        "Disagreement above (points)", default=20,
        help="An interviewer's rating and the AI's score of a competency further apart than this are highlighted.")
    hr_ai_decision_mail = fields.Boolean(
        "Tell the candidate after a decision", default=True,
        help="After a person advances or refuses an application, the candidate gets the chosen message.")
    hr_ai_advance_template_id = fields.Many2one(
        "mail.template", "Message when advanced", domain=[("model", "=", "hr.applicant")])
    hr_ai_refuse_template_id = fields.Many2one(
        "mail.template", "Message when refused", domain=[("model", "=", "hr.applicant")])
    hr_ai_decision_mail_hours = fields.Integer(
        "Send within (hours)", default=1,
        help="The message leaves this many hours after the decision (0: at once), so that a decision can be "
             "taken back before the candidate hears of it.")
    hr_ai_employee_on_hire = fields.Boolean(
        "Create the employee on hire",
        help="Reaching the hired stage creates the employee (with the interview summary, skills and reports), "
             "as the Create Employee button does.")
    hr_ai_reminder = fields.Boolean(
        "Remind candidates before the deadline", default=True,
        help="A candidate who has not submitted the AI interview gets one reminder this many hours before the "
             "link expires.")
    hr_ai_reminder_hours = fields.Integer("Remind (hours before the deadline)", default=6)
    hr_ai_reminder_sms = fields.Boolean(
        "Also remind by SMS",
        help="Needs Odoo's SMS module (and SMS credits); without it only the mail is sent.")
    # the funnel dashboard's savings estimate
    hr_ai_onsite_cost = fields.Monetary(
        "Cost of an on-site interview", currency_field="currency_id", default=500.0,
        help="What one on-site first-round interview costs the company (interviewers' time, room, the candidate's "
             "travel refund…). Each on-site interview the AI interview avoided counts this much in the funnel "
             "dashboard's money saved.")
    hr_ai_onsite_minutes = fields.Integer(
        "HR time per on-site interview (minutes)", default=45,
        help="HR's time for one on-site first-round interview: receiving the candidate, interviewing and writing it "
             "up. Each on-site interview the AI interview avoided counts this much in the HR hours saved.")

    @api.constrains("hr_ai_reminder_hours")
    def _check_hr_ai_reminder_hours(self):
        if any(not 1 <= company.hr_ai_reminder_hours <= 168 for company in self):
            raise ValidationError(self.env._("The reminder leaves between 1 and 168 hours before the deadline."))

    @api.constrains("hr_ai_weight_ai", "hr_ai_disagreement_points", "hr_ai_decision_mail_hours")
    def _check_hr_ai_weights(self):
        for company in self:
            if not 0 <= company.hr_ai_decision_mail_hours <= 72:
                raise ValidationError(self.env._("The message to the candidate leaves within 0 to 72 hours."))
            if not 0 <= company.hr_ai_weight_ai <= 100 or not 0 <= company.hr_ai_disagreement_points <= 100:
                raise ValidationError(self.env._("Weights and the disagreement threshold are between 0 and 100."))

    @api.constrains("hr_ai_onsite_cost", "hr_ai_onsite_minutes")
    def _check_hr_ai_onsite(self):
        for company in self:
            if company.hr_ai_onsite_cost < 0 or not 0 <= company.hr_ai_onsite_minutes <= 480:
                raise ValidationError(self.env._(
                    "The cost of an on-site interview cannot be negative and its HR time is between 0 and 480 "
                    "minutes."))

    @api.constrains("hr_ai_pool_months")
    def _check_hr_ai_pool_months(self):
        if any(not 1 <= company.hr_ai_pool_months <= 60 for company in self):
            raise ValidationError(self.env._("The talent pool retention must be between 1 and 60 months."))
