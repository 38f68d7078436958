# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from lxml import etree

from odoo.tests import TransactionCase, tagged

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestKanbanQueries(TransactionCase):
    """The applicant kanban with scored applicants reads a page of cards in a fixed number of queries: the AI
    fields (résumé score, must-haves, AI match, recommendation) add none per card (tests/benchmark_kanban.py
    prints the time with 5,000 applicants)."""

    LIMIT = 80

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.job = env["hr.job"].create({"name": "Kanban 销售经理", "ai_interview_enabled": True,
                                        "ai_screen_enabled": True})
        stages = env["hr.recruitment.stage"].search([])
        candidates = env["hr.candidate"].create([{"partner_name": f"候选人 {i:03d}"} for i in range(cls.LIMIT)])
        applicants = env["hr.applicant"].create([
            {"candidate_id": c.id, "job_id": cls.job.id, "stage_id": stages[i % len(stages)].id}
            for i, c in enumerate(candidates)])
        for i, applicant in enumerate(applicants):
            applicant.write({"ai_screen_state": "done", "ai_screen_score": float(i * 37 % 101),
                             "ai_screen_must_have": "met" if i % 2 else "missing", "ai_screen_years": 1 + i % 9})

    def _specification(self):
        Applicant = self.env["hr.applicant"]
        arch = etree.fromstring(Applicant.get_views([(False, "kanban")])["views"]["kanban"]["arch"])
        spec = {}
        for node in arch.iter("field"):
            field = Applicant._fields.get(node.get("name"))
            if not field:
                continue
            if field.type in ("many2one", "many2many", "one2many"):
                spec[field.name] = {"fields": {"display_name": {}}}
            else:
                spec[field.name] = {}
        return spec

    def _queries(self, limit):
        spec = self._specification()
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        before = self.cr.sql_log_count
        records = self.env["hr.applicant"].web_search_read([("job_id", "=", self.job.id)], spec, limit=limit)
        self.assertEqual(len(records["records"]), limit)
        return self.cr.sql_log_count - before

    def test_a_page_of_cards_costs_the_same_queries_whatever_its_size(self):
        self.assertIn("ai_screen_score", self._specification(), "the kanban shows the AI fields")
        small, full = self._queries(5), self._queries(self.LIMIT)
        _logger.info("applicant kanban: %s queries for 5 cards, %s for %s", small, full, self.LIMIT)
        self.assertLessEqual(full, small + 2, f"{full} queries for {self.LIMIT} cards against {small} for 5")
        self.assertLessEqual(full, 20, "a page of cards in a fixed number of queries")
