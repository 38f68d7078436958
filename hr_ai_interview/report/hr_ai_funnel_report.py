# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.hr_ai_interview import INTERVIEW_STATES

# what the funnel reads: flushed before its views are read
FUNNEL_DEPENDS = {
    "hr.ai.interview": ["applicant_id", "job_id", "company_id", "state", "recommendation", "ai_opt_out",
                        "date_sent", "date_started", "date_submitted", "date_done"],
    "hr.applicant": ["department_id", "company_id", "user_id", "create_date", "date_closed", "refuse_reason_id",
                     "refuse_date"],
    "hr.ai.decision": ["applicant_id", "date", "decision"],
    "res.company": ["currency_id", "hr_ai_onsite_cost", "hr_ai_onsite_minutes"],
}


class HrAiFunnelReport(models.Model):
    """The AI interview funnel: one row per application invited to an AI interview (its latest invitation),
    with 0/1 measures per funnel stage that add up per job, department and period, the times from the
    application to the report and to the first decision, and the on-site interviews the AI interview avoided."""

    _name = "hr.ai.funnel.report"
    _description = "AI Interview Funnel Analysis"
    _auto = False
    _rec_name = "applicant_id"
    _order = "date_invited desc, id desc"
    _depends = FUNNEL_DEPENDS

    interview_id = fields.Many2one("hr.ai.interview", "AI interview", readonly=True)
    applicant_id = fields.Many2one("hr.applicant", readonly=True)
    job_id = fields.Many2one("hr.job", "Job Position", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", "Recruiter", readonly=True)
    state = fields.Selection(INTERVIEW_STATES, string="AI interview status", readonly=True)
    recommendation = fields.Selection(
        [("advance", "Advance to HR interview"), ("hold", "Hold"), ("review", "Needs human review")],
        string="AI recommendation", readonly=True)
    ai_opt_out = fields.Boolean("Human review only", readonly=True)
    date_applied = fields.Datetime("Applied on", readonly=True, help="When the application was created.")
    date_invited = fields.Datetime(
        "Invited on", readonly=True, help="When the AI interview link was last sent to the candidate.")
    date_report = fields.Datetime("Report on", readonly=True, help="When the AI report was ready.")
    date_decision = fields.Datetime(
        "First decision on", readonly=True,
        help="When a person first advanced, refused or hired the applicant (logged decision, Odoo's Refuse or the "
             "hired stage).")

    invited_count = fields.Integer(
        "Invited", readonly=True,
        help="Applications invited to an AI interview (each application counts once, with its latest invitation).")
    started_count = fields.Integer(
        "Started", readonly=True, help="The candidate opened the link and agreed to the recording.")
    completed_count = fields.Integer(
        "Completed", readonly=True, help="The candidate submitted the recorded answers.")
    analysed_count = fields.Integer(
        "Analysed", readonly=True,
        help="The AI report is ready. Candidates who declined the automated evaluation are completed but never "
             "analysed: people review their answers.")
    advanced_count = fields.Integer(
        "Advanced", readonly=True,
        help="A person advanced the application (an 'Advance' in the decision log), or the applicant was hired.")
    hired_count = fields.Integer("Hired", readonly=True, help="The application reached a hired stage.")
    refused_count = fields.Integer(
        "Refused", readonly=True,
        help="The application was refused, with a logged decision or Odoo's Refuse button, at any point.")
    onsite_avoided_count = fields.Integer(
        "On-site interviews avoided", readonly=True,
        help="The candidate completed the AI interview and was then refused without ever being advanced: without "
             "the AI interview they would have come for an on-site first-round interview to be screened out. "
             "Candidates still waiting for a decision do not count yet.")
    completion_rate = fields.Float(
        "Completion rate (%)", readonly=True, aggregator="avg",
        help="Share of the invited candidates who submitted their answers.")
    hours_to_report = fields.Float(
        "Hours to report", readonly=True, aggregator="avg",
        help="Hours from the application to the AI report (applications with a report only).")
    hours_to_decision = fields.Float(
        "Hours to decision", readonly=True, aggregator="avg",
        help="Hours from the application to the first decision: advanced, refused or hired (applications with a "
             "decision only).")
    hr_hours_saved = fields.Float(
        "HR hours saved", readonly=True,
        help="On-site interviews avoided × the HR minutes per on-site interview (Recruitment settings), in hours.")
    cost_saved = fields.Monetary(
        "Cost saved", readonly=True,
        help="On-site interviews avoided × the cost of an on-site interview (Recruitment settings), in the "
             "company's currency. It includes the interviewers' time: do not add it to the HR hours saved.")

    @api.model
    def _funnel_interviews_sql(self):
        """The interviews the funnel counts: the latest invitation of each application that was sent at least
        once (a link sent again keeps its interview; an application invited again after an expiry counts once)."""
        return SQL("""
            SELECT DISTINCT ON (i.applicant_id) i.*
              FROM hr_ai_interview i
             WHERE i.date_sent IS NOT NULL
          ORDER BY i.applicant_id, i.id DESC
        """)

    def _query(self):
        return SQL("""
            WITH funnel_interview AS (%(interviews)s),
            decision AS (
                SELECT d.applicant_id,
                       MIN(d.date) AS date_first,
                       BOOL_OR(d.decision = 'advance') AS advanced,
                       BOOL_OR(d.decision = 'refuse') AS refused
                  FROM hr_ai_decision d
              GROUP BY d.applicant_id
            ),
            stage AS (
                SELECT i.id,
                       i.applicant_id,
                       i.job_id,
                       a.department_id,
                       COALESCE(i.company_id, a.company_id) AS company_id,
                       a.user_id,
                       i.state,
                       i.recommendation,
                       COALESCE(i.ai_opt_out, FALSE) AS ai_opt_out,
                       a.create_date AS date_applied,
                       i.date_sent AS date_invited,
                       i.date_done AS date_report,
                       LEAST(d.date_first, a.refuse_date, a.date_closed) AS date_decision,
                       i.date_started IS NOT NULL AS started,
                       i.date_submitted IS NOT NULL AS completed,
                       i.date_done IS NOT NULL AS analysed,
                       COALESCE(d.advanced, FALSE) OR a.date_closed IS NOT NULL AS advanced,
                       a.date_closed IS NOT NULL AS hired,
                       COALESCE(d.refused, FALSE) OR a.refuse_reason_id IS NOT NULL AS refused
                  FROM funnel_interview i
                  JOIN hr_applicant a ON a.id = i.applicant_id
             LEFT JOIN decision d ON d.applicant_id = i.applicant_id
            )
            SELECT s.id,
                   s.id AS interview_id,
                   s.applicant_id,
                   s.job_id,
                   s.department_id,
                   s.company_id,
                   c.currency_id,
                   s.user_id,
                   s.state,
                   s.recommendation,
                   s.ai_opt_out,
                   s.date_applied,
                   s.date_invited,
                   s.date_report,
                   s.date_decision,
                   1 AS invited_count,
                   s.started::int AS started_count,
                   s.completed::int AS completed_count,
                   s.analysed::int AS analysed_count,
                   s.advanced::int AS advanced_count,
                   s.hired::int AS hired_count,
                   s.refused::int AS refused_count,
                   (s.completed AND s.refused AND NOT s.advanced)::int AS onsite_avoided_count,
                   CASE WHEN s.completed THEN 100.0 ELSE 0.0 END::float AS completion_rate,
                   -- NULL without a report (or decision): such rows stay out of the average
                   (EXTRACT(EPOCH FROM s.date_report - s.date_applied) / 3600.0)::float
                       AS hours_to_report,
                   (EXTRACT(EPOCH FROM s.date_decision - s.date_applied) / 3600.0)::float
                       AS hours_to_decision,
                   CASE WHEN s.completed AND s.refused AND NOT s.advanced
                        THEN COALESCE(c.hr_ai_onsite_minutes, 0) / 60.0 ELSE 0.0 END::float AS hr_hours_saved,
                   CASE WHEN s.completed AND s.refused AND NOT s.advanced
                        THEN COALESCE(c.hr_ai_onsite_cost, 0.0) ELSE 0.0 END AS cost_saved
              FROM stage s
         LEFT JOIN res_company c ON c.id = s.company_id
        """, interviews=self._funnel_interviews_sql())

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
