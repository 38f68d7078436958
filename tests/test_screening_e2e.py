"""End to end: résumés reach applications in Odoo, the real ``hr-ai-worker`` screens them, and the job's
invitation policy acts on the result; unreadable files get their reason; HR's screens at 1280 px."""

import base64
import uuid
from pathlib import Path

from .conftest import running_worker
from .test_e2e import hr_login, wait_for

RESUMES = Path(__file__).resolve().parent.parent / "hr_ai_analysis_worker" / "tests" / "data" / "resumes"
WEAK = "工作经历\n2025.09-至今 某科技公司 实习生（软件测试）\n教育背景\n2022.09-2026.06 某大学 本科 计算机科学\n"


def screening_job(admin):
    return admin.call("hr.job", "create", {
        "name": f"E2E 门店店长 {uuid.uuid4().hex[:6]}",
        "ai_interview_enabled": True, "ai_interview_lang": "zh",
        "ai_question_ids": [(0, 0, {"sequence": 1, "name": "请讲一次你提升门店业绩的经历。",
                                    "key_points": "数据分析\n调整陈列", "answer_seconds": 60})],
        "ai_screen_enabled": True, "ai_screen_policy": "auto", "ai_screen_threshold": 50,
        "ai_screen_min_years": 3, "ai_screen_degree": "associate",
        "ai_screen_requirement_ids": [(0, 0, {"kind": "skill", "name": name, "required": True})
                                      for name in ("门店运营", "团队管理", "库存管理")],
    })


def applicant_with_resume(admin, job_id, name, filename, data):
    candidate = admin.call("hr.candidate", "create", {"partner_name": name,
                                                      "email_from": f"{uuid.uuid4().hex}@example.com"})
    applicant = admin.call("hr.applicant", "create", {"candidate_id": candidate, "job_id": job_id})
    admin.call("ir.attachment", "create", {"name": filename, "res_model": "hr.applicant", "res_id": applicant,
                                           "datas": base64.b64encode(data).decode()})
    return applicant


def test_resumes_screened_by_the_worker_and_the_invitation_policy(odoo, worker_env, browser, results_dir):
    admin = odoo["admin"]
    job_id = screening_job(admin)
    applicants = {
        "strong": applicant_with_resume(admin, job_id, "周敏", "周敏_简历.pdf",
                                        (RESUMES / "zh_two_column.pdf").read_bytes()),
        "weak": applicant_with_resume(admin, job_id, "王强", "wq.txt", WEAK.encode()),
        "encrypted": applicant_with_resume(admin, job_id, "赵磊", "zl.pdf", (RESUMES / "encrypted.pdf").read_bytes()),
        "scanned": applicant_with_resume(admin, job_id, "钱芳", "qf.pdf", (RESUMES / "scanned.pdf").read_bytes()),
    }
    fields = ["ai_screen_state", "ai_screen_score", "ai_screen_must_have", "ai_screen_error", "ai_screen_years",
              "ai_screen_summary", "ai_interview_id", "active"]

    def rows():
        return {key: admin.call("hr.applicant", "read", [app_id], fields)[0] for key, app_id in applicants.items()}

    assert {r["ai_screen_state"] for r in rows().values()} == {"queued"}, "every new résumé is queued"
    with running_worker(worker_env, results_dir / "worker-screening.log"):
        wait_for(lambda: all(r["ai_screen_state"] in ("done", "failed") for r in rows().values()), 180,
                 "the worker to screen the four résumés")
    result = rows()
    strong, weak = result["strong"], result["weak"]
    assert (strong["ai_screen_state"], strong["ai_screen_must_have"]) == ("done", "met"), strong
    assert strong["ai_screen_score"] >= 50 and strong["ai_screen_years"] >= 5, strong
    assert strong["ai_interview_id"], "auto policy: invited above the threshold"
    mails = admin.call("mail.mail", "search_count", [("model", "=", "hr.ai.interview"),
                                                     ("res_id", "=", strong["ai_interview_id"][0])])
    assert mails == 1, "the invitation mail is queued"
    assert weak["ai_screen_state"] == "done" and weak["ai_screen_must_have"] == "missing"
    assert weak["ai_screen_score"] < strong["ai_screen_score"]
    assert not weak["ai_interview_id"] and weak["active"], "below the threshold: not invited, never refused"
    assert (result["encrypted"]["ai_screen_state"], result["encrypted"]["ai_screen_error"]) == ("failed", "encrypted")
    assert (result["scanned"]["ai_screen_state"], result["scanned"]["ai_screen_error"]) == ("failed", "image_only")

    # what HR sees (zh_CN is loaded)
    hr = hr_login(browser, odoo)
    hr.goto(f"{odoo['url']}/odoo/hr.applicant/{applicants['strong']}")
    hr.click("a[name='ai_screen']", timeout=60000)
    hr.wait_for_selector(".o_hr_ai_screen_requirements", timeout=30000)
    assert hr.locator(".o_hr_ai_screen_requirements .o_hr_ai_met").count() >= 3
    assert hr.locator(".o_hr_ai_screen_evidence").count() >= 3, "each requirement shows its résumé line"
    text = hr.locator(".o_hr_ai_screen_report").inner_text()
    assert "must_have" not in text and "周敏" not in text
    hr.screenshot(path=str(results_dir / "hr-resume-screening.png"), full_page=True)
    hr.goto(f"{odoo['url']}/odoo/hr.applicant/{applicants['scanned']}")
    hr.wait_for_selector(".o_hr_ai_screen_failed", timeout=60000)
    reason = hr.locator(".o_hr_ai_screen_failed").inner_text()
    assert "扫描" in reason or "scanned" in reason.lower(), reason  # HR's language: zh_CN is loaded here
    hr.goto(f"{odoo['url']}/odoo/recruitment-applications")
    hr.wait_for_selector(".o_list_view .o_data_row", timeout=60000)
    hr.screenshot(path=str(results_dir / "hr-applicants-list-screening.png"), full_page=True)
    hr.click("button.o_switch_view.o_kanban")
    hr.wait_for_selector(".o_hr_ai_screen_badge", timeout=60000)
    badge = hr.locator(".o_hr_ai_screen_badge").first.bounding_box()
    assert badge["height"] < 32, "the résumé badge stays on one line"
    hr.screenshot(path=str(results_dir / "hr-kanban-screening.png"), full_page=True)
