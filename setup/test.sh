#!/usr/bin/env bash
# Installs what is missing, then runs every test: lint, worker unit tests, Odoo tests (with and
# without demo data, then uninstall), and the end-to-end test (Odoo + worker + headless Chromium).
# Exits non-zero if anything fails; the last line sums up: "tests: N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/setup/install.sh"
ODOO_SRC=$(find_odoo)
export ODOO_SRC
RESULTS=$HR_AI_HOME/test-results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
PORT=${HR_AI_TEST_PORT:-8269}
PASSED=0
FAILED=0
FAILED_SUITES=()

record() {  # suite-name passed failed
    PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
    if [ "$3" -gt 0 ]; then FAILED_SUITES+=("$1"); fi
    log "$1: $2 passed, $3 failed"
}

junit_counts() {  # file -> "passed failed"
    "$PY" - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print(0, 1); sys.exit()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
t = sum(int(s.get("tests", 0)) for s in suites)
f = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
sk = sum(int(s.get("skipped", 0)) for s in suites)
print(t - f - sk, f if t else 1)
PY
}

SUITE_TIMEOUT=${HR_AI_SUITE_TIMEOUT:-1500}   # seconds; a hung suite fails instead of hanging CI

run_pytest() {  # suite-name args...
    local name=$1; shift
    local rc=0
    timeout -k 30 "$SUITE_TIMEOUT" "$VENV/bin/pytest" -p no:cacheprovider --timeout=900 \
        --junitxml="$RESULTS/$name.xml" "$@" || rc=$?
    read -r p f < <(junit_counts "$RESULTS/$name.xml")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # includes pytest's exit 5 (no tests) and timeouts
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then log "$name: every test was skipped"; f=1; fi
    record "$name" "$p" "$f"
}

# The Odoo tests the addons define (each test file must be imported by its tests/__init__.py):
# a suite that runs fewer, e.g. because a module was dropped from __init__, fails.
expected_odoo_tests() {  # [addon...] (default: the two addons)
    local n=0 addon file addons=("$@")
    [ ${#addons[@]} -gt 0 ] || addons=(hr_ai_interview hr_ai_interview_portal)
    for addon in "${addons[@]}"; do
        for file in "$REPO_ROOT/$addon"/tests/test_*.py; do
            grep -q "^from \. import $(basename "$file" .py)\$" "$REPO_ROOT/$addon/tests/__init__.py" \
                || { log "$addon/tests/$(basename "$file") is not imported by tests/__init__.py"; echo 0; return; }
            n=$((n + $(grep -cE '^    def test_' "$file")))
        done
    done
    echo "$n"
}

odoo_log_errors() {  # log -> number of ERROR/CRITICAL lines that are not the test summary itself
    local lines
    lines=$({ grep -E ' (ERROR|CRITICAL) ' "$1" || true; } | { grep -v 'odoo.tests.result' || true; })
    if [ -n "$lines" ]; then printf '%s\n' "$lines" | tail -20 >&2; fi  # (tee /dev/stderr would truncate a log file)
    printf '%s' "$lines" | grep -c . || true
}

install_db() {  # db log [odoo args...]: a fresh database with both addons, no tests
    local db=$1 log=$2; shift 2
    dropdb --if-exists "$db"
    timeout -k 30 "$SUITE_TIMEOUT" bash -c "$(odoo_cmd) \"\$@\"" odoo -c "$ODOO_CONF" -d "$db" -i "$ADDONS" \
        --stop-after-init --log-level=warn --max-cron-threads=0 "$@" > "$log" 2>&1
}

odoo_tests() {  # suite-name db [odoo args...]: odoo-bin's own runner (--test-tags); MODULES, TAGS and
    # EXPECTED (environment) name other addons than the two and their expected number of tests
    local name=$1 db=$2; shift 2
    local rc=0 log=$RESULTS/$name.log modules=${MODULES:-$ADDONS} tags=${TAGS:-/hr_ai_interview,/hr_ai_interview_portal}
    local expected=${EXPECTED:-$EXPECTED_ODOO}
    dropdb --if-exists "$db"
    timeout -k 30 "$SUITE_TIMEOUT" bash -c "$(odoo_cmd) \"\$@\"" odoo -c "$ODOO_CONF" -d "$db" -i "$modules" \
        --test-tags "$tags" --db-filter="^$db\$" --http-port="$PORT" \
        --stop-after-init --log-level=test --max-cron-threads=0 "$@" > "$log" 2>&1 || rc=$?
    # odoo-bin prints "N failed, N error(s) of N tests" (not pytest's format): sum it up ourselves.
    read -r total bad < <(grep -Eo '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log" \
        | awk '{f+=$1; e+=$3; t+=$6} END {print t+0, f+e}')
    local errors skipped
    errors=$(odoo_log_errors "$log")
    skipped=$(grep -cE 'odoo\.addons\.hr_ai_[a-z_]+\.tests\.[a-z_]+: .* skipped' "$log" || true)
    if [ "$errors" -gt 0 ] && [ "$bad" -eq 0 ]; then log "$name: $errors ERROR lines in the log"; bad=$errors; fi
    if ! module_installed "$db" "${modules##*,}"; then
        log "$name: the addons did not install"; bad=$((bad + 1))
    fi
    if [ "$((total - skipped))" -lt "$expected" ]; then
        log "$name: $((total - skipped)) Odoo tests ran (not skipped), $expected expected"; bad=$((bad + 1))
    fi
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
    record "$name" "$((total - skipped > bad ? total - skipped - bad : 0))" "$bad"
}

odoo_pytest() {  # suite-name db [odoo args...]: the same Odoo tests under pytest (pytest-odoo)
    local name=$1 db=$2; shift 2
    if ! install_db "$db" "$RESULTS/$name-install.log" "$@" || ! module_installed "$db" hr_ai_interview_portal; then
        tail -20 "$RESULTS/$name-install.log" >&2; record "$name" 0 1; return
    fi
    local before=$PASSED
    PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" run_pytest "$name" -p odoo --odoo-config="$ODOO_CONF" \
        --odoo-database="$db" --odoo-http --odoo-log-level=warn -q \
        "$REPO_ROOT/hr_ai_interview/tests" "$REPO_ROOT/hr_ai_interview_portal/tests"
    if [ "$((PASSED - before))" -lt "$EXPECTED_ODOO" ]; then
        log "$name: $((PASSED - before)) Odoo tests passed, $EXPECTED_ODOO expected"; record "$name" 0 1
    fi
}

log "lint (ruff, pylint-odoo, zh_CN complete and loadable)"
if (cd "$REPO_ROOT" && "$VENV/bin/ruff" check . && "$VENV/bin/pylint" --rcfile=.pylintrc -sn \
        hr_ai_interview hr_ai_interview_portal hr_ai_interview_website && "$PY" setup/check_i18n.py); then
    record lint 1 0
else
    record lint 0 1
fi

log "worker unit tests"
run_pytest worker-unit -p no:odoo "$REPO_ROOT/hr_ai_analysis_worker/tests" -q

EXPECTED_ODOO=$(expected_odoo_tests)
[ "$EXPECTED_ODOO" -gt 0 ] || record odoo-test-modules 0 1

log "Odoo tests, with demo data (pytest-odoo)"
odoo_pytest odoo-demo hr_ai_test_demo

log "Odoo tests, without demo data (odoo-bin --test-tags), then uninstall"
# tests/test_demo.py checks the demo data's screens: without demo data it skips, by design
DEMO_ONLY=$(grep -cE '^    def test_' "$REPO_ROOT/hr_ai_interview/tests/test_demo.py")
EXPECTED=$((EXPECTED_ODOO - DEMO_ONLY)) odoo_tests odoo-nodemo hr_ai_test_nodemo --without-demo=all
if run_odoo shell -c "$ODOO_CONF" -d hr_ai_test_nodemo --no-http --log-level=warn \
        < "$REPO_ROOT/setup/check_uninstall.py" 2>&1 | tee "$RESULTS/uninstall.log" | grep -q '^UNINSTALL_OK'; then
    record uninstall 1 0
else
    tail -20 "$RESULTS/uninstall.log" >&2; record uninstall 0 1
fi

log "Odoo tests of the website bridge (the website's job application form as an intake path)"
MODULES=hr_ai_interview_website TAGS=/hr_ai_interview_website EXPECTED=$(expected_odoo_tests hr_ai_interview_website) \
    odoo_tests odoo-website hr_ai_test_website --without-demo=all

log "end-to-end test (Odoo + hr-ai-worker + headless Chromium)"
HR_AI_ODOO_CMD="$(odoo_cmd)" HR_AI_ODOO_CONF="$ODOO_CONF" HR_AI_ODOO_SRC="$ODOO_SRC" \
    HR_AI_E2E_RESULTS="$RESULTS/e2e" run_pytest e2e -p no:odoo "$REPO_ROOT/tests" -v

if [ ${#FAILED_SUITES[@]} -gt 0 ]; then log "failed: ${FAILED_SUITES[*]} (logs in $RESULTS)"; fi
echo "tests: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
