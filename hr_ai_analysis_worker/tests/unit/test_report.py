from hr_ai_analysis_worker.analysis.report import build_report

STRONG = {"key_points": 1.0, "structure": 1.0, "concreteness": 0.9, "relevance": 0.6, "flow": 0.7}
WEAK = {"key_points": 0.25, "structure": 0.25, "concreteness": 0.1, "relevance": 0.2, "flow": 0.0}


def answer(index, comps, breakdown, state="done", score=70.0, result=None):
    return {"question_id": index, "index": index, "competency_ids": comps, "state": state,
            "score": score if state == "done" else None, "breakdown": breakdown if state == "done" else {},
            "result": result or {}}


COMPS = [{"id": 10, "name": "Teamwork", "threshold": 70, "weight": 1.0},
         {"id": 11, "name": "Customer orientation", "threshold": 60, "weight": 1.0}]


def test_strong_answers_advance_with_evidence():
    evidence = {"quote": "I visited the client", "start": 12.0, "end": 15.0}
    result = {"key_points": [{"text": "visit", "hit": True, "evidence": evidence},
                             {"text": "contract", "hit": False, "evidence": None}],
              "star": {p: {"present": True} for p in ("situation", "task", "action", "result")},
              "content": {"concreteness": {"numbers": 2, "evidence": evidence}}}
    report = build_report({"lang": "en", "advance_threshold": 70, "competencies": COMPS,
                           "answers": [answer(1, [10, 11], STRONG, result=result), answer(2, [10], STRONG)]})
    assert report["recommendation"] == "advance"
    assert report["match"] >= 80 and all(c["passed"] for c in report["competencies"])
    assert any("visit" in s and "0:12" in s for s in report["strengths"])
    assert any("contract" in c for c in report["concerns"])
    assert report["versions"]["scorer"].startswith("default-")


def test_weak_answers_hold_never_refuse():
    report = build_report({"lang": "en", "advance_threshold": 70, "competencies": COMPS,
                           "answers": [answer(1, [10, 11], WEAK), answer(2, [10], WEAK)]})
    assert report["recommendation"] == "hold"
    assert any("below the required" in c for c in report["concerns"])


def test_unusable_answer_needs_review_and_chinese_text():
    report = build_report({"lang": "zh", "advance_threshold": 70, "competencies": COMPS,
                           "answers": [answer(1, [10, 11], STRONG), answer(2, [10], {}, state="insufficient")]})
    assert report["recommendation"] == "review"
    assert "人工复核" in report["summary"]
    assert any("第2题" in c for c in report["concerns"])


def test_competency_without_any_answer_needs_review():
    report = build_report({"lang": "en", "advance_threshold": 10, "competencies": COMPS,
                           "answers": [answer(1, [10], STRONG)]})
    line = next(c for c in report["competencies"] if c["id"] == 11)
    assert line["score"] is None and report["recommendation"] == "review"


def test_same_input_same_report():
    payload = {"lang": "en", "advance_threshold": 70, "competencies": COMPS,
               "answers": [answer(1, [10, 11], STRONG), answer(2, [10], WEAK)]}
    assert build_report(payload) == build_report(payload)


def test_delivery_counts_only_when_allowed():
    slow = {"delivery": {"indicators": {"speech_rate": {"flag": True}, "long_silences": {"flag": True},
                                        "fillers": {"flag": True}}}}
    base = {"lang": "en", "advance_threshold": 70, "competencies": COMPS[:1],
            "answers": [answer(1, [10], STRONG, result=slow)]}
    without = build_report(base)
    allowed = build_report(dict(base, delivery_in_score=True))
    assert allowed["delivery_in_score"] and not without["delivery_in_score"]
    assert without["competencies"][0]["score"] - allowed["competencies"][0]["score"] > 3
