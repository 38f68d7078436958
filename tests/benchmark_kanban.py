# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark (prints, asserts nothing): the applicant kanban with 5,000 scored applicants.

Creates (once) a database with hr_ai_interview and 5,000 applicants carrying a résumé score and an AI
interview match, then times the calls the kanban view makes, as the web client makes them: the view's
fields (read from the kanban arch) as the ``specification`` of ``web_search_read``, grouped by stage like the
Recruitment kanban (``web_read_group`` + one ``web_search_read`` of 40 cards per column) and ungrouped (80).
Prints the time and the number of SQL queries of each call.

Run (the database is created when missing; --reset drops it first):
    HR_AI_ODOO_CONF=/tmp/x.conf ~/.cache/hr-ai-interview/venv/bin/python tests/benchmark_kanban.py \
        [--db hr_ai_bench] [--count 5000] [--reset]
"""
import argparse
import os
import subprocess
import sys
import time

ODOO_ROOT = os.environ.get("HR_AI_ODOO_ROOT", "/opt/odoo18")
sys.path.insert(0, ODOO_ROOT)

from lxml import etree  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.tools import config  # noqa: E402


def _db_exists(db):
    out = subprocess.run(["psql", "-Atl"], capture_output=True, text=True, check=False).stdout
    return db in {line.split("|", 1)[0] for line in out.splitlines()}


def install(db, conf, reset):
    if reset:
        subprocess.run(["dropdb", "--if-exists", db], check=True)
    if _db_exists(db):
        return False
    cmd = [sys.executable, os.path.join(ODOO_ROOT, "odoo-bin"), "-c", conf, "-d", db,
           "-i", "hr_ai_interview", "--without-demo=all", "--stop-after-init", "--no-http", "--log-level=warn"]
    print("installing hr_ai_interview into", db, "...", flush=True)
    subprocess.run(cmd, check=True)
    return True


def populate(env, count):
    """``count`` applicants of one AI job, spread over its stages, each with a résumé score and a match."""
    Applicant = env["hr.applicant"].with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
    job = env["hr.job"].search([("name", "=", "Benchmark 销售经理")], limit=1)
    have = Applicant.search_count([("job_id", "=", job.id)]) if job else 0
    if have >= count:
        return job
    if not job:
        job = env["hr.job"].create(
            {"name": "Benchmark 销售经理", "ai_interview_enabled": True, "ai_screen_enabled": True})
    stages = env["hr.recruitment.stage"].search([])
    todo = count - have
    t0 = time.perf_counter()
    for start in range(0, todo, 500):
        size = min(500, todo - start)
        candidates = env["hr.candidate"].with_context(tracking_disable=True).create(
            [{"partner_name": f"候选人 {have + start + i:05d}"} for i in range(size)])
        applicants = Applicant.create([
            {"candidate_id": cand.id, "job_id": job.id, "stage_id": stages[(start + i) % len(stages)].id,
             "priority": str((start + i) % 4)}
            for i, cand in enumerate(candidates)])
        for i, applicant in enumerate(applicants):
            score = float((start + i) * 37 % 101)
            applicant.write({"ai_screen_state": "done", "ai_screen_score": score,
                             "ai_screen_must_have": "met" if score >= 50 else "missing",
                             "ai_screen_years": 1 + (start + i) % 12, "ai_screen_relevant_years": (start + i) % 8})
        # the AI interview's match and recommendation are stored computes of the interviews: set them directly
        env.cr.execute(
            "UPDATE hr_applicant SET ai_match_pct = ai_screen_score, "
            "ai_recommendation = CASE WHEN ai_screen_score >= 70 THEN 'advance' ELSE 'hold' END WHERE id = ANY(%s)",
            [applicants.ids])
        env.cr.commit()  # a benchmark's own database, built in batches
        print(f"  {have + start + size} applicants", flush=True)
    env.invalidate_all()
    print(f"created {todo} applicants in {time.perf_counter() - t0:.1f}s")
    return job


def kanban_specification(env):
    """The fields of the applicant kanban (its arch as the client gets it), as the client's specification."""
    Applicant = env["hr.applicant"]
    view = Applicant.get_views([(False, "kanban")])["views"]["kanban"]
    arch = etree.fromstring(view["arch"])
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        field = Applicant._fields.get(name)
        if not field:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("many2many", "one2many"):
            sub = {"display_name": {}}
            if "color" in env[field.comodel_name]._fields:
                sub["color"] = {}
            spec[name] = {"fields": sub}
        else:
            spec.setdefault(name, {})
    return spec


def measure(env, label, call, repeat=3):
    best, queries = None, None
    for _ in range(repeat):
        env.invalidate_all()
        env.registry.clear_cache()
        before = env.cr.sql_log_count
        t0 = time.perf_counter()
        call()
        elapsed = time.perf_counter() - t0
        used = env.cr.sql_log_count - before
        best = elapsed if best is None else min(best, elapsed)
        queries = used if queries is None else min(queries, used)
    print(f"{label:<58} {best * 1000:8.1f} ms {queries:5d} queries")
    return best, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("HR_AI_BENCH_DB", "hr_ai_bench"))
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()
    conf = os.environ.get("HR_AI_ODOO_CONF") or os.path.expanduser("~/.cache/hr-ai-interview/odoo.conf")
    install(args.db, conf, args.reset)
    config.parse_config(["-c", conf, "-d", args.db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "zh_CN" if env_lang_ok(cr) else "en_US"})
        job = populate(env, args.count)
        # an HR officer opens the job's kanban (record rules apply as for a person)
        admin = env.ref("base.user_admin")
        user_env = env(user=admin, su=False)
        Applicant = user_env["hr.applicant"].with_context(default_job_id=job.id, active_test=True)
        spec = kanban_specification(user_env)
        domain = [("job_id", "=", job.id)]
        total = Applicant.search_count(domain)
        print(f"\napplicants of the job: {total}; kanban fields: {len(spec)} ({', '.join(sorted(spec))})\n")

        def grouped():
            groups = Applicant.web_read_group(domain, ["stage_id"], ["stage_id"], lazy=True)
            for group in groups["groups"]:
                stage = group["stage_id"][0] if group["stage_id"] else False
                Applicant.web_search_read(domain + [("stage_id", "=", stage)], spec, limit=40,
                                          order="priority desc, id desc", count_limit=10001)
            return len(groups["groups"])

        def ungrouped():
            Applicant.web_search_read(domain, spec, limit=80, order="priority desc, id desc", count_limit=10001)

        def scored_first():
            Applicant.web_search_read(domain + [("ai_screen_score", ">=", 70)], spec, limit=80,
                                      order="ai_screen_score desc, id desc", count_limit=10001)

        columns = grouped()
        measure(user_env, f"kanban grouped by stage ({columns} columns x 40 cards)", grouped)
        measure(user_env, "kanban ungrouped (80 cards)", ungrouped)
        measure(user_env, "kanban filtered résumé match >= 70, by score (80 cards)", scored_first)
        cr.rollback()


def env_lang_ok(cr):
    cr.execute("SELECT 1 FROM res_lang WHERE code = 'zh_CN' AND active")
    return bool(cr.fetchone())


if __name__ == "__main__":
    main()
