import json
import os
import subprocess
import sys

import jieba
from hr_ai_analysis_worker.analysis.content import analyze_content, detect_star, match_key_points
from hr_ai_analysis_worker.analysis.text import (
    detect_language,
    normalize_numbers_zh,
    to_simplified,
    tokenize,
    zh_terms,
)


def seg(start, end, text):
    return {"start": start, "end": end, "text": text}


def test_traditional_to_simplified_and_numbers():
    assert to_simplified("我們團隊的業績") == "我们团队的业绩"
    assert "30" in normalize_numbers_zh("提高了三十个百分点")
    assert to_simplified("plain English") == "plain English"


def test_english_numbers_match_either_spelling():
    from hr_ai_analysis_worker.analysis.text import normalize_numbers_en

    assert normalize_numbers_en("grew by twenty-five percent") == "grew by 25 percent"
    assert normalize_numbers_en("20%") == "20 percent"
    assert normalize_numbers_en("one hundred and twenty customers") == "120 customers"
    result = match_key_points(["twenty percent"], [seg(0, 3, "Satisfaction increased by 20%.")], "en")
    assert result[0]["hit"]


def test_tokenize_zh_and_en():
    assert "客户" in tokenize("维护客户关系", "zh")
    assert "的" not in tokenize("我的客户", "zh")
    tokens = tokenize("The trainings improved tickets", "en")
    assert "training" in tokens and "ticket" in tokens and "the" not in tokens
    assert detect_language("我负责销售团队") == "zh"
    assert detect_language("I led the team") == "en"


def test_key_points_hit_missed_with_synonyms_and_evidence():
    segments = [seg(0, 4, "I was responsible for support."),
                seg(4, 9, "I organized weekly training and a new support process."),
                seg(9, 12, "Satisfaction went up.")]
    result = match_key_points(["training", "ticket system | support process", "budget planning"], segments, "en")
    assert [k["hit"] for k in result] == [True, True, False]
    # the quote is the clause that says it (not the whole segment), cut at the clause's end
    assert result[0]["evidence"] == {"quote": "I organized weekly training and a new support process",
                                     "start": 4, "end": 9}
    assert result[2]["evidence"] is None


def test_key_points_in_chinese_survive_traditional_and_numerals():
    segments = [seg(0, 5, "我們先上門拜訪客戶，了解客戶需求。"), seg(5, 9, "最後客户续约了，金额增长百分之三十。")]
    result = match_key_points(["客户需求|客户痛点", "拜访客户|上门拜访", "续约|签约", "团队分工"], segments, "zh")
    assert [k["hit"] for k in result] == [True, True, True, False]
    assert result[2]["evidence"]["start"] == 5


def test_star_detection_both_languages():
    en = detect_star([seg(0, 3, "When I was at my previous job, sales dropped."),
                      seg(3, 6, "I was responsible for the key accounts."),
                      seg(6, 9, "I decided to visit every client."),
                      seg(9, 12, "As a result revenue increased.")], "en")
    assert all(part["present"] for part in en.values())
    assert en["result"]["evidence"]["start"] == 9
    zh = detect_star([seg(0, 3, "当时公司的大客户流失了。"), seg(3, 6, "我主动联系客户。")], "zh")
    assert zh["situation"]["present"] and zh["action"]["present"]
    assert not zh["result"]["present"]


def test_content_score_orders_answers():
    question = {"text": "How did you win back a customer?", "key_points": ["visit", "contract", "needs"], "lang": "en"}
    strong = [seg(0, 5, "Last year a large customer left us. I was responsible for the account."),
              seg(5, 10, "I decided to visit them and listen to their needs, then I proposed a new plan."),
              seg(10, 15, "As a result they signed a new contract worth thirty percent more.")]
    vague = [seg(0, 5, "I think customers are very important and I always try my best for them every day."),
             seg(5, 10, "Communication is key and teamwork is key and I am a hard working person really.")]
    short = [seg(0, 2, "I visit.")]
    s_strong = analyze_content(strong, question)
    s_vague = analyze_content(vague, question)
    s_short = analyze_content(short, question)
    assert s_strong["score"] > s_vague["score"] + 30
    assert s_short["too_short"] and s_short["score"] <= 40
    assert {e["kind"] for e in s_strong["evidence"]} == {"key_point", "star", "concreteness", "substance"}


_TEXT_B = [seg(0, 5, "我们用钉钉宜搭做了审批流程，效率提高了百分之二十。"), seg(5, 9, "最后客户关系管理也上线了。")]
_QUESTION_B = {"text": "你如何提高审批效率？", "key_points": ["审批流程", "宜搭"], "lang": "zh"}
_FRESH = ("import json, sys; from hr_ai_analysis_worker.analysis.content import analyze_content; "
          "a = json.loads(sys.stdin.read()); print(json.dumps(analyze_content(*a), sort_keys=True))")


def test_job_terms_do_not_outlive_the_job():
    """Answer B after answer A (whose job has its own terms) scores as B does in a fresh process."""
    job_a = {"terms": ["钉钉宜搭", "客户关系管理", "审批流"]}
    analyze_content([seg(0, 3, "我用过钉钉宜搭和客户关系管理。")], {"text": "介绍项目", "key_points": ["钉钉宜搭"]},
                    job_a)
    after_a = json.dumps(analyze_content(_TEXT_B, _QUESTION_B), sort_keys=True)
    proc = subprocess.run([sys.executable, "-c", _FRESH], input=json.dumps([_TEXT_B, _QUESTION_B]), text=True,
                          capture_output=True, check=True, env=dict(os.environ, PYTHONHASHSEED="0"))
    assert after_a == proc.stdout.strip()


def test_job_terms_stay_whole_within_the_call():
    terms = zh_terms(["钉钉宜搭", "CRM", ""])
    assert terms == frozenset({"钉钉宜搭"})
    assert "钉钉宜搭" in tokenize("我们用钉钉宜搭", "zh", terms=terms)
    assert "钉钉宜搭" not in tokenize("我们用钉钉宜搭", "zh"), "nothing left behind by the call before"
    assert "钉钉宜搭" not in jieba.dt.FREQ, "jieba's global dictionary is never changed"
