# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.osv import expression

from ..tools import report_format
from .hr_applicant import RESUME_DOMAIN


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
                  "&", ("res_model", "=", "hr.candidate"), ("res_id", "=", self.id), *RESUME_DOMAIN]
        return self.env["ir.attachment"].sudo().search(domain, order="id desc", limit=1)

    def unlink(self):
        # the person's interviews and recordings go with them
        self.sudo().with_context(active_test=False).applicant_ids.ai_interview_ids.unlink()
        return super().unlink()

    # ------------------------------------------------------------------ hire → employee: the employee file gets
    # the skills the evidence supports (merged, never duplicated), the interview summary and the printed reports;
    # recordings stay with recruitment

    def _ai_hired_applicant(self):
        """The application being hired: the one that asked, else the candidate's latest with an AI report."""
        self.ensure_one()
        applicant = self.env["hr.applicant"].browse(self.env.context.get("hr_ai_hired_applicant_id")).exists()
        if applicant:
            return applicant.sudo()
        applicants = self.sudo().with_context(active_test=False).applicant_ids
        return (applicants.filtered(lambda a: a.ai_interview_id.state == "done") or applicants).sorted("id")[-1:]

    @staticmethod
    def _ai_level_for(skill, progress):
        """The level of ``skill``'s type closest to ``progress`` (0-100) without going over it."""
        levels = skill.skill_type_id.skill_level_ids.sorted("level_progress")
        below = levels.filtered(lambda lvl: lvl.level_progress <= progress)
        return below[-1:] or levels[:1]

    def _ai_employee_skill_vals(self, applicant):
        """One value dict per skill: the résumé's skills (with their line) and the skills of competencies the
        interview showed (with the answer's quote); the same skill twice keeps the higher level and both sources."""
        self.ensure_one()
        by_skill = {}

        def add(skill, level, source):
            if not skill or not level:
                return
            current = by_skill.get(skill.id)
            if current is None:
                by_skill[skill.id] = {"skill_id": skill.id, "skill_type_id": skill.skill_type_id.id,
                                      "skill_level_id": level.id, "ai_source": source or False,
                                      "ai_applicant_id": applicant.id or False, "_progress": level.level_progress}
                return
            if level.level_progress > current["_progress"]:
                current.update(skill_level_id=level.id, _progress=level.level_progress)
            if source and source not in (current["ai_source"] or ""):
                current["ai_source"] = "; ".join(filter(None, [current["ai_source"], source]))[:500]

        for line in self.sudo().candidate_skill_ids:
            source = self.env._("Résumé: %(line)s", line=line.ai_source) if line.ai_source else False
            add(line.skill_id, line.skill_level_id, source)
        interview = applicant.ai_interview_id if applicant.ai_interview_id.state == "done" else False
        if interview:
            rows = {row["competency"].id: row for row in applicant._ai_combined_rows()}
            for result in interview.competency_result_ids.filtered(lambda r: r.has_score and r.passed):
                skill = result.competency_id.skill_id
                if not skill:
                    continue
                evidence = (rows.get(result.competency_id.id) or {}).get("evidence") or []
                quote = evidence[0] if evidence else None
                source = self.env._("AI interview: %(competency)s %(score)s/100", competency=result.competency_id.name,
                                    score=round(result.score))
                if quote:
                    source = "".join([source, " — “", quote["quote"], "” [Q", str(quote["question"]), " ",
                                      quote["span"], "]"])
                add(skill, self._ai_level_for(skill, result.score), source)
        for vals in by_skill.values():
            vals.pop("_progress")
        return list(by_skill.values())

    def _get_employee_create_vals(self):
        vals = super()._get_employee_create_vals()
        applicant = self._ai_hired_applicant()
        # replaces hr_recruitment_skills' copy of the candidate's skills by the merged list with sources
        vals["employee_skill_ids"] = [(0, 0, skill) for skill in self._ai_employee_skill_vals(applicant)]
        return vals

    def create_employee_from_candidate(self):
        action = super().create_employee_from_candidate()
        employee = self.env["hr.employee"].browse(action.get("res_id")).exists()
        if employee:
            self._ai_fill_employee(employee, self._ai_hired_applicant())
        return action

    def _ai_fill_employee(self, employee, applicant):
        """The interview summary and the reports go to the employee's file (its chatter, with the PDFs
        attached); the recordings are not copied."""
        self.ensure_one()
        employee = employee.sudo()
        if not applicant:
            return
        applicant = applicant.sudo()
        attachments = self.env["ir.attachment"].sudo().create([
            {"name": name, "raw": content, "mimetype": "application/pdf", "res_model": "hr.employee",
             "res_id": employee.id}
            for name, content in applicant._ai_report_pdfs()])
        body = self.env["ir.qweb"]._render("hr_ai_interview.employee_hire_summary", {
            "applicant": applicant, "interview": applicant.ai_interview_id, "employee": employee,
            "skills": employee.employee_skill_ids.filtered("ai_source"), "fmt": report_format.FORMAT,
        })
        employee.message_post(body=Markup(body), attachment_ids=attachments.ids, message_type="comment",
                              subtype_xmlid="mail.mt_note")
