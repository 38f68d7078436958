# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

LANG_CODES = {"zh": "zh_CN", "en": "en_US"}
DEGREES = [("none", "None"), ("high_school", "High school"), ("vocational", "Vocational school (中专/技校)"),
           ("associate", "Associate (大专)"), ("bachelor", "Bachelor"), ("master", "Master"), ("phd", "PhD")]


class HrJob(models.Model):
    _inherit = "hr.job"

    ai_interview_enabled = fields.Boolean("AI interview")
    ai_question_ids = fields.One2many("hr.ai.question", "job_id", string="Interview questions")
    ai_competency_ids = fields.One2many("hr.ai.job.competency", "job_id", string="Competencies")
    ai_deadline_hours = fields.Integer("Invitation deadline (hours)", default=24)
    ai_interview_lang = fields.Selection(
        [("zh", "Chinese (Mandarin)"), ("en", "English"), ("auto", "Detect")],
        string="Interview language", default="zh",
    )
    ai_advance_threshold = fields.Integer(
        "Advance threshold (match %)", default=70,
        help="Match % from which the report recommends advancing to the HR interview.",
    )
    ai_delivery_in_score = fields.Boolean(
        "Delivery cues may count",
        help="Company policy: pace, pauses and filler words may count for 10% of the competency scores, and only "
             "for candidates who gave this separate consent. Off by default; keep it off for companies in the EU.",
    )
    ai_interview_count = fields.Integer(compute="_compute_ai_interview_count")
    # stage automation (each step can be switched off: no stage / "do nothing")
    ai_invite_stage_id = fields.Many2one(
        "hr.recruitment.stage", "Send the AI interview on entering",
        help="An applicant who enters this stage gets the AI interview invitation at once (if the applicant has "
             "an email address and no interview under way). Empty: invitations are sent by hand only.")
    ai_expiry_action = fields.Selection(
        [("none", "Nothing"), ("flag", "Flag for the recruiter"), ("stage", "Move back to a stage")],
        string="When an invitation expires", default="flag", required=True,
        help="Flag: the applicant gets the tag 'AI interview expired' and the recruiter an activity. "
             "Move back: the applicant goes to the stage chosen below.")
    ai_expiry_stage_id = fields.Many2one("hr.recruitment.stage", "Move expired applicants to")
    # résumé screening profile
    ai_screen_enabled = fields.Boolean(
        "Screen résumés with AI",
        help="Every résumé that reaches an application of this job (mail, website, upload, bulk import) is read "
             "and matched against the profile below. The AI never refuses anyone.")
    ai_screen_min_years = fields.Float("Minimum years of experience", help="Relevant years, counted to today.")
    ai_screen_degree = fields.Selection(DEGREES, string="Minimum degree")
    ai_screen_requirement_ids = fields.One2many("hr.ai.screen.requirement", "job_id", string="Skills and certificates")
    ai_screen_policy = fields.Selection(
        [("confirm", "List for HR to confirm"), ("auto", "Invite automatically")],
        string="AI interview invitations", default="confirm", required=True,
        help="Above the threshold, with every must-have met: list the applicant for HR to invite in one click "
             "(many at once), or send the AI interview invitation at once. Below it nothing happens automatically.")
    ai_screen_threshold = fields.Integer("Invitation threshold (résumé match %)", default=70)
    ai_pool_match_ids = fields.One2many("hr.ai.pool.match", "job_id", string="Talent pool matches")
    ai_pool_match_count = fields.Integer(compute="_compute_ai_pool_match_count")

    @api.model_create_multi
    def create(self, vals_list):
        jobs = super().create(vals_list)
        jobs._ai_ensure_interview_lang()
        return jobs

    def write(self, vals):
        res = super().write(vals)
        if {"ai_interview_enabled", "ai_interview_lang"} & set(vals):
            self._ai_ensure_interview_lang()
        return res

    def _ai_ensure_interview_lang(self):
        """Candidates get their mail and pages in the interview's language: make sure it is active."""
        codes = {LANG_CODES[job.ai_interview_lang] for job in self
                 if job.ai_interview_enabled and job.ai_interview_lang in LANG_CODES}
        Lang = self.env["res.lang"].sudo()
        for code in codes:
            if not Lang._lang_get(code):
                Lang._activate_lang(code)
                self.env["ir.module.module"].sudo().search([
                    ("name", "in", ["hr_ai_interview", "hr_ai_interview_portal"]), ("state", "=", "installed"),
                ])._update_translations(code)

    def _compute_ai_interview_count(self):
        data = self.env["hr.ai.interview"]._read_group([("job_id", "in", self.ids)], ["job_id"], ["__count"])
        counts = {job.id: count for job, count in data}
        for job in self:
            job.ai_interview_count = counts.get(job.id, 0)

    def _compute_ai_pool_match_count(self):
        data = self.env["hr.ai.pool.match"]._read_group([("job_id", "in", self.ids)], ["job_id"], ["__count"])
        counts = {job.id: count for job, count in data}
        for job in self:
            job.ai_pool_match_count = counts.get(job.id, 0)

    def action_ai_talent_pool(self):
        """Rank the talent pool against this job (again) and show the ranking."""
        self.ensure_one()
        if not self.ai_screen_enabled:
            raise ValidationError(self.env._("Switch on résumé screening on the job %(job)s first.", job=self.name))
        self.env["hr.ai.pool.match"]._rank_for_job(self)
        return self.action_ai_open_pool()

    def action_ai_open_pool(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "hr.ai.pool.match", "view_mode": "list,form",
            "name": self.env._("Talent pool for %(job)s", job=self.name),
            "domain": [("job_id", "=", self.id)], "context": {"create": False},
        }

    @api.constrains("ai_expiry_action", "ai_expiry_stage_id", "ai_invite_stage_id")
    def _check_ai_expiry_stage(self):
        for job in self:
            if job.ai_expiry_action == "stage" and not job.ai_expiry_stage_id:
                raise ValidationError(self.env._("Choose the stage that expired applicants of %(job)s move back to.",
                                                 job=job.name))
            if job.ai_expiry_action == "stage" and job.ai_expiry_stage_id == job.ai_invite_stage_id:
                raise ValidationError(self.env._(
                    "Expired applicants cannot move back to the stage that sends the invitation (%(stage)s).",
                    stage=job.ai_expiry_stage_id.name))

    @api.constrains("ai_deadline_hours", "ai_advance_threshold", "ai_screen_threshold", "ai_screen_min_years")
    def _check_ai_settings(self):
        for job in self:
            if job.ai_deadline_hours < 1:
                raise ValidationError(self.env._("The invitation deadline must be at least one hour."))
            if not 0 <= job.ai_advance_threshold <= 100:
                raise ValidationError(self.env._("The advance threshold must be between 0 and 100."))
            if not 0 <= job.ai_screen_threshold <= 100:
                raise ValidationError(self.env._("The invitation threshold must be between 0 and 100."))
            if not 0 <= job.ai_screen_min_years <= 50:
                raise ValidationError(self.env._("The minimum years of experience must be between 0 and 50."))

    @api.model
    def _ai_degree_labels(self):
        """{degree code: its label in the user's language}."""
        return dict(self._fields["ai_screen_degree"]._description_selection(self.env))

    @api.model
    def _ai_line_label(self, number):
        """'line 12:' — where a piece of evidence stands in the résumé."""
        return self.env._("line %(number)s:", number=number)

    def _ai_screen_payload(self):
        """The job as the résumé screener reads it (``J.json`` of ``hr-ai-worker screen``)."""
        self.ensure_one()
        lines = self.ai_screen_requirement_ids
        text = "\n".join(filter(None, [html2plaintext(self.description or ""), self.requirements or ""]))
        return {
            "id": self.id,
            "name": self.name,
            "lang": self.ai_interview_lang if self.ai_interview_lang in LANG_CODES else None,
            "requirements": text.strip(),
            "min_years": self.ai_screen_min_years or None,
            "degree": self.ai_screen_degree or None,
            # no lines at all: the screener reads the skills and certificates from the free text
            "skills": lines.filtered(lambda r: r.kind == "skill")._screen_payload(),
            "certificates": lines.filtered(lambda r: r.kind == "certificate")._screen_payload() if lines else None,
        }

    def _ai_analysis_payload(self):
        self.ensure_one()
        terms = sorted({alt.strip() for question in self.ai_question_ids for line in question._key_point_list()
                        for alt in line.split("|") if alt.strip()})
        return {
            "id": self.id,
            "name": self.name,
            "terms": terms,
            "requirements": self.requirements or "",
            "lang": self.ai_interview_lang if self.ai_interview_lang != "auto" else None,
            "competencies": [
                {"key": line.competency_id.code, "name": line.competency_id.name, "threshold": line.threshold}
                for line in self.ai_competency_ids
            ],
        }
