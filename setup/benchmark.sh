#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): analysis time per answer length and stage; résumé screening speed; the live
# copilot: the worker's time per utterance, then an utterance's end to its result on HR's screen through Odoo, the
# worker and the bus (one and two live interviews, recorded answers being analysed); the time from a 5-question
# interview's submit to its report in Odoo with one worker; a 1,000-résumé bulk import through Odoo; the applicant
# kanban with 5,000 scored applicants (time and SQL queries).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/setup/install.sh"
ODOO_SRC=$(find_odoo)
"$PY" "$REPO_ROOT/hr_ai_analysis_worker/benchmarks/bench_analyze.py"
"$PY" "$REPO_ROOT/hr_ai_analysis_worker/evaluation/benchmark_screening.py"
"$PY" "$REPO_ROOT/hr_ai_analysis_worker/benchmarks/bench_live.py"
HR_AI_ODOO_CMD="$(odoo_cmd)" HR_AI_ODOO_CONF="$ODOO_CONF" "$PY" "$REPO_ROOT/tests/benchmark_live_latency.py"
HR_AI_ODOO_CMD="$(odoo_cmd)" HR_AI_ODOO_CONF="$ODOO_CONF" "$PY" "$REPO_ROOT/tests/benchmark_report_latency.py"
HR_AI_ODOO_CMD="$(odoo_cmd)" HR_AI_ODOO_CONF="$ODOO_CONF" "$PY" "$REPO_ROOT/tests/benchmark_bulk_import.py"
HR_AI_ODOO_ROOT="$ODOO_SRC" HR_AI_ODOO_CONF="$ODOO_CONF" "$PY" "$REPO_ROOT/tests/benchmark_kanban.py"
