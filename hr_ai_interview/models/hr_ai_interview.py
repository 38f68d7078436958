# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import logging
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import format_datetime

from ..tools import report_format
from ..tools.media import UploadRejected, sniff
from ..tools.tokens import hash_token, new_token

_logger = logging.getLogger(__name__)

OPEN_STATES = ("sent", "in_progress")
FINISHED_ANSWER_STATES = ("done", "insufficient", "failed")
INTERVIEW_STATES = [
    ("draft", "Draft"),
    ("sent", "Invited"),
    ("in_progress", "In progress"),
    ("submitted", "Submitted"),
    ("done", "Report ready"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]


class HrAiInterview(models.Model):
    _name = "hr.ai.interview"
    _description = "AI Interview"
    _inherit = ["mail.thread", "mail.activity.mixin", "hr.ai.job.owner.mixin"]
    _order = "id desc"

    # written by the system only (candidate pages, queue, actions): an officer cannot set them over RPC
    PROTECTED_FIELDS = frozenset({
        "state", "token_hash", "match_pct", "recommendation", "report_findings", "versions", "date_sent",
        "date_started", "date_submitted", "date_done", "date_last_analysis", "date_last_upload",
        "llm_judge_notified", "consent_ids", "competency_result_ids", "applicant_id", "job_id",
        "current_question_id", "date_question_start", "date_answer_start", "practice_done",
        "date_reminded", "expiry_handled",
    })

    name = fields.Char(compute="_compute_name", store=True)
    applicant_id = fields.Many2one("hr.applicant", required=True, index=True, ondelete="cascade")
    candidate_id = fields.Many2one(related="applicant_id.candidate_id", store=True)
    partner_name = fields.Char(related="applicant_id.partner_name")
    email_from = fields.Char(related="applicant_id.email_from")
    job_id = fields.Many2one("hr.job", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    user_id = fields.Many2one(related="applicant_id.user_id", string="Recruiter")
    state = fields.Selection(INTERVIEW_STATES, default="draft", required=True, tracking=True, copy=False, index=True)
    lang = fields.Selection([("zh", "Chinese (Mandarin)"), ("en", "English")], required=True, default="zh")
    mail_lang = fields.Char(compute="_compute_mail_lang")
    token_hash = fields.Char(copy=False, index=True, groups="base.group_system")
    date_sent = fields.Datetime("Sent on", copy=False, readonly=True)
    date_deadline = fields.Datetime("Deadline", copy=False, tracking=True)
    date_started = fields.Datetime("Started on", copy=False, readonly=True)
    date_reminded = fields.Datetime("Reminded on", copy=False, readonly=True)
    expiry_handled = fields.Boolean(copy=False, readonly=True)
    date_submitted = fields.Datetime("Submitted on", copy=False, readonly=True)
    date_done = fields.Datetime("Report on", copy=False, readonly=True)
    answer_ids = fields.One2many("hr.ai.answer", "interview_id", string="Answers")
    consent_ids = fields.One2many("hr.ai.consent", "interview_id", string="Consents")
    competency_result_ids = fields.One2many("hr.ai.interview.competency", "interview_id", string="Competency scores")
    question_count = fields.Integer(compute="_compute_progress")
    analysed_count = fields.Integer(compute="_compute_progress")
    analysis_progress = fields.Float(compute="_compute_progress")
    match_pct = fields.Float("Match %", readonly=True, copy=False, aggregator=None)
    recommendation = fields.Selection(
        [("advance", "Advance to HR interview"), ("hold", "Hold"), ("review", "Needs human review")],
        readonly=True, copy=False, tracking=True,
    )
    report_findings = fields.Json(readonly=True, copy=False)
    report_html = fields.Html("AI report", compute="_compute_report_html", sanitize=True)
    versions = fields.Char("Model versions", readonly=True, copy=False)
    date_last_analysis = fields.Datetime(readonly=True, copy=False)
    date_last_upload = fields.Datetime(readonly=True, copy=False)
    ai_opt_out = fields.Boolean(
        "Human review only", compute="_compute_ai_opt_out", store=True, index=True,
        help="The candidate did not agree to (or withdrew) the automated analysis: their answers are reviewed "
             "by people only and never sent to the AI.")
    # accommodation: granted by HR to this candidate only
    extra_answer_seconds = fields.Integer(
        "Extra answer time (s)", help="Added to every question's answer time for this candidate.")
    extra_retakes = fields.Integer("Extra retakes", help="Added to every question's retakes for this candidate.")
    # progress kept on the server: the candidate resumes here on any device
    current_question_id = fields.Many2one("hr.ai.question", readonly=True, copy=False)
    date_question_start = fields.Datetime("Question shown at", readonly=True, copy=False)
    date_answer_start = fields.Datetime("Recording started at", readonly=True, copy=False)
    practice_done = fields.Boolean(readonly=True, copy=False)
    llm_judge_notified = fields.Boolean(
        "Notice named the LLM judge", readonly=True, copy=False,
        help="The notice the candidate agreed to said that the company's LLM reads the answers.")

    @api.depends("applicant_id.partner_name", "job_id.name")
    def _compute_name(self):
        for interview in self:
            interview.name = " / ".join(filter(None, [interview.job_id.name, interview.applicant_id.partner_name]))

    @api.depends("consent_ids.kind", "consent_ids.given")
    def _compute_ai_opt_out(self):
        for interview in self:
            given = set(interview.consent_ids.filtered("given").mapped("kind"))
            interview.ai_opt_out = "recording" in given and "ai_analysis" not in given

    @api.constrains("extra_answer_seconds", "extra_retakes")
    def _check_accommodation(self):
        for interview in self:
            if not 0 <= interview.extra_answer_seconds <= 600 or not 0 <= interview.extra_retakes <= 10:
                raise ValidationError(self.env._(
                    "Extra answer time must be between 0 and 600 seconds and extra retakes between 0 and 10."))

    def _answer_seconds(self, question):
        """The answer time of ``question`` for this candidate (with the time HR granted)."""
        self.ensure_one()
        return question.answer_seconds + max(self.extra_answer_seconds, 0)

    def _retakes_allowed(self, question):
        self.ensure_one()
        return question.retakes_allowed + max(self.extra_retakes, 0)

    @api.depends("lang")
    def _compute_mail_lang(self):
        for interview in self:
            interview.mail_lang = "zh_CN" if interview.lang == "zh" else "en_US"

    @api.depends("answer_ids.state", "job_id.ai_question_ids")
    def _compute_progress(self):
        for interview in self:
            total = len(interview.job_id.ai_question_ids)
            done = len(interview.answer_ids.filtered(lambda a: a.state in FINISHED_ANSWER_STATES))
            interview.question_count = total
            interview.analysed_count = done
            interview.analysis_progress = 100.0 * done / total if total else 0.0

    @api.depends("state", "match_pct", "recommendation", "report_findings")
    def _compute_report_html(self):
        for interview in self:
            interview.report_html = interview._render_report() if interview.state == "done" else False

    def _render_report(self):
        """The interview report HR reads, rendered from the worker's findings by a QWeb template."""
        self.ensure_one()
        names = {line.competency_id.id: line.competency_id.name for line in self.job_id.ai_competency_ids}
        return self.env["ir.qweb"]._render("hr_ai_interview.interview_report", {
            "interview": self, "findings": self.report_findings or [], "competencies": names,
            "fmt": report_format.FORMAT,
        })

    def write(self, vals):
        if not self.env.su and self.PROTECTED_FIELDS & set(vals):
            raise AccessError(self.env._("AI results and the interview's status are set by the system only."))
        return super().write(vals)

    def unlink(self):
        self.sudo().answer_ids.unlink()  # their recordings go with them
        return super().unlink()

    @api.constrains("job_id")
    def _check_job(self):
        for interview in self:
            if not interview.job_id.ai_interview_enabled:
                raise ValidationError(self.env._("AI interviews are not enabled on the job %(job)s.",
                                                 job=interview.job_id.name))
            if not interview.job_id.ai_question_ids:
                raise ValidationError(self.env._("The job %(job)s has no interview questions.",
                                                 job=interview.job_id.name))

    # ------------------------------------------------------------------ HR actions
    def action_send(self):
        """Send (or send again) the personal link. A new link replaces any earlier one."""
        template = self.env.ref("hr_ai_interview.mail_template_ai_interview_invitation")
        unsent_links = []
        for interview in self:
            if interview.state not in ("draft", "sent", "in_progress", "expired"):
                raise UserError(self.env._("Only open interviews can be sent; this one is %(state)s.",
                                           state=dict(self._fields["state"].selection)[interview.state]))
            if not interview.email_from:
                raise UserError(self.env._("The applicant %(name)s has no email address.",
                                           name=interview.partner_name or ""))
            interview.check_access("write")
            token, token_hash = new_token()
            now = fields.Datetime.now()
            interview.sudo().write({
                "token_hash": token_hash,
                "state": "in_progress" if interview.state == "in_progress" else "sent",
                "date_sent": now,
                "date_deadline": now + timedelta(hours=interview.job_id.ai_deadline_hours),
                "date_reminded": False, "expiry_handled": False,
            })
            url = interview._get_invite_url(token)
            template.with_context(interview_url=url).send_mail(
                interview.id, email_layout_xmlid="mail.mail_notification_light")
            deadline = format_datetime(self.env, interview.date_deadline, tz=interview._deadline_tz(),
                                       dt_format="medium")
            interview.applicant_id.message_post(body=self.env._(
                "AI interview invitation sent; the link is valid until %(deadline)s (%(tz)s).",
                deadline=deadline, tz=interview._deadline_tz()))
            if not self._mail_server_configured():
                unsent_links.append(url)
        if unsent_links:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("No outgoing mail server"),
                    "message": self.env._(
                        "The invitation is waiting in the outgoing mail queue because no mail server is "
                        "configured. Send the candidate this personal link yourself: %(links)s",
                        links=" ".join(unsent_links)),
                    "sticky": True,
                    "type": "warning",
                },
            }
        return True

    @api.model
    def _mail_server_configured(self):
        smtp = tools.config.get("smtp_server")
        return bool(self.env["ir.mail_server"].sudo().search_count([]) or (smtp and smtp != "localhost"))

    def action_resend(self):
        return self.action_send()

    def action_extend(self):
        self.check_access("write")
        for interview in self.filtered(lambda i: i.state in ("sent", "in_progress", "expired")):
            base = max(interview.date_deadline or fields.Datetime.now(), fields.Datetime.now())
            interview.sudo().write({"date_deadline": base + timedelta(hours=interview.job_id.ai_deadline_hours),
                                    "state": "in_progress" if interview.date_started else "sent",
                                    "date_reminded": False, "expiry_handled": False})
        return True

    def action_cancel(self):
        """Stop the link and every analysis still queued for this interview (its answers and its report)."""
        self.check_access("write")
        for interview in self.sudo():
            if interview.state in ("done", "cancelled"):
                continue
            interview.write({"token_hash": False, "state": "cancelled"})
            self.env["hr.ai.analysis.job"].sudo().search(
                [("interview_id", "=", interview.id), ("state", "in", ("pending", "running"))])._cancel()
        return True

    # ------------------------------------------------------------------ candidate side
    def _get_invite_url(self, token):
        self.ensure_one()
        return f"{self.get_base_url()}/ai-interview/{token}"

    @api.model
    def _get_by_token(self, token):
        """The interview a candidate's token opens (sudo), or an empty recordset.

        Unknown, revoked, cancelled and expired links are indistinguishable to the caller.
        """
        if not token or len(token) < 40 or len(token) > 100:
            return self.browse()
        interview = self.sudo().search([("token_hash", "=", hash_token(token))], limit=1)
        return interview if interview and interview._candidate_can_open() else self.browse()

    def _candidate_can_open(self):
        self.ensure_one()
        if self.state in ("submitted", "done"):
            return True
        if self.state not in OPEN_STATES:
            return False
        if self._deadline_passed():
            self.sudo().state = "expired"
            return False
        return True

    def _candidate_is_open(self):
        self.ensure_one()
        return self.state in OPEN_STATES and not self._deadline_passed()

    def _deadline_passed(self):
        return bool(self.date_deadline and self.date_deadline < fields.Datetime.now())

    def _candidate_questions(self):
        self.ensure_one()
        return self.job_id.ai_question_ids.sorted(lambda q: (q.sequence, q.id))

    def _candidate_give_consent(self, kinds, notice_hash, ip=None, user_agent=None):
        self.ensure_one()
        if not self._candidate_is_open():
            raise UserError(self.env._("This interview is no longer open."))
        # the AI evaluation is optional (CN-4): without it, people review the answers and no AI runs
        delivery_ok = "ai_analysis" in kinds and self.job_id.ai_delivery_in_score
        kinds = [k for k in kinds if k != "delivery_cues" or delivery_ok]
        if "recording" not in kinds:
            raise UserError(self.env._("The recording consent is needed to record answers."))
        now = fields.Datetime.now()
        self.env["hr.ai.consent"].sudo().create([
            {"interview_id": self.id, "kind": kind, "given": True, "date": now, "notice_hash": notice_hash,
             "ip_address": (ip or "")[:64], "user_agent": (user_agent or "")[:256]}
            for kind in sorted(set(kinds))
        ])
        self.sudo().write({"state": "in_progress", "date_started": self.date_started or now,
                           "llm_judge_notified": self.company_id.hr_ai_llm_judge})

    def _candidate_has_consented(self):
        self.ensure_one()
        return "recording" in self.consent_ids.filtered("given").mapped("kind")

    def _max_upload_bytes(self):
        mb = int(self.env["ir.config_parameter"].sudo().get_param("hr_ai_interview.max_upload_mb", 200))
        return mb * 1024 * 1024

    def _candidate_save_answer(self, question, data, client_duration=0.0):
        """Store one recorded answer (bytes or a binary file object, streamed to the file store) as a
        private attachment and queue its analysis.

        Uploads of one interview are serialised on its row: of two simultaneous uploads for a question,
        the second is replayed after the first and becomes a retake, or is refused when none is left.
        """
        self.ensure_one()
        if not self._candidate_is_open() or not self._candidate_has_consented():
            raise UserError(self.env._("This interview is not open for answers."))
        if question not in self._candidate_questions():
            raise UserError(self.env._("This question is not part of the interview."))
        stream = io.BytesIO(data) if isinstance(data, bytes) else data
        head = stream.read(64)
        stream.seek(0)
        if not head:
            raise UserError(self.env._("The recording is empty."))
        max_bytes = self._max_upload_bytes()
        kind = sniff(head)
        if not kind:
            raise UploadRejected(
                self.env._("The file is not an audio or video recording (WebM, MP4 or Ogg)."), status=415)
        self.sudo().write({"date_last_upload": fields.Datetime.now()})
        self.env.flush_all()
        ext, mimetype = kind
        answer = self.answer_ids.filtered(lambda a: a.question_id == question)
        if answer and answer.retake_count >= self._retakes_allowed(question):
            raise UploadRejected(self.env._("This question is already answered and no retakes are left."),
                                 status=409)
        vals = {"mimetype": mimetype, "client_duration": max(0.0, min(float(client_duration or 0), 3600.0))}
        if answer:
            answer._reset_for_retake()
            answer.sudo().write(dict(vals, retake_count=answer.retake_count + 1))
        else:
            answer = self.env["hr.ai.answer"].sudo().create(dict(vals, interview_id=self.id, question_id=question.id))
        attachment = self.env["ir.attachment"].sudo()._hr_ai_create_streamed({
            "name": f"interview-{self.id}-q{question.id}-{answer.retake_count}.{ext}",
            "mimetype": mimetype,
            "res_model": "hr.ai.answer",
            "res_id": answer.id,
        }, stream, max_bytes)
        answer.sudo().write({"attachment_id": attachment.id, "file_size": attachment.file_size})
        if self.ai_opt_out:
            answer.sudo().write({"state": "human"})  # CN-4: reviewed by people, never queued for the AI
        else:
            answer._queue_analysis()
        if self.current_question_id == question:
            self.sudo().write({"date_answer_start": False})
        return answer

    def _candidate_submit(self):
        self.ensure_one()
        if not self._candidate_is_open():
            raise UserError(self.env._("This interview is no longer open."))
        if not self.answer_ids:
            raise UserError(self.env._("Please record at least one answer before submitting."))
        self.sudo().write({"state": "submitted", "date_submitted": fields.Datetime.now(),
                           "current_question_id": False, "date_question_start": False, "date_answer_start": False})
        hr_view = self.with_context(lang=self._hr_lang())
        hr_view.message_post(body=hr_view.env._("The candidate submitted the interview."))
        if self.ai_opt_out:
            self._queue_human_review()
        self._check_analysis_complete()

    def _queue_human_review(self):
        """CN-4: the candidate declined the AI evaluation; a person reviews the recordings."""
        self.ensure_one()
        hr_view = self.with_context(lang=self._hr_lang())
        hr_view.message_post(body=hr_view.env._(
            "The candidate declined the automated evaluation: review the recorded answers yourself. "
            "No AI analysis or report is made for this interview."))
        technical = self.env.ref("base.user_root") | self.env.ref("hr_ai_interview.user_ai_worker")
        # the recruiter, else whoever sent the invitation
        if recruiter := self._recruiter() or (self.create_uid - technical):
            hr_view.applicant_id.activity_schedule(
                "mail.mail_activity_data_todo", user_id=recruiter.id,
                summary=hr_view.env._("Review the interview answers (human review only)"))

    # ------------------------------------------------------------------ report
    def _ai_answer_finished(self):
        """An answer's analysis ended (done, insufficient, failed or cancelled).

        The interview row is updated first: when the last two answers finish in two transactions at
        once, the second waits for the first and is replayed (serialization failure), so it sees both
        answers finished and queues the one report.
        """
        self.sudo().write({"date_last_analysis": fields.Datetime.now()})
        self.env.flush_all()
        self._check_analysis_complete()

    def _check_analysis_complete(self):
        """Every answer analysed: queue the report (built by a worker, never inside Odoo)."""
        for interview in self.sudo().filtered(lambda i: i.state == "submitted" and not i.ai_opt_out):
            if not all(a.state in FINISHED_ANSWER_STATES for a in interview.answer_ids):
                continue
            if interview._ai_active_jobs("build_report"):
                continue
            interview._ai_queue_job("build_report", priority=20, interview_id=interview.id)

    def _ai_job_failed(self, job):
        self.message_post(body=self.env._("The AI report could not be built: %(error)s",
                                          error=job.last_error or ""))

    def _report_payload(self):
        """What the worker needs to write the report: findings and thresholds, no personal data."""
        self.ensure_one()
        answers = {a.question_id.id: a for a in self.answer_ids}
        rows = []
        for index, question in enumerate(self._candidate_questions(), start=1):
            answer = answers.get(question.id)
            result = (answer.result or {}) if answer else {}
            rows.append({
                "question_id": question.id,
                "index": index,
                "competency_ids": question.competency_ids.ids,
                "state": answer.state if answer else "missing",
                "score": answer.score if answer and answer.state == "done" else None,
                "breakdown": result.get("breakdown") or {},
                "result": {k: result.get(k) for k in ("key_points", "star", "content", "delivery", "transcript",
                                                       "insufficient_reason")},
            })
        return {
            "lang": self.lang,
            "advance_threshold": self.job_id.ai_advance_threshold,
            "delivery_in_score": self._delivery_may_count(),
            "competencies": [
                {"id": line.competency_id.id, "key": line.competency_id.code,
                 "name": line.competency_id.with_context(lang=self.mail_lang).name,
                 "threshold": line.threshold, "weight": line.weight}
                for line in self.job_id.ai_competency_ids
            ],
            "answers": rows,
        }

    def _delivery_may_count(self):
        """Only where the company's policy allows it and the candidate gave the separate consent."""
        self.ensure_one()
        return bool(self.job_id.ai_delivery_in_score
                    and "delivery_cues" in self.consent_ids.filtered("given").mapped("kind"))

    def _apply_report(self, report):
        self.ensure_one()
        self.competency_result_ids.sudo().unlink()
        self.env["hr.ai.interview.competency"].sudo().create([
            {"interview_id": self.id, "competency_id": line["id"], "score": line["score"] or 0.0,
             "has_score": line["score"] is not None, "threshold": line["threshold"], "passed": line["passed"],
             "answer_count": line["answers"]}
            for line in report["competencies"]
        ])
        versions = sorted({a.versions for a in self.answer_ids if a.versions})
        versions.append(", ".join(f"{k}={v}" for k, v in sorted(report["versions"].items())))
        self.sudo().write({
            "state": "done",
            "date_done": fields.Datetime.now(),
            "match_pct": report["match"] or 0.0,
            "recommendation": report["recommendation"],
            "report_findings": report["findings"],
            "versions": "; ".join(versions)[:1000],
        })
        self.with_context(lang=self._hr_lang())._notify_report_ready()

    def _hr_lang(self):
        """The language of what HR reads in the chatter when the system writes it (the worker's and the
        candidate's requests run in their own language): the company's, else the administrator's."""
        return self.env["hr.applicant"]._ai_company_lang(self.env.company)

    def _track_finalize(self):
        # state changes made by the worker or the candidate are tracked in HR's language
        return super(HrAiInterview, self.with_context(lang=self._hr_lang()))._track_finalize()

    def _deadline_tz(self):
        """The time zone deadlines are shown in: the company's, else the recruiter's, else China's."""
        self.ensure_one()
        return self.company_id.partner_id.tz or self.user_id.tz or self.job_id.user_id.tz or "Asia/Shanghai"

    def _recruiter(self):
        """Who reviews the report: the applicant's recruiter, else the job's; never a technical user."""
        self.ensure_one()
        technical = self.env.ref("base.user_root") | self.env.ref("hr_ai_interview.user_ai_worker")
        return (self.applicant_id.user_id | self.job_id.user_id).filtered(lambda u: u not in technical)[:1]

    def _mail_sender(self):
        """The invitation comes from the recruiter (never a technical user such as OdooBot), else the company."""
        self.ensure_one()
        recruiter = self._recruiter().filtered("email")
        return recruiter.email_formatted if recruiter else self.company_id.email_formatted

    def _notify_report_ready(self):
        self.ensure_one()
        recommendation = dict(self._fields["recommendation"]._description_selection(self.env))[self.recommendation]
        if self.recommendation == "review":
            body = self.env._("AI interview report ready: needs human review.")
        else:
            body = self.env._("AI interview report ready: match %(match)s%%, recommendation: %(rec)s.",
                              match=round(self.match_pct), rec=recommendation)
        self.applicant_id.message_post(body=body)
        if recruiter := self._recruiter():
            self.applicant_id.activity_schedule(
                "mail.mail_activity_data_todo", user_id=recruiter.id,
                summary=self.env._("Review the AI interview report"))

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_expire(self):
        now = fields.Datetime.now()
        expired = self.search([("state", "in", OPEN_STATES), ("date_deadline", "<", now)])
        expired.write({"state": "expired"})
        # also those a candidate found expired on opening the link; not older ones (before this step existed)
        self.search([("state", "=", "expired"), ("expiry_handled", "=", False),
                     ("date_deadline", ">=", now - timedelta(days=7))])._ai_handle_expiry()
        return True

    def _ai_handle_expiry(self):
        """Stage automation: the job says what happens to the applicant of an expired invitation."""
        tag = self.env.ref("hr_ai_interview.applicant_category_ai_expired", raise_if_not_found=False)
        for interview in self.sudo():
            interview.expiry_handled = True
            applicant, job = interview.applicant_id, interview.job_id
            if not applicant.active or applicant.ai_interview_id != interview:
                continue
            if job.ai_expiry_action == "flag":
                if tag:
                    applicant.categ_ids = [(4, tag.id)]
                recruiter = interview._recruiter()
                if recruiter:
                    applicant.activity_schedule(
                        "mail.mail_activity_data_todo", user_id=recruiter.id,
                        summary=self.env._("AI interview expired"),
                        note=self.env._("The candidate did not finish the AI interview before the deadline: extend "
                                        "it, send it again or decide on the application."))
                applicant.message_post(body=self.env._(
                    "Automatic step: the AI interview invitation expired; the application is flagged for the "
                    "recruiter."))
            elif job.ai_expiry_action == "stage" and job.ai_expiry_stage_id \
                    and applicant.stage_id != job.ai_expiry_stage_id:
                applicant.stage_id = job.ai_expiry_stage_id
                applicant.message_post(body=self.env._(
                    "Automatic step: the AI interview invitation expired; the application moved back to "
                    "%(stage)s.", stage=job.ai_expiry_stage_id.name))

    @api.model
    def _cron_remind(self):
        """One reminder per invitation, the company's number of hours before its deadline."""
        now = fields.Datetime.now()
        template = self.env.ref("hr_ai_interview.mail_template_ai_interview_reminder")
        for interview in self.search([("state", "in", OPEN_STATES), ("date_reminded", "=", False),
                                      ("date_deadline", ">", now)]):
            company = interview.company_id or self.env.company
            if not company.hr_ai_reminder or not interview.email_from:
                continue
            if interview.date_deadline > now + timedelta(hours=company.hr_ai_reminder_hours):
                continue
            interview.date_reminded = now
            template.send_mail(interview.id, email_layout_xmlid="mail.mail_notification_light")
            deadline = format_datetime(self.env, interview.date_deadline, tz=interview._deadline_tz(),
                                       dt_format="medium")
            sms = company.hr_ai_reminder_sms and interview._ai_send_reminder_sms(deadline)
            if sms:
                body = self.env._("Automatic step: reminder sent to the candidate by mail and SMS (deadline "
                                  "%(deadline)s).", deadline=deadline)
            else:
                body = self.env._("Automatic step: reminder sent to the candidate by mail (deadline "
                                  "%(deadline)s).", deadline=deadline)
            interview.applicant_id.message_post(body=body)
        return True

    def _ai_send_reminder_sms(self, deadline):
        """SMS through Odoo's SMS module when it is installed (no dependency on it); True if one was queued."""
        self.ensure_one()
        applicant = self.applicant_id
        if "sms.sms" not in self.env or not applicant.partner_phone or not hasattr(applicant, "_message_sms"):
            return False
        body = self.with_context(lang=self.mail_lang).env._(
            "%(company)s: your AI interview for %(job)s closes at %(deadline)s. Please use the link in our mail.",
            company=self.company_id.name, job=self.job_id.with_context(lang=self.mail_lang).name, deadline=deadline)
        applicant._message_sms(body, partner_ids=applicant.partner_id.ids, sms_numbers=[applicant.partner_phone])
        return True

    @api.model
    def _cron_heal_submitted(self):
        """Interviews stuck in "submitted": answers whose analysis was lost are queued again, and a report
        is queued when every answer is finished and none is on its way."""
        Job = self.env["hr.ai.analysis.job"]
        for interview in self.search([("state", "=", "submitted"), ("ai_opt_out", "=", False)]):
            for answer in interview.answer_ids.filtered(lambda a: a.state == "uploaded"):
                if not answer.ai_job_ids.filtered(lambda j: j.state in ("pending", "running", "failed")):
                    answer._queue_analysis()
            last = Job.search([("res_model", "=", self._name), ("res_id", "=", interview.id),
                               ("kind", "=", "build_report")], limit=1)
            if last.state != "failed":
                interview._check_analysis_complete()
        return True

    # ------------------------------------------------------------------ retention
    def _retention_days(self, category):
        default = {"recordings": 180, "transcripts": 365, "reports": 365}[category]
        value = self.env["ir.config_parameter"].sudo().get_param(f"hr_ai_interview.retention_days_{category}")
        try:
            return int(value) if value not in (None, False, "") else default
        except ValueError:
            return default

    @api.model
    def _cron_apply_retention(self):
        """Delete recordings, transcripts and reports of applicants not hired once their retention period
        (``hr_ai_interview.retention_days_<category>``; 0 keeps them) has passed; log what was done."""
        now = fields.Datetime.now()
        done = {"recordings": 0, "transcripts": 0, "reports": 0}
        for category in done:
            days = self._retention_days(category)
            if days <= 0:
                continue
            cutoff = now - timedelta(days=days)
            interviews = self.search([
                ("state", "in", ("submitted", "done", "expired", "cancelled")),
                "|", ("date_submitted", "<", cutoff), "&", ("date_submitted", "=", False), ("create_date", "<", cutoff),
            ])
            interviews = interviews.filtered(lambda i: i.applicant_id.application_status != "hired")
            for interview in interviews:
                if interview._retention_purge(category):
                    done[category] += 1
                    interview.message_post(body=self.env._(
                        "Retention: %(what)s deleted after %(days)s days.",
                        what=interview._retention_label(category), days=days))
        _logger.info("AI interview retention: %s", done)
        return done

    def _retention_label(self, category):
        return {"recordings": self.env._("recordings"), "transcripts": self.env._("transcripts"),
                "reports": self.env._("the AI report")}[category]

    def _retention_purge(self, category):
        """Remove one category of data from this interview; True if anything was removed."""
        self.ensure_one()
        answers = self.sudo().answer_ids
        if category == "recordings":
            attachments = answers.attachment_id
            if not attachments:
                return False
            answers.write({"attachment_id": False})
            attachments.unlink()
            return True
        if category == "transcripts":
            answers = answers.filtered("transcript")
            if not answers:
                return False
            answers.write({"transcript": False, "result": False})
            return True
        if not (self.report_findings or self.competency_result_ids):
            return False
        self.competency_result_ids.sudo().unlink()
        self.sudo().write({"report_findings": False})
        return True
