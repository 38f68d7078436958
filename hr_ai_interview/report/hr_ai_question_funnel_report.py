# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class HrAiQuestionFunnelReport(models.Model):
    """Completion and drop-off per question: one row per question of each started AI interview (the funnel's
    interviews: the latest invitation of each application), answered or not."""

    _name = "hr.ai.question.funnel.report"
    _description = "AI Interview Drop-off per Question"
    _auto = False
    _rec_name = "question_id"
    _order = "date_invited desc, id"
    _depends = {
        "hr.ai.interview": ["applicant_id", "job_id", "company_id", "state", "date_sent", "date_started",
                            "date_submitted", "current_question_id"],
        "hr.ai.answer": ["interview_id", "question_id"],
        "hr.ai.question": ["job_id", "sequence", "name"],
        "hr.applicant": ["department_id", "company_id", "user_id"],
    }

    interview_id = fields.Many2one("hr.ai.interview", "AI interview", readonly=True)
    applicant_id = fields.Many2one("hr.applicant", readonly=True)
    question_id = fields.Many2one("hr.ai.question", "Question (full text)", readonly=True)
    question_label = fields.Char(
        "Question", readonly=True, help="The question's number in the job's interview and its first words.")
    question_number = fields.Integer(
        "Question no.", readonly=True, aggregator=None, help="The question's place in the job's interview.")
    job_id = fields.Many2one("hr.job", "Job Position", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", "Recruiter", readonly=True)
    date_invited = fields.Datetime("Invited on", readonly=True)
    reached_count = fields.Integer(
        "Reached", readonly=True,
        help="The candidate got to this question: it was shown, it or a later question was answered, or the "
             "interview was submitted (counted on the job's current questions).")
    answered_count = fields.Integer("Answered", readonly=True, help="A recorded answer to this question was kept.")
    dropped_count = fields.Integer(
        "Dropped", readonly=True,
        help="The candidate reached this question but did not answer it, and the interview is over (submitted, "
             "expired or cancelled): a candidate still in the middle of the interview may yet answer.")
    drop_off_rate = fields.Float(
        "Drop-off (%)", readonly=True, aggregator="avg",
        help="Share of the candidates who reached this question and did not answer it (among those who answered "
             "it or dropped it; candidates still in the middle of the interview are left out).")

    def _query(self):
        return SQL("""
            WITH funnel_interview AS (%(interviews)s),
            question AS (
                SELECT q.id,
                       q.job_id,
                       ROW_NUMBER() OVER (PARTITION BY q.job_id ORDER BY q.sequence, q.id) AS position,
                       REGEXP_REPLACE(q.name, '[[:space:]]+', ' ', 'g') AS text
                  FROM hr_ai_question q
            ),
            progress AS (
                SELECT i.id AS interview_id,
                       GREATEST(COALESCE(MAX(qa.position), 0), COALESCE(MAX(qc.position), 0)) AS furthest
                  FROM funnel_interview i
             LEFT JOIN hr_ai_answer an ON an.interview_id = i.id
             LEFT JOIN question qa ON qa.id = an.question_id
             LEFT JOIN question qc ON qc.id = i.current_question_id
                 WHERE i.date_started IS NOT NULL
              GROUP BY i.id
            ),
            line AS (
                SELECT i.id AS interview_id,
                       i.applicant_id,
                       q.id AS question_id,
                       q.position,
                       q.position || '. ' || CASE WHEN CHAR_LENGTH(q.text) > 30 THEN LEFT(q.text, 30) || '…'
                                                  ELSE q.text END AS question_label,
                       i.job_id,
                       a.department_id,
                       COALESCE(i.company_id, a.company_id) AS company_id,
                       a.user_id,
                       i.date_sent AS date_invited,
                       an.id IS NOT NULL AS answered,
                       an.id IS NOT NULL OR i.date_submitted IS NOT NULL OR q.position <= p.furthest AS reached,
                       i.state IN ('sent', 'in_progress') AS still_open
                  FROM funnel_interview i
                  JOIN progress p ON p.interview_id = i.id
                  JOIN hr_applicant a ON a.id = i.applicant_id
                  JOIN question q ON q.job_id = i.job_id
             LEFT JOIN hr_ai_answer an ON an.interview_id = i.id AND an.question_id = q.id
            )
            SELECT ROW_NUMBER() OVER (ORDER BY l.interview_id, l.position) AS id,
                   l.interview_id,
                   l.applicant_id,
                   l.question_id,
                   l.position AS question_number,
                   l.question_label,
                   l.job_id,
                   l.department_id,
                   l.company_id,
                   l.user_id,
                   l.date_invited,
                   l.reached::int AS reached_count,
                   l.answered::int AS answered_count,
                   (l.reached AND NOT l.answered AND NOT l.still_open)::int AS dropped_count,
                   CASE WHEN l.answered THEN 0.0
                        WHEN NOT l.reached OR l.still_open THEN NULL
                        ELSE 100.0 END::float AS drop_off_rate
              FROM line l
        """, interviews=self.env["hr.ai.funnel.report"]._funnel_interviews_sql())

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
