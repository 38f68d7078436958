# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""hr.applicant: the combined assessment (AI and people side by side) and people's decisions.

Kept apart from hr_applicant.py (screening and invitations) so that the two grow without stepping on each other.
"""
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import report_format

PERSON_CHANNELS = ("play", "web_content", "read")


class HrApplicant(models.Model):
    _inherit = "hr.applicant"

    ai_assessment_ids = fields.One2many("hr.ai.assessment", "applicant_id", string="Interviewer ratings")
    ai_decision_ids = fields.One2many("hr.ai.decision", "applicant_id", string="Decisions")
    ai_human_score = fields.Float("Interviewers' score", compute="_compute_ai_combined", aggregator="avg")
    ai_combined_score = fields.Float("Combined score", compute="_compute_ai_combined", aggregator="avg")
    ai_has_combined = fields.Boolean(compute="_compute_ai_combined")
    ai_disagreement_count = fields.Integer("Disagreements", compute="_compute_ai_combined")
    ai_combined_html = fields.Html("Combined assessment", compute="_compute_ai_combined_html", sanitize=True)
    ai_answers_opened = fields.Integer("Answers opened by people", compute="_compute_ai_answers_opened")

    # ------------------------------------------------------------------ combined assessment
    def _ai_weights(self):
        """(AI weight, people's weight), in percent, from the company's settings."""
        company = self.company_id or self.env.company
        weight_ai = min(max(company.hr_ai_weight_ai, 0), 100)
        return weight_ai, 100 - weight_ai

    def _ai_combined_rows(self):
        """One row per competency of the job: the AI's score against its threshold with its evidence, and
        each person's rating (with their mean) — what the screen and the printed report show."""
        self.ensure_one()
        interview = self.sudo().ai_interview_id
        done = interview if interview.state == "done" else interview.browse()
        results = {r.competency_id.id: r for r in done.competency_result_ids}
        questions = done._candidate_questions() if done else self.env["hr.ai.question"]
        answers = {a.question_id.id: a for a in done.answer_ids}
        limit = (self.company_id or self.env.company).hr_ai_disagreement_points
        rows = []
        for line in self.job_id.sudo().ai_competency_ids:
            competency = line.competency_id
            result = results.get(competency.id)
            evidence = []
            for index, question in enumerate(questions, start=1):
                answer = answers.get(question.id)
                if competency not in question.competency_ids or not answer or not answer.result:
                    continue
                for key_point in answer.result.get("key_points") or []:
                    ev = key_point.get("evidence")
                    item = {"question": index, "quote": (ev or {}).get("quote"), "span": report_format.span(ev)}
                    if key_point.get("hit") and item["quote"] and item not in evidence:
                        evidence.append(item)
            ratings = self.ai_assessment_ids.filtered(lambda a, c=competency: a.competency_id == c)
            human = sum(ratings.mapped("score")) / len(ratings) if ratings else None
            ai_score = result.score if result and result.has_score else None
            rows.append({
                "competency": competency, "threshold": line.threshold, "weight": line.weight,
                "ai_score": ai_score, "passed": bool(result and result.passed), "evidence": evidence[:3],
                "ratings": ratings, "human": human,
                "disagreement": ai_score is not None and human is not None and abs(ai_score - human) > limit,
            })
        return rows

    @api.depends("ai_assessment_ids.score", "ai_match_pct", "ai_recommendation", "job_id.ai_competency_ids",
                 "company_id.hr_ai_weight_ai", "company_id.hr_ai_disagreement_points")
    def _compute_ai_combined(self):
        for applicant in self:
            rows = applicant._ai_combined_rows() if applicant.job_id else []
            rated = [row for row in rows if row["human"] is not None]
            total_weight = sum(row["weight"] for row in rated)
            human = sum(row["human"] * row["weight"] for row in rated) / total_weight if total_weight else None
            ai = applicant.ai_match_pct if applicant.ai_recommendation and applicant.ai_recommendation != "review" \
                else None
            weight_ai, weight_human = applicant._ai_weights()
            if ai is not None and human is not None:
                combined = (ai * weight_ai + human * weight_human) / 100.0
            else:
                combined = ai if ai is not None else human
            applicant.ai_human_score = human or 0.0
            applicant.ai_combined_score = combined or 0.0
            applicant.ai_has_combined = combined is not None
            applicant.ai_disagreement_count = sum(1 for row in rows if row["disagreement"])

    @api.depends("ai_assessment_ids", "ai_interview_id.state", "ai_decision_ids")
    def _compute_ai_combined_html(self):
        for applicant in self:
            if not applicant.job_id.ai_competency_ids:
                applicant.ai_combined_html = False
                continue
            applicant.ai_combined_html = self.env["ir.qweb"]._render("hr_ai_interview.combined_assessment", {
                "applicant": applicant, "rows": applicant._ai_combined_rows(), "weights": applicant._ai_weights(),
            })

    # ------------------------------------------------------------------ view before deciding
    def _ai_people_access(self):
        """Lines of the recording access log written by people (not workers) for these applications."""
        worker_group = self.env.ref("hr_ai_interview.group_ai_worker")
        return self.env["hr.ai.media.access"].sudo().search([
            ("interview_id", "in", self.sudo().ai_interview_ids.ids), ("channel", "in", PERSON_CHANNELS),
            ("user_id", "not in", worker_group.sudo().users.ids + [self.env.ref("base.user_root").id]),
        ])

    def _compute_ai_answers_opened(self):
        for applicant in self:
            applicant.ai_answers_opened = len(applicant._ai_people_access().answer_id)

    # ------------------------------------------------------------------ decisions
    def _ai_is_override(self, decision):
        self.ensure_one()
        return (decision == "advance" and self.ai_recommendation == "hold") or (
            decision == "refuse" and self.ai_recommendation == "advance")

    def _ai_next_stage(self):
        self.ensure_one()
        return self.env["hr.recruitment.stage"].search([
            "|", ("job_ids", "=", False), ("job_ids", "=", self.job_id.id),
            ("sequence", ">", self.stage_id.sequence), ("hired_stage", "=", False)], order="sequence, id", limit=1)

    def _ai_decide(self, decision, reason=None, refuse_reason=None, stage=None):
        """A person advances or refuses this application; never the system (refusal is a person's act)."""
        self.ensure_one()
        user = self.env.user
        if self.env.su or not user._is_internal() or user.has_group("hr_ai_interview.group_ai_worker"):
            raise AccessError(self.env._("Only a person can decide on an application."))
        if not user.has_group("hr_recruitment.group_hr_recruitment_user"):
            raise AccessError(self.env._("Interviewers rate; a recruitment officer decides."))
        self.check_access("write")
        opened = self.ai_answers_opened
        if not opened:
            raise UserError(self.env._(
                "Open at least one of the candidate's recorded answers before deciding: the decision rests on "
                "what the candidate said, not only on the AI's score."))
        override = self._ai_is_override(decision)
        reason = (reason or "").strip()
        if override and not reason:
            raise UserError(self.env._("You decide against the AI recommendation: give your reason."))
        values = {}
        if decision == "refuse":
            if not refuse_reason:
                raise UserError(self.env._("Choose a refusal reason."))
            values = {"refuse_reason_id": refuse_reason.id, "active": False, "refuse_date": fields.Datetime.now()}
        else:
            stage = stage or self._ai_next_stage()
            if stage:
                values = {"stage_id": stage.id}
        record = self.env["hr.ai.decision"].sudo().create({
            "applicant_id": self.id, "interview_id": self.ai_interview_id.id, "decision": decision,
            "ai_recommendation": self.ai_recommendation, "is_override": override, "reason": reason or False,
            "refuse_reason_id": refuse_reason.id if refuse_reason else False,
            "stage_id": values.get("stage_id", False), "user_id": user.id, "ai_match_pct": self.ai_match_pct,
            "combined_score": self.ai_combined_score, "answers_opened": opened,
        })
        label = dict(record._fields["decision"]._description_selection(self.env))[decision]
        if override:
            body = self.env._(
                "Decision: %(decision)s, against the AI recommendation (%(ai)s). Reason: %(reason)s",
                decision=label, reason=reason,
                ai=dict(record._fields["ai_recommendation"]._description_selection(self.env))[self.ai_recommendation])
        elif reason:
            body = self.env._("Decision: %(decision)s. Reason: %(reason)s", decision=label, reason=reason)
        else:
            body = self.env._("Decision: %(decision)s.", decision=label)
        self.message_post(body=body)
        if values:
            self.write(values)
        self._ai_after_decision(record)
        return record

    def _ai_after_decision(self, decision):
        """The candidate gets the message the company chose for this decision, within the hours it set (the
        mail queue sends it when due); the chatter says so. Off when the company turned it off."""
        self.ensure_one()
        company = self.company_id or self.env.company
        template = company.hr_ai_advance_template_id if decision.decision == "advance" \
            else company.hr_ai_refuse_template_id
        if not company.hr_ai_decision_mail or not template or not self.email_from:
            return decision
        when = fields.Datetime.now() + timedelta(hours=company.hr_ai_decision_mail_hours)
        mail_id = template.sudo().send_mail(self.id, email_values={"scheduled_date": when})
        decision.sudo().write({"mail_id": mail_id})
        self.message_post(body=self.env._(
            "Automatic step: the message “%(template)s” to the candidate leaves at %(when)s (UTC); delete it in "
            "Settings ▸ Technical ▸ Emails to stop it, or turn these messages off in the Recruitment settings.",
            template=template.name, when=fields.Datetime.to_string(when)))
        return decision

    def action_ai_decide(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "hr.ai.decision.wizard", "view_mode": "form",
            "target": "new", "name": self.env._("Decide"),
            "context": {"default_applicant_id": self.id,
                        "default_decision": self.env.context.get("hr_ai_decision", "advance")},
        }

    # ------------------------------------------------------------------ hire → employee
    def _ai_report_pdfs(self):
        """(file name, PDF bytes) of the printed reports that go to the employee file, in HR's language
        (none where the server cannot print PDFs: wkhtmltopdf missing)."""
        self.ensure_one()
        Report = self.env["ir.actions.report"].sudo()
        if Report.get_wkhtmltopdf_state() not in ("ok", "upgrade"):
            return []
        Report = Report.with_context(lang=self._ai_hr_lang())
        files = []
        for xmlid, name in (("hr_ai_interview.action_report_ai_screen", self.env._("AI screening report")),
                            ("hr_ai_interview.action_report_ai_combined", self.env._("Combined assessment report"))):
            content, kind = Report._render_qweb_pdf(xmlid, res_ids=self.ids)
            if kind != "pdf":  # Odoo's test mode renders HTML unless a test asks for PDFs
                continue
            files.append(("".join([name, " - ", self.partner_name or str(self.id), ".pdf"]), content))
        return files

    def create_employee_from_applicant(self):
        return super(HrApplicant, self.with_context(hr_ai_hired_applicant_id=self.id)).create_employee_from_applicant()

    def write(self, vals):
        res = super().write(vals)
        if "stage_id" in vals:
            hired = self.filtered(lambda a: a.stage_id.hired_stage and a.company_id.hr_ai_employee_on_hire
                                  and not a.employee_id)
            for applicant in hired:
                applicant.create_employee_from_applicant()
                applicant.message_post(body=self.env._(
                    "Employee created on reaching the hired stage, with the interview summary and evidence-backed "
                    "skills."))
        return res
