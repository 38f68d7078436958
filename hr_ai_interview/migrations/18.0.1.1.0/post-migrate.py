# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: jobs name their owner (generic queue); the worker user stops being an internal user."""

from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    cr.execute("""
        UPDATE hr_ai_analysis_job
           SET res_model = CASE WHEN kind = 'build_report' THEN 'hr.ai.interview' ELSE 'hr.ai.answer' END,
               res_id = CASE WHEN kind = 'build_report' THEN interview_id ELSE answer_id END
         WHERE res_model IS NULL
    """)
    env = api.Environment(cr, SUPERUSER_ID, {})
    worker = env.ref("hr_ai_interview.user_ai_worker", raise_if_not_found=False)
    if worker:
        worker.write({"groups_id": [Command.set(env.ref("hr_ai_interview.group_ai_worker").ids)]})
