"""The optional LLM judge against a local stand-in for an OpenAI-compatible chat-completions server."""

import copy
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from hr_ai_analysis_worker.analysis import llm_judge
from hr_ai_analysis_worker.analysis.llm_judge import (
    LlmEndpoint,
    LlmFailure,
    build_messages,
    combine,
    judge_answer,
    parse_judgement,
)
from hr_ai_analysis_worker.analysis.pipeline import analyze_file
from hr_ai_analysis_worker.analysis.scoring import load_scorer
from hr_ai_analysis_worker.config import load_config
from hr_ai_analysis_worker.errors import ConfigError
from hr_ai_analysis_worker.log import JsonFormatter
from hr_ai_analysis_worker.runner import Runner

from ..conftest import write_wav
from .test_runner_client import FakeQueue

API_KEY = "sk-test-0123456789abcdef"
QUESTION = {
    "text": "Tell us about a time you improved customer satisfaction. What did you do, and what was the result?",
    "key_points": ["training", "ticket system | support process", "budget planning"],
    "competencies": ["customer_orientation"],
    "lang": "en",
}
JOB = {"name": "Support lead", "terms": [], "competencies": [
    {"key": "customer_orientation", "name": "Customer orientation", "threshold": 60}], "lang": "en"}
SEGMENTS = [
    {"start": 0.0, "end": 4.0, "text": "Last year our customer satisfaction score had dropped to 70 percent."},
    {"start": 4.0, "end": 8.5, "text": "I was responsible for fixing the support process for the whole team."},
    {"start": 8.5, "end": 13.0, "text": "First I organized weekly training sessions for the twelve agents."},
    {"start": 13.0, "end": 18.0, "text": "Then I set up a new ticket system so that no request was lost."},
    {"start": 18.0, "end": 23.0, "text": "As a result satisfaction increased to 88 percent within six months."},
]


def ev(quote, start=0.0, end=1.0):  # the model's times are deliberately wrong: the judge recomputes them
    return {"quote": quote, "start": start, "end": end}


def judgement(**changes):
    data = {
        "key_points": [
            {"text": "training", "hit": True, "partial": False, "coverage": 0.9,
             "evidence": ev("I organized weekly training sessions")},
            {"text": "ticket system | support process", "hit": True, "partial": False, "coverage": 1.0,
             "evidence": ev("set up a new ticket system")},
            {"text": "budget planning", "hit": False, "partial": False, "coverage": 0.0, "evidence": None},
        ],
        "star": {
            "situation": {"present": True, "evidence": ev("our customer satisfaction score had dropped")},
            "task": {"present": True, "evidence": ev("I was responsible for fixing the support process")},
            "action": {"present": True, "evidence": ev("Then I set up a new ticket system")},
            "result": {"present": True, "evidence": ev("satisfaction increased to 88 percent")},
        },
        "score": 78,
        "rationale_codes": ["key_point_covered", "concrete_figures", "not_a_code", "The candidate is great"],
    }
    data.update(changes)
    return data


# -- the stand-in server ---------------------------------------------------------------------------

def chat(content):
    return 200, {"id": "x", "object": "chat.completion", "model": "judge-model",
                 "choices": [{"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": content}}]}


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        fake = self.server.fake
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        reply = fake.replies.pop(0) if len(fake.replies) > 1 else fake.replies[0]
        status, payload, delay = (*reply, 0.0) if len(reply) == 2 else reply
        time.sleep(delay)
        data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if status in (301, 302, 307, 308):
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (timeout)
            pass

    def log_message(self, *args):
        pass


class FakeLlm:
    """Answers every request with ``replies[0]`` (a list: one reply per request, the last one repeats)."""

    def __init__(self):
        self.requests, self.replies = [], [chat(json.dumps(judgement()))]
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.fake = self
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def endpoint(self, timeout=5.0):
        return LlmEndpoint(self.url, "judge-model", API_KEY, timeout)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def llm(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(llm_judge, "RETRY_PAUSE", 0.01)
    fake = FakeLlm()
    yield fake
    fake.close()


class ScriptedAsr:
    def transcribe(self, samples, language=None):
        return {"language": "en", "language_probability": 0.99, "confidence": 0.9,
                "segments": [dict(s, no_speech_prob=0.01) for s in SEGMENTS]}

    def version(self):
        return "scripted"


@pytest.fixture(scope="module")
def tone(tmp_path_factory):
    rng = np.random.default_rng(3)
    samples = 0.2 * np.sin(np.linspace(0, 2 * np.pi * 220 * 24, 16000 * 24)) + 0.01 * rng.standard_normal(16000 * 24)
    return write_wav(tmp_path_factory.mktemp("llm") / "answer.wav", samples)


@pytest.fixture(scope="module")
def local(tone):
    """The local judge's result for the scripted answer, through the real pipeline."""
    return analyze_file(tone, QUESTION, ScriptedAsr(), job=JOB)


def judged(local, fake, allowed=True, timeout=5.0):
    return judge_answer(copy.deepcopy(local), QUESTION, fake.endpoint(timeout), allowed, job=JOB)


# -- a valid judgement -----------------------------------------------------------------------------

def test_valid_judgement_is_verified_and_merged(local, llm):
    assert local["score"] is not None and not local["insufficient"]
    assert [k["hit"] for k in local["key_points"]] == [True, True, False]
    result = judged(local, llm)
    judge = result["judge"]
    assert judge["mode"] == "llm" and judge["fallback_reason"] is None
    assert (judge["llm_score"], judge["local_score"], judge["model"]) == (78.0, local["score"], "judge-model")
    assert [k["text"] for k in judge["key_points"]] == QUESTION["key_points"]
    assert judge["key_points"][0]["evidence"] == {"quote": "I organized weekly training sessions",
                                                  "start": 8.5, "end": 13.0}  # times from the segment
    assert judge["star"]["result"]["evidence"]["start"] == 18.0
    assert all(p["present"] for p in judge["star"].values())
    assert judge["rationale_codes"] == ["key_point_covered", "concrete_figures"]
    assert judge["dropped_evidence"] == 0 and judge["local_breakdown"] == local["breakdown"]
    # combination: key points and structure are the mean of both judges, the rest stays local
    kp_llm = 2 / 3
    assert result["breakdown"]["key_points"] == round((local["breakdown"]["key_points"] + kp_llm) / 2, 3)
    assert result["breakdown"]["structure"] == round((local["breakdown"]["structure"] + 1.0) / 2, 3)
    for feature in ("concreteness", "relevance", "flow"):
        assert result["breakdown"][feature] == local["breakdown"][feature]
    # the local score moved by what the linear model makes of the LLM's changes
    linear = load_scorer()
    moved = local["score"] + linear.score(result["breakdown"]) - linear.score(local["breakdown"])
    assert result["score"] == round(min(100.0, max(0.0, moved)), 1)
    assert result["score"] > local["score"], "the LLM found a key point and the structure the local judge missed"
    assert result["versions"]["judge"] == llm_judge.COMBINATION and result["versions"]["llm"] == "judge-model"
    assert "llm" in result["timings"]
    # the local evidence stays as it was; every quote of the judge is in the transcript
    assert result["key_points"] == local["key_points"] and result["star"] == local["star"]
    quotes = [k["evidence"]["quote"] for k in judge["key_points"] if k["evidence"]]
    quotes += [p["evidence"]["quote"] for p in judge["star"].values() if p["evidence"]]
    assert quotes and all(q in result["transcript"] for q in quotes)


def test_request_is_openai_chat_with_bearer_key_and_no_more_than_the_answer(local, llm):
    judged(local, llm)
    (request,) = llm.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == f"Bearer {API_KEY}"
    body = request["body"]
    assert body["model"] == "judge-model" and body["response_format"] == {"type": "json_object"}
    assert body["temperature"] == 0 and body["stream"] is False
    system, user = body["messages"]
    assert system["role"] == "system" and "JSON" in system["content"]
    sent = json.loads(user["content"].split("\n", 1)[1])
    assert set(sent) == {"question", "key_points", "competencies", "segments"}
    assert sent["key_points"] == QUESTION["key_points"] and sent["competencies"] == ["Customer orientation"]
    assert sent["segments"] == SEGMENTS
    assert "Support lead" not in json.dumps(body)  # the job's name is not needed, so not sent


def test_prompt_language_follows_the_answer():
    zh = build_messages({"text": "请介绍", "key_points": ["客户需求"]}, [], "zh")
    en = build_messages({"text": "Tell", "key_points": []}, [], "en")
    other = build_messages({"text": "Erzählen", "key_points": []}, [], "de")
    assert "只回复一个 JSON 对象" in zh[0]["content"] and "问题与转写" in zh[1]["content"]
    assert en[0]["content"].startswith("You help a recruiter") and other[0]["content"] == en[0]["content"]


def test_endpoint_url_forms():
    assert LlmEndpoint("http://h:8000/v1/", "m").chat_url == "http://h:8000/v1/chat/completions"
    assert LlmEndpoint("https://h/v1/chat/completions", "m").chat_url == "https://h/v1/chat/completions"
    assert API_KEY not in repr(LlmEndpoint("https://h/v1", "m", API_KEY))


# -- verification ----------------------------------------------------------------------------------

def test_hallucinated_quote_is_dropped_and_the_item_not_hit(local, llm):
    data = judgement()
    data["key_points"][2] = {"text": "budget planning", "hit": True, "partial": False, "coverage": 1.0,
                             "evidence": ev("I planned the annual budget of two million")}
    data["star"]["result"]["evidence"] = ev("satisfaction increased to 90 percent")  # altered figure
    llm.replies = [chat(json.dumps(data))]
    result = judged(local, llm)
    judge = result["judge"]
    assert judge["mode"] == "llm" and judge["dropped_evidence"] == 2
    assert judge["key_points"][2] == {"text": "budget planning", "hit": False, "partial": False, "coverage": 0.0,
                                      "evidence": None}
    assert judge["star"]["result"] == {"present": False, "evidence": None}
    assert judge["key_points_hit"] == 2
    assert result["breakdown"]["structure"] == round((local["breakdown"]["structure"] + 0.75) / 2, 3)


def test_mostly_invented_quotes_refuse_the_judgement(local, llm):
    data = judgement()
    for item in data["key_points"][:2]:
        item["evidence"] = ev("something the candidate never said")
    for part in ("situation", "task", "action"):
        data["star"][part]["evidence"] = ev("an invented sentence")
    llm.replies = [chat(json.dumps(data))]
    result = judged(local, llm)
    assert (result["judge"]["mode"], result["judge"]["fallback_reason"]) == ("local", "unverified_quotes")
    assert result["score"] == local["score"] and result["breakdown"] == local["breakdown"]


@pytest.mark.parametrize("key_points", [
    [{"text": "Training", "hit": True}, {"text": "ticket system | support process"}, {"text": "budget planning"}],
    [{"text": "training"}, {"text": "ticket system"}, {"text": "budget planning"}],
    [{"text": "training"}, {"text": "ticket system | support process"}],
    [{"text": "training"}, {"text": "ticket system | support process"}, {"text": "budget planning"},
     {"text": "leadership"}],
])
def test_key_points_must_be_exactly_the_questions(local, llm, key_points):
    llm.replies = [chat(json.dumps(judgement(key_points=key_points)))]
    result = judged(local, llm)
    assert result["judge"]["fallback_reason"] == "key_points_mismatch" and result["score"] == local["score"]


@pytest.mark.parametrize(("score", "expected"), [(140, 100.0), (-5, 0.0), ("64", 64.0)])
def test_score_is_clamped(local, llm, score, expected):
    llm.replies = [chat(json.dumps(judgement(score=score)))]
    assert judged(local, llm)["judge"]["llm_score"] == expected


@pytest.mark.parametrize("changes", [{"score": None}, {"score": "high"}, {"star": ["situation"]},
                                     {"key_points": "training"}])
def test_malformed_judgement_falls_back(local, llm, changes):
    llm.replies = [chat(json.dumps(judgement(**changes)))]
    result = judged(local, llm)
    assert result["judge"]["fallback_reason"] == "invalid_judgement" and result["score"] == local["score"]


def test_quote_across_two_segments_gets_both_segments_times(local, llm):
    data = judgement()
    data["key_points"][0]["evidence"] = ev("for the twelve agents. Then I set up")
    llm.replies = [chat(json.dumps(data))]
    assert judged(local, llm)["judge"]["key_points"][0]["evidence"] == {
        "quote": "for the twelve agents. Then I set up", "start": 8.5, "end": 18.0}


def test_parse_is_robust_to_fences_thinking_and_chatter():
    obj = {"score": 1, "key_points": []}
    assert parse_judgement(json.dumps(obj)) == obj
    assert parse_judgement("```json\n" + json.dumps(obj) + "\n```") == obj
    assert parse_judgement("<think>the {answer} is ok</think>\n" + json.dumps(obj)) == obj
    assert parse_judgement("Here is my judgement: " + json.dumps(obj) + " Hope it helps {:)}") == obj
    for garbage in ("", "no json here", "{not: json", "[1, 2]"):
        with pytest.raises(LlmFailure) as caught:
            parse_judgement(garbage)
        assert caught.value.code == "invalid_json"


# -- failures fall back to the local judge ---------------------------------------------------------

@pytest.mark.parametrize(("reply", "reason"), [
    (chat("Sure! {\"key_points\": [ {\"text\": \"training\", hit: yes"), "invalid_json"),
    (chat(None), "invalid_response"),
    ((200, "<html>not an API</html>"), "invalid_response"),
    ((200, {"error": "no choices"}), "invalid_response"),
])
def test_garbage_falls_back_without_retry(local, llm, reply, reason):
    llm.replies = [reply]
    result = judged(local, llm)
    assert result["judge"] == {"mode": "local", "local_score": local["score"], "llm_score": None,
                               "model": "judge-model", "fallback_reason": reason}
    assert result["score"] == local["score"] and result["breakdown"] == local["breakdown"]
    assert len(llm.requests) == 1


def test_slow_reply_times_out_once_retried_then_local(local, llm):
    llm.replies = [(*chat(json.dumps(judgement())), 1.5)]
    started = time.monotonic()
    result = judged(local, llm, timeout=0.3)
    assert time.monotonic() - started < 1.4
    assert (result["judge"]["mode"], result["judge"]["fallback_reason"]) == ("local", "timeout")
    assert len(llm.requests) == 2 and result["score"] == local["score"]


def test_http_500_is_retried_once_then_local(local, llm):
    llm.replies = [(500, {"error": "overloaded"})]
    result = judged(local, llm)
    assert result["judge"]["fallback_reason"] == "http_error" and result["judge"]["http_status"] == 500
    assert len(llm.requests) == 2 and result["score"] == local["score"]


def test_5xx_then_success_uses_the_retry(local, llm):
    llm.replies = [(503, {"error": "busy"}), chat(json.dumps(judgement()))]
    assert judged(local, llm)["judge"]["mode"] == "llm" and len(llm.requests) == 2


def test_http_401_is_not_retried(local, llm):
    llm.replies = [(401, {"error": "bad key"})]
    result = judged(local, llm)
    assert (result["judge"]["fallback_reason"], result["judge"]["http_status"]) == ("http_error", 401)
    assert len(llm.requests) == 1


def test_redirects_are_not_followed(local, llm):
    llm.replies = [(302, {"error": "moved"})]
    result = judged(local, llm)
    assert (result["judge"]["fallback_reason"], result["judge"]["http_status"]) == ("http_error", 302)
    assert len(llm.requests) == 1


def test_400_retries_once_without_response_format(local, llm):
    llm.replies = [(400, {"error": "response_format is not supported"}),
                   chat("```json\n" + json.dumps(judgement()) + "\n```")]
    assert judged(local, llm)["judge"]["mode"] == "llm"
    assert "response_format" in llm.requests[0]["body"] and "response_format" not in llm.requests[1]["body"]


def test_unreachable_endpoint_falls_back(local, monkeypatch):
    monkeypatch.setattr(llm_judge, "RETRY_PAUSE", 0.01)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = server.server_address[1]
    server.server_close()  # nothing listens there any more
    endpoint = LlmEndpoint(f"http://127.0.0.1:{port}/v1", "m", API_KEY, 1.0)
    result = judge_answer(copy.deepcopy(local), QUESTION, endpoint, True)
    assert (result["judge"]["mode"], result["judge"]["fallback_reason"]) == ("local", "network")


def test_a_bug_in_the_judge_never_fails_the_job(local, llm, monkeypatch):
    def broken(*args):
        raise KeyError("oops")

    monkeypatch.setattr(llm_judge, "combine", broken)
    result = judged(local, llm)
    assert (result["judge"]["mode"], result["judge"]["fallback_reason"]) == ("local", "internal_error")
    assert result["score"] == local["score"]


# -- when the LLM is not asked ---------------------------------------------------------------------

@pytest.mark.parametrize("allowed", [False, None, "true", 1])
def test_nothing_is_sent_unless_the_job_allows_it(local, llm, allowed):
    result = judged(local, llm, allowed=allowed)
    assert llm.requests == []
    assert result["judge"] == {"mode": "local", "local_score": local["score"], "llm_score": None, "model": None,
                               "fallback_reason": None, "skipped": "not_allowed"}
    assert result["score"] == local["score"]


def test_without_an_endpoint_nothing_is_asked(local):
    result = judge_answer(copy.deepcopy(local), QUESTION, None, True)
    assert result["judge"]["skipped"] == "off" and result["score"] == local["score"]


def test_insufficient_answers_are_not_sent(local, llm):
    insufficient = dict(local, insufficient=True, insufficient_reason="no_speech", score=None)
    result = judge_answer(insufficient, QUESTION, llm.endpoint(), True)
    assert llm.requests == [] and result["judge"]["skipped"] == "insufficient" and result["score"] is None


def test_llm_cannot_lift_an_answer_the_local_judge_flagged(local):
    scorer = load_scorer()
    high = {"key_points": [dict(k, hit=True) for k in local["key_points"]],
            "star": {p: {"present": True} for p in llm_judge.PARTS}}
    low = {"key_points": [dict(k, hit=False, partial=False) for k in local["key_points"]],
           "star": {p: {"present": False} for p in llm_judge.PARTS}}
    assert combine(local, high, scorer)[0] > local["score"]  # not flagged: the LLM may raise the score
    for flag in ("too_short", "off_topic", "listed_without_substance"):
        flagged = dict(local, content=dict(local["content"], **{flag: True}))
        assert combine(flagged, high, scorer)[0] <= local["score"]
        assert combine(flagged, low, scorer)[0] < local["score"]  # but it can lower it


# -- configuration and the worker ------------------------------------------------------------------

def test_config_from_environment():
    env = {"HR_AI_WORKER_LLM_ENABLED": "true", "HR_AI_WORKER_LLM_URL": "http://gpu-box:8000/v1",
           "HR_AI_WORKER_LLM_MODEL": "qwen2.5-7b-instruct", "HR_AI_WORKER_LLM_API_KEY": API_KEY}
    cfg = load_config(environ=env)
    assert cfg.llm_endpoint() == LlmEndpoint("http://gpu-box:8000/v1", "qwen2.5-7b-instruct", API_KEY, 20.0)
    assert API_KEY not in repr(cfg)
    assert load_config(environ={}).llm_endpoint() is None  # off by default
    assert load_config(environ=dict(env, HR_AI_WORKER_LLM_ENABLED="0")).llm_endpoint() is None
    for broken in ({"HR_AI_WORKER_LLM_URL": ""}, {"HR_AI_WORKER_LLM_MODEL": ""},
                   {"HR_AI_WORKER_LLM_URL": "gpu-box:8000/v1"}, {"HR_AI_WORKER_LLM_TIMEOUT": "0"}):
        with pytest.raises(ConfigError):
            load_config(environ=dict(env, **broken)).llm_endpoint()
    run_env = dict(env, HR_AI_WORKER_DB="d", HR_AI_WORKER_LOGIN="w", HR_AI_WORKER_API_KEY="k",
                   HR_AI_WORKER_LLM_MODEL="")
    with pytest.raises(ConfigError, match="llm_url"):
        load_config(environ=run_env).check_for_run()


def _run_job(tmp_path, tone, fake, flag):
    job = {"id": 7, "kind": "analyze_answer", "attempt": 1, "lease_token": "L7", "question": QUESTION, "job": JOB}
    if flag is not ...:
        job["llm_judge"] = flag
    queue = FakeQueue(tone, jobs=[job])
    config = load_config(environ={}, tmp_dir=str(tmp_path), max_jobs=1, poll_interval=0.01, heartbeat_seconds=0.05,
                         llm_enabled=True, llm_url=fake.url, llm_model="judge-model", llm_api_key=API_KEY)
    Runner(config, queue, ScriptedAsr()).run()
    assert not queue.failed
    return queue.submitted[0][2]


@pytest.mark.parametrize("flag", [False, ...])
def test_worker_sends_nothing_when_the_job_does_not_allow_it(tmp_path, tone, llm, flag):
    result = _run_job(tmp_path, tone, llm, flag)
    assert llm.requests == [] and result["judge"]["skipped"] == "not_allowed"


def test_worker_judges_with_the_llm_and_never_logs_the_key_or_the_answer(tmp_path, tone, llm, caplog):
    caplog.set_level(logging.DEBUG)
    result = _run_job(tmp_path, tone, llm, True)
    assert result["judge"]["mode"] == "llm" and len(llm.requests) == 1
    assert llm.requests[0]["headers"]["Authorization"] == f"Bearer {API_KEY}"
    lines = [JsonFormatter().format(r) for r in caplog.records]
    judge_lines = [json.loads(line) for line in lines if '"llm judge"' in line]
    assert judge_lines and judge_lines[0]["mode"] == "llm" and judge_lines[0]["job_id"] == 7
    for line in lines:
        assert API_KEY not in line and "ticket system" not in line and "Customer orientation" not in line
    assert API_KEY not in json.dumps(result)


def test_worker_falls_back_and_still_submits_when_the_llm_fails(tmp_path, tone, llm, caplog):
    llm.replies = [(500, "oops")]
    result = _run_job(tmp_path, tone, llm, True)
    assert (result["judge"]["mode"], result["judge"]["fallback_reason"]) == ("local", "http_error")
    assert result["score"] == result["judge"]["local_score"] is not None
    assert all(API_KEY not in JsonFormatter().format(r) for r in caplog.records)


def test_cli_llm_judge_needs_the_settings(tmp_path, monkeypatch, capsys):
    from hr_ai_analysis_worker.cli import main

    monkeypatch.delenv("HR_AI_WORKER_LLM_ENABLED", raising=False)
    monkeypatch.delenv("HR_AI_WORKER_CONFIG", raising=False)
    question = tmp_path / "q.json"
    question.write_text(json.dumps(QUESTION), encoding="utf-8")
    assert main(["analyze", str(tmp_path / "a.wav"), "--question", str(question), "--llm-judge"]) == 2
    assert "--llm-judge needs" in capsys.readouterr().err
