# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: before the unique index on live jobs (one per owner and kind) is created."""


def migrate(cr, version):
    # the old report queueing could leave two live report jobs: keep the newest
    cr.execute("""
        UPDATE hr_ai_analysis_job j SET state = 'cancelled'
         WHERE state IN ('pending', 'running')
           AND EXISTS (SELECT 1 FROM hr_ai_analysis_job n
                        WHERE n.id > j.id AND n.kind = j.kind AND n.state IN ('pending', 'running')
                          AND n.answer_id IS NOT DISTINCT FROM j.answer_id
                          AND n.interview_id IS NOT DISTINCT FROM j.interview_id)
    """)
