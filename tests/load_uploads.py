"""Load test of the candidate upload: N candidates (default 50) upload a 2-minute answer at the same time
through the chunked, resumable upload, against one Odoo started here on a loopback port and stopped at the
end. Bounded: a thread per candidate, a timeout per request and a deadline for the whole run.

Prints throughput, errors, the server's memory (resident set, sampled) and how many answers arrived
intact (the stored file's SHA-1 equals the sent file's).

    cd <repo> && HR_AI_ODOO_CMD="…/python /opt/odoo18/odoo-bin" HR_AI_ODOO_CONF=/tmp/x.conf \\
        HR_AI_LOAD_DB=x_load python -m tests.load_uploads --candidates 50 --seconds 120

Each candidate talks from its own loopback address (127.0.0.<n>), as real candidates come from their own.
"""

import argparse
import hashlib
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

from .conftest import DB, start_odoo, stop_odoo
from .test_e2e import invite, xmlid


class Candidate:
    """One candidate's browser: its own loopback address and session cookie."""

    def __init__(self, port, source, timeout):
        self.port, self.source, self.timeout = port, source, timeout
        self.cookie = ""

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout,
                                          source_address=(self.source, 0))
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        if cookie := response.getheader("Set-Cookie"):
            match = re.search(r"session_id=([^;]+)", cookie)
            if match:
                self.cookie = f"session_id={match.group(1)}"
        return response.status, response.getheader("Location"), data

    def form(self, path, fields):
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})


def make_media(seconds, folder):
    """A phone-like answer: 320x240 VP8 video with Opus speech-band audio, WebM."""
    path = Path(folder) / "answer.webm"
    subprocess.run([
        "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=320x240:rate=15:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=300:duration={seconds}", "-c:v", "libvpx", "-b:v", "250k",
        "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", "-b:a", "32k", "-shortest", str(path)],
        check=True, timeout=600)
    return path.read_bytes()


def run_candidate(port, index, link, media, chunk_size, pace, deadline, timeout):
    """Open the link, consent, upload the answer in chunks, finish; returns a result dict."""
    result = {"index": index, "ok": False, "error": None, "retries": 0, "seconds": 0.0}
    started = time.monotonic()
    browser = Candidate(port, f"127.0.0.{10 + index}", timeout)
    try:
        status, location, _ = browser.request("GET", urllib.parse.urlparse(link).path)
        assert status == 303, f"link: {status}"
        status, _, page = browser.request("GET", "/ai-interview/session")
        html = page.decode()
        csrf = re.search(r'csrf_token: "([^"]+)"', html).group(1)
        notice = re.search(r'name="notice_hash" value="([0-9a-f]+)"', html).group(1)
        status, _, _ = browser.form("/ai-interview/session/consent", {
            "csrf_token": csrf, "notice_hash": notice, "consent_recording": "1", "consent_ai_analysis": "1"})
        status, _, page = browser.request("GET", "/ai-interview/session")
        html = page.decode()
        csrf = re.search(r'csrf_token: "([^"]+)"', html).group(1)
        config = json.loads(unescape(re.search(r'data-config="([^"]+)"', html).group(1)))
        question = config["questions"][0]["id"]
        key = uuid.uuid4().hex
        status, _, body = browser.form("/ai-interview/session/upload",
                                       {"csrf_token": csrf, "question_id": question, "key": key})
        assert status == 200, f"start: {status} {body[:200]}"
        offset = 0
        while offset < len(media):
            if time.monotonic() > deadline:
                raise TimeoutError("run deadline")
            chunk = media[offset:offset + chunk_size]
            query = urllib.parse.urlencode({"csrf_token": csrf, "offset": offset,
                                            "sha256": hashlib.sha256(chunk).hexdigest()})
            try:
                status, _, body = browser.request("POST", f"/ai-interview/session/upload/{key}/chunk?{query}",
                                                  chunk, {"Content-Type": "application/octet-stream"})
            except OSError:
                status, body = 0, b"{}"
            if status == 200:
                offset = json.loads(body)["received"]
            elif status == 409:
                offset = json.loads(body)["received"]
                result["retries"] += 1
            else:
                result["retries"] += 1
                if result["retries"] > 50:
                    raise RuntimeError(f"chunk: {status} {body[:200]}")
                time.sleep(min(0.5 * result["retries"], 5))
                continue
            if pace:
                time.sleep(pace)
        status, _, body = browser.form(f"/ai-interview/session/upload/{key}/finish", {
            "csrf_token": csrf, "size": len(media), "sha256": hashlib.sha256(media).hexdigest()})
        assert status == 200, f"finish: {status} {body[:200]}"
        result["ok"] = True
    except Exception as exc:  # noqa: BLE001 (every failure is counted and printed)
        result["error"] = f"{type(exc).__name__}: {exc}"
    result["seconds"] = time.monotonic() - started
    return result


def rss_mb(pid):
    """Resident memory of the Odoo server process and its children (MB)."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
        pids += [int(p) for p in children.split()]
    except OSError:
        pass
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        except (OSError, AttributeError):
            continue
    return total / 1024


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120, help="length of each answer")
    parser.add_argument("--pace", type=float, default=0.0,
                        help="pause between chunks (2.0 = as while recording; 0 = as fast as possible)")
    parser.add_argument("--deadline", type=int, default=900, help="the whole run stops after this many seconds")
    parser.add_argument("--timeout", type=int, default=120, help="per request")
    args = parser.parse_args(argv)
    if not 1 <= args.candidates <= 200:
        parser.error("between 1 and 200 candidates")

    results_dir = Path(tempfile.mkdtemp(prefix="hr-ai-load-"))
    media = make_media(args.seconds, results_dir)
    chunk_size = max(64 * 1024, len(media) * 2 // args.seconds)  # what MediaRecorder gives every 2 s
    print(f"answer: {args.seconds} s, {len(media) / 1e6:.1f} MB, chunks of {chunk_size // 1024} KiB", flush=True)
    db = os.environ.get("HR_AI_LOAD_DB") or DB
    info, server = start_odoo(results_dir, db=db)
    try:
        admin = info["admin"]
        customer = xmlid(admin, "competency_customer")
        job = admin.call("hr.job", "create", {
            "name": "Load test", "ai_interview_enabled": True, "ai_interview_lang": "en",
            "ai_competency_ids": [(0, 0, {"competency_id": customer, "threshold": 40})],
            "ai_question_ids": [(0, 0, {"name": "Tell us about your work.", "key_points": "work",
                                        "competency_ids": [(6, 0, [customer])],
                                        "answer_seconds": min(180, max(60, args.seconds + 10))})],
        })
        links = [invite(admin, job, f"Load {i}")[1:] for i in range(args.candidates)]
        memory = []
        stop = threading.Event()

        def sample():
            while not stop.wait(0.5):
                memory.append(rss_mb(server.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        memory.append(rss_mb(server.pid))
        sampler.start()
        deadline = time.monotonic() + args.deadline
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.candidates) as pool:
            futures = [pool.submit(run_candidate, info["port"], i, link, media, chunk_size, args.pace, deadline,
                                   args.timeout) for i, (_interview, link) in enumerate(links)]
            results = [f.result() for f in futures]
        elapsed = time.monotonic() - started
        stop.set()
        sampler.join(2)

        sha1 = hashlib.sha1(media).hexdigest()  # noqa: S324 (Odoo's attachment checksum)
        intact = 0
        for interview_id, _link in links:
            answers = admin.call("hr.ai.answer", "search_read", [("interview_id", "=", interview_id)],
                                 fields=["attachment_id"])
            if len(answers) == 1 and answers[0]["attachment_id"]:
                checksum = admin.call("ir.attachment", "read", [answers[0]["attachment_id"][0]],
                                      ["checksum"])[0]["checksum"]
                intact += checksum == sha1
        ok = [r for r in results if r["ok"]]
        errors = [r for r in results if not r["ok"]]
        sent = len(media) * len(ok)
        print(f"candidates: {args.candidates}, finished: {len(ok)}, errors: {len(errors)}, "
              f"retried chunks: {sum(r['retries'] for r in results)}")
        print(f"wall time: {elapsed:.1f} s, throughput: {sent / elapsed / 1e6:.2f} MB/s, "
              f"{len(ok) / elapsed * 60:.1f} answers/min")
        if ok:
            times = sorted(r["seconds"] for r in ok)
            print(f"per candidate: median {statistics.median(times):.1f} s, "
                  f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} s, max {times[-1]:.1f} s")
        print(f"server memory (RSS): start {memory[0]:.0f} MB, max {max(memory):.0f} MB")
        print(f"answers arrived intact: {intact}/{args.candidates}")
        for r in errors[:10]:
            print(f"  candidate {r['index']}: {r['error']}")
        return 0 if intact == args.candidates else 1
    finally:
        stop_odoo(server)
        print(f"odoo log: {results_dir / 'odoo.log'}", file=sys.stderr)
        if os.environ.get("HR_AI_LOAD_KEEP") != "1":
            subprocess.run(["dropdb", "--if-exists", db], check=False)


if __name__ == "__main__":
    sys.exit(main())
