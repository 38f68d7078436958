# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_decision import DecisionCase


@tagged("post_install", "-at_install")
class TestHireToEmployee(DecisionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.hr_officer = new_test_user(env, login="ai_hr_officer", email="hr@example.com",
                                       groups="hr_recruitment.group_hr_recruitment_user,hr.group_hr_user")
        cls.manager = new_test_user(env, login="ai_rec_manager",
                                    groups="hr_recruitment.group_hr_recruitment_manager,hr.group_hr_user")
        cls.skill_type = env["hr.skill.type"].create({
            "name": "Work skills (test)",
            "skill_level_ids": [(0, 0, {"name": "Beginner", "level_progress": 25}),
                                (0, 0, {"name": "Intermediate", "level_progress": 50, "default_level": True}),
                                (0, 0, {"name": "Expert", "level_progress": 90})],
            "skill_ids": [(0, 0, {"name": "Python (test)"}), (0, 0, {"name": "Customer care (test)"}),
                          (0, 0, {"name": "Teamwork (test)"})],
        })
        cls.python, cls.care, cls.teamwork = cls.skill_type.skill_ids.sorted("id")
        levels = cls.skill_type.skill_level_ids.sorted("level_progress")
        cls.beginner, cls.intermediate, cls.expert = levels
        cls.comp_cust.skill_id = cls.care
        cls.comp_team.skill_id = cls.teamwork
        env["hr.candidate.skill"].create([
            {"candidate_id": cls.candidate.id, "skill_id": cls.python.id, "skill_type_id": cls.skill_type.id,
             "skill_level_id": cls.intermediate.id, "ai_source": "5 years of Python at Acme"},
            {"candidate_id": cls.candidate.id, "skill_id": cls.care.id, "skill_type_id": cls.skill_type.id,
             "skill_level_id": cls.beginner.id},
        ])

    def test_employee_gets_evidence_backed_skills_merged_and_the_summary(self):
        self.done_interview(recommendation="advance", match=80)  # customer 75 passed, team 60 failed
        action = self.applicant.with_user(self.hr_officer).create_employee_from_applicant()
        employee = self.env["hr.employee"].browse(action["res_id"])
        skills = {line.skill_id: line for line in employee.employee_skill_ids}
        self.assertEqual(set(skills), {self.python, self.care}, "no skill for a competency below its threshold")
        self.assertEqual(len(employee.employee_skill_ids), 2, "the résumé's and the interview's skill merge")
        self.assertEqual(skills[self.python].skill_level_id, self.intermediate)
        self.assertIn("5 years of Python at Acme", skills[self.python].ai_source)
        self.assertEqual(skills[self.care].skill_level_id, self.intermediate, "75/100: the higher level wins")
        self.assertIn("AI interview", skills[self.care].ai_source)
        self.assertIn("I visited the customer", skills[self.care].ai_source)
        self.assertEqual(skills[self.care].ai_applicant_id, self.applicant)
        summary = employee.message_ids.filtered(lambda m: "o_hr_ai_hire_summary" in (m.body or ""))
        self.assertTrue(summary)
        self.assertIn("80%", summary.body)
        self.assertIn("Customer T", summary.body)
        media = self.env["ir.attachment"].search([("res_model", "=", "hr.employee"), ("res_id", "=", employee.id),
                                                  ("mimetype", "like", "video")])
        self.assertFalse(media, "recordings are not copied to the employee file")

    def test_recordings_of_a_hired_candidate_are_for_managers_only(self):
        interview = self.done_interview(recommendation="advance", match=80)
        answer = interview.answer_ids[:1]
        self.assertTrue(answer.with_user(self.officer).action_play())
        self.applicant.with_user(self.hr_officer).create_employee_from_applicant()
        with self.assertRaises(AccessError):
            answer.with_user(self.officer).action_play()
        with self.assertRaises(AccessError):
            answer.attachment_id.with_user(self.officer).read(["datas"])
        self.assertTrue(answer.with_user(self.manager).action_play())

    def test_reaching_the_hired_stage_creates_the_employee_when_the_company_chooses(self):
        self.done_interview(recommendation="advance", match=80)
        hired = self.env["hr.recruitment.stage"].search([("hired_stage", "=", True)], limit=1)
        self.applicant.with_user(self.hr_officer).write({"stage_id": hired.id})
        self.assertFalse(self.applicant.employee_id, "off by default")
        applicant2 = self.env["hr.applicant"].create({"candidate_id": self.env["hr.candidate"].create(
            {"partner_name": "Second", "email_from": "second@example.com"}).id, "job_id": self.job.id})
        self.env.company.hr_ai_employee_on_hire = True
        applicant2.with_user(self.hr_officer).write({"stage_id": hired.id})
        self.assertTrue(applicant2.employee_id)
        self.assertIn("Employee created on reaching the hired stage", applicant2.message_ids[0].body)
