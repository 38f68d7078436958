"""End to end, a live interview: HR offers times from the calendar, the candidate books one on a phone, agrees to
the AI listening and joins Odoo's own video call inside their page (sound only: the camera left off) while HR
joins from the copilot, in two headless Chromium contexts; the call connects and carries the candidate's audio;
the candidate's fake microphone speaks a prepared Mandarin answer, the real ``hr-ai-worker`` transcribes each
utterance as a ``live_chunk``: the transcript fills HR's panel through Odoo's bus, a spoken key point turns
"heard" with its quote, a hint appears on HR's screen only; the candidate rejoins the same call after leaving
it, and ending the call builds the live report."""

import re
import time

from .conftest import running_worker
from .test_e2e import sign_in, wait_for, xmlid

# every RTCPeerConnection a page (or its frames) makes, to read the call's state and traffic
PEERS_SCRIPT = """
(() => {
    const Original = window.RTCPeerConnection;
    if (!Original) { return; }
    window.__hrAiPeers = [];
    window.RTCPeerConnection = function (...args) {
        const pc = new Original(...args);
        window.__hrAiPeers.push(pc);
        return pc;
    };
    window.RTCPeerConnection.prototype = Original.prototype;
})();
"""
CONNECTED = "() => (window.__hrAiPeers || []).filter((pc) => pc.connectionState === 'connected').length"
AUDIO_IN = """async () => {
    let bytes = 0;
    for (const pc of window.__hrAiPeers || []) {
        (await pc.getStats()).forEach((r) => {
            if (r.type === 'inbound-rtp' && r.kind === 'audio') { bytes += r.bytesReceived; }
        });
    }
    return bytes;
}"""
VIDEO_OUT = """() => (window.__hrAiPeers || []).filter((pc) => pc.connectionState === 'connected')
    .flatMap((pc) => pc.getSenders()).filter((s) => s.track && s.track.kind === 'video' && s.track.enabled).length"""


CHANNEL_RE = r"/(?:chat|discuss/channel)/(\d+)"


def call_frame(page, timeout=60):
    """The frame of Odoo's call inside the candidate's page, once its welcome page shows."""
    welcome = page.frame_locator("iframe.o_hr_ai_live_iframe").locator(".o-mail-WelcomePage button.btn-success")
    welcome.wait_for(timeout=timeout * 1000)
    frame = page.query_selector("iframe.o_hr_ai_live_iframe").content_frame()
    assert re.search(CHANNEL_RE, frame.url), frame.url
    return frame


def join_call_sound_only(candidate):
    candidate.wait_for_selector(".o_hr_ai_live_callbox[data-ready]", timeout=30000)
    candidate.click(".o_hr_ai_live_call")
    frame = call_frame(candidate)
    assert frame.input_value(".o-mail-WelcomePage input") == "赵敏", "the guest is named after the candidate"
    camera = frame.locator(".o-mail-WelcomePage button:has(.fa-camera)")
    wait_for(lambda: "btn-dark" in (camera.get_attribute("class") or ""), 30, "the camera preview on")
    camera.click()  # no camera: sound only
    wait_for(lambda: "btn-danger" in (camera.get_attribute("class") or ""), 30, "the camera off")
    frame.click(".o-mail-WelcomePage button.btn-success")
    return frame


def test_live_interview_copilot(odoo, worker_env, zh_browser, zh_speech_wav, results_dir):
    admin = odoo["admin"]
    customer = xmlid(admin, "competency_customer")
    job_id = admin.call("hr.job", "create", {
        "name": "销售经理 Live E2E", "ai_interview_enabled": True, "ai_interview_lang": "zh",
        "ai_competency_ids": [(0, 0, {"competency_id": customer, "threshold": 40})],
        "ai_question_ids": [(0, 0, {
            "sequence": 1, "name": "请介绍一次你成功赢回流失大客户的经历。",
            "key_points": "客户需求|客户痛点\n拜访客户|上门拜访\n解决方案|方案\n英语能力",
            "competency_ids": [(6, 0, [customer])], "answer_seconds": 120, "think_seconds": 5}),
            # a second question: once the first one is answered, the copilot suggests it (a hint either way)
            (0, 0, {"sequence": 2, "name": "请讲一个你带领团队完成有挑战的业绩目标的例子。",
                    "key_points": "团队分工\n目标拆解", "competency_ids": [(6, 0, [customer])],
                    "answer_seconds": 120, "think_seconds": 5})],
    })
    applicant_id = admin.call("hr.applicant", "create", {"partner_name": "赵敏", "email_from": "zhao.min@example.com",
                                                         "job_id": job_id})
    session_id = admin.call("hr.applicant", "action_ai_live_interview", [applicant_id])["params"]["session_id"]
    admin.call("res.users", "write", [admin.uid], {"tz": "Asia/Shanghai"})

    with running_worker(worker_env, results_dir / "worker-live.log"):
        # HR offers times from the calendar (working hours, meetings) and sends them to the candidate
        hr_context = zh_browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                            timezone_id="Asia/Shanghai")
        hr_context.add_init_script(PEERS_SCRIPT)
        hr = sign_in(hr_context.new_page(), odoo)
        hr.goto(f"{odoo['url']}/odoo/hr.applicant/{applicant_id}")
        hr.click("button[name='action_ai_live_interview']", timeout=60000)
        hr.click(".o_hr_ai_live_schedule", timeout=60000)
        hr.wait_for_selector(".modal .o_data_row", timeout=60000)
        hr.screenshot(path=str(results_dir / "live-hr-offer-times.png"))
        hr.click(".modal button[name='action_offer']")
        hr.wait_for_selector(".o_notification", timeout=60000)
        notice = hr.locator(".o_notification").inner_text()
        link = odoo["url"] + re.search(r"/ai-live/[A-Za-z0-9_\-]+", notice).group(0)
        offered = admin.call("hr.ai.live.slot", "search_read", [("session_id", "=", session_id)], fields=["start"])
        assert offered, "free times were offered"

        # the candidate, on a phone in another time zone, books a time, then reads the notice and agrees
        candidate_context = zh_browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                                   timezone_id="Europe/Paris")
        candidate_context.add_init_script(PEERS_SCRIPT)
        candidate = candidate_context.new_page()
        candidate.goto(link)
        candidate.wait_for_selector(".o_hr_ai_live_schedule_form", timeout=30000)
        candidate.wait_for_function(  # the times in the candidate's own zone
            "() => document.querySelector('.o_hr_ai_live_tz').textContent === 'Europe/Paris'", timeout=30000)
        candidate.screenshot(path=str(results_dir / "live-candidate-times.png"), full_page=True)
        candidate.locator("input[name=slot_id]").first.check()
        candidate.click(".o_hr_ai_live_book")
        candidate.wait_for_selector(".o_hr_ai_live_booked", timeout=30000)
        session = admin.call("hr.ai.live.session", "read", [session_id], ["calendar_event_id", "schedule_state"])[0]
        assert session["schedule_state"] == "booked" and session["calendar_event_id"], session
        event = admin.call("calendar.event", "read", [session["calendar_event_id"][0]],
                           ["videocall_location", "partner_ids"])[0]
        assert "/calendar/join_videocall/" in event["videocall_location"], "Odoo's own video call"
        hr.reload()
        hr.wait_for_selector(".o_hr_ai_live_schedule .fa-calendar", timeout=60000)
        assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", hr.inner_text(".o_hr_ai_live_schedule")), \
            "the copilot shows the booked time"
        candidate.check("#consent_listening")
        candidate.click(".o_hr_ai_live_agree")
        candidate.wait_for_selector(".o_hr_ai_live_start", timeout=30000)

        # the call: the candidate joins inside their page with sound only, HR from the copilot beside the panel
        frame = join_call_sound_only(candidate)
        hr.goto(f"{odoo['url']}/odoo/hr.applicant/{applicant_id}")
        hr.click("button[name='action_ai_live_interview']", timeout=60000)
        hr.wait_for_selector(".o_hr_ai_live_start", timeout=60000)
        # the candidate is already in the call, so Odoo may ring HR (its call invitation over the page, for up to
        # ~30 s): HR's click waits, as HR would, until the button is free
        hr.click(".o_hr_ai_live_call", timeout=90000)
        wait_for(lambda: hr.evaluate(CONNECTED) and frame.evaluate(CONNECTED), 90, "the call connects")
        wait_for(lambda: hr.evaluate(AUDIO_IN) > 2000, 60, "HR hears the candidate")
        assert frame.evaluate(VIDEO_OUT) == 0, "sound only: the candidate sends no video"
        hr.click(".o_hr_ai_live_start")
        hr.locator(".o_hr_ai_live_ask").first.click()
        hr.wait_for_selector(".o_hr_ai_live_question.o_hr_ai_live_current", timeout=30000)

        # the AI listening, in the same page as the call
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
        assert not any("英语能力" in text for text in heard), "a key point never said is never heard"
        hr.screenshot(path=str(results_dir / "live-hr-panel.png"), full_page=True)
        candidate.screenshot(path=str(results_dir / "live-candidate.png"), full_page=True)
        page = candidate.content() + frame.content()
        assert "o_hr_ai_live_hint" not in page and "英语能力" not in page, "the candidate sees no hint"

        # the connection drops: the candidate presses the button again and is back in the same call
        channel = re.search(CHANNEL_RE, frame.url).group(1)
        frame = join_call_sound_only(candidate)
        assert re.search(CHANNEL_RE, frame.url).group(1) == channel, "the same call"
        wait_for(lambda: frame.evaluate(CONNECTED), 90, "the candidate is back in the call")
        wait_for(lambda: hr.evaluate(CONNECTED), 60, "HR sees the candidate again")
        candidate.screenshot(path=str(results_dir / "live-candidate-call.png"), full_page=True)
        hr.screenshot(path=str(results_dir / "live-hr-call.png"))

        # the end of the call: the link stops working, the report is built from what was heard
        hr.click(".o_hr_ai_live_end")
        hr.locator(".modal .btn-primary").first.click()
        wait_for(lambda: admin.call("hr.ai.live.session", "read", [session_id], ["state"])[0]["state"] == "ended",
                 60, "the live interview ended")
    utterances = admin.call("hr.ai.live.utterance", "search_read", [("session_id", "=", session_id)],
                            fields=["text", "state"])
    assert any(u["text"] for u in utterances), utterances
    print(f"first hint on HR's screen {first_hint:.1f} s after the candidate started speaking")
