"""``hr-ai-worker``: run the queue worker, or analyse one file offline.

Exit codes: 0 success, 2 configuration, credentials or invalid input, 3 Odoo unreachable, 4 unusable media
(a résumé without text: the message starts with its reason code).
"""

import argparse
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .config import load_config
from .errors import ConfigError, InvalidInput, MediaError, MediaToolMissing

_logger = logging.getLogger("hr_ai_worker")


def _parser():
    parser = argparse.ArgumentParser(prog="hr-ai-worker", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--config", help="TOML file (section [worker]); env vars HR_AI_WORKER_* override it")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="claim and analyse jobs from Odoo until stopped")
    run.add_argument("--max-jobs", type=int, help="exit after this many jobs")
    run.add_argument("--kinds", help="comma-separated job kinds to claim (default: the kinds setting); "
                                     "'live_chunk' alone makes a dedicated live-interview worker")

    analyze = sub.add_parser("analyze", help="analyse one audio/video file without Odoo; prints JSON")
    analyze.add_argument("media", help="audio or video file")
    analyze.add_argument("--question", required=True, help='JSON file: {"text", "key_points", "competencies", "lang"}')
    analyze.add_argument("--job", help='JSON file: {"name", "requirements", "competencies", "lang"}')
    analyze.add_argument("--language", help="force the spoken language (zh, en)")
    analyze.add_argument("--model", help="faster-whisper model name or directory (default: base)")
    analyze.add_argument("--compact", action="store_true", help="one-line JSON")
    analyze.add_argument("--llm-judge", action="store_true",
                         help="also ask the configured LLM judge (llm_enabled, llm_url, llm_model)")

    screen = sub.add_parser("screen", help="screen one résumé (PDF, DOCX, DOC, TXT) against a job; prints JSON")
    screen.add_argument("resume", help="the résumé file (its type is read from its content)")
    screen.add_argument("--job", required=True, help='JSON file: {"name", "requirements", "skills", "min_years", '
                                                     '"degree", "certificates", "lang"}')
    screen.add_argument("--today", help="YYYY-MM-DD for 至今/present (default: today)")
    screen.add_argument("--compact", action="store_true", help="one-line JSON")

    live = sub.add_parser("live", help="read one utterance of a live interview as a live_chunk job would; prints "
                                       "the result JSON")
    live.add_argument("audio", help="the utterance (any audio or video file ffmpeg reads)")
    live.add_argument("--job", required=True, help='JSON file: the payload\'s job {"name", "lang", "terms", '
                                                   '"questions": [{"id", "text", "key_points", "competency_ids"}], '
                                                   '"competencies": [{"id", "name", "threshold"}]}')
    live.add_argument("--question-id", type=int, help="the question HR marked as being asked (default: none)")
    live.add_argument("--offset", type=float, default=0.0, help="seconds from the start of the call to the "
                                                                "utterance's start (result times are absolute)")
    live.add_argument("--session", help='JSON file: the payload\'s session {"segments": [{"start", "end", "text", '
                                        '"question_id"}], "coverage"?, "competencies"?} (earlier utterances)')
    live.add_argument("--language", help="the spoken language (zh, en; default: the job's, else detected)")
    live.add_argument("--model", help="faster-whisper model name or directory (default: base)")
    live.add_argument("--compact", action="store_true", help="one-line JSON")

    sub.add_parser("prepare-model", help="put the default model together in the cache and print its path")

    train = sub.add_parser("train", help="retrain the answer scorer from graded answers; writes JSON weights")
    train.add_argument("data", help='JSONL, one graded answer a line: {"breakdown": {...}, "grade": 0-3} '
                                    '(or "score": 0-100); "breakdown" is the field of the analysis result')
    train.add_argument("--out", required=True, help="where to write the model (JSON)")
    train.add_argument("--name", default="trained", help="model name recorded in every result's versions")
    return parser


def _load_json(path, what):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the {what} file {path}: {exc}") from exc


def _transcriber(cfg):
    from .analysis.asr import Transcriber
    from .speech_model import resolve_model

    return Transcriber(resolve_model(cfg.model, cfg.model_cache_dir), device=cfg.device,
                       compute_type=cfg.compute_type, cpu_threads=cfg.cpu_threads,
                       beam_size=cfg.beam_size, vad_filter=cfg.vad_filter)


def _cmd_analyze(args, cfg):
    from .analysis.content import check_inputs
    from .analysis.pipeline import analyze_file

    if args.llm_judge and cfg.llm_endpoint() is None:
        raise ConfigError("--llm-judge needs the LLM judge configured (llm_enabled, llm_url, llm_model)")
    question = _load_json(args.question, "question")
    job = _load_json(args.job, "job") if args.job else None
    check_inputs(question, job)
    if not Path(args.media).is_file():
        raise ConfigError(f"no such media file: {args.media}")
    scorer = cfg.resolved_scorer()
    result = analyze_file(args.media, question, _transcriber(cfg), job=job,
                          language=args.language or cfg.language or None, max_seconds=cfg.max_media_seconds,
                          scorer=scorer)
    if args.llm_judge:
        from .analysis.llm_judge import judge_answer

        result = judge_answer(result, question, cfg.llm_endpoint(), True, scorer=scorer, job=job)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return 0


def _cmd_screen(args, cfg):
    from .analysis.resume_match import screen
    from .analysis.resume_text import extract_text

    job = _load_json(args.job, "job")
    if not Path(args.resume).is_file():
        raise ConfigError(f"no such résumé file: {args.resume}")
    text = extract_text(args.resume).text
    result = screen(text, job, today=args.today, embedding_model=cfg.embedding_model)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return 0


def _cmd_live(args, cfg):
    from .analysis import live
    from .analysis.media import decode_audio

    job = _load_json(args.job, "job")
    session = _load_json(args.session, "session") if args.session else {}
    if not isinstance(session, dict):
        raise ConfigError(f"the session file {args.session} must hold a JSON object")
    if args.offset < 0:
        raise ConfigError("--offset must be >= 0")
    if not Path(args.audio).is_file():
        raise ConfigError(f"no such audio file: {args.audio}")
    payload = live.parse_payload({  # the payload Odoo would send (the job's language unless one is given)
        "schema": live.PAYLOAD_SCHEMA, "utterance": {"id": 0, "offset": args.offset},
        "lang": args.language or cfg.language or None,
        "session": dict(session, current_question_id=args.question_id), "job": job})
    samples = decode_audio(args.audio, max_seconds=cfg.max_media_seconds)
    result = live.analyze_utterance(samples, payload, _transcriber(cfg),
                                    embedder=live.embedder_for(cfg.embedding_model),
                                    short_window=cfg.live_short_window)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return 0


def _cmd_train(args):
    from .analysis.scoring import FEATURES, fit_scorer

    rows = []
    try:
        lines = Path(args.data).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read {args.data}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            target = float(item["score"]) if "score" in item else float(item["grade"]) * 100.0 / 3.0
            rows.append(({f: float(item["breakdown"].get(f, 0.0)) for f in FEATURES}, target))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{args.data}:{number}: not a graded answer ({exc})") from exc
    if len(rows) < 10:
        raise ConfigError(f"{len(rows)} graded answers are too few to retrain; keep the default weights")
    model = fit_scorer(rows, args.out, name=args.name)
    print(json.dumps(model, indent=2))
    return 0


def _cmd_run(cfg):
    from .odoo_client import OdooClient, OdooUnreachable
    from .runner import Runner

    cfg.check_for_run()
    client = OdooClient(cfg.odoo_url, cfg.db, cfg.login, cfg.resolved_api_key(), timeout=cfg.request_timeout)
    lane_client = OdooClient(cfg.odoo_url, cfg.db, cfg.login, cfg.resolved_api_key(), timeout=cfg.request_timeout)
    try:
        client.authenticate()
        lane_client.authenticate()  # the live lane's own connection (used when there is a lane)
    except OdooUnreachable as exc:
        _logger.error("cannot start: %s", exc)
        print(f"hr-ai-worker: {exc}", file=sys.stderr)
        return 3
    transcriber = _transcriber(cfg)
    runner = Runner(cfg, client, transcriber, scorer=cfg.resolved_scorer())
    lane = runner.split_live_lane(lane_client, _transcriber(cfg)) if cfg.live_lane else None
    if lane is not None:  # live utterances in their own thread, recorded answers at a lower priority
        lane.start()
        lane.ready.wait()
        runner.lower_priority()
    transcriber.model  # load once, before the first job  # noqa: B018
    if "live_chunk" in runner.kinds:  # the first utterance must not wait for the judge's models
        from .analysis import live

        live.warm_up(cfg.embedding_model)
    runner.install_signal_handlers()
    return runner.run()


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        cfg = load_config(args.config, max_jobs=getattr(args, "max_jobs", None),
                          model=getattr(args, "model", None), kinds=getattr(args, "kinds", None))
        from .log import setup_logging

        setup_logging("console" if args.command != "run" else cfg.log_format, cfg.log_level)
        if args.command == "analyze":
            return _cmd_analyze(args, cfg)
        if args.command == "train":
            return _cmd_train(args)
        if args.command == "screen":
            return _cmd_screen(args, cfg)
        if args.command == "live":
            return _cmd_live(args, cfg)
        if args.command == "prepare-model":
            from .speech_model import resolve_model

            print(resolve_model(cfg.model, cfg.model_cache_dir))
            return 0
        return _cmd_run(cfg)
    except (ConfigError, MediaToolMissing) as exc:
        print(f"hr-ai-worker: {exc}", file=sys.stderr)
        return 2
    except InvalidInput as exc:
        print(f"hr-ai-worker: invalid input: {exc}", file=sys.stderr)
        return 2
    except MediaError as exc:
        print(f"hr-ai-worker: unusable media: {exc}", file=sys.stderr)
        return 4
