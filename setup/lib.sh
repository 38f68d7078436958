# shellcheck shell=bash
# Shared by install.sh, run.sh and test.sh (sourced, not run).
#
# Environment (all optional):
#   ODOO_SOURCE      an Odoo 18.0 source tree (with odoo/release.py and odoo/addons)
#   HR_AI_HOME       where the venv, config, model cache and filestore live
#                    (default ~/.cache/hr-ai-interview)
#   HR_AI_PYTHON     the Python used to create the venv (default python3; 3.10-3.12)
#   ODOO_NIGHTLY_URL Odoo's official nightly source archive, used when no Odoo is found
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HR_AI_HOME=${HR_AI_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/hr-ai-interview}
VENV=${HR_AI_VENV:-$HR_AI_HOME/venv}
PY=$VENV/bin/python
HR_AI_PYTHON=${HR_AI_PYTHON:-python3}
ODOO_NIGHTLY_URL=${ODOO_NIGHTLY_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}
ODOO_CONF=$HR_AI_HOME/odoo.conf
ADDONS="hr_ai_interview,hr_ai_interview_portal"
# Odoo requirements replaced by setup/requirements-odoo-extra.txt (wheels, newer greenlet for Playwright)
ODOO_REQ_SKIP='^(psycopg2|python-ldap|cbor2|gevent|greenlet)([^a-zA-Z0-9_-]|$)'

log() { printf '[hr-ai] %s\n' "$*" >&2; }
die() { printf '[hr-ai] ERROR: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_apt_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing system packages (${missing[*]}) and no apt-get to install them"
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

ensure_postgres() {
    if ! command -v pg_isready >/dev/null; then
        ensure_apt_packages postgresql
    fi
    if ! pg_isready -q; then
        local v
        v=$(pg_version)
        [ -n "$v" ] || die "PostgreSQL is installed but no cluster exists (/etc/postgresql is empty)"
        log "starting PostgreSQL $v"
        as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start
        for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
        pg_isready -q || die "PostgreSQL did not start"
    fi
    if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        log "creating a PostgreSQL superuser role for $(id -un)"
        as_root su postgres -c "createuser -s $(id -un)" || die "cannot create a PostgreSQL role for $(id -un)"
    fi
}

is_odoo18_tree() {
    [ -n "$1" ] && [ -f "$1/odoo/release.py" ] && [ -d "$1/odoo/addons/base" ] \
        && grep -Eq '^version_info = \(18, 0' "$1/odoo/release.py"
}

# Prints the root of an Odoo 18.0 tree: ODOO_SOURCE, else an importable `odoo`, else the cached or
# downloaded nightly archive. Dies with instructions when none is there.
find_odoo() {
    if [ -n "${ODOO_SOURCE:-}" ]; then
        is_odoo18_tree "$ODOO_SOURCE" || die "ODOO_SOURCE=$ODOO_SOURCE is not an Odoo 18.0 source tree (no odoo/release.py with version 18.0 and odoo/addons/base)"
        echo "$ODOO_SOURCE"; return
    fi
    local py dir root
    for py in "$PY" "$HR_AI_PYTHON" python3; do
        command -v "$py" >/dev/null 2>&1 || [ -x "$py" ] || continue
        dir=$("$py" -c 'import importlib.util as u; s = u.find_spec("odoo"); print(list(s.submodule_search_locations)[0] if s and s.submodule_search_locations else "")' 2>/dev/null || true)
        root=${dir%/odoo}
        if [ -n "$dir" ] && is_odoo18_tree "$root"; then echo "$root"; return; fi
    done
    if is_odoo18_tree "$HR_AI_HOME/odoo-src"; then echo "$HR_AI_HOME/odoo-src"; return; fi
    log "no Odoo 18.0 found; trying Odoo's nightly source archive: $ODOO_NIGHTLY_URL"
    mkdir -p "$HR_AI_HOME"
    if command -v curl >/dev/null && curl -fsSL --connect-timeout 15 --max-time 900 -o "$HR_AI_HOME/odoo-src.tar.gz.part" "$ODOO_NIGHTLY_URL"; then
        rm -rf "$HR_AI_HOME/odoo-src.new" && mkdir -p "$HR_AI_HOME/odoo-src.new"
        tar -xzf "$HR_AI_HOME/odoo-src.tar.gz.part" -C "$HR_AI_HOME/odoo-src.new" --strip-components=1
        rm -f "$HR_AI_HOME/odoo-src.tar.gz.part"
        rm -rf "$HR_AI_HOME/odoo-src" && mv "$HR_AI_HOME/odoo-src.new" "$HR_AI_HOME/odoo-src"
        if is_odoo18_tree "$HR_AI_HOME/odoo-src"; then echo "$HR_AI_HOME/odoo-src"; return; fi
    fi
    rm -f "$HR_AI_HOME/odoo-src.tar.gz.part"
    die "Odoo 18.0 Community was not found. Do one of:
  - set ODOO_SOURCE=/path/to/odoo (a 18.0 source tree: git clone -b 18.0 --depth 1 https://github.com/odoo/odoo), or
  - make 'import odoo' work for $HR_AI_PYTHON (an installed Odoo 18.0), or
  - give this machine internet access so setup can fetch $ODOO_NIGHTLY_URL"
}

# The command that runs Odoo's CLI for the tree in ODOO_SRC.
odoo_cmd() {
    if [ -f "$ODOO_SRC/odoo-bin" ]; then
        echo "$PY $ODOO_SRC/odoo-bin"
    elif [ -f "$ODOO_SRC/setup/odoo" ]; then
        echo "$PY $ODOO_SRC/setup/odoo"
    else
        echo "env PYTHONPATH=$ODOO_SRC $PY -m odoo"
    fi
}

run_odoo() {
    # shellcheck disable=SC2046
    $(odoo_cmd) "$@"
}

write_odoo_conf() {
    mkdir -p "$HR_AI_HOME/data"
    sed -e "s#@ADDONS_PATH@#$ODOO_SRC/odoo/addons,$REPO_ROOT#" \
        -e "s#@DATA_DIR@#$HR_AI_HOME/data#" \
        "$REPO_ROOT/setup/odoo.conf.tmpl" > "$ODOO_CONF"
}

db_exists() { psql -d postgres -Atqc "select 1 from pg_database where datname = '$1'" | grep -q 1; }

module_installed() {
    db_exists "$1" && psql -d "$1" -Atqc "select state from ir_module_module where name = '$2'" 2>/dev/null | grep -q '^installed$'
}

wait_http() {
    local url=$1 seconds=${2:-120}
    for _ in $(seq 1 "$seconds"); do
        curl -fs -o /dev/null "$url" && return 0
        sleep 1
    done
    return 1
}
