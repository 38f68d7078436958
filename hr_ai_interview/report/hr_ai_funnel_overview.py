# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import statistics
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import date_utils
from odoo.tools.misc import format_date

STAGES = ("invited", "started", "completed", "analysed", "advanced", "hired")


class HrAiFunnelOverview(models.TransientModel):
    """The screen a manager opens first: the AI interview funnel of the candidates invited in a period (for
    one job or department, or all), its times and what it saved, with the charts one click away.

    Figures come from the funnel analysis (``hr.ai.funnel.report``) read with the user's rights: an
    interviewer sees the jobs they interview for only."""

    _name = "hr.ai.funnel.overview"
    _description = "AI Interview Funnel Overview"

    period = fields.Selection(
        [("month", "This month"), ("last_30", "Last 30 days"), ("last_90", "Last 90 days"),
         ("quarter", "This quarter"), ("year", "This year"), ("custom", "Custom")],
        default="last_90", required=True,
        help="Candidates invited in this period, and what became of them since.")
    date_from = fields.Date(
        "Invited from", compute="_compute_dates", store=True, readonly=False, required=True, precompute=True)
    date_to = fields.Date(
        "Invited until", compute="_compute_dates", store=True, readonly=False, required=True, precompute=True)
    job_id = fields.Many2one("hr.job", "Job Position", domain=[("ai_interview_enabled", "=", True)])
    department_id = fields.Many2one("hr.department")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    onsite_cost = fields.Monetary(
        "Cost per on-site interview", default=lambda self: self.env.company.hr_ai_onsite_cost,
        help="From the Recruitment settings.")
    onsite_minutes = fields.Integer(
        "HR minutes per on-site interview", default=lambda self: self.env.company.hr_ai_onsite_minutes,
        help="From the Recruitment settings.")

    invited_count = fields.Integer("Invited", compute="_compute_kpis")
    started_count = fields.Integer("Started", compute="_compute_kpis")
    completed_count = fields.Integer("Completed", compute="_compute_kpis")
    analysed_count = fields.Integer("Analysed", compute="_compute_kpis")
    advanced_count = fields.Integer("Advanced", compute="_compute_kpis")
    hired_count = fields.Integer("Hired", compute="_compute_kpis")
    started_rate = fields.Float("Started (%)", compute="_compute_kpis")
    completed_rate = fields.Float("Completed (%)", compute="_compute_kpis")
    analysed_rate = fields.Float("Analysed (%)", compute="_compute_kpis")
    advanced_rate = fields.Float("Advanced (%)", compute="_compute_kpis")
    hired_rate = fields.Float("Hired (%)", compute="_compute_kpis")
    completion_rate = fields.Float(
        "Completion rate (%)", compute="_compute_kpis", digits=(16, 1),
        help="Share of the invited candidates who submitted their answers.")
    avg_hours_to_report = fields.Float("Average hours to report", compute="_compute_kpis", digits=(16, 1))
    median_hours_to_report = fields.Float(
        "Median hours to report", compute="_compute_kpis", digits=(16, 1),
        help="Hours from the application to the AI report: half of the reports came faster than this.")
    avg_hours_to_decision = fields.Float("Average hours to decision", compute="_compute_kpis", digits=(16, 1))
    median_hours_to_decision = fields.Float(
        "Median hours to decision", compute="_compute_kpis", digits=(16, 1),
        help="Hours from the application to the first decision (advanced, refused or hired): half of the decisions "
             "came faster than this.")
    onsite_avoided_count = fields.Integer(
        "On-site interviews avoided", compute="_compute_kpis",
        help="Candidates who completed the AI interview and were then refused without ever being advanced.")
    hr_hours_saved = fields.Float(
        "HR hours saved", compute="_compute_kpis", digits=(16, 1),
        help="On-site interviews avoided × the HR minutes per on-site interview.")
    cost_saved = fields.Monetary(
        "Money saved", compute="_compute_kpis",
        help="On-site interviews avoided × the cost per on-site interview (it includes the interviewers' time).")
    drop_off_question_id = fields.Many2one(
        "hr.ai.question", "Highest drop-off", compute="_compute_kpis",
        help="The question the most candidates reached and left unanswered (as a share of those who reached it).")
    drop_off_question_number = fields.Integer("Question no.", compute="_compute_kpis")
    drop_off_rate = fields.Float("Drop-off (%)", compute="_compute_kpis", digits=(16, 1))
    job_summary_html = fields.Html("By job", compute="_compute_kpis", sanitize=True)

    def _compute_display_name(self):
        self.display_name = self.env._("AI Interview Overview")

    @api.depends("period")
    def _compute_dates(self):
        today = fields.Date.context_today(self)
        starts = {
            "month": date_utils.start_of(today, "month"),
            "last_30": today - timedelta(days=29),
            "last_90": today - timedelta(days=89),
            "quarter": date_utils.start_of(today, "quarter"),
            "year": date_utils.start_of(today, "year"),
        }
        for overview in self:
            if overview.period == "custom" and overview.date_from and overview.date_to:
                continue
            overview.date_from = starts.get(overview.period, starts["last_90"])
            overview.date_to = today

    @api.depends("date_from", "date_to", "job_id", "department_id")
    def _compute_kpis(self):
        Report = self.env["hr.ai.funnel.report"]
        aggregates = [f"{stage}_count:sum" for stage in STAGES] + [
            "onsite_avoided_count:sum", "hr_hours_saved:sum", "cost_saved:sum",
            "hours_to_report:avg", "hours_to_decision:avg"]
        for overview in self:
            domain = overview._report_domain()
            values = dict(zip(aggregates, Report._read_group(domain, aggregates=aggregates)[0], strict=True))
            invited = values["invited_count:sum"] or 0
            for stage in STAGES:
                count = values[f"{stage}_count:sum"] or 0
                overview[f"{stage}_count"] = count
                if stage != "invited":
                    overview[f"{stage}_rate"] = 100.0 * count / invited if invited else 0.0
            overview.completion_rate = overview.completed_rate
            overview.avg_hours_to_report = values["hours_to_report:avg"] or 0.0
            overview.avg_hours_to_decision = values["hours_to_decision:avg"] or 0.0
            overview.median_hours_to_report = overview._median(domain, "date_report", "hours_to_report")
            overview.median_hours_to_decision = overview._median(domain, "date_decision", "hours_to_decision")
            overview.onsite_avoided_count = values["onsite_avoided_count:sum"] or 0
            overview.hr_hours_saved = values["hr_hours_saved:sum"] or 0.0
            overview.cost_saved = values["cost_saved:sum"] or 0.0
            question, number, rate = overview._top_drop_off(domain)
            overview.drop_off_question_id = question
            overview.drop_off_question_number = number
            overview.drop_off_rate = rate
            overview.job_summary_html = overview._render_job_summary(domain) if invited else False

    def _report_domain(self):
        """Rows of the funnel (and per-question) analysis this screen counts: invited in the period (the user's
        days), of the chosen job and department."""
        self.ensure_one()
        if not self.date_from or not self.date_to:
            return [("id", "=", 0)]
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return fields.Datetime.to_string(local.astimezone(pytz.utc).replace(tzinfo=None))

        domain = [("date_invited", ">=", utc(self.date_from)),
                  ("date_invited", "<", utc(self.date_to + timedelta(days=1)))]
        if self.job_id:
            domain.append(("job_id", "=", self.job_id.id))
        if self.department_id:
            domain.append(("department_id", "child_of", self.department_id.id))
        return domain

    def _median(self, domain, date_field, hours_field):
        rows = self.env["hr.ai.funnel.report"].search_fetch(domain + [(date_field, "!=", False)], [hours_field])
        values = rows.mapped(hours_field)
        return statistics.median(values) if values else 0.0

    def _top_drop_off(self, domain):
        """(question, its number, drop-off %) of the question most left unanswered, or (no question, 0, 0)."""
        groups = self.env["hr.ai.question.funnel.report"]._read_group(
            domain + [("reached_count", "=", 1)], groupby=["question_id"],
            aggregates=["question_number:max", "reached_count:sum", "dropped_count:sum"])
        best = max(((dropped / reached, dropped, question, number)
                    for question, number, reached, dropped in groups if reached and dropped),
                   key=lambda row: row[:2], default=None)
        if not best:
            return self.env["hr.ai.question"], 0, 0.0
        return best[2], best[3], 100.0 * best[0]

    def _render_job_summary(self, domain):
        aggregates = [f"{stage}_count:sum" for stage in STAGES] + ["onsite_avoided_count:sum", "cost_saved:sum"]
        rows = []
        for job, *values in self.env["hr.ai.funnel.report"]._read_group(
                domain, groupby=["job_id"], aggregates=aggregates, order="invited_count:sum desc"):
            row = dict(zip(aggregates, values, strict=True))
            rows.append({"job": job, "row": row,
                         "completion": 100.0 * row["completed_count:sum"] / row["invited_count:sum"]})
        return self.env["ir.qweb"]._render("hr_ai_interview.funnel_overview_jobs", {
            "rows": rows, "currency": self.currency_id,
        })

    # ------------------------------------------------------------------ actions
    @api.model
    def action_open_overview(self):
        """The menu's entry: the overview of the default period, saved so that the screen opens under its title."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("AI Interview Overview"),
            "res_model": self._name,
            "res_id": self.create({}).id,
            "views": [(False, "form")],
            "target": "current",
        }

    def _period_label(self):
        """The period, job and department the screen shows, for the titles of the views it opens."""
        self.ensure_one()
        period = self.env._("%(start)s – %(end)s", start=format_date(self.env, self.date_from),
                            end=format_date(self.env, self.date_to))
        comma = "、" if (self.env.lang or "").startswith("zh") else ", "
        return comma.join([period] + [record.display_name for record in (self.job_id, self.department_id) if record])

    def _open(self, xmlid, first_view=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = self._report_domain()
        action["display_name"] = self.env._("%(name)s (%(period)s)", name=action["name"], period=self._period_label())
        if first_view:
            action["views"] = sorted(action["views"], key=lambda view: view[1] != first_view)
        return action

    def action_open_funnel_graph(self):
        return self._open("hr_ai_interview.hr_ai_funnel_stage_report_action")

    def action_open_funnel_pivot(self):
        return self._open("hr_ai_interview.hr_ai_funnel_report_action", "pivot")

    def action_open_questions(self):
        return self._open("hr_ai_interview.hr_ai_question_funnel_report_action")

    def action_open_interviews(self):
        self.ensure_one()
        rows = self.env["hr.ai.funnel.report"].search(self._report_domain())
        action = self.env["ir.actions.act_window"]._for_xml_id("hr_ai_interview.hr_ai_interview_action")
        action["domain"] = [("id", "in", rows.interview_id.ids)]
        action["context"] = {"create": False}
        action["display_name"] = self.env._("AI interviews (%(period)s)", period=self._period_label())
        return action
