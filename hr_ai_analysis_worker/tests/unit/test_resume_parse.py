"""Résumé parsing: dates, years, layouts, personal details."""

import datetime

import pytest
from hr_ai_analysis_worker.analysis.resume_parse import (
    counted_spans,
    date_range,
    highest_degree,
    parse_resume,
    study_spans,
    union_months,
)

TODAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize("text, start, end, present", [
    ("2019.07-2022.03", (2019, 7), (2022, 3), False),
    ("2019年7月—至今", (2019, 7), (2026, 11), True),
    ("07/2019 – present", (2019, 7), (2026, 11), True),
    ("Jul 2019 - Mar 2022", (2019, 7), (2022, 3), False),
    ("2019/7~2021/12", (2019, 7), (2021, 12), False),
    ("September 2018 to June 2020", (2018, 9), (2020, 6), False),
    ("2019-07 ～ 2022-03", (2019, 7), (2022, 3), False),
    ("2015 - 2019", (2015, 7), (2019, 6), False),  # years alone: four years
    ("2019年-2022年", (2019, 7), (2022, 6), False),
    ("2019年春-2021年秋", (2019, 4), (2021, 10), False),  # seasons: their middle month
    ("2018年初～2020年底", (2018, 2), (2020, 11), False),
    ("2019年冬—今年6月", (2019, 12), (2026, 6), False),
    ("去年3月-至今", (2025, 3), (2026, 11), True),  # relative to today
    ("去年至今", (2025, 7), (2026, 11), True),
    ("前年-去年", (2024, 7), (2025, 6), False),
    ("今年春季至今", (2026, 4), (2026, 11), True),
    ("Spring 2019 – late 2021", (2019, 4), (2021, 11), False),
    ("early 2020 to present", (2020, 2), (2026, 11), True),
])
def test_date_styles(text, start, end, present):
    found = date_range(f"ABC公司 | {text} | 店长", TODAY)
    assert found[:3] == (start, end, present)


def test_dates_in_a_sentence_are_not_a_job():
    resume = parse_resume("工作经历\n2021.03-至今 | 某公司 | 运营\n主导2023-2025年618大促策划\n", TODAY)
    assert len(resume.work) == 1


def years_of(text):
    resume = parse_resume(text, TODAY)
    return union_months(counted_spans(resume.work, study_spans(resume, TODAY))) / 12, resume


def test_months_counted_from_start_to_end_of_month():
    years, resume = years_of("工作经历\n2019.07-2022.03 | 某超市 | 店员\n")
    assert resume.work[0]["months"] == 33 and years == pytest.approx(2.75)


def test_overlap_counted_once():
    years, resume = years_of("工作经历\n2018.01-2020.12  A公司  会计\n2020.01-2021.12  B公司  兼职会计（兼职）\n")
    assert years == pytest.approx(4.0)
    assert resume.work[1]["part_time"] and not resume.work[0]["part_time"]


def test_study_and_internships_not_counted():
    text = ("工作经历\n2020.07-2022.06 | 某公司 | 运营专员\n2019.03-2019.06 | 某公司 | 运营实习生\n"
            "2017.09-2020.06 | 某奶茶店 | 店员（兼职）\n教育经历\n2016.09-2020.06 | 某某大学 | 电子商务 | 本科\n")
    years, resume = years_of(text)
    assert [w["internship"] for w in resume.work] == [False, True, False]
    assert years == pytest.approx(2.0)  # the internship and the job held while studying full-time: no


def test_part_time_study_does_not_remove_work():
    text = ("工作经历\n2018.07-2022.06 | 某公司 | 会计\n教育经历\n2015.09-2018.06 | 某职业技术学院 | 会计 | 大专\n"
            "2019.09-2021.06 | 某某大学（自学考试）| 会计学 | 本科（业余）\n")
    years, resume = years_of(text)
    assert years == pytest.approx(4.0) and highest_degree(resume) == "bachelor"


def test_degree_not_completed_does_not_count():
    resume = parse_resume("Education\nBA Business, De Montfort University, 2016 - 2017 (did not complete)\n"
                          "A-levels: Business, Media, 2016\n", TODAY)
    assert highest_degree(resume) == "high_school"


def test_job_board_labels_and_cells():
    text = ("智联招聘 | 个人简历\n姓名：刘佳慧          性别：女          年龄：32岁（1994年5月）\n"
            "手机：138****6217     邮箱：liujiahui94@163.com\n工作经历\n"
            "2021.09-至今 | 7-ELEVEn便利店 福田区某店 | 店长 | 下属8人\n1. 全面负责门店运营\n"
            "教育经历\n2012.09-2015.06 | 湖南商务职业技术学院 | 市场营销 | 大专（全日制）\n")
    resume = parse_resume(text, TODAY)
    work = resume.work[0]
    assert (work["employer"], work["title"], work["start"], work["end"]) == (
        "7-ELEVEn便利店 福田区某店", "店长", "2021-09", "2026-11")
    assert work["line"] == 5 and work["text"] == "2021.09-至今 | 7-ELEVEn便利店 福田区某店 | 店长 | 下属8人"
    edu = resume.education[0]
    assert (edu["degree"], edu["school"], edu["major"], edu["line"]) == (
        "associate", "湖南商务职业技术学院", "市场营销", 8)
    assert resume.contact == {"email": "liujiahui94@163.com", "phone": "138****6217"}
    assert not any("刘佳慧" in line.text or "32岁" in line.text for line in resume.lines)


def test_tab_table():
    text = ("姓名\t王建军\t性别\t男\n工作经验\n时间\t公司\t职位\t规模\n"
            "2014.03-2025.03\t深圳某物流仓\t仓库主管\t下属25人\n"
            "- 负责仓库库存管理\n")
    resume = parse_resume(text, TODAY)
    assert [(w["employer"], w["title"], w["months"]) for w in resume.work] == [("深圳某物流仓", "仓库主管", 133)]
    assert not any("王建军" in line.text for line in resume.lines)


TWO_COLUMN = """\
[照片]                                   钟国强
基本信息                                 工作经历
性别：男                                 2023年1月—至今    罗森（深圳）    门店负责人
出生年月：1991年3月                      · 带12名员工，做轮班表、新人带教
籍贯：广东梅州                           · 负责商品进销存与补货
婚姻：已婚                               2017年7月—2022年12月    天虹便利店    店长
联系电话：159****3308                    · 盘点差异率<0.5%
教育背景                                 自我评价
2011.09-2014.06                          十二年零售一线经验
广东科贸职业学院
工商企业管理（大专）
"""


def test_two_column_text_export():
    resume = parse_resume(TWO_COLUMN, TODAY)
    assert [(w["employer"], w["title"]) for w in resume.work] == [("罗森(深圳)", "门店负责人"), ("天虹便利店", "店长")]
    assert resume.work[0]["line"] == 3
    assert resume.education[0]["school"] == "广东科贸职业学院" and highest_degree(resume) == "associate"
    assert not any("钟国强" in line.text or "已婚" in line.text or "梅州" in line.text for line in resume.lines)


INTERLEAVED = """\
基本资料
工作经历
性别：男
2023.07—至今　苏州某家纺品牌天猫店　运营助理
出生年月：2001年8月
· 在主管指导下调整直通车关键词出价
邮箱：zyh0801@126.com
· 用生意参谋导出数据，Excel做周报
教育经历
专业技能
2019.09—2023.06　江苏师范大学　电子商务　本科
天猫后台、直通车（基础）
"""


def test_interleaved_columns():
    resume = parse_resume(INTERLEAVED, TODAY)
    sections = {line.number: line.section for line in resume.lines}
    assert sections[4] == sections[6] == "work" and sections[11] == "education" and sections[12] == "skills"
    assert highest_degree(resume) == "bachelor"
    assert [s["name"] for s in resume.skills] == ["天猫后台", "直通车(基础)"]


def test_english_resume():
    text = ("Alex Chen\nalex.chen@example.com | +1 415 555 0100\nExperience\n"
            "Backend Developer, Acme Ltd   Jul 2019 - present\n- Built HTTP/JSON endpoints\n"
            "Barista / Shift Supervisor - Costa Coffee\nJun 2015 - Jun 2019\n- Made drinks\n"
            "Education\nB.Sc. Computer Science, State University, 2015 - 2019\n")
    resume = parse_resume(text, TODAY)
    assert resume.lang == "en"
    assert [(w["title"], w["employer"]) for w in resume.work] == [("Backend Developer", "Acme Ltd"),
                                                                   ("Barista / Shift Supervisor", "Costa Coffee")]
    assert resume.contact["email"] == "alex.chen@example.com" and resume.contact["phone"]
    assert not any("Alex Chen" in line.text for line in resume.lines)


@pytest.mark.parametrize("phone", ["13800138000", "138 0013 8000", "138-0013-8000", "+86 13800138000"])
def test_mobile_numbers_as_candidates_write_them(phone):
    resume = parse_resume(f"电话：{phone} 邮箱：lina@example.com\n工作经历\n2018.03-至今 某便利店 店长\n", TODAY)
    assert resume.contact == {"email": "lina@example.com", "phone": phone}
    assert not any("0013" in line.text for line in resume.lines), "contact details never reach the scorer"


def test_dates_after_a_dash_head_the_entry():
    resume = parse_resume("EXPERIENCE\nJunior Backend Developer, Souqly — Nov 2025 to present\n"
                          "• Building internal APIs in FastAPI\n"
                          "Data Analyst, Emirates Insights — Jul 2018 to Oct 2025\n• Built ETL scripts\n", TODAY)
    assert [(w["start"], w["end"]) for w in resume.work] == [("2025-11", "2026-11"), ("2018-07", "2025-10")]


def test_a_title_starting_like_a_contact_label_is_kept():
    resume = parse_resume("工作经历\n杭州某教育培训机构 | 电话回访专员 | 2025.08-至今\n- 给学员家长做课后回访\n"
                          "- 遇到家长不满意的情况记录下来反馈给主管\n电话：13800001111\n", TODAY)
    assert resume.work[0]["title"] == "电话回访专员"
    assert resume.contact["phone"] == "13800001111"


@pytest.mark.parametrize("heading", ["工作经验 8年", "工作经历（共5年）", "从业经历", "我的经历", "Career",
                                     "What I did", "EXPERIENCE (9 years)", "【过往经历】", "工作经历 Work Experience",
                                     "Career / 职业生涯"])
def test_work_headings(heading):
    resume = parse_resume(f"技能\nExcel\n{heading}\n2019.03-2022.06  某超市  店长\n负责门店运营\n", TODAY)
    assert [line.section for line in resume.lines][-2:] == ["work", "work"]
    assert len(resume.work) == 1


def test_a_dated_job_with_its_description_under_an_unknown_heading_is_work():
    text = ("自我评价\n踏实肯干\n做过的事情\n2019.03-2022.06  某连锁超市  店长\n负责门店日常运营和排班\n"
            "2016.07-2019.02  某便利店  店员\n收银和理货\n教育经历\n2013.09-2016.06  某职业学院  大专\n")
    resume = parse_resume(text, TODAY)
    assert [(w["employer"], w["title"]) for w in resume.work] == [("某连锁超市", "店长"), ("某便利店", "店员")]
    assert {line.text: line.section for line in resume.lines}["负责门店日常运营和排班"] == "work"
    assert resume.education and resume.education[0]["degree"] == "associate"


def test_unpaid_work_is_not_experience():
    years, resume = years_of("工作经历\n2024.09-至今  某电商仓库  打包员\n"
                             "2021.03-2024.06  家里开的小饭馆帮忙（无工资）\n"
                             "Volunteer, Food Bank — Jan 2020 to Dec 2020\n")
    assert len(resume.work) == 3 and years == pytest.approx(2 + 2.9 / 12, abs=0.01)


def test_internship_and_part_time_said_above_the_dates():
    years, resume = years_of("EXPERIENCE\nAccount Executive — StockPilot, Lyon\nAug 2024 – Present\n- Sell software\n"
                             "Sales Assistant (internship) — Schneider Electric France\nJan 2024 – Jun 2024\n"
                             "- Prepared quotes\nPart-time (weekends) — Sales assistant, Woodie's DIY\n"
                             "Sep 2024 – present\n- Tills\n")
    assert [(w["internship"], w["part_time"]) for w in resume.work] == [(False, False), (True, False), (False, True)]


def test_title_and_employer_on_two_lines_above_the_dates():
    resume = parse_resume("Experience\nStaff Engineer, Payments Platform\nTidewave Fintech · Full-time\n"
                          "Jan 2023 – Present\n• Own the ledger service\nSoftware Engineer\n"
                          "Kraków ERP Solutions · Full-time\nJun 2018 – Dec 2022\n• Customised ERP modules\n", TODAY)
    assert [w["title"] for w in resume.work] == ["Staff Engineer", "Software Engineer"]
    assert resume.work[1]["employer"].startswith("Kraków ERP Solutions")


def test_a_role_within_a_job_is_not_another_job():
    resume = parse_resume("工作经历\n2019.01-至今  杭州某电器配件公司  注塑车间  技术员/组长\n"
                          "2019-2021.4  注塑技术员，负责12台机调机、换模\n· 2023.07-2024.06 组长：带班20人\n"
                          "2020.6-2022.12  兼职：周末在滴滴做代驾\n", TODAY)
    assert [w["start"] for w in resume.work] == ["2019-01", "2020-06"]
    assert len(resume.work[0]["_lines"]) == 3


def test_degree_studied_until_present_is_not_completed():
    resume = parse_resume("Education\nBA Business, Dublin Business School, 2020 – 2024\n"
                          "Part-time MSc in Marketing (evening), Griffith College, Sep 2025 – present\n", TODAY)
    assert highest_degree(resume) == "bachelor"
