#!/usr/bin/env bash
# Installs what is missing (Debian packages, PostgreSQL, a Python venv with Odoo's and the
# worker's dependencies, the default speech model) and writes the Odoo config. Idempotent.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_main() {
    # fonts-noto-cjk: Chinese in screenshots, the browser tests and printed reports
    # antiword, catdoc: the text of .doc (Word 97-2003) résumés
    # wkhtmltopdf: Odoo prints its PDF reports with it (Debian's build: no custom header/footer, the body prints)
    # coturn: the STUN/TURN server of the live interview calls (README); tests/test_turn_server.py runs one
    local had_coturn=0
    dpkg-query -W -f='${Status}' coturn 2>/dev/null | grep -q "ok installed" && had_coturn=1
    ensure_apt_packages ffmpeg espeak-ng sox chromium fonts-noto-cjk curl ca-certificates python3-venv \
        antiword catdoc wkhtmltopdf coturn
    if [ "$had_coturn" = 0 ] && command -v systemctl >/dev/null; then
        # the package starts its service with the stock /etc/turnserver.conf: no authentication, an open
        # relay on port 3478. The tests need only the programs: stop it (a coturn set up before is left alone)
        as_root systemctl disable coturn >/dev/null 2>&1 || true
        as_root systemctl stop coturn >/dev/null 2>&1 || true
    fi
    ensure_postgres

    ODOO_SRC=$(find_odoo)
    export ODOO_SRC
    log "Odoo 18.0: $ODOO_SRC"

    if [ ! -x "$PY" ]; then
        "$HR_AI_PYTHON" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))' \
            || die "$HR_AI_PYTHON is $("$HR_AI_PYTHON" -V 2>&1); Odoo 18 needs Python 3.10-3.12 (set HR_AI_PYTHON)"
        log "creating the virtualenv $VENV"
        mkdir -p "$(dirname "$VENV")"
        "$HR_AI_PYTHON" -m venv "$VENV"
    fi

    local reqs stamp want
    reqs=$HR_AI_HOME/odoo-requirements.txt
    if [ -f "$ODOO_SRC/requirements.txt" ]; then
        grep -Ev '^\s*(#|$)' "$ODOO_SRC/requirements.txt" | grep -Eiv "$ODOO_REQ_SKIP" > "$reqs"
    else
        : > "$reqs"
    fi
    stamp=$VENV/.hr-ai-installed
    want=$(cat "$reqs" "$REPO_ROOT/setup/requirements-odoo-extra.txt" "$REPO_ROOT/setup/requirements-test.txt" \
        "$REPO_ROOT/hr_ai_analysis_worker/pyproject.toml" "$REPO_ROOT/setup/constraints.txt" | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "installing Python packages into $VENV (a few minutes the first time)"
        local pins=(-c "$REPO_ROOT/setup/constraints.txt")
        "$PY" -m pip install -q --upgrade pip wheel >&2
        "$PY" -m pip install -q "${pins[@]}" -r "$reqs" -r "$REPO_ROOT/setup/requirements-odoo-extra.txt" >&2
        "$PY" -m pip install -q "${pins[@]}" -e "$REPO_ROOT/hr_ai_analysis_worker[default-model,test]" \
            -r "$REPO_ROOT/setup/requirements-test.txt" >&2
        echo "$want" > "$stamp"
    fi
    # The venv is shared by checkouts: the worker must be the one of this checkout.
    local here
    here=$("$PY" -c 'import hr_ai_analysis_worker as m, os; print(os.path.realpath(os.path.dirname(m.__file__)))' \
        2>/dev/null || true)
    if [ "$here" != "$(realpath "$REPO_ROOT/hr_ai_analysis_worker/src/hr_ai_analysis_worker")" ]; then
        log "installing the worker from this checkout"
        "$PY" -m pip install -q --no-deps -e "$REPO_ROOT/hr_ai_analysis_worker" >&2
    fi

    log "speech model: $("$VENV/bin/hr-ai-worker" prepare-model)"
    write_odoo_conf
    log "Odoo config: $ODOO_CONF"
}

install_main
