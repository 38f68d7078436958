# odoo-bin shell script: prints a new API key for the shipped ai_worker user.
key = env["hr.ai.analysis.job"]._generate_worker_api_key(name="hr-ai-worker (setup/run.sh)")
env.cr.commit()
print(f"HR_AI_WORKER_KEY={key}")
