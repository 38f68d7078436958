# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from .common import WEBM_BYTES
from .test_decision import DecisionCase

STAGES = ("invited", "started", "completed", "analysed", "advanced", "hired")


@tagged("post_install", "-at_install")
class TestFunnelReport(DecisionCase):
    """Two jobs, six applications, all applied five days ago:

    Sales (interviewer: ``interviewer``), questions q1, q2
      A  report after 26 h, advanced after 50 h, hired after 70 h
      B  report after 10 h, refused after 12 h (logged decision)             -> on-site interview avoided
      C  answered q1, was shown q2, never submitted (expired)                -> drop-off at q2
      D  invited 40 days ago, never started
    Support (interviewer: ``other_interviewer``), questions q3, q4
      E  consented and was shown q3, no answer (expired)                     -> drop-off at q3
      F  answered q3 only and submitted; refused with Odoo's Refuse button   -> drop-off at q4, avoided
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # the test's jobs under one department: the database may hold other (demo) interviews
        cls.dep_root = env["hr.department"].create({"name": "Funnel test"})
        cls.dep_sales = env["hr.department"].create({"name": "Sales (funnel test)", "parent_id": cls.dep_root.id})
        cls.dep_support = env["hr.department"].create({"name": "Support (funnel test)", "parent_id": cls.dep_root.id})
        cls.job.department_id = cls.dep_sales
        cls.applicant.department_id = cls.dep_sales  # created before the job had a department
        cls.job2 = env["hr.job"].create({
            "name": "Test Support Job", "department_id": cls.dep_support.id, "ai_interview_enabled": True,
            "ai_interview_lang": "en", "ai_deadline_hours": 24,
            "interviewer_ids": [(6, 0, cls.other_interviewer.ids)],
            "ai_competency_ids": [(0, 0, {"competency_id": cls.comp_cust.id, "threshold": 60})],
        })
        cls.q3, cls.q4 = env["hr.ai.question"].create([
            {"job_id": cls.job2.id, "sequence": 1, "name": "How do you calm a caller?",
             "competency_ids": [(6, 0, cls.comp_cust.ids)]},
            {"job_id": cls.job2.id, "sequence": 2, "name": "A ticket you escalated?",
             "competency_ids": [(6, 0, cls.comp_cust.ids)]},
        ])
        cls.hired_stage = env["hr.recruitment.stage"].search([("hired_stage", "=", True)], limit=1)
        cls.env.company.write({"hr_ai_onsite_cost": 500.0, "hr_ai_onsite_minutes": 45})

    def new_applicant(self, name, job):
        candidate = self.env["hr.candidate"].create({"partner_name": name, "email_from": f"{name}@example.com"})
        return self.env["hr.applicant"].create({"candidate_id": candidate.id, "job_id": job.id})

    def setUp(self):
        super().setUp()
        self.t0 = fields.Datetime.now().replace(microsecond=0) - timedelta(days=5)
        self.a = self.applicant
        self.b, self.c, self.d = (self.new_applicant(name, self.job) for name in ("funnel_b", "funnel_c", "funnel_d"))
        self.e, self.f = (self.new_applicant(name, self.job2) for name in ("funnel_e", "funnel_f"))
        # every application arrived five days ago
        applicants = self.a | self.b | self.c | self.d | self.e | self.f
        self.env.flush_all()
        self.env.cr.execute(SQL("UPDATE hr_applicant SET create_date = %s WHERE id IN %s",
                                self.t0, tuple(applicants.ids)))
        applicants.invalidate_recordset(["create_date"])

        with self.at_hour(26):
            self.interview_a = self.done_interview(recommendation="advance", match=82, applicant=self.a)
        with self.at_hour(50):
            self.open_answer(self.interview_a)
            self.a.with_user(self.officer)._ai_decide("advance")
        with self.at_hour(70):
            self.a.stage_id = self.hired_stage
        with self.at_hour(10):
            self.interview_b = self.done_interview(recommendation="hold", match=40, applicant=self.b)
        with self.at_hour(12):
            self.open_answer(self.interview_b)
            self.b.with_user(self.officer)._ai_decide("refuse", refuse_reason=self.refuse_reason)
        with self.at_hour(30):
            interview_c, _token = self.send_interview(self.c)
            interview_c = interview_c.sudo()
            interview_c._candidate_give_consent(["recording", "ai_analysis"], "hash")
            interview_c._candidate_save_answer(self.q1, WEBM_BYTES, client_duration=30)
            interview_c.write({"current_question_id": self.q2.id})  # what the candidate page does on showing q2
            self.interview_c = interview_c
        with self.at_hour(-35 * 24):
            self.interview_d, _token = self.send_interview(self.d)
        with self.at_hour(40):
            interview_e, _token = self.send_interview(self.e)
            interview_e.sudo()._candidate_give_consent(["recording", "ai_analysis"], "hash")
            interview_e.sudo().write({"current_question_id": self.q3.id})
            self.interview_e = interview_e
            interview_f, _token = self.send_interview(self.f)
            interview_f = interview_f.sudo()
            interview_f._candidate_give_consent(["recording", "ai_analysis"], "hash")
            interview_f._candidate_save_answer(self.q3, WEBM_BYTES, client_duration=30)
            interview_f._candidate_submit()
            self.interview_f = interview_f
        with self.at_hour(66):
            self.env["hr.ai.interview"]._cron_expire()
        with self.at_hour(60):
            self.env["applicant.get.refuse.reason"].create({
                "refuse_reason_id": self.refuse_reason.id, "applicant_ids": [(6, 0, self.f.ids)],
            }).action_refuse_reason_apply()

    @contextmanager
    def at_hour(self, hours):
        """Hours after the applications arrived; what was written then is stored then (computed hire date…)."""
        with freeze_time(self.t0 + timedelta(hours=hours)):
            yield
            self.env.flush_all()

    def ours(self):
        return [("department_id", "child_of", self.dep_root.id)]

    def by_job(self, measures, user=None):
        Report = self.env["hr.ai.funnel.report"].with_user(user or self.officer)
        return {job: dict(zip(measures, values, strict=True))
                for job, *values in Report._read_group(self.ours(), ["job_id"], list(measures))}

    # ------------------------------------------------------------------ the funnel
    def test_funnel_counts_per_job_and_department(self):
        self.assertEqual(self.interview_c.state, "expired")
        self.assertEqual(self.interview_f.state, "submitted")
        self.assertFalse(self.f.active)
        measures = [f"{stage}_count:sum" for stage in STAGES] + ["onsite_avoided_count:sum", "completion_rate:avg"]
        rows = self.by_job(measures=measures)
        self.assertEqual(set(rows), {self.job, self.job2}, "refused and expired applications stay in the funnel")
        self.assertEqual([rows[self.job][m] for m in measures], [4, 3, 2, 2, 1, 1, 1, 50.0])
        self.assertEqual([rows[self.job2][m] for m in measures], [2, 2, 1, 0, 0, 0, 1, 50.0])
        Report = self.env["hr.ai.funnel.report"]
        self.assertEqual(Report.search([("department_id", "=", self.dep_support.id)]).applicant_id, self.e | self.f)
        row_b = Report.search([("applicant_id", "=", self.b.id)])
        self.assertEqual((row_b.refused_count, row_b.advanced_count, row_b.onsite_avoided_count), (1, 0, 1))
        self.assertEqual(row_b.interview_id, self.interview_b)

    def test_an_application_counts_once_with_its_latest_invitation(self):
        with self.at_hour(62):
            action = self.c.with_user(self.officer).action_send_ai_interview()
        again = self.env["hr.ai.interview"].browse(action["res_id"])
        self.assertNotEqual(again, self.interview_c, "an expired interview is not reused")
        rows = self.env["hr.ai.funnel.report"].search([("applicant_id", "=", self.c.id)])
        self.assertEqual(rows.interview_id, again)
        self.assertEqual((rows.invited_count, rows.started_count), (1, 0))

    def test_times_from_application_to_report_and_decision(self):
        Report = self.env["hr.ai.funnel.report"]
        row_a = Report.search([("applicant_id", "=", self.a.id)])
        self.assertAlmostEqual(row_a.hours_to_report, 26.0, places=2)
        self.assertAlmostEqual(row_a.hours_to_decision, 50.0, places=2, msg="the decision came before the hire")
        row_f = Report.search([("applicant_id", "=", self.f.id)])
        self.assertFalse(row_f.date_report)
        self.assertAlmostEqual(row_f.hours_to_decision, 60.0, places=2, msg="Odoo's Refuse is a decision too")
        times = self.by_job(measures=["hours_to_report:avg", "hours_to_decision:avg"])
        self.assertAlmostEqual(times[self.job]["hours_to_report:avg"], 18.0, places=2,
                               msg="(26 + 10) / 2: rows without a report are not averaged as zero")
        self.assertAlmostEqual(times[self.job]["hours_to_decision:avg"], 31.0, places=2)

    def test_savings_follow_the_company_settings(self):
        totals = self.by_job(measures=["onsite_avoided_count:sum", "hr_hours_saved:sum", "cost_saved:sum"])
        self.assertEqual(totals[self.job]["cost_saved:sum"], 500.0)
        self.assertAlmostEqual(totals[self.job]["hr_hours_saved:sum"], 0.75)
        settings = self.env["res.config.settings"].create({"hr_ai_onsite_cost": 800.0, "hr_ai_onsite_minutes": 60})
        settings.execute()
        self.assertEqual(self.env.company.hr_ai_onsite_cost, 800.0)
        totals = self.by_job(measures=["onsite_avoided_count:sum", "hr_hours_saved:sum", "cost_saved:sum"])
        self.assertEqual([totals[job]["cost_saved:sum"] for job in (self.job, self.job2)], [800.0, 800.0])
        self.assertEqual([totals[job]["hr_hours_saved:sum"] for job in (self.job, self.job2)], [1.0, 1.0])
        row = self.env["hr.ai.funnel.report"].search([("applicant_id", "=", self.b.id)])
        self.assertEqual(row.currency_id, self.env.company.currency_id)

    # ------------------------------------------------------------------ per question
    def test_drop_off_per_question(self):
        measures = ["reached_count:sum", "answered_count:sum", "dropped_count:sum", "drop_off_rate:avg"]
        Report = self.env["hr.ai.question.funnel.report"].with_user(self.officer)
        rows = {question: dict(zip(measures, values, strict=True))
                for question, *values in Report._read_group(self.ours(), ["question_id"], measures)}
        self.assertEqual(set(rows), {self.q1, self.q2, self.q3, self.q4}, "D never started: no question rows")
        self.assertEqual(list(rows[self.q1].values()), [3, 3, 0, 0.0])
        self.assertEqual(list(rows[self.q2].values())[:3], [3, 2, 1], "C was shown q2 and left")
        self.assertAlmostEqual(rows[self.q2]["drop_off_rate:avg"], 100.0 / 3)
        self.assertEqual(list(rows[self.q3].values()), [2, 1, 1, 50.0])
        self.assertEqual(list(rows[self.q4].values()), [1, 0, 1, 100.0],
                         "F submitted without answering q4; E never got to q4")
        lines = Report.search([("interview_id", "=", self.interview_e.id)], order="question_number")
        self.assertEqual(lines.mapped("question_label"), ["1. How do you calm a caller?", "2. A ticket you escalated?"])
        # E gets more time: while the interview is open, the question shown is not dropped (yet)
        self.interview_e.with_user(self.officer).action_extend()
        self.assertEqual(self.interview_e.state, "in_progress")
        q3 = dict(zip(measures, Report._read_group(self.ours() + [("question_id", "=", self.q3.id)],
                                                   aggregates=measures)[0], strict=True))
        self.assertEqual(list(q3.values()), [2, 1, 0, 0.0])

    # ------------------------------------------------------------------ access
    def test_interviewers_see_their_jobs_only(self):
        for model in ("hr.ai.funnel.report", "hr.ai.funnel.stage.report", "hr.ai.question.funnel.report"):
            for user, jobs in ((self.interviewer, self.job), (self.other_interviewer, self.job2)):
                self.assertEqual(self.env[model].with_user(user).search([]).job_id, jobs, f"{model} as {user.login}")
            self.assertEqual(self.env[model].with_user(self.officer).search(self.ours()).job_id, self.job | self.job2)
        # an interviewer named on one application of another job sees that application too
        self.e.interviewer_ids = self.interviewer
        rows = self.env["hr.ai.funnel.report"].with_user(self.interviewer).search([])
        self.assertEqual(rows.applicant_id, self.a | self.b | self.c | self.d | self.e)
        overview = self.env["hr.ai.funnel.overview"].with_user(self.other_interviewer).create({"period": "last_30"})
        self.assertEqual((overview.invited_count, overview.completed_count), (2, 1))

    # ------------------------------------------------------------------ the overview screen
    def test_overview_of_a_period(self):
        self.env.company.write({"hr_ai_onsite_cost": 800.0, "hr_ai_onsite_minutes": 60})
        overview = self.env["hr.ai.funnel.overview"].with_user(self.officer).create(
            {"period": "last_30", "department_id": self.dep_root.id})
        self.assertEqual(overview.date_to, fields.Date.context_today(overview))
        # D was invited 40 days ago: outside the period
        self.assertEqual([overview[f"{stage}_count"] for stage in STAGES], [5, 5, 3, 2, 1, 1])
        self.assertAlmostEqual(overview.completion_rate, 60.0)
        self.assertAlmostEqual(overview.advanced_rate, 20.0)
        self.assertEqual(overview.onsite_avoided_count, 2)
        self.assertAlmostEqual(overview.hr_hours_saved, 2.0)
        self.assertEqual(overview.cost_saved, 1600.0)
        self.assertAlmostEqual(overview.median_hours_to_report, 18.0, places=2)
        self.assertAlmostEqual(overview.median_hours_to_decision, 50.0, places=2, msg="median of 12, 50 and 60")
        self.assertAlmostEqual(overview.avg_hours_to_decision, (12 + 50 + 60) / 3, delta=0.05)  # shown to 0.1 h
        self.assertEqual((overview.drop_off_question_id, overview.drop_off_question_number), (self.q4, 2))
        self.assertEqual(overview.drop_off_rate, 100.0)
        self.assertIn("Test Support Job", overview.job_summary_html)

        overview.write({"job_id": self.job.id})
        self.assertEqual([overview[f"{stage}_count"] for stage in STAGES], [3, 3, 2, 2, 1, 1])
        self.assertEqual((overview.drop_off_question_id, overview.cost_saved), (self.q2, 800.0))
        overview.write({"job_id": False, "department_id": self.dep_support.id})
        self.assertEqual(overview.invited_count, 2)
        overview.write({"department_id": self.dep_root.id, "period": "custom",
                        "date_from": (self.t0 - timedelta(days=41)).date(),
                        "date_to": (self.t0 - timedelta(days=2)).date()})
        self.assertEqual(overview.invited_count, 1, "D only")
        self.assertFalse(overview.drop_off_question_id)

    def test_the_menu_opens_a_saved_overview(self):
        action = self.env["hr.ai.funnel.overview"].with_user(self.interviewer).action_open_overview()
        overview = self.env["hr.ai.funnel.overview"].with_user(self.interviewer).browse(action["res_id"])
        self.assertEqual((overview.period, overview.display_name), ("last_90", "AI Interview Overview"))
        self.assertEqual(overview.invited_count, 4, "the interviewer's job only: A, B, C and D (40 days ago)")

    def test_overview_buttons_open_the_same_rows(self):
        overview = self.env["hr.ai.funnel.overview"].with_user(self.officer).create(
            {"period": "last_30", "job_id": self.job.id})
        pivot = overview.action_open_funnel_pivot()
        self.assertEqual(pivot["res_model"], "hr.ai.funnel.report")
        self.assertEqual(pivot["views"][0][1], "pivot")
        chart = overview.action_open_funnel_graph()
        self.assertIn("Test Sales Job", chart["display_name"], "the title names the job the chart is filtered on")
        self.assertEqual((chart["res_model"], chart["views"][0][1]), ("hr.ai.funnel.stage.report", "graph"))
        stages = self.env["hr.ai.funnel.stage.report"].with_user(self.officer)._read_group(
            chart["domain"], ["stage"], ["candidate_count:sum"])
        self.assertEqual(stages, [("1_invited", 3), ("2_started", 3), ("3_completed", 2), ("4_analysed", 2),
                                  ("5_advanced", 1), ("6_hired", 1)], "the chart's bars, in funnel order")
        rows = self.env["hr.ai.funnel.report"].with_user(self.officer).search(pivot["domain"])
        self.assertEqual(rows.applicant_id, self.a | self.b | self.c)
        questions = overview.action_open_questions()
        lines = self.env["hr.ai.question.funnel.report"].with_user(self.officer).search(questions["domain"])
        self.assertEqual(lines.question_id, self.q1 | self.q2)
        interviews = overview.action_open_interviews()
        self.assertEqual(self.env["hr.ai.interview"].search(interviews["domain"]),
                         self.interview_a | self.interview_b | self.interview_c)
