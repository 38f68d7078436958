# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hr_ai_llm_judge = fields.Boolean(related="company_id.hr_ai_llm_judge", readonly=False)
    hr_ai_llm_judge_name = fields.Char(related="company_id.hr_ai_llm_judge_name", readonly=False)
    hr_ai_pool_months = fields.Integer(related="company_id.hr_ai_pool_months", readonly=False)
    hr_ai_weight_ai = fields.Integer(related="company_id.hr_ai_weight_ai", readonly=False)
    hr_ai_disagreement_points = fields.Integer(related="company_id.hr_ai_disagreement_points", readonly=False)
    hr_ai_employee_on_hire = fields.Boolean(related="company_id.hr_ai_employee_on_hire", readonly=False)
    hr_ai_decision_mail = fields.Boolean(related="company_id.hr_ai_decision_mail", readonly=False)
    hr_ai_advance_template_id = fields.Many2one(related="company_id.hr_ai_advance_template_id", readonly=False)
    hr_ai_refuse_template_id = fields.Many2one(related="company_id.hr_ai_refuse_template_id", readonly=False)
    hr_ai_decision_mail_hours = fields.Integer(related="company_id.hr_ai_decision_mail_hours", readonly=False)
    hr_ai_reminder = fields.Boolean(related="company_id.hr_ai_reminder", readonly=False)
    hr_ai_reminder_hours = fields.Integer(related="company_id.hr_ai_reminder_hours", readonly=False)
    hr_ai_reminder_sms = fields.Boolean(related="company_id.hr_ai_reminder_sms", readonly=False)
    hr_ai_company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company currency")
    hr_ai_onsite_cost = fields.Monetary(related="company_id.hr_ai_onsite_cost", readonly=False,
                                        currency_field="hr_ai_company_currency_id")
    hr_ai_onsite_minutes = fields.Integer(related="company_id.hr_ai_onsite_minutes", readonly=False)
