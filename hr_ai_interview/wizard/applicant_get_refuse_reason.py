# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError


class ApplicantGetRefuseReason(models.TransientModel):
    """Odoo's own *Refuse* follows the same rule as *Decide*: once the AI report is ready, a person opens at least
    one recorded answer before refusing, and the refusal is logged beside the AI recommendation it follows or
    overrides (the refusal reason is the reason)."""

    _inherit = "applicant.get.refuse.reason"

    def action_refuse_reason_apply(self):
        reported = self.applicant_ids.filtered(lambda a: a.sudo().ai_interview_id.state == "done")
        unopened = reported.filtered(lambda a: not a.ai_answers_opened)
        if unopened:
            raise UserError(self.env._(
                "Open at least one recorded answer of %(names)s before refusing: the decision rests on what the "
                "candidate said, not only on the AI's score.",
                names=", ".join(unopened.mapped(lambda a: a.partner_name or a.display_name))))
        logged = [{
            "applicant_id": applicant.id, "interview_id": applicant.sudo().ai_interview_id.id, "decision": "refuse",
            "ai_recommendation": applicant.ai_recommendation, "is_override": applicant._ai_is_override("refuse"),
            "reason": self.refuse_reason_id.name, "refuse_reason_id": self.refuse_reason_id.id,
            "user_id": self.env.user.id, "ai_match_pct": applicant.ai_match_pct,
            "combined_score": applicant.ai_combined_score, "answers_opened": applicant.ai_answers_opened,
        } for applicant in reported]
        result = super().action_refuse_reason_apply()
        self.env["hr.ai.decision"].sudo().create(logged)
        return result
