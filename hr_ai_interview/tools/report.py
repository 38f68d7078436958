"""The interview report from per-answer results: competency scores, match %, next step.

No automatic refusal: the worst recommendation is "hold"; missing or insufficient data gives
"review" (needs human review), never a low score.
"""

ADVANCE, HOLD, REVIEW = "advance", "hold", "review"


def build_report(questions, answers, competencies, advance_threshold):
    """
    questions: [{"id", "competency_ids": [...]}]
    answers: {question_id: {"score": float|None, "state": "done"|"insufficient"|"failed"|...}}
    competencies: [{"id", "threshold", "weight"}]
    """
    reasons = []
    scores_by_comp = {c["id"]: [] for c in competencies}
    answer_scores = []
    for q in questions:
        ans = answers.get(q["id"])
        if not ans or ans.get("score") is None:
            reasons.append(("missing" if not ans else ans.get("state") or "insufficient", q["id"]))
            continue
        answer_scores.append(ans["score"])
        for cid in q["competency_ids"]:
            if cid in scores_by_comp:
                scores_by_comp[cid].append(ans["score"])

    comp_lines = []
    weighted = weight_sum = 0.0
    for comp in competencies:
        values = scores_by_comp[comp["id"]]
        score = round(sum(values) / len(values), 1) if values else None
        comp_lines.append({"competency_id": comp["id"], "score": score, "threshold": comp["threshold"],
                           "passed": score is not None and score >= comp["threshold"], "answers": len(values)})
        if score is None:
            reasons.append(("no_evidence", comp["id"]))
        else:
            weighted += score * comp["weight"]
            weight_sum += comp["weight"]
    if weight_sum:
        match = round(weighted / weight_sum, 1)
    elif answer_scores:
        match = round(sum(answer_scores) / len(answer_scores), 1)
    else:
        match = None

    if reasons or match is None:
        recommendation = REVIEW
    elif match >= advance_threshold and all(c["passed"] for c in comp_lines):
        recommendation = ADVANCE
    else:
        recommendation = HOLD
    return {"match": match, "competencies": comp_lines, "recommendation": recommendation, "reasons": reasons}
