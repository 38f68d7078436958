"""Screening: requirements, synonyms, stuffed skill lists, the result contract, fairness, CLI and handler."""

import json
import re

import pytest
from hr_ai_analysis_worker.analysis.resume_match import (
    SCHEMA,
    parse_degree,
    parse_min_years,
    prepare_job,
    screen,
    screen_prepared,
)

TODAY = "2026-11-26"
STORE_JOB = {
    "name": "门店店长（连锁便利店）", "lang": "zh", "min_years": 3, "degree": "associate",
    "requirements": "3年以上零售门店管理经验，大专及以上学历；熟悉库存管理和订货。",
    "skills": [{"name": "门店运营", "required": True}, {"name": "团队管理", "required": True},
               {"name": "库存管理", "required": True}, {"name": "商品陈列", "required": False, "weight": 1}],
    "certificates": [{"name": "健康证", "required": False, "weight": 1}],
}
STRONG = """\
{head}
工作经历
2019.07-至今 | 鲜到家便利店 | 店长 | 下属8人
· 全面负责门店运营，日均营业额1.6万元
· 带领8人团队，负责排班与新员工培训
· 每周盘点、每日订货补货，报废率由4%降至2.5%
· 根据销售报表调整陈列和端架促销
2016.07-2019.06 | 华润万家超市 | 理货员
· 负责饮料区补货和货架陈列
教育经历
2013.09-2016.06 | 湖南商务职业技术学院 | 市场营销 | 大专
证书
健康证
"""
STUFFED = """\
{head}
专业技能
门店运营 门店运营 团队管理 库存管理 库存管理 商品陈列 店长 门店管理 排班 订货
工作经历
2019.03-2024.06 | 深圳市鑫达贸易有限公司 | 行政文员
负责前台接待、快递收发、办公用品采购。
教育经历
2016.09-2019.06 | 周口职业技术学院 | 文秘 | 大专
自我评价
有很强的团队管理能力和门店运营能力，熟悉库存管理、商品陈列。
"""
ZH_HEAD = "姓名：{name}    性别：{gender}    年龄：{age}岁\n出生年月：{birth}    籍贯：{home}    民族：{ethnic}\n" \
          "婚姻状况：{marital}    政治面貌：{political}\n{photo}\n电话：138****6217"


def zh_head(**kw):
    values = dict(name="刘佳慧", gender="女", age=32, birth="1994年5月", home="湖南衡阳", ethnic="汉族",
                  marital="已婚", political="群众", photo="[照片]")
    values.update(kw)
    return ZH_HEAD.format(**values)


def test_result_contract():
    result = screen(STRONG.format(head=zh_head()), STORE_JOB, today=TODAY)
    assert result["schema"] == SCHEMA and result["lang"] == "zh"
    assert set(result) >= {"score", "must_have_ok", "years_experience", "relevant_years", "degree", "requirements",
                           "education", "work", "skills", "certificates", "languages", "contact", "findings",
                           "text_chars", "versions"}
    assert result["must_have_ok"] is True and result["degree"] == "associate"
    assert result["years_experience"] == result["relevant_years"] == 10.4
    kinds = [r["kind"] for r in result["requirements"]]
    assert kinds == ["min_years", "degree", "skill", "skill", "skill", "skill", "certificate"]
    for row in result["requirements"]:
        assert row["met"] is True and row["evidence"], row
        for ev in row["evidence"]:
            assert result_line(ev["line"]) == ev["text"]
    inventory = next(r for r in result["requirements"] if r["name"] == "库存管理")
    assert "盘点" in inventory["evidence"][0]["text"]  # 盘点/订货/补货 say 库存管理
    assert all(w["relevant"] for w in result["work"])
    assert {"code": "strong_evidence", "params": {"name": "门店运营"}} in result["findings"]
    assert result["contact"] == {"email": None, "phone": "138****6217"}
    assert all(isinstance(f["code"], str) and isinstance(f["params"], dict) for f in result["findings"])
    json.dumps(result)


def result_line(number):
    return STRONG.format(head=zh_head()).splitlines()[number - 1].strip()


def test_stuffed_scores_below_strong():
    strong = screen(STRONG.format(head=zh_head()), STORE_JOB, today=TODAY)
    stuffed = screen(STUFFED.format(head=zh_head()), STORE_JOB, today=TODAY)
    assert stuffed["score"] < strong["score"] - 30
    assert stuffed["must_have_ok"] is False
    assert any(f["code"] == "stuffed_skills" for f in stuffed["findings"])
    assert {"code": "years_below", "params": {"found": 0.0, "required": 3.0}} in stuffed["findings"]


@pytest.mark.parametrize("skill, line", [
    ("PostgreSQL", "- Migrated the order DB from MySQL to Postgres 14"),
    ("REST API design", "- Wrote HTTP/JSON endpoints for the mobile app"),
    ("Kubernetes", "- Deployed to k8s with Argo CD"),
    ("库存管理", "· 负责商品进销存与补货"),
    ("税务申报", "· 每月增值税及附加税申报"),
    ("普通话", "Languages: Mandarin (native), English"),
])
def test_synonyms_and_other_wording(skill, line):
    text = f"Experience\nEngineer, Acme Ltd   2019 - 2024\n{line}\n"
    result = screen(text, {"name": "job", "skills": [{"name": skill, "required": True}]}, today=TODAY)
    row = result["requirements"][0]
    assert row["met"] is True and row["evidence"][0]["text"] == line.strip()


def test_chinese_synonyms_from_cilin():
    job = {"name": "岗位", "skills": [{"name": "维系客户", "required": True}]}  # no concept knows it
    text = "工作经历\n2019.07-2022.03 | 某公司 | 专员\n负责与老客户保持联系，月度回访200人\n"  # 维系 = 保持
    assert screen(text, job, today=TODAY)["requirements"][0]["met"] is True


def test_free_text_requirements():
    assert parse_min_years("3年以上零售门店管理经验") == 3
    assert parse_min_years("三年以上经验") == 3
    assert parse_min_years("3+ years building backend services") == 3
    assert parse_min_years("at least two years of experience") == 2
    assert parse_degree("中专/高中及以上学历") == "vocational"
    assert parse_degree("本科及以上学历") == "bachelor"
    assert parse_degree("Bachelor's degree in computer science") == "bachelor"
    job = {"name": "Backend Developer", "lang": "en",
           "requirements": "Bachelor's degree; 3+ years with Python and PostgreSQL; experience with Docker. "
                           "Nice to have: Kubernetes."}
    rows = {r["name"]: r for r in screen("Experience\n", job, today=TODAY)["requirements"]}
    assert rows["min_years"]["required"] and rows["bachelor"]["required"]
    assert rows["python"]["required"] and rows["postgresql"]["required"] and rows["docker"]["required"]
    assert rows["kubernetes"]["required"] is False


def test_unknown_when_the_resume_says_nothing():
    result = screen("自我评价\n踏实肯干。\n", STORE_JOB, today=TODAY)
    rows = {r["kind"]: r for r in result["requirements"]}
    assert rows["min_years"]["met"] is None and rows["degree"]["met"] is None
    assert result["must_have_ok"] is False
    assert any(f["code"] == "must_have_unknown" for f in result["findings"])


def test_skills_catalog_ids():
    catalog = [{"id": 7, "name": "库存管理", "type": "Retail"}, {"id": 9, "name": "Excel", "type": "Office"}]
    text = STRONG.format(head=zh_head()) + "专业技能\nExcel（数据透视）\n"
    result = screen(text, STORE_JOB, today=TODAY, skills_catalog=catalog)
    assert next(r for r in result["requirements"] if r["name"] == "库存管理")["skill_id"] == 7
    assert {s.get("skill_id") for s in result["skills"]} >= {7, 9}


def comparable(result):
    return result["score"], result["must_have_ok"], result["requirements"], result["findings"], result["work"]


@pytest.mark.parametrize("template", [STRONG, STUFFED])
def test_fairness_zh(template):
    """Name, gender, age, birth date, photo, marital status, hometown, ethnicity and political status change
    nothing."""
    base = screen(template.format(head=zh_head()), STORE_JOB, today=TODAY)
    for other in (dict(name="王建军", gender="男", age=45, birth="1981年2月", home="四川南充", ethnic="彝族",
                       marital="离异", political="中共党员", photo="[头像]"),
                  dict(name="欧阳娜娜", gender="女", age=23, birth="2003年9月", home="新疆喀什", ethnic="维吾尔族",
                       marital="未婚", political="共青团员", photo="")):
        assert comparable(screen(template.format(head=zh_head(**other)), STORE_JOB, today=TODAY)) == comparable(base)


EN_JOB = {"name": "Backend Developer (Python)", "lang": "en", "min_years": 3, "degree": "bachelor",
          "requirements": "", "skills": [{"name": "Python", "required": True}, {"name": "PostgreSQL", "required": True},
                                         {"name": "Docker", "required": False, "weight": 2}]}
EN = """\
{name}
{photo}
Gender: {gender} | Age: {age} | Date of birth: {birth} | Marital status: {marital}
Hometown: {home} | Ethnicity: {ethnic} | Political status: {political}
jane@example.com
Experience
Backend Engineer, Acme Ltd   Jul 2019 - present
- Built Django services on PostgreSQL for 2M users; Docker images and CI
Education
BSc Computer Science, State University, 2015 - 2019
"""


def test_fairness_en():
    one = dict(name="Jane Smith", photo="[Photo]", gender="Female", age=29, birth="1997-03-02", marital="Married",
               home="Leeds", ethnic="White British", political="none")
    two = dict(name="Mohammed Al-Farsi", photo="(photo)", gender="Male", age=52, birth="1974-11-30",
               marital="Single", home="Muscat", ethnic="Arab", political="Labour member")
    first, second = (screen(EN.format(**v), EN_JOB, today=TODAY) for v in (one, two))
    assert comparable(first) == comparable(second)
    assert first["must_have_ok"] is True


def test_prepared_job_is_reused_and_fast():
    import time

    prepared = prepare_job(STORE_JOB)
    text = STRONG.format(head=zh_head())
    screen_prepared(text, prepared, TODAY)
    started = time.perf_counter()
    for _ in range(50):
        screen_prepared(text, prepared, TODAY)
    assert (time.perf_counter() - started) / 50 < 0.02  # well under the budget, on a loaded machine


def test_invalid_job():
    from hr_ai_analysis_worker.analysis.errors import InvalidInput

    with pytest.raises(InvalidInput):
        screen("x", {"name": "a", "degree": "diploma"}, today=TODAY)
    with pytest.raises(InvalidInput):
        screen("x", {}, today=TODAY)


def test_cli(data_dir, tmp_path, capsys):
    from hr_ai_analysis_worker.cli import main

    job = tmp_path / "job.json"
    job.write_text(json.dumps({"name": "Backend Developer", "requirements": "3+ years of Python; PostgreSQL",
                               "lang": "en"}), encoding="utf-8")
    assert main(["screen", str(data_dir / "resumes" / "en_simple.pdf"), "--job", str(job), "--compact",
                 "--today", TODAY]) == 0
    out = capsys.readouterr().out
    result = json.loads(out)
    assert out.count("\n") == 1 and result["schema"] == SCHEMA
    assert result["years_experience"] == 7.4 and result["degree"] == "bachelor"
    assert main(["screen", str(data_dir / "resumes" / "encrypted.pdf"), "--job", str(job)]) == 4
    assert re.search(r"encrypted", capsys.readouterr().err)
    job.write_text("{}", encoding="utf-8")
    assert main(["screen", str(data_dir / "resumes" / "en_simple.pdf"), "--job", str(job)]) == 2


class _Client:
    def __init__(self, source):
        self.source = source

    def download_media(self, job_id, lease_token, dest, max_bytes):
        dest.write_bytes(self.source.read_bytes())
        return dest


def test_handler(data_dir, tmp_path):
    from hr_ai_analysis_worker.config import load_config
    from hr_ai_analysis_worker.errors import ResumeUnreadable
    from hr_ai_analysis_worker.handlers import HANDLERS, JobContext

    cfg = load_config(environ={})
    assert "screen_resume" in cfg.kinds.split(",")
    job = {"id": 1, "lease_token": "t", "kind": "screen_resume", "today": TODAY, "filename": "cv.docx",
           "mimetype": "application/octet-stream",
           "job": {"name": "电商运营专员", "lang": "zh",
                   "requirements": "2年以上电商运营经验，熟悉天猫店铺运营和直通车"},
           "skills_catalog": [{"id": 3, "name": "直通车推广", "type": "电商"}]}
    ctx = JobContext(_Client(data_dir / "resumes" / "table.docx"), cfg, None, None, tmp_path)
    result = HANDLERS["screen_resume"](job, ctx)
    assert result["schema"] == SCHEMA and result["relevant_years"] == 6.7 and result["degree"] == "bachelor"
    assert any(s.get("skill_id") == 3 for s in result["skills"])
    ctx = JobContext(_Client(data_dir / "resumes" / "scanned.pdf"), cfg, None, None, tmp_path)
    with pytest.raises(ResumeUnreadable, match="image_only"):
        HANDLERS["screen_resume"](job, ctx)


def test_handler_reads_earlier_interview_answers_as_evidence(data_dir, tmp_path):
    """Talent pool ranking: what the candidate said in an earlier AI interview counts as evidence (a concrete
    spoken account counts more than a skills list), and it never becomes work history or years."""
    from hr_ai_analysis_worker.config import load_config
    from hr_ai_analysis_worker.handlers import HANDLERS, JobContext

    resume = tmp_path / "cv.txt"
    resume.write_text("工作经历\n2018.03-至今 某连锁便利店 店长\n负责门店日常运营\n", encoding="utf-8")
    job = {"id": 1, "lease_token": "t", "kind": "screen_resume", "today": TODAY,
           "job": {"name": "门店店长", "lang": "zh", "requirements": "",
                   "skills": [{"name": "库存管理", "required": True}]}}
    ctx = JobContext(_Client(resume), load_config(environ={}), None, None, tmp_path)
    alone = HANDLERS["screen_resume"](dict(job), ctx)
    spoken = "我每周带着两个店员盘点，把补货周期从七天缩短到三天，缺货率从百分之八降到百分之二。"
    ctx.workdir = tmp_path / "2"
    ctx.workdir.mkdir()
    with_answers = HANDLERS["screen_resume"](dict(job, extra_text=spoken), ctx)
    requirement = next(r for r in with_answers["requirements"] if r["name"] == "库存管理")
    assert requirement["met"] is True and any("盘点" in e["text"] for e in requirement["evidence"])
    assert with_answers["score"] > alone["score"]
    assert with_answers["years_experience"] == alone["years_experience"]
    assert len(with_answers["work"]) == len(alone["work"]) == 1


class _FakeEmbedder:
    """Vectors by hand: the HR wording "仓储管理" sits next to 库存管理 and nowhere else."""

    name = "fake"

    def embed(self, texts, cache=False):
        import numpy as np

        out = []
        for text in texts:
            vector = np.full(8, 0.01, dtype=np.float32)
            vector[hash(text) % 7] += 0.5  # unrelated names spread over the other axes
            if text in ("仓储管理", "库存管理"):
                vector = np.zeros(8, dtype=np.float32)
                vector[7] = 1.0
            out.append(vector / np.linalg.norm(vector))
        return np.array(out)


def test_unknown_skill_linked_by_meaning_in_prepare_only():
    calls = []

    def embedder():
        calls.append(1)
        return _FakeEmbedder()

    job = {"name": "店长", "skills": [{"name": "仓储管理", "required": True}, {"name": "门店运营", "required": True}]}
    prepared = prepare_job(job, embedder=embedder)
    assert calls == [1]  # asked once, for the one name no concept knows
    text = "工作经历\n2019.07-2022.03 | 某便利店 | 店长\n每周盘点补货，报废率降至2%\n"
    row = screen_prepared(text, prepared, TODAY)["requirements"][0]
    assert row["met"] is True and "盘点" in row["evidence"][0]["text"]


# -- jobs outside the hand-written vocabulary ------------------------------------------------------------

WAREHOUSE_JOB = {"name": "仓库管理员", "lang": "zh", "min_years": 2, "degree": "high_school",
                 "skills": [{"name": "出入库管理", "required": True}, {"name": "库存盘点", "required": True},
                            {"name": "WMS系统", "required": False, "weight": 1}]}
WAREHOUSE_STRONG = """\
工作经历
2020.03-至今  某物流公司  仓管员
负责货物出入库登记和单据管理，每月盘点一次库存，账实相符率99%
使用WMS系统录入单据
2018.07-2020.02  某超市  仓库主管
管理仓库收货和发货
教育经历
2015.09-2018.06  某中学  高中
"""
WAREHOUSE_WEAK = """\
技能
出入库管理 库存盘点 WMS系统
工作经历
2021.03-至今  某餐厅  服务员
负责点菜上菜
教育经历
2015.09-2018.06  某中学  高中
"""


def test_a_job_of_no_known_family_zh():
    prepared = prepare_job(WAREHOUSE_JOB)
    strong = screen_prepared(WAREHOUSE_STRONG, prepared, TODAY)
    weak = screen_prepared(WAREHOUSE_WEAK, prepared, TODAY)
    # 仓管员 (the short form of 仓库管理员) and 仓库主管 are warehouse jobs: relevant years
    assert [w["relevant"] for w in strong["work"]] == [True, True] and strong["relevant_years"] == 8.4
    assert strong["must_have_ok"] and not weak["must_have_ok"]
    assert weak["relevant_years"] == 0 and strong["score"] > 80 > 30 > weak["score"]


def test_a_job_of_no_known_family_by_synonyms():
    job = {"name": "厨师", "lang": "zh", "min_years": 3,
           "skills": [{"name": "中餐烹饪", "required": True}, {"name": "食品安全", "required": True}]}
    text = ("我的经历\n2018年春-至今  某酒楼  主厨\n负责中餐热菜烹饪，带4名帮厨\n严格执行食品安全操作规范\n"
            "2015年-2018年  某饭店  炊事员\n炒菜、备料\n")
    result = screen(text, job, today=TODAY)
    assert [w["relevant"] for w in result["work"]] == [True, True]  # 主厨, 炊事员: 词林 synonyms of 厨师
    assert result["must_have_ok"] and result["relevant_years"] == 11.4
    other = screen("工作经历\n2022.03-至今  某快递网点  分拣员\n按单分拣包裹\n自我评价\n懂中餐烹饪和食品安全\n", job,
                   today=TODAY)
    assert not other["must_have_ok"] and other["score"] < 20


def test_a_job_of_no_known_family_en():
    job = {"name": "Data Analyst", "lang": "en", "min_years": 2, "degree": "bachelor",
           "skills": [{"name": "SQL", "required": True}, {"name": "Data visualisation", "required": True}]}
    text = ("Experience\nBusiness Analyst, Acme Retail Ltd — Mar 2021 – present\n"
            "- Wrote SQL queries on the sales warehouse and built dashboards that visualise weekly sales\n"
            "Barista, Costa Coffee — Jun 2019 – Feb 2021\n- Made drinks\n"
            "Education\nBSc Economics, University of Leeds, 2015 – 2019\n")
    result = screen(text, job, today=TODAY)
    assert [w["relevant"] for w in result["work"]] == [True, False]
    assert result["must_have_ok"] and {r["name"]: r["met"] for r in result["requirements"]}["Data visualisation"]


# -- how a past job counts as relevant ---------------------------------------------------------------------

MOULDING_JOB = {"name": "注塑车间班组长", "lang": "zh", "min_years": 1,
                "skills": [{"name": "注塑机操作", "required": True}]}


def test_relevant_by_the_department_cell_not_the_employer():
    result = screen("工作经历\n2025.09-至今  余杭某包装材料公司  注塑车间  技术员\n负责8台注塑机的日常开机、调机\n"
                    "2013.07-2025.08  杭州某五金制品有限公司  冲压车间  操作工→班长\n负责班组排班和首件检验\n",
                    MOULDING_JOB, today=TODAY)
    assert [w["relevant"] for w in result["work"]] == [True, False]


def test_generic_title_judged_by_its_description():
    job = {"name": "Backend Developer (Python)", "lang": "en", "min_years": 3,
           "skills": [{"name": "Python", "required": True}]}
    text = ("Experience\nStaff Engineer\nTidewave Fintech · Full-time\nJan 2023 – Present\n"
            "• Own the ledger service: FastAPI + Postgres\n• Wrote the public HTTP/JSON API used by 300 merchants\n"
            "Data Analyst, Emirates Insights — Jul 2018 to Dec 2022\n• Built ETL scripts in Python\n"
            "• Wrote a small Flask app for report extracts\n")
    result = screen(text, job, today=TODAY)
    assert [w["relevant"] for w in result["work"]] == [True, False]


# -- evidence ----------------------------------------------------------------------------------------------

def test_responsibilities_without_figures_count_more_than_a_list():
    job = dict(STORE_JOB, skills=STORE_JOB["skills"][:3], degree=None, requirements="", certificates=[])
    prepared = prepare_job(job)
    head = "工作经历\n2018.07-至今 | 某便利店 | 店长\n"
    concrete = screen_prepared(head + "负责门店运营，日均营业额1.6万元\n带领8人团队\n每周盘点，报废率降到2.5%\n",
                               prepared, TODAY)
    plain = screen_prepared(head + "负责门店运营\n带领团队\n负责盘点\n", prepared, TODAY)
    listed = screen_prepared("技能\n门店运营 团队管理 库存管理\n" + head, prepared, TODAY)
    strength = {name: {r["name"]: r["value"] for r in res["requirements"] if r["kind"] == "skill"}
                for name, res in (("concrete", concrete), ("plain", plain), ("listed", listed))}
    for skill in ("团队管理", "库存管理"):
        assert strength["concrete"][skill] > strength["plain"][skill] >= 2 * strength["listed"][skill]
    assert plain["must_have_ok"] and concrete["score"] >= plain["score"] > listed["score"]


def test_certificate_being_prepared_for_is_not_held():
    job = {"name": "会计", "lang": "zh", "certificates": [{"name": "初级会计职称", "required": True},
                                                          {"name": "中级会计职称", "required": False}]}
    result = screen("证书\n初级会计专业技术资格（2018）| CPA专业阶段已过3科\n自我评价\n正在备考中级会计职称\n", job,
                    today=TODAY)
    assert {r["name"]: r["met"] for r in result["requirements"]} == {"初级会计职称": True, "中级会计职称": None}


def test_a_tested_level_proves_a_listed_skill():
    job = {"name": "客服专员", "lang": "zh", "skills": [{"name": "普通话", "required": True}]}
    tested = screen("证书与技能\n普通话水平测试二级甲等 | 打字85字/分钟\n", job, today=TODAY)
    claimed = screen("技能\n普通话 | 打字\n", job, today=TODAY)
    assert tested["requirements"][0]["value"] >= 0.9 > 0.5 > claimed["requirements"][0]["value"]
