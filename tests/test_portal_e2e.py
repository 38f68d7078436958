"""The candidate's interview in headless Chromium (fake camera and microphone), on a phone (390×844,
touch) and on a desktop (1280×800): employer's look, device check, practice, countdowns, retakes,
playback, the chunked upload through a cut network and a reload, resuming in a second browser, neutral
pages for bad links, and axe-core accessibility checks. Screenshots of every screen are kept in the
e2e results folder."""

import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from .test_e2e import invite, xmlid

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


def create_job(admin, name, think=20, retakes=1):
    customer = xmlid(admin, "competency_customer")
    return admin.call("hr.job", "create", {
        "name": name,
        "ai_interview_enabled": True,
        "ai_interview_lang": "en",
        "ai_competency_ids": [(0, 0, {"competency_id": customer, "threshold": 40})],
        "ai_question_ids": [
            (0, 0, {"sequence": 1, "name": "How did you improve customer satisfaction?", "key_points": "training",
                    "competency_ids": [(6, 0, [customer])], "answer_seconds": 60, "think_seconds": think,
                    "retakes_allowed": retakes}),
            (0, 0, {"sequence": 2, "name": "What result did your work have?", "key_points": "twenty percent",
                    "competency_ids": [(6, 0, [customer])], "answer_seconds": 60, "think_seconds": think,
                    "retakes_allowed": 0}),
        ],
    })


def check_axe(page, where):
    """No serious or critical accessibility violation (axe-core, WCAG 2.1 A/AA rules)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => ({
            id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not bad, f"accessibility violations on {where}: {json.dumps(bad)}"


class Shots:
    def __init__(self, results_dir, size):
        self.folder = Path(results_dir) / "candidate" / size
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, page, name):
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


def consent(page, link, ai=True):
    page.goto(link)
    for box in ("#consent_recording", "#consent_ai_analysis", "#consent_talent_pool"):
        assert not page.is_checked(box), "no consent is ticked in advance"
    page.check("#consent_recording")
    if ai:
        page.check("#consent_ai_analysis")
    page.click(".o_hr_ai_consent_submit")
    page.wait_for_selector(".o_hr_ai_recorder[data-ready]")


def devices_on(page):
    page.click(".o_hr_ai_start_devices")
    page.wait_for_selector(".o_hr_ai_device_ready:visible", timeout=30000)


def record(page, seconds):
    page.click(".o_hr_ai_record")
    page.wait_for_selector(".o_hr_ai_status[data-state='recording']")
    page.wait_for_timeout(int(seconds * 1000))
    page.click(".o_hr_ai_stop")


def decoded_seconds(data):
    with tempfile.NamedTemporaryFile(suffix=".media") as tmp:
        tmp.write(data)
        tmp.flush()
        out = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", tmp.name, "-map", "0:a:0", "-f", "null",
                              "-progress", "pipe:1", "-"], capture_output=True, text=True, timeout=60, check=True)
    return int(re.findall(r"out_time_us=(\d+)", out.stdout)[-1]) / 1e6


def answers_of(admin, interview_id):
    import base64  # noqa: PLC0415

    answers = admin.call("hr.ai.answer", "search_read", [("interview_id", "=", interview_id)],
                         fields=["question_id", "attachment_id", "retake_count", "state", "file_size"])
    for answer in answers:
        raw = admin.call("ir.attachment", "read", [answer["attachment_id"][0]], ["datas"])[0]["datas"]
        answer["data"] = base64.b64decode(raw)
    return answers


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_whole_interview(odoo, browser, results_dir, size):
    admin = odoo["admin"]
    job_id = create_job(admin, f"Customer Success Lead ({size})")
    _applicant, interview_id, link = invite(admin, job_id, f"Portal {size}")
    shot = Shots(results_dir, size)
    context = browser.new_context(locale="en-US", bypass_csp=True, **SIZES[size])
    page = context.new_page()

    page.goto(link)
    assert page.get_attribute("html", "lang") == "en", "<html lang> follows the invitation's language"
    assert "My Company" in page.inner_text(".o_hr_ai_brandbar"), "the employer's name"
    assert page.inner_text(".o_hr_ai_fact_questions").strip() == "2"
    assert "min" in page.inner_text(".o_hr_ai_fact_minutes")
    assert page.inner_text(".o_hr_ai_deadline").strip()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[size]["viewport"]["width"], f"no horizontal scrolling ({width} px)"
    box = page.locator("#consent_recording").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, f"checkboxes are large enough to touch: {box}"
    shot(page, "consent")
    check_axe(page, "consent")

    # language switch: Chinese and back
    page.click(".o_hr_ai_lang[hreflang='zh-CN']")
    page.wait_for_selector("html[lang='zh-CN']")
    shot(page, "consent-zh")
    page.click(".o_hr_ai_lang[hreflang='en']")
    page.wait_for_selector("html[lang='en']")

    consent(page, page.url)
    shot(page, "device-step")
    check_axe(page, "device step")
    devices_on(page)
    page.wait_for_function("Number(document.querySelector('.o_hr_ai_level').getAttribute('aria-valuenow')) > 0",
                           timeout=20000)
    shot(page, "device-check")

    # practice: recorded and played back on the device, never uploaded
    page.click(".o_hr_ai_practice")
    page.wait_for_selector(".o_hr_ai_practice_badge:visible")
    record(page, 2)
    page.wait_for_selector(".o_hr_ai_playback:visible")
    page.wait_for_selector(".o_hr_ai_status[data-state='practice-done']")
    shot(page, "practice-playback")
    assert admin.call("hr.ai.upload", "search_count", [("interview_id", "=", interview_id)]) == 0, \
        "the practice recording never leaves the device"
    page.click(".o_hr_ai_practice_done")

    # question 1: think time, then an answer, then a retake with a countdown
    page.wait_for_selector(".o_hr_ai_timer:has-text('Thinking time')")
    assert page.inner_text(".o_hr_ai_progress_label").strip() == "Question 1 of 2"
    shot(page, "question-thinking")
    check_axe(page, "question")
    page.click(".o_hr_ai_record")
    page.wait_for_selector(".o_hr_ai_status[data-state='recording']")
    first = page.inner_text(".o_hr_ai_timer")
    page.wait_for_timeout(2500)
    second = page.inner_text(".o_hr_ai_timer")
    assert first != second, "the timer counts down"
    assert "left" not in page.inner_text(".o_hr_ai_status"), "the status box shows no second, stale clock"
    shot(page, "recording")
    page.wait_for_timeout(1500)
    page.click(".o_hr_ai_stop")
    page.wait_for_selector(".o_hr_ai_status[data-state='uploaded']", timeout=60000)
    assert page.inner_text(".o_hr_ai_timer") == "", "the timer stops when the answer is finished"
    assert "received and checked" in page.inner_text(".o_hr_ai_status")
    assert page.inner_text(".o_hr_ai_retakes").strip() == "Retakes left: 1"
    page.wait_for_selector(".o_hr_ai_playback:visible")
    shot(page, "answer-received")
    page.click(".o_hr_ai_retake")
    page.wait_for_selector(".o_hr_ai_countdown:visible", timeout=5000)
    shot(page, "retake-countdown")
    page.wait_for_selector(".o_hr_ai_status[data-state='recording']", timeout=10000)
    page.wait_for_timeout(3000)
    page.click(".o_hr_ai_stop")
    page.wait_for_selector(".o_hr_ai_status[data-state='uploaded']", timeout=60000)
    assert page.inner_text(".o_hr_ai_retakes").strip() == "No retakes left"
    assert not page.is_visible(".o_hr_ai_retake")
    page.click(".o_hr_ai_next")

    # question 2, then submit
    page.wait_for_selector(".o_hr_ai_progress_label:has-text('Question 2 of 2')")
    record(page, 3)
    page.wait_for_selector(".o_hr_ai_status[data-state='uploaded']", timeout=60000)
    page.click(".o_hr_ai_next")
    page.wait_for_selector(".o_hr_ai_submit:visible")
    shot(page, "ready-to-submit")
    check_axe(page, "submit")
    page.click(".o_hr_ai_submit")
    page.wait_for_selector(".o_hr_ai_finished", timeout=30000)
    shot(page, "finished")
    check_axe(page, "finished")

    # a rights request from the link reaches HR's list; the candidate sees its status
    page.select_option("#o_hr_ai_rights_kind", "explanation")
    page.fill("#o_hr_ai_rights_message", "Please explain my result.")
    page.click(".o_hr_ai_rights_submit")
    page.wait_for_selector(".o_hr_ai_request_state")
    shot(page, "rights-request-sent")
    requests = admin.call("hr.ai.rights.request", "search_read", [("interview_id", "=", interview_id)],
                          fields=["kind", "state", "date_due"])
    assert [(r["kind"], r["state"]) for r in requests] == [("explanation", "new")]

    answers = answers_of(admin, interview_id)
    assert len(answers) == 2
    by_question = {a["question_id"][1]: a for a in answers}
    assert by_question["How did you improve customer satisfaction?"]["retake_count"] == 1
    for answer in answers:
        assert decoded_seconds(answer["data"]) > 2, "each answer decodes"
    jobs = admin.call("hr.ai.analysis.job", "search_read", [("interview_id", "=", interview_id),
                                                            ("kind", "=", "analyze_answer")], fields=["state"])
    assert sorted(j["state"] for j in jobs) == ["cancelled", "pending", "pending"], "the retake replaced a take"
    context.close()


def test_network_cut_reload_and_second_device(odoo, browser, results_dir):
    """The network is cut while recording and comes back: the answer arrives whole and once. The upload
    fails after recording and the page is reloaded: the recording kept on the device is sent then. The
    link opened in a second browser continues at the next question; think time is not restarted."""
    admin = odoo["admin"]
    job_id = create_job(admin, "Network E2E", think=30)
    _applicant, interview_id, link = invite(admin, job_id, "Portal network")
    shot = Shots(results_dir, "network")
    context = browser.new_context(locale="en-US", **SIZES["phone"])
    page = context.new_page()
    consent(page, link)
    devices_on(page)
    page.click(".o_hr_ai_begin")

    # think time survives a reload: it continues, it does not restart
    page.wait_for_selector(".o_hr_ai_timer:has-text('Thinking time')")
    page.wait_for_timeout(4000)
    page.reload()
    devices_on(page)
    page.click(".o_hr_ai_begin")
    page.wait_for_selector(".o_hr_ai_timer:has-text('Thinking time')")
    left = int(re.search(r"(\d+):(\d\d)", page.inner_text(".o_hr_ai_timer")).group(2))
    assert left <= 26, f"think time continued after the reload ({left} s left)"

    # the network is cut for 6 s in the middle of the recording
    page.click(".o_hr_ai_record")
    page.wait_for_selector(".o_hr_ai_status[data-state='recording']")
    page.wait_for_timeout(3000)
    context.set_offline(True)
    page.wait_for_selector(".o_hr_ai_status[data-state='recording-offline']", timeout=15000)
    shot(page, "recording-offline")
    page.wait_for_timeout(6000)
    context.set_offline(False)
    page.wait_for_timeout(3000)
    page.click(".o_hr_ai_stop")
    page.wait_for_selector(".o_hr_ai_status[data-state='uploaded']", timeout=60000)
    shot(page, "received-after-network-cut")
    answers = answers_of(admin, interview_id)
    assert len(answers) == 1
    assert decoded_seconds(answers[0]["data"]) >= 10, "the whole recording arrived (about 12 s)"
    uploads = admin.call("hr.ai.upload", "search_read", [("interview_id", "=", interview_id)],
                         fields=["state", "received"])
    assert [u["state"] for u in uploads] == ["done"]
    assert uploads[0]["received"] == answers[0]["file_size"], "every byte once"

    # a second browser (another device) continues at question 2
    other = browser.new_context(locale="en-US", **SIZES["desktop"])
    page2 = other.new_page()
    page2.goto(link)
    page2.wait_for_selector(".o_hr_ai_recorder[data-ready]")
    page2.wait_for_function("document.querySelector('.o_hr_ai_answered').textContent.trim() === '1'",
                            timeout=20000)
    devices_on(page2)
    page2.click(".o_hr_ai_begin")
    page2.wait_for_selector(".o_hr_ai_progress_label:has-text('Question 2 of 2')")
    shot(page2, "second-device-resumes")
    other.close()

    # question 2: the chunks cannot be sent, the page is reloaded; the kept recording is sent after the reload
    page.click(".o_hr_ai_next")
    page.wait_for_selector(".o_hr_ai_progress_label:has-text('Question 2 of 2')")
    page.route("**/chunk?**", lambda route: route.abort("internetdisconnected"))
    page.click(".o_hr_ai_record")
    page.wait_for_selector(".o_hr_ai_status[data-state='recording']")
    page.wait_for_timeout(5000)
    page.click(".o_hr_ai_stop")
    page.wait_for_selector(".o_hr_ai_status[data-state='offline']", timeout=20000)
    shot(page, "upload-waiting-offline")
    page.unroute("**/chunk?**")
    page.reload()
    page.wait_for_selector(".o_hr_ai_recorder[data-ready]")
    page.wait_for_function("document.querySelector('.o_hr_ai_answered').textContent.trim() === '2'", timeout=60000)
    shot(page, "sent-after-reload")
    answers = answers_of(admin, interview_id)
    assert len(answers) == 2
    second = [a for a in answers if a["question_id"][1] == "What result did your work have?"][0]
    assert decoded_seconds(second["data"]) >= 4, "the recording kept on the device arrived whole"
    uploads = admin.call("hr.ai.upload", "search_read", [("interview_id", "=", interview_id),
                                                         ("state", "=", "done")], fields=["received"])
    assert len(uploads) == 2
    jobs = admin.call("hr.ai.analysis.job", "search_count", [("interview_id", "=", interview_id),
                                                             ("kind", "=", "analyze_answer")])
    assert jobs == 2, "each answer queued once"
    context.close()


def test_bad_links_show_one_neutral_page(odoo, browser, results_dir):
    admin = odoo["admin"]
    job_id = create_job(admin, "Links E2E")
    _applicant, cancelled_id, cancelled = invite(admin, job_id, "Portal cancelled")
    admin.call("hr.ai.interview", "action_cancel", [cancelled_id])
    _applicant, expired_id, expired = invite(admin, job_id, "Portal expired")
    admin.call("hr.ai.interview", "write", [expired_id], {"date_deadline": "2020-01-01 00:00:00"})
    forged = odoo["url"] + "/ai-interview/" + "A" * 43
    texts = []
    for name, link in (("forged", forged), ("cancelled", cancelled), ("expired", expired)):
        page = browser.new_context(locale="en-US", **SIZES["phone"]).new_page()
        response = page.goto(link)
        assert response.status == 404
        texts.append(page.inner_text("main"))
        page.screenshot(path=str(Path(results_dir) / f"link-{name}.png"), full_page=True)
    assert texts[0] == texts[1] == texts[2], "nothing tells a forged, a cancelled and an expired link apart"


def focus_to(page, selector, limit=80):
    """Press Tab until ``selector`` has the focus (or it has it already); it must show that it has it."""
    seen = []
    for _press in range(limit + 1):
        state = page.evaluate("""s => {
            const el = document.activeElement;
            if (!el || !el.matches(s)) {
                return {hit: false, at: el ? (el.id || el.className || el.tagName) : null};
            }
            const st = getComputedStyle(el);
            const outline = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0;
            return {hit: true, visible: outline || (st.boxShadow && st.boxShadow !== 'none')};
        }""", selector)
        if state["hit"]:
            assert state["visible"], f"{selector} shows no focus indicator"
            return
        seen.append(state["at"])
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with Tab; focus went through {seen}")


def test_keyboard_only(odoo, browser, results_dir):
    """The whole interview with the keyboard alone (Tab, Space, Enter): the consent boxes, continue, turning
    on the devices, starting and finishing each answer, the next question and the submission."""
    admin = odoo["admin"]
    job_id = create_job(admin, "Keyboard E2E", think=20, retakes=0)
    _applicant, interview_id, link = invite(admin, job_id, "Portal keyboard")
    shot = Shots(results_dir, "keyboard")
    context = browser.new_context(locale="en-US", **SIZES["desktop"])
    page = context.new_page()
    page.goto(link)
    for box in ("#consent_recording", "#consent_ai_analysis"):
        focus_to(page, box)
        page.keyboard.press("Space")
        assert page.is_checked(box), f"Space ticks {box}"
    assert not page.is_checked("#consent_talent_pool")
    focus_to(page, ".o_hr_ai_consent_submit")
    shot(page, "consent-by-keyboard")
    page.keyboard.press("Enter")
    page.wait_for_selector(".o_hr_ai_recorder[data-ready]")

    focus_to(page, ".o_hr_ai_start_devices")
    page.keyboard.press("Enter")
    page.wait_for_selector(".o_hr_ai_device_ready:visible", timeout=30000)
    focus_to(page, ".o_hr_ai_begin")
    page.keyboard.press("Enter")
    for number, key in ((1, "Space"), (2, "Enter")):
        page.wait_for_selector(f".o_hr_ai_progress_label:has-text('Question {number} of 2')")
        page.wait_for_selector(".o_hr_ai_timer:has-text('Thinking time')")
        focus_to(page, ".o_hr_ai_record")
        page.keyboard.press(key)
        page.wait_for_selector(".o_hr_ai_status[data-state='recording']")
        page.wait_for_timeout(3000)
        focus_to(page, ".o_hr_ai_stop")
        shot(page, f"recording-{number}-by-keyboard")
        page.keyboard.press(key)
        page.wait_for_selector(".o_hr_ai_status[data-state='uploaded']", timeout=60000)
        focus_to(page, ".o_hr_ai_next")
        page.keyboard.press("Enter")
    page.wait_for_selector(".o_hr_ai_submit:visible")
    focus_to(page, ".o_hr_ai_submit")
    page.keyboard.press("Enter")
    page.wait_for_selector(".o_hr_ai_finished", timeout=30000)
    shot(page, "finished-by-keyboard")
    assert len(answers_of(admin, interview_id)) == 2, "both answers recorded with the keyboard alone"
    context.close()
