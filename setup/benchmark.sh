#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): analysis time per answer length and stage, then the time from a
# 5-question interview's submit to its report in Odoo with one worker.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/setup/install.sh"
ODOO_SRC=$(find_odoo)
"$PY" "$REPO_ROOT/hr_ai_analysis_worker/benchmarks/bench_analyze.py"
HR_AI_ODOO_CMD="$(odoo_cmd)" HR_AI_ODOO_CONF="$ODOO_CONF" "$PY" "$REPO_ROOT/tests/benchmark_report_latency.py"
