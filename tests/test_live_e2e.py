"""End to end, the live copilot: HR's panel and the candidate's page in two headless Chromium contexts, the
candidate's fake microphone speaking a prepared Mandarin answer, the real ``hr-ai-worker`` transcribing each
utterance as a ``live_chunk``: the transcript fills HR's panel through Odoo's bus, a spoken key point turns
"heard" with its quote, a hint appears on HR's screen only, and ending the call builds the live report."""

import re
import time

from .conftest import running_worker
from .test_e2e import hr_login, wait_for, xmlid


def test_live_interview_copilot(odoo, worker_env, zh_browser, zh_speech_wav, results_dir):
    admin = odoo["admin"]
    customer = xmlid(admin, "competency_customer")
    job_id = admin.call("hr.job", "create", {
        "name": "销售经理 Live E2E", "ai_interview_enabled": True, "ai_interview_lang": "zh",
        "ai_competency_ids": [(0, 0, {"competency_id": customer, "threshold": 40})],
        "ai_question_ids": [(0, 0, {
            "sequence": 1, "name": "请介绍一次你成功赢回流失大客户的经历。",
            "key_points": "客户需求|客户痛点\n拜访客户|上门拜访\n解决方案|方案\n预算控制",
            "competency_ids": [(6, 0, [customer])], "answer_seconds": 120, "think_seconds": 5})],
    })
    applicant_id = admin.call("hr.applicant", "create", {"partner_name": "赵敏", "email_from": "zhao.min@example.com",
                                                         "job_id": job_id})
    session_id = admin.call("hr.applicant", "action_ai_live_interview", [applicant_id])["params"]["session_id"]
    message = admin.call("hr.ai.live.session", "action_send_link", [session_id])["params"]["message"]
    link = odoo["url"] + re.search(r"/ai-live/[A-Za-z0-9_\-]+", message).group(0)

    with running_worker(worker_env, results_dir / "worker-live.log"):
        # HR opens the copilot from the application, starts the call and marks the question being asked
        hr = hr_login(zh_browser, odoo)
        hr.goto(f"{odoo['url']}/odoo/hr.applicant/{applicant_id}")
        hr.click("button[name='action_ai_live_interview']", timeout=60000)
        hr.wait_for_selector(".o_hr_ai_live_start", timeout=60000)
        hr.click(".o_hr_ai_live_start")
        hr.locator(".o_hr_ai_live_ask").first.click()
        hr.wait_for_selector(".o_hr_ai_live_question.o_hr_ai_live_current", timeout=30000)

        # the candidate, on a phone, agrees to the AI listening and starts the microphone
        candidate = zh_browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
        candidate.goto(link)
        candidate.check("#consent_listening")
        candidate.click(".o_hr_ai_live_agree")
        candidate.wait_for_selector(".o_hr_ai_live_start", timeout=30000)
        candidate.click(".o_hr_ai_live_start")
        started = time.monotonic()

        # HR's panel fills without a reload: the transcript, a key point heard with its quote, a hint
        hr.wait_for_selector(".o_hr_ai_live_transcript .o_hr_ai_live_line", timeout=120000)
        hr.wait_for_selector(".o_hr_ai_live_kp.o_hr_ai_live_heard", timeout=120000)
        hr.wait_for_selector(".o_hr_ai_live_hint", timeout=120000)
        first_hint = time.monotonic() - started
        transcript = hr.locator(".o_hr_ai_live_transcript").inner_text()
        assert re.search(r"[\u4e00-\u9fff]{4,}", transcript), "the Mandarin transcript is shown"
        heard = hr.locator(".o_hr_ai_live_kp.o_hr_ai_live_heard").all_inner_texts()
        assert any("拜访" in text or "客户需求" in text or "方案" in text for text in heard), heard
        assert not any("预算控制" in text for text in heard), "a key point never said is never heard"
        hr.screenshot(path=str(results_dir / "live-hr-panel.png"), full_page=True)
        candidate.screenshot(path=str(results_dir / "live-candidate.png"), full_page=True)
        page = candidate.content()
        assert "o_hr_ai_live_hint" not in page and "预算控制" not in page, "the candidate sees no hint"

        # the end of the call: the link stops working, the report is built from what was heard
        hr.click(".o_hr_ai_live_end")
        hr.locator(".modal .btn-primary").first.click()
        wait_for(lambda: admin.call("hr.ai.live.session", "read", [session_id], ["state"])[0]["state"] == "ended",
                 60, "the live interview ended")
    utterances = admin.call("hr.ai.live.utterance", "search_read", [("session_id", "=", session_id)],
                            fields=["text", "state"])
    assert any(u["text"] for u in utterances), utterances
    print(f"first hint on HR's screen {first_hint:.1f} s after the candidate started speaking")
