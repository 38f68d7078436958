# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    hr_ai_llm_judge = fields.Boolean(
        "LLM judge reads the answers",
        help="The analysis workers also ask the company's large language model (an OpenAI-compatible endpoint "
             "set in the worker's configuration) to judge each answer; its quotes are checked against the "
             "transcript and the local judge is used whenever it fails. The candidate notice names it.")
    hr_ai_llm_judge_name = fields.Char(
        "LLM shown to candidates", help="How the candidate notice names the model, e.g. 'DeepSeek-V3 (self-hosted)'.")
