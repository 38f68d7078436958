import json
import os
import subprocess
import sys

import pytest
from hr_ai_analysis_worker.analysis.errors import InvalidInput
from hr_ai_analysis_worker.analysis.report import MAX_FINDINGS, build_report, shorten_quote
from hr_ai_analysis_worker.analysis.scoring import fit_scorer, load_scorer

STRONG = {"key_points": 1.0, "structure": 1.0, "concreteness": 0.9, "relevance": 0.6, "flow": 0.7, "ownership": 1.0,
          "outcome": 1.0, "grounded": 1.0}
WEAK = {"key_points": 0.25, "structure": 0.25, "concreteness": 0.1, "relevance": 0.2, "flow": 0.0, "ownership": 0.1,
        "outcome": 0.0, "grounded": 0.2}
STAR = {p: {"present": True} for p in ("situation", "task", "action", "result")}


def answer(index, comps, breakdown, state="done", score=70.0, result=None, **extra):
    return {"question_id": index, "index": index, "competency_ids": comps, "state": state,
            "score": score if state == "done" else None, "breakdown": breakdown if state == "done" else {},
            "result": result or {}, **extra}


COMPS = [{"id": 10, "name": "Teamwork", "threshold": 70, "weight": 1.0},
         {"id": 11, "name": "Customer orientation", "threshold": 60, "weight": 1.0}]


def codes(report, kind=None):
    return [f["code"] for f in report["findings"] if kind is None or f["kind"] == kind]


def test_strong_answers_advance_with_findings_and_evidence():
    evidence = {"quote": "I visited the client", "start": 12.0, "end": 15.0}
    result = {"key_points": [{"text": "visit", "hit": True, "evidence": evidence},
                             {"text": "contract", "hit": False, "evidence": None}],
              "star": STAR, "content": {"concreteness": {"numbers": 2, "evidence": evidence}}}
    report = build_report({"lang": "en", "advance_threshold": 70, "competencies": COMPS,
                           "answers": [answer(1, [10, 11], STRONG, result=result), answer(2, [10], STRONG)]})
    assert report["schema"] == "hr_ai.report_result/2"
    assert report["recommendation"] == "advance"
    assert report["match"] >= 80 and all(c["passed"] for c in report["competencies"])
    covered = next(f for f in report["findings"] if f["code"] == "key_point_covered")
    assert covered == {"kind": "strength", "code": "key_point_covered", "question": 1, "competency_id": None,
                       "params": {"key_point": "visit"}, "evidence": evidence}
    missed = next(f for f in report["findings"] if f["code"] == "key_point_missed")
    assert (missed["kind"], missed["question"], missed["params"], missed["evidence"]) == (
        "concern", 1, {"key_point": "contract"}, None)
    assert set(codes(report, "strength")) == {"key_point_covered", "complete_structure", "concrete_figures"}
    assert report["versions"]["scorer"].startswith("default-")


def test_no_prose_in_the_report():
    report = build_report({"lang": "zh", "advance_threshold": 70, "competencies": COMPS,
                           "answers": [answer(1, [10, 11], WEAK), answer(2, [10], {}, state="insufficient")]})
    assert not {"summary", "lang", "strengths", "concerns"} & set(report)
    for finding in report["findings"]:
        assert set(finding) == {"kind", "code", "question", "competency_id", "params", "evidence"}
        assert finding["code"].isascii() and finding["code"].islower()
        assert all(isinstance(v, (str, int, float, bool)) for v in finding["params"].values())


def test_weak_answers_hold_never_refuse():
    report = build_report({"lang": "en", "advance_threshold": 70, "competencies": COMPS,
                           "answers": [answer(1, [10, 11], WEAK), answer(2, [10], WEAK)]})
    assert report["recommendation"] == "hold"
    below = [f for f in report["findings"] if f["code"] == "below_threshold"]
    assert {f["competency_id"] for f in below} == {10, 11}
    line = next(c for c in report["competencies"] if c["id"] == 10)
    assert below[0]["params"] == {"score": round(line["score"]), "threshold": 70} and below[0]["question"] is None


def test_unusable_answers_need_review_with_reason_codes():
    report = build_report({"advance_threshold": 70, "competencies": COMPS, "answers": [
        answer(1, [10, 11], STRONG),
        answer(2, [10], {}, state="insufficient", result={"insufficient_reason": "no_speech"}),
        answer(3, [10], {}, state="missing"),
        answer(4, [10], {}, state="failed")]})
    assert report["recommendation"] == "review"
    concerns = {f["question"]: f for f in report["findings"] if f["kind"] == "concern"}
    assert (concerns[2]["code"], concerns[2]["params"]) == ("insufficient", {"reason": "no_speech"})
    assert (concerns[3]["code"], concerns[3]["params"]) == ("missing", {})
    assert concerns[4]["params"] == {"reason": "analysis_failed"}


def test_content_flags_become_concern_codes():
    result = {"content": {"too_short": True, "off_topic": True, "listed_without_substance": True}}
    report = build_report({"advance_threshold": 70, "competencies": [],
                           "answers": [answer(1, [], WEAK, result=result)]})
    assert codes(report, "concern") == ["too_short", "off_topic", "listed_without_substance"]


def test_competency_without_any_answer_needs_review():
    report = build_report({"lang": "en", "advance_threshold": 10, "competencies": COMPS,
                           "answers": [answer(1, [10], STRONG)]})
    line = next(c for c in report["competencies"] if c["id"] == 11)
    assert line["score"] is None and report["recommendation"] == "review"


def test_at_most_twelve_of_each_and_decisive_concerns_first():
    kps = [{"text": f"point {i}", "hit": i % 2 == 0, "evidence": {"quote": f"point {i}", "start": i, "end": i + 1}}
           for i in range(10)]
    answers = [answer(n, [10], WEAK, result={"key_points": kps}) for n in range(1, 5)]
    report = build_report({"advance_threshold": 70, "competencies": COMPS[:1], "answers": answers})
    assert len(codes(report, "strength")) == MAX_FINDINGS and len(codes(report, "concern")) == MAX_FINDINGS
    assert codes(report, "concern")[0] == "below_threshold", "the concern behind the recommendation is kept"


@pytest.mark.parametrize("text", [
    "At my previous company I was responsible for the support team and our customers complained about slow "
    "answers every single day",
    "I organised weekly trainings for twelve agents, built a ticket system with priorities and measured "
    "satisfaction increasing by 3.5 points",
    "我在上一家公司负责华东区的大客户当时一个重要客户准备流失我先上门拜访客户了解客户需求然后和技术团队一起做了新的"
    "解决方案最后客户续约了合同金额增长了百分之三十我们还把这个做法推广到了其他区域",
    "我在上一家公司负责华东区的大客户。当时一个重要客户准备流失，我先上门拜访客户，了解客户需求，然后和技术团队"
    "一起做了新的解决方案。最后客户续约了，合同金额增长了百分之三十，我们还推广到了其他区域。",
    "我们上线了CRM系统，" * 12,
])
def test_long_quotes_are_cut_whole(text):
    quote = shorten_quote(text)
    assert quote.endswith("…") and len(quote) <= 81
    head = quote[:-1]
    assert text.startswith(head), "the quote occurs in the evidence"
    rest = text[len(head):]
    if head[-1].isascii() and head[-1].isalnum():
        assert not rest[0].isalnum(), "never cut inside a word"
    assert not ("CR" in head[-2:] and rest.startswith("M")), "never cut inside a latin word in Chinese text"


def test_quotes_in_findings_are_whole_and_in_the_transcript():
    long_quote = ("Last year our biggest customer left, so I decided to visit them every week, listened to "
                  "their needs and proposed a plan")
    transcript = "Hello. " + long_quote + ". The end."
    kps = [{"text": "visit", "hit": True, "evidence": {"quote": long_quote, "start": 3.0, "end": 9.0}},
           {"text": "needs", "hit": True, "evidence": {"quote": "something never said", "start": 1, "end": 2}}]
    report = build_report({"advance_threshold": 70, "competencies": [], "answers": [
        answer(1, [], STRONG, result={"key_points": kps, "transcript": transcript})]})
    strengths = [f for f in report["findings"] if f["kind"] == "strength"]
    assert len(strengths) == 1, "a quote that is not in the transcript is no evidence"
    quote = strengths[0]["evidence"]["quote"]
    assert quote.endswith("…") and quote[:-1] in transcript and transcript[transcript.index(quote[:-1]) +
                                                                          len(quote) - 1] in " ,"


def test_bad_payload_is_invalid_input():
    with pytest.raises(InvalidInput):
        build_report({"competencies": [{"name": "no id"}], "answers": []})
    with pytest.raises(InvalidInput):
        build_report(["not", "an", "object"])


_PAYLOAD = {"advance_threshold": 70, "competencies": COMPS, "answers": [
    answer(1, [10, 11], STRONG, result={"key_points": [{"text": "拜访客户", "hit": True, "evidence": {
        "quote": "我先上门拜访客户，了解客户需求", "start": 1.5, "end": 4.0}}], "star": STAR}),
    answer(2, [10], WEAK, result={"content": {"too_short": True}})]}
_CHILD = ("import json, sys; from hr_ai_analysis_worker.analysis.report import build_report; "
          "print(json.dumps(build_report(json.loads(sys.stdin.read())), sort_keys=True, ensure_ascii=False))")


def test_same_input_same_report_in_another_process():
    """Reproducible: a fresh interpreter (other hash seed, nothing cached) writes the same report."""
    here = json.dumps(build_report(_PAYLOAD), sort_keys=True, ensure_ascii=False)
    for seed in ("1", "2"):
        proc = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps(_PAYLOAD), capture_output=True,
                              text=True, check=True, env=dict(os.environ, PYTHONHASHSEED=seed))
        assert proc.stdout.strip() == here


def test_scorer_is_a_parameter(tmp_path):
    rows = [({f: x for f in STRONG}, 100 * x) for x in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)] * 2
    fit_scorer(rows, tmp_path / "model.json", name="acme")
    trained = load_scorer(str(tmp_path / "model.json"))
    payload = {"advance_threshold": 70, "competencies": COMPS[:1], "answers": [answer(1, [10], WEAK)]}
    assert build_report(payload, scorer=trained)["versions"]["scorer"].startswith("acme-")
    assert build_report(payload)["versions"]["scorer"].startswith("default-")


def test_delivery_counts_only_when_allowed():
    slow = {"delivery": {"indicators": {"speech_rate": {"flag": True}, "long_silences": {"flag": True},
                                        "fillers": {"flag": True}}}}
    base = {"lang": "en", "advance_threshold": 70, "competencies": COMPS[:1],
            "answers": [answer(1, [10], STRONG, result=slow)]}
    without = build_report(base)
    allowed = build_report(dict(base, delivery_in_score=True))
    assert allowed["delivery_in_score"] and not without["delivery_in_score"]
    assert without["competencies"][0]["score"] - allowed["competencies"][0]["score"] > 3


def _unsure(comps, certainty=0.3):
    return answer(1, comps, STRONG, result={"certainty": certainty, "low_certainty": True})


def test_an_unsure_answer_near_a_threshold_goes_to_a_person():
    sure = build_report({"advance_threshold": 50, "competencies": COMPS[:1],
                         "answers": [answer(1, [10], STRONG, result={"certainty": 0.9})]})
    assert sure["recommendation"] == "advance" and sure["certainty"] == 0.9
    score = sure["competencies"][0]["score"]
    near = [dict(COMPS[0], threshold=int(score) - 3)]  # passes, but by less than the margin
    report = build_report({"advance_threshold": 50, "competencies": near, "answers": [_unsure([10])]})
    assert report["recommendation"] == "review" and report["match"] == sure["match"]
    unsure = [f for f in report["findings"] if f["code"] == "low_certainty"]
    assert [(f["kind"], f["question"], f["params"]) for f in unsure] == [("concern", 1, {"certainty": 0.3})]
    assert report["certainty"] == 0.3


def test_an_unsure_answer_far_from_every_threshold_keeps_the_recommendation():
    far = [dict(COMPS[0], threshold=30)]
    report = build_report({"advance_threshold": 40, "competencies": far, "answers": [_unsure([10])]})
    assert report["recommendation"] == "advance"
    assert "low_certainty" in codes(report, "concern"), "HR still sees that the AI was unsure"
