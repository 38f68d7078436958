# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A candidate's request about their data (DS-1, DS-2, CN-5), made from the interview link: a copy of the
data, withdrawal of a consent, deletion, a human review or an explanation. HR answers it by a due date."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("copy", "A copy of my data"),
    ("withdraw_ai", "Withdraw my consent to the automated analysis"),
    ("withdraw_pool", "Withdraw my consent to the talent pool"),
    ("deletion", "Delete my data"),
    ("human_review", "A review by a person without automated analysis"),
    ("explanation", "An explanation of the result"),
]


class HrAiRightsRequest(models.Model):
    _name = "hr.ai.rights.request"
    _description = "Candidate Data Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due, id desc"

    interview_id = fields.Many2one("hr.ai.interview", required=True, index=True, ondelete="cascade", readonly=True)
    applicant_id = fields.Many2one(related="interview_id.applicant_id", store=True)
    job_id = fields.Many2one(related="interview_id.job_id", store=True)
    company_id = fields.Many2one(related="interview_id.company_id", store=True)
    kind = fields.Selection(KINDS, required=True, readonly=True)
    message = fields.Text("Candidate's message", readonly=True)
    state = fields.Selection(
        [("new", "New"), ("in_progress", "In progress"), ("done", "Answered"), ("refused", "Refused")],
        default="new", required=True, tracking=True)
    date_due = fields.Date("Answer by", required=True, tracking=True)
    response = fields.Text("Answer to the candidate", tracking=True,
                           help="Shown to the candidate on their interview page. A refusal needs its reason here.")
    explanation_html = fields.Html(
        "Explanation given", readonly=True, sanitize=True,
        help="Written from the report's findings when the request is answered; the candidate reads it on their "
             "interview page.")
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    @api.depends("date_due", "state")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.overdue = request.state in ("new", "in_progress") and request.date_due < today

    def _search_overdue(self, operator, value):
        domain = [("state", "in", ("new", "in_progress")), ("date_due", "<", fields.Date.context_today(self))]
        positive = (operator == "=") == bool(value)
        return domain if positive else ["!", "&", *domain]

    @api.constrains("state", "response")
    def _check_refusal_reason(self):
        if any(request.state == "refused" and not (request.response or "").strip() for request in self):
            raise ValidationError(self.env._("A refusal needs its reason, written for the candidate."))

    @api.model
    def _candidate_create(self, interview, kind, message=""):
        """A request made from the link: recorded, due in the company's number of days, and put on the
        recruiter's to-do list with that deadline."""
        days = interview.company_id.hr_ai_rights_due_days or 15
        request = self.sudo().create({
            "interview_id": interview.id, "kind": kind, "message": (message or "")[:2000],
            "date_due": fields.Date.context_today(self) + timedelta(days=days),
        })
        hr_view = request.with_context(lang=interview._hr_lang())
        technical = self.env.ref("base.user_root") | self.env.ref("hr_ai_interview.user_ai_worker")
        if user := interview._recruiter() or (interview.create_uid - technical):
            hr_view.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=request.date_due, user_id=user.id,
                summary=hr_view.env._("Answer the candidate's data request"))
        if kind in ("withdraw_ai", "withdraw_pool"):
            interview._candidate_withdraw("ai_analysis" if kind == "withdraw_ai" else "talent_pool")
            request.write({"state": "done", "response": hr_view.env._(
                "Done: your consent was withdrawn when you asked.")})
        return request

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_done(self):
        """Answered, and carried out: a deletion deletes the interview's recordings, transcripts and AI
        results; an explanation is written from the report for the candidate."""
        for request in self.filtered(lambda r: r.state in ("new", "in_progress")):
            interview = request.interview_id
            candidate = request.with_context(lang=interview.mail_lang)
            if request.kind == "deletion":
                count = interview._candidate_delete_data()
                request.message_post(body=self.env._(
                    "Carried out: %(count)s recorded answers with their transcripts and AI results deleted.",
                    count=count))
                if not (request.response or "").strip():
                    request.response = candidate.env._(
                        "Done: your recordings, their transcripts and the results of the automated analysis of "
                        "this interview were deleted.")
            elif request.kind == "explanation":
                request.sudo().explanation_html = interview._candidate_explanation()
                request.message_post(body=self.env._("Carried out: an explanation was written for the candidate."))
        self.write({"state": "done"})
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_refuse(self):
        self.write({"state": "refused"})
        self.activity_feedback(["mail.mail_activity_data_todo"])
