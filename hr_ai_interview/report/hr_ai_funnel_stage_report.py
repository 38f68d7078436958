# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .hr_ai_funnel_report import FUNNEL_DEPENDS

# the keys sort in funnel order: charts group by them in that order
FUNNEL_STAGES = [
    ("1_invited", "Invited"),
    ("2_started", "Started"),
    ("3_completed", "Completed"),
    ("4_analysed", "Analysed"),
    ("5_advanced", "Advanced"),
    ("6_hired", "Hired"),
]


class HrAiFunnelStageReport(models.Model):
    """The funnel as a chart: one row per application of the funnel analysis and per stage it reached, so that
    a bar chart shows invited → started → completed → analysed → advanced → hired side by side (a graph view
    shows one measure at a time)."""

    _name = "hr.ai.funnel.stage.report"
    _description = "AI Interview Funnel Stages"
    _auto = False
    _rec_name = "stage"
    _order = "date_invited desc, id"
    _depends = FUNNEL_DEPENDS

    stage = fields.Selection(FUNNEL_STAGES, readonly=True, help="A stage of the funnel the application reached.")
    interview_id = fields.Many2one("hr.ai.interview", "AI interview", readonly=True)
    applicant_id = fields.Many2one("hr.applicant", readonly=True)
    job_id = fields.Many2one("hr.job", "Job Position", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", "Recruiter", readonly=True)
    date_applied = fields.Datetime("Applied on", readonly=True)
    date_invited = fields.Datetime("Invited on", readonly=True)
    candidate_count = fields.Integer("Candidates", readonly=True)


    def _query(self):
        stages = SQL(", ").join(
            SQL("(%s, %s, f.%s)", position, key, SQL.identifier(f"{key.split('_', 1)[1]}_count"))
            for position, (key, _label) in enumerate(FUNNEL_STAGES, start=1)
        )
        return SQL("""
            WITH funnel AS (%(funnel)s)
            SELECT f.id * 10 + st.position AS id,
                   st.stage,
                   f.interview_id,
                   f.applicant_id,
                   f.job_id,
                   f.department_id,
                   f.company_id,
                   f.user_id,
                   f.date_applied,
                   f.date_invited,
                   1 AS candidate_count
              FROM funnel f
        CROSS JOIN LATERAL (VALUES %(stages)s) AS st(position, stage, reached)
             WHERE st.reached = 1
        """, funnel=self.env["hr.ai.funnel.report"]._query(), stages=stages)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
