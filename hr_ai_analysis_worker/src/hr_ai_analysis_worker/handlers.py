"""One handler per job kind, in a registry: a kind is a plug-in on the worker side too.

A handler receives the claimed job (Odoo's payload) and a :class:`JobContext` and returns the result
dict the runner submits. Add a kind with ``@handler("kind")``; the runner claims exactly the configured
kinds that have a handler.
"""

import dataclasses
import time
from pathlib import Path

from .analysis import live
from .analysis.errors import InvalidInput
from .analysis.llm_judge import judge_answer
from .analysis.media import decode_audio
from .analysis.pipeline import analyze_file
from .analysis.report import build_report
from .analysis.resume_match import screen
from .analysis.resume_text import MAX_RESUME_BYTES, extract_text

HANDLERS = {}


def handler(kind):
    """Register the decorated function as the handler of ``kind``."""

    def register(func):
        HANDLERS[kind] = func
        return func

    return register


@dataclasses.dataclass
class JobContext:
    """What a handler may use besides the job: Odoo (through the client), the settings, the models, and
    a private directory that is removed after the job."""

    client: object
    config: object
    transcriber: object
    scorer: object
    workdir: Path


def required(job, key, kind=dict):
    """``job[key]``, checked to be a ``kind``; InvalidInput (permanent) otherwise."""
    value = job.get(key)
    if not isinstance(value, kind):
        raise InvalidInput(f"the job payload has no valid {key!r}")
    return value


@handler("analyze_answer")
def analyze_answer(job, ctx):
    """Download the recorded answer and analyse it (schema ``hr_ai.answer_result/1``); the optional LLM judge
    gives a second opinion when the worker has one and the payload says ``"llm_judge": true``."""
    question = required(job, "question")
    cfg = ctx.config
    media = ctx.client.download_media(job["id"], job["lease_token"], ctx.workdir / "media", cfg.max_media_bytes)
    result = analyze_file(media, question, ctx.transcriber, job=job.get("job"), language=cfg.language or None,
                          max_seconds=cfg.max_media_seconds, config_version=cfg.fingerprint(), scorer=ctx.scorer)
    return judge_answer(result, question, cfg.llm_endpoint(), job.get("llm_judge"), scorer=ctx.scorer,
                        job=job.get("job"), log={"job_id": job["id"]})


EXTRA_HEADING = "Interview answers / 面试回答"


@handler("screen_resume")
def screen_resume(job, ctx):
    """Download the applicant's résumé, extract its text and screen it against the job (schema
    ``hr_ai.screen_result/1``). A file without text fails permanently with ``resume_<reason>``."""
    profile = required(job, "job")
    catalog = job.get("skills_catalog") or []
    if not isinstance(catalog, list):
        raise InvalidInput("the job payload's 'skills_catalog' must be a list")
    limit = min(ctx.config.max_media_bytes, MAX_RESUME_BYTES)
    path = ctx.client.download_media(job["id"], job["lease_token"], ctx.workdir / "resume", limit)
    text = extract_text(path, max_bytes=limit).text
    extra = job.get("extra_text")
    if isinstance(extra, str) and extra.strip():  # what the candidate said in earlier interviews
        text = f"{text}\n\n{EXTRA_HEADING}\n{extra.strip()}"
    result = screen(text, profile, today=job.get("today"), skills_catalog=catalog,
                    embedding_model=ctx.config.embedding_model)
    result["versions"]["config"] = ctx.config.fingerprint()
    return result


@handler("build_report")
def report(job, ctx):
    """The interview report from the answers' results (schema ``hr_ai.report_result/2``)."""
    return build_report(required(job, "report"), scorer=ctx.scorer)


LIVE_MAX_BYTES = 10 * 1024 * 1024  # an utterance is a few seconds of Opus (~10 KB a second)
LIVE_MAX_SECONDS = 60  # decoded at most; a VAD-cut utterance is far shorter
LIVE_DECODE_TIMEOUT = 30


@handler("live_chunk")
def live_chunk(job, ctx):
    """One utterance of a live interview (schema ``hr_ai.live_chunk_result/1``): fetch its audio (the payload's
    ``media_url``, with the worker's key and the job's lease), decode, transcribe it with the loaded model (fast
    settings for short audio), shift its times by the utterance's ``offset``, and read coverage, competencies and
    hints (``analysis.live``)."""
    started = time.perf_counter()
    payload = live.parse_payload(job)
    payload["lang"] = ctx.config.language or payload["lang"]  # a forced language wins, as for recorded answers
    path = ctx.client.download_path(payload["media_url"], job["lease_token"], ctx.workdir / "utterance",
                                    LIVE_MAX_BYTES)
    fetched = time.perf_counter()
    samples = decode_audio(path, max_seconds=LIVE_MAX_SECONDS, timeout=LIVE_DECODE_TIMEOUT)
    decoded = time.perf_counter()
    result = live.analyze_utterance(samples, payload, ctx.transcriber,
                                    embedder=live.embedder_for(ctx.config.embedding_model),
                                    timings={"fetch": fetched - started, "decode": decoded - fetched},
                                    short_window=ctx.config.live_short_window)
    result["versions"]["config"] = ctx.config.fingerprint()
    return result
