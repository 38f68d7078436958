#!/usr/bin/env bash
# Installs what is missing, then runs the product: Odoo with both addons and the demo jobs on a
# local PostgreSQL database, plus one analysis worker. Ctrl+C stops both.
#   HR_AI_DB (default hr_ai_demo), HR_AI_PORT (default 8069)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/setup/install.sh"
ODOO_SRC=$(find_odoo)
DB=${HR_AI_DB:-hr_ai_demo}
PORT=${HR_AI_PORT:-8069}
KEY_FILE=$HR_AI_HOME/worker-$DB.key

if ! module_installed "$DB" hr_ai_interview_portal; then
    log "creating database $DB with demo data (about a minute)"
    run_odoo -c "$ODOO_CONF" -d "$DB" -i "$ADDONS" --load-language=zh_CN --stop-after-init --log-level=warn
else
    run_odoo -c "$ODOO_CONF" -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn
fi
if [ ! -s "$KEY_FILE" ]; then
    log "creating the worker's API key"
    umask 077
    run_odoo shell -c "$ODOO_CONF" -d "$DB" --no-http --log-level=warn < "$REPO_ROOT/setup/worker_key.py" \
        | sed -n 's/^HR_AI_WORKER_KEY=//p' > "$KEY_FILE"
    [ -s "$KEY_FILE" ] || die "could not create the worker API key"
fi
psql -d "$DB" -qc "update ir_config_parameter set value = 'http://localhost:$PORT' where key = 'web.base.url'"

run_odoo -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --log-handler=werkzeug:WARNING &
ODOO_PID=$!
WORKER_PID=
trap 'kill $ODOO_PID $WORKER_PID 2>/dev/null; wait' EXIT INT TERM
wait_http "http://127.0.0.1:$PORT/web/login" 180 || die "Odoo did not start (see the log above)"

HR_AI_WORKER_ODOO_URL="http://127.0.0.1:$PORT" HR_AI_WORKER_DB="$DB" HR_AI_WORKER_LOGIN=ai_worker \
    HR_AI_WORKER_API_KEY_FILE="$KEY_FILE" HR_AI_WORKER_LOG_FORMAT=console "$VENV/bin/hr-ai-worker" run &
WORKER_PID=$!

cat <<MSG

  AI interviews for Odoo 18 are running.
  URL:    http://localhost:$PORT   (database $DB)
  Logins: admin / admin      (administrator, Recruitment manager)
          demo / demo        (Marc Demo)
  Demo jobs: 销售经理 (Chinese) and Customer Success Specialist (English), each with an applicant
  to invite: Recruitment > Applications > open 李伟 or Emma Jones > "Send AI interview".
  Outgoing mail is queued in Odoo (Settings > Technical > Emails) unless you configure a mail server;
  the invitation link is in the mail.
  Stop with Ctrl+C.

MSG
wait $ODOO_PID
