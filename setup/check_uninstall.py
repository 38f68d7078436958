# odoo-bin shell script: uninstall both addons and check that they leave nothing behind.
mods = env["ir.module.module"].search([("name", "in", ["hr_ai_interview_portal", "hr_ai_interview"])])
mods.button_immediate_uninstall()
env.cr.execute("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'hr_ai_%%'")
tables = [row[0] for row in env.cr.fetchall()]
env.cr.execute("SELECT count(*) FROM ir_model WHERE model LIKE 'hr.ai.%%'")
models_left = env.cr.fetchone()[0]
env.cr.execute(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'hr_applicant' AND column_name LIKE 'ai_%%'"
)
columns = [row[0] for row in env.cr.fetchall()]
states = env["ir.module.module"].search([("name", "in", ["hr_ai_interview_portal", "hr_ai_interview"])]).mapped("state")
if tables or models_left or columns or set(states) != {"uninstalled"}:
    print(f"UNINSTALL_FAILED tables={tables} models={models_left} columns={columns} states={states}")
else:
    print("UNINSTALL_OK")
