# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression

from .hr_applicant import RESUME_MIMETYPES


class HrCandidate(models.Model):
    _inherit = "hr.candidate"

    ai_pool_consent_date = fields.Datetime(
        "Talent pool consent", compute="_compute_ai_pool", store=True, readonly=True,
        help="When the candidate last agreed to stay in the talent pool (in the AI interview, or as HR recorded).")
    ai_pool_manual_date = fields.Datetime("Talent pool consent recorded by HR", readonly=True, copy=False)
    ai_pool_withdrawn_date = fields.Datetime("Left the talent pool on", readonly=True, copy=False)
    ai_pool_until = fields.Date("In the talent pool until", compute="_compute_ai_pool", store=True, readonly=True)
    ai_in_pool = fields.Boolean("In the talent pool", compute="_compute_ai_in_pool", search="_search_ai_in_pool")
    ai_fulltext = fields.Char("Résumé or interview text", compute="_compute_ai_fulltext",
                              search="_search_ai_fulltext")

    @api.depends("applicant_ids.ai_interview_ids.consent_ids.date", "applicant_ids.ai_interview_ids.consent_ids.kind",
                 "applicant_ids.ai_interview_ids.consent_ids.given", "ai_pool_manual_date", "ai_pool_withdrawn_date",
                 "company_id.hr_ai_pool_months")
    def _compute_ai_pool(self):
        for candidate in self:
            consents = candidate.sudo().with_context(active_test=False).applicant_ids.ai_interview_ids.consent_ids
            dates = consents.filtered(lambda c: c.kind == "talent_pool" and c.given).mapped("date")
            dates += [candidate.ai_pool_manual_date] if candidate.ai_pool_manual_date else []
            last = max(dates) if dates else False
            if last and candidate.ai_pool_withdrawn_date and candidate.ai_pool_withdrawn_date >= last:
                last = False
            months = (candidate.company_id or self.env.company).hr_ai_pool_months
            candidate.ai_pool_consent_date = last
            candidate.ai_pool_until = (last + relativedelta(months=months)).date() if last else False

    @api.depends("ai_pool_until")
    def _compute_ai_in_pool(self):
        today = fields.Date.context_today(self)
        for candidate in self:
            candidate.ai_in_pool = bool(candidate.ai_pool_until and candidate.ai_pool_until >= today)

    def _search_ai_in_pool(self, operator, value):
        inside = [("ai_pool_until", ">=", fields.Date.context_today(self))]
        positive = (operator == "=") == bool(value)
        return inside if positive else expression.OR([[("ai_pool_until", "=", False)],
                                                      [("ai_pool_until", "<", fields.Date.context_today(self))]])

    def _compute_ai_fulltext(self):
        self.ai_fulltext = False

    def _search_ai_fulltext(self, operator, value):
        """Candidates whose résumés (any attachment Odoo indexed) or interview transcripts contain ``value``."""
        if operator not in ("ilike", "like", "=ilike") or not value:
            return []
        Attachment = self.env["ir.attachment"].sudo()
        hits = Attachment.search([("res_model", "in", ("hr.candidate", "hr.applicant")),
                                  ("index_content", operator, value)])
        applicant_ids = hits.filtered(lambda a: a.res_model == "hr.applicant").mapped("res_id")
        answers = self.env["hr.ai.answer"].sudo().search([("transcript", operator, value)])
        applicant_ids += answers.interview_id.applicant_id.ids
        applicants = self.env["hr.applicant"].sudo().with_context(active_test=False).browse(applicant_ids)
        ids = set(hits.filtered(lambda a: a.res_model == "hr.candidate").mapped("res_id")) | set(
            applicants.exists().candidate_id.ids)
        return [("id", "in", list(ids))]

    def action_ai_pool_record_consent(self):
        """HR records a talent-pool consent the candidate gave outside the AI interview (mail, phone)."""
        now = fields.Datetime.now()
        for candidate in self:
            candidate.sudo().write({"ai_pool_manual_date": now, "ai_pool_withdrawn_date": False})
            candidate.message_post(body=self.env._(
                "%(user)s recorded that the candidate agreed to stay in the talent pool (until %(until)s).",
                user=self.env.user.name, until=candidate.ai_pool_until))
        return True

    def action_ai_pool_withdraw(self):
        """The candidate asked to leave the talent pool: no job search finds them any more."""
        now = fields.Datetime.now()
        for candidate in self:
            candidate.sudo().write({"ai_pool_withdrawn_date": now})
            candidate.message_post(body=self.env._("%(user)s removed the candidate from the talent pool at their "
                                                   "request.", user=self.env.user.name))
        self.env["hr.ai.pool.match"].sudo().search([("candidate_id", "in", self.ids)]).unlink()
        return True

    def _ai_newest_resume(self):
        """The newest résumé file of the candidate, from their applications or their own attachments."""
        self.ensure_one()
        applicants = self.sudo().with_context(active_test=False).applicant_ids
        domain = ["|", "&", ("res_model", "=", "hr.applicant"), ("res_id", "in", applicants.ids),
                  "&", ("res_model", "=", "hr.candidate"), ("res_id", "=", self.id),
                  ("res_field", "=", False), ("mimetype", "in", sorted(RESUME_MIMETYPES))]
        return self.env["ir.attachment"].sudo().search(domain, order="id desc", limit=1)

    def unlink(self):
        # the person's interviews and recordings go with them
        self.sudo().with_context(active_test=False).applicant_ids.ai_interview_ids.unlink()
        return super().unlink()
