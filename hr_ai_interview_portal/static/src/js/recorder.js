/** @odoo-module **/
// Candidate recorder: device check (preview, level meter, permission help), an optional practice
// question kept on the device, one question at a time with think and answer countdowns kept on the
// server, retakes with a countdown, playback, and a chunked upload that survives a lost connection
// or a reload (chunks kept in IndexedDB until the server has checked the whole recording).
import publicWidget from "@web/legacy/js/public/public_widget";

const TIMESLICE_MS = 2000;
const PRACTICE_SECONDS = 30;
const DB_NAME = "hr_ai_interview_uploads";

function pickMimeType(withVideo) {
    const candidates = withVideo
        ? ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"]
        : ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
    return candidates.find((type) => window.MediaRecorder && MediaRecorder.isTypeSupported(type)) || "";
}

function randomKey() {
    const bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

async function sha256(blob) {
    const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function browserFamily() {
    const ua = navigator.userAgent;
    if (/MicroMessenger/i.test(ua)) {
        return "wechat";
    }
    if (/Firefox|FxiOS/i.test(ua)) {
        return "firefox";
    }
    if (/Safari/i.test(ua) && !/Chrome|Chromium|CriOS|Edg/i.test(ua)) {
        return "safari";
    }
    return "chrome";
}

function fmtClock(seconds) {
    const s = Math.max(0, Math.round(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------- local store of chunks
class ChunkStore {
    async open() {
        if (this.db || !window.indexedDB) {
            return this.db;
        }
        this.db = await new Promise((resolve) => {
            const request = indexedDB.open(DB_NAME, 1);
            request.onupgradeneeded = () => {
                const db = request.result;
                db.createObjectStore("uploads", { keyPath: "key" });
                const chunks = db.createObjectStore("chunks", { keyPath: "id" });
                chunks.createIndex("key", "key");
            };
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => resolve(null);
        });
        return this.db;
    }
    async _tx(stores, mode, fn) {
        const db = await this.open();
        if (!db) {
            return null;
        }
        return new Promise((resolve) => {
            const tx = db.transaction(stores, mode);
            const result = fn(tx);
            tx.oncomplete = () => resolve(result && "result" in result ? result.result : result);
            tx.onerror = tx.onabort = () => resolve(null);
        });
    }
    putUpload(meta) {
        return this._tx(["uploads"], "readwrite", (tx) => tx.objectStore("uploads").put(meta));
    }
    putChunk(chunk) {
        return this._tx(["chunks"], "readwrite", (tx) => tx.objectStore("chunks").put(chunk));
    }
    uploads() {
        return this._tx(["uploads"], "readonly", (tx) => tx.objectStore("uploads").getAll());
    }
    chunks(key) {
        return this._tx(["chunks"], "readonly", (tx) => tx.objectStore("chunks").index("key").getAll(key));
    }
    remove(key) {
        return this._tx(["uploads", "chunks"], "readwrite", (tx) => {
            tx.objectStore("uploads").delete(key);
            const index = tx.objectStore("chunks").index("key");
            index.openKeyCursor(IDBKeyRange.only(key)).onsuccess = (ev) => {
                const cursor = ev.target.result;
                if (cursor) {
                    tx.objectStore("chunks").delete(cursor.primaryKey);
                    cursor.continue();
                }
            };
        });
    }
}

// ---------------------------------------------------------------------- one resumable upload
class ChunkUpload {
    constructor(widget, { key, questionId, mimeType }) {
        this.widget = widget;
        this.key = key;
        this.questionId = questionId;
        this.mimeType = mimeType;
        this.chunks = []; // {id, key, seq, offset, blob}
        this.size = 0; // bytes recorded
        this.sent = 0; // bytes the server holds
        this.stopped = false;
        this.finished = null;
        this.wake = null;
    }
    add(blob) {
        const chunk = { id: `${this.key}:${this.chunks.length}`, key: this.key, seq: this.chunks.length,
                        offset: this.size, blob };
        this.size += blob.size;
        this.chunks.push(chunk);
        this.widget.store.putChunk(chunk);
        this._poke();
    }
    stop() {
        this.stopped = true;
        this.widget.store.putUpload(this.meta());
        this._poke();
    }
    meta() {
        return { key: this.key, interview: this.widget.config.interview, questionId: this.questionId,
                 mimeType: this.mimeType, stopped: this.stopped };
    }
    _poke() {
        if (this.wake) {
            const wake = this.wake;
            this.wake = null;
            wake();
        }
    }
    _waitForWork(ms) {
        return new Promise((resolve) => {
            this.wake = resolve;
            if (ms) {
                setTimeout(() => this._poke(), ms);
            }
        });
    }
    async _post(url, body, headers = {}) {
        try {
            const response = await fetch(url, { method: "POST", body, headers, credentials: "same-origin" });
            let json = {};
            try {
                json = await response.json();
            } catch {
                json = {};
            }
            return { status: response.status, json };
        } catch {
            return { status: 0, json: {} }; // offline
        }
    }
    async start() {
        const form = new FormData();
        form.append("csrf_token", odoo.csrf_token);
        form.append("question_id", this.questionId);
        form.append("key", this.key);
        for (let attempt = 0; ; attempt++) {
            const reply = await this._post("/ai-interview/session/upload", form);
            if (reply.status === 200) {
                this.sent = reply.json.received || 0;
                return reply.json;
            }
            if (reply.status && reply.status < 500 && reply.status !== 429) {
                throw new Error(reply.json.error || String(reply.status));
            }
            await this._offline(attempt);
        }
    }
    async _offline(attempt) {
        this.widget._uploadState("offline");
        await Promise.race([
            sleep(Math.min(1000 * 2 ** attempt, 10000)),
            new Promise((resolve) => window.addEventListener("online", resolve, { once: true })),
        ]);
    }
    /** Send every chunk the server does not hold yet; then ask the server to check the whole file. */
    async run() {
        let attempt = 0;
        for (;;) {
            const next = this.chunks.find((c) => c.offset + c.blob.size > this.sent);
            if (!next) {
                if (this.stopped) {
                    break;
                }
                await this._waitForWork(0);
                continue;
            }
            if (next.offset > this.sent) {
                throw new Error("gap");
            }
            const sha = await sha256(next.blob);
            const url = `/ai-interview/session/upload/${this.key}/chunk?csrf_token=${encodeURIComponent(odoo.csrf_token)}`
                + `&offset=${next.offset}&sha256=${sha}`;
            const reply = await this._post(url, next.blob, { "Content-Type": "application/octet-stream" });
            if (reply.status === 200) {
                this.sent = reply.json.received;
                attempt = 0;
                this.widget._uploadProgress(this);
            } else if (reply.status === 409 && typeof reply.json.received === "number") {
                this.sent = reply.json.received; // the server says what it holds: continue from there
            } else if (reply.status === 0 || reply.status >= 500 || reply.status === 429) {
                await this._offline(attempt++);
            } else {
                throw new Error(reply.json.error || String(reply.status));
            }
        }
        this.widget._uploadState("checking");
        const whole = new Blob(this.chunks.map((c) => c.blob), { type: this.mimeType });
        const form = new FormData();
        form.append("csrf_token", odoo.csrf_token);
        form.append("size", String(whole.size));
        form.append("sha256", await sha256(whole));
        for (attempt = 0; ; attempt++) {
            const reply = await this._post(`/ai-interview/session/upload/${this.key}/finish`, form);
            if (reply.status === 200) {
                await this.widget.store.remove(this.key);
                return reply.json;
            }
            if (reply.status === 409 && typeof reply.json.received === "number") {
                this.sent = reply.json.received;
                return this.run();
            }
            if (reply.status && reply.status < 500 && reply.status !== 429) {
                await this.widget.store.remove(this.key);
                throw new Error(reply.json.error || String(reply.status));
            }
            await this._offline(attempt);
        }
    }
}

publicWidget.registry.HrAiInterviewRecorder = publicWidget.Widget.extend({
    selector: ".o_hr_ai_recorder",
    events: {
        "click .o_hr_ai_start_devices": "_onStartDevices",
        "click .o_hr_ai_practice": "_onPractice",
        "click .o_hr_ai_practice_done": "_onBegin",
        "click .o_hr_ai_begin": "_onBegin",
        "click .o_hr_ai_record": "_onRecordClick",
        "click .o_hr_ai_stop": "_onStop",
        "click .o_hr_ai_retake": "_onRetake",
        "click .o_hr_ai_next": "_onNext",
        "click .o_hr_ai_submit": "_onSubmit",
    },

    start() {
        this.config = JSON.parse(this.el.dataset.config || "{}");
        this.questions = this.config.questions || [];
        this.i18n = {};
        for (const span of this.el.querySelectorAll(".o_hr_ai_i18n [data-key]")) {
            this.i18n[span.dataset.key] = span.textContent.trim();
        }
        this.store = new ChunkStore();
        this.index = this._firstOpen();
        this._$(".o_hr_ai_qtotal").textContent = this.questions.length;
        this._renderProgress();
        if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia
            || !window.crypto || !crypto.subtle) {
            this._show(".o_hr_ai_unsupported", true);
            this._show(".o_hr_ai_step_devices", false);
        }
        this.resumed = this._resumePending();
        // The button stays disabled until its handler is bound: a press before that would do nothing.
        this._$(".o_hr_ai_start_devices").disabled = false;
        this.el.dataset.ready = "1";
        return this._super(...arguments);
    },

    destroy() {
        this._clearTimer();
        this._stopStream();
        this._super(...arguments);
    },

    // ------------------------------------------------------------------ helpers
    _$(selector) {
        return this.el.querySelector(selector);
    },
    _show(selector, visible) {
        this._$(selector).classList.toggle("d-none", !visible);
    },
    _status(text, state, kind = "info") {
        const el = this._$(".o_hr_ai_status");
        el.textContent = text;
        el.dataset.state = state;
        el.className = `o_hr_ai_status alert alert-${kind} mt-3${text ? "" : " d-none"}`;
    },
    _fmt(template, ...values) {
        let text = template;
        values.forEach((value, i) => {
            text = text.replace(`%${i + 1}`, value);
        });
        return text.replace("%s", values[0]);
    },
    _firstOpen() {
        const index = this.questions.findIndex((q) => !q.answered);
        return index < 0 ? this.questions.length : index;
    },
    _renderProgress() {
        const total = this.questions.length;
        const answered = this.questions.filter((q) => q.answered).length;
        this._$(".o_hr_ai_qindex").textContent = Math.min(this.index + 1, total);
        this._$(".o_hr_ai_answered").textContent = answered;
        const bar = this._$(".o_hr_ai_progressbar");
        bar.setAttribute("aria-valuenow", answered);
        bar.querySelector(".progress-bar").style.width = `${total ? (100 * answered) / total : 0}%`;
    },
    _clearTimer() {
        if (this.timer) {
            clearInterval(this.timer);
            this.timer = null;
        }
    },
    /** One clock for the big timer and the status: both show the same seconds and both stop together. */
    _countdown(seconds, label, onEnd) {
        this._clearTimer();
        const end = Date.now() + seconds * 1000;
        const timerEl = this._$(".o_hr_ai_timer");
        const tick = () => {
            const left = Math.max(0, Math.round((end - Date.now()) / 1000));
            timerEl.textContent = this._fmt(label, fmtClock(left));
            if (left <= 0) {
                this._clearTimer();
                onEnd();
            }
        };
        tick();
        this.timer = setInterval(tick, 250);
    },
    _stopTimerDisplay() {
        this._clearTimer();
        this._$(".o_hr_ai_timer").textContent = "";
    },
    async _getReady(seconds = 3) {
        const el = this._$(".o_hr_ai_countdown");
        el.classList.toggle("o_hr_ai_countdown_plain", !this.withVideo);
        this._status(this.i18n.get_ready, "countdown");
        for (let left = seconds; left > 0; left--) {
            el.textContent = left;
            el.classList.remove("d-none");
            await sleep(1000);
        }
        el.classList.add("d-none");
    },
    _stopStream() {
        if (this.stream) {
            this.stream.getTracks().forEach((track) => track.stop());
            this.stream = null;
        }
        if (this.audioContext) {
            this.audioContext.close();
            this.audioContext = null;
        }
    },
    async _progress(step, questionId) {
        const form = new FormData();
        form.append("csrf_token", odoo.csrf_token);
        form.append("step", step);
        if (questionId) {
            form.append("question_id", questionId);
        }
        try {
            const response = await fetch("/ai-interview/session/progress", { method: "POST", body: form });
            return response.ok ? (await response.json()).progress : null;
        } catch {
            return null;
        }
    },

    // ------------------------------------------------------------------ pending uploads (reload, other device)
    async _resumePending() {
        const pending = ((await this.store.uploads()) || []).filter((u) => u.interview === this.config.interview);
        for (const meta of pending) {
            const question = this.questions.find((q) => q.id === meta.questionId);
            const chunks = ((await this.store.chunks(meta.key)) || []).sort((a, b) => a.seq - b.seq);
            if (!question || !chunks.length) {
                await this.store.remove(meta.key);
                continue;
            }
            this._status(this.i18n.resuming, "resuming");
            const upload = new ChunkUpload(this, { key: meta.key, questionId: meta.questionId, mimeType: meta.mimeType });
            upload.chunks = chunks;
            upload.size = chunks.reduce((sum, c) => sum + c.blob.size, 0);
            upload.stopped = true;
            try {
                const status = await upload.start();
                if (status.state !== "open") {
                    await this.store.remove(meta.key);
                    continue;
                }
                const result = await upload.run();
                question.answered = true;
                question.retakes_left = result.retakes_left;
                this._status(this.i18n.uploaded, "uploaded", "success");
            } catch (error) {
                await this.store.remove(meta.key);
                this._status(this._fmt(this.i18n.uploadFailed, error.message), "upload-error", "danger");
            }
        }
        // a take interrupted on another device: the server keeps what it received
        const progress = this.config.progress || {};
        const open = progress.upload;
        if (open && open.received > 0 && !pending.some((u) => u.key === open.key)) {
            const form = new FormData();
            form.append("csrf_token", odoo.csrf_token);
            form.append("partial", "1");
            const response = await fetch(`/ai-interview/session/upload/${open.key}/finish`, { method: "POST", body: form });
            if (response.ok) {
                const body = await response.json();
                const question = this.questions.find((q) => q.id === open.question_id);
                if (question) {
                    question.answered = true;
                    question.retakes_left = body.retakes_left;
                }
            }
        }
        this.index = this._firstOpen();
        this._renderProgress();
    },

    // ------------------------------------------------------------------ devices
    async _onStartDevices() {
        const mode = this.el.querySelector("input[name='o_hr_ai_mode']:checked").value;
        this.withVideo = mode === "video";
        this._show(".o_hr_ai_permission_help", false);
        this._stopStream();
        try {
            this.stream = await navigator.mediaDevices.getUserMedia({
                audio: { echoCancellation: true, noiseSuppression: true },
                video: this.withVideo ? { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" } : false,
            });
        } catch (error) {
            this._status(this._fmt(this.i18n.noDevice, error.name || error), "device-error", "danger");
            if (["NotAllowedError", "SecurityError", "PermissionDeniedError"].includes(error.name)) {
                const family = browserFamily();
                for (const help of this.el.querySelectorAll(".o_hr_ai_help")) {
                    help.classList.toggle("d-none", help.dataset.browser !== family);
                }
                this._show(".o_hr_ai_permission_help", true);
            }
            return;
        }
        this._status("", "devices-ready");
        const preview = this._$(".o_hr_ai_preview");
        preview.srcObject = this.withVideo ? this.stream : null;
        preview.classList.toggle("d-none", !this.withVideo);
        this._show(".o_hr_ai_device_ready", true);
        this._meter();
        this._$(".o_hr_ai_begin").focus();
    },

    _meter() {
        const AudioContext = window.AudioContext || window.webkitAudioContext;
        if (!AudioContext) {
            return;
        }
        this.audioContext = new AudioContext();
        const analyser = this.audioContext.createAnalyser();
        analyser.fftSize = 512;
        this.audioContext.createMediaStreamSource(this.stream).connect(analyser);
        const data = new Uint8Array(analyser.fftSize);
        const meter = this._$(".o_hr_ai_level");
        const bar = meter.querySelector(".o_hr_ai_level_bar");
        const context = this.audioContext;
        const draw = () => {
            if (this.audioContext !== context) {
                return;
            }
            analyser.getByteTimeDomainData(data);
            let sum = 0;
            for (const v of data) {
                sum += ((v - 128) / 128) ** 2;
            }
            const level = Math.min(100, Math.round(Math.sqrt(sum / data.length) * 300));
            bar.style.width = `${level}%`;
            meter.setAttribute("aria-valuenow", level);
            requestAnimationFrame(draw);
        };
        draw();
    },

    // ------------------------------------------------------------------ practice (never leaves the device)
    _onPractice() {
        this.practice = true;
        document.body.classList.add("o_hr_ai_answering");
        this._show(".o_hr_ai_step_devices", false);
        this._show(".o_hr_ai_step_question", true);
        this._show(".o_hr_ai_practice_badge", true);
        this._$(".o_hr_ai_qtext").textContent = this.i18n.practiceQuestion;
        this._$(".o_hr_ai_qlimits").textContent = this._fmt(this.i18n.limits, 0, PRACTICE_SECONDS);
        this._buttons({ record: true });
        this._$(".o_hr_ai_qtext").focus();
    },

    // ------------------------------------------------------------------ questions
    async _onBegin() {
        if (this.practice) {
            this._progress("practice");
        }
        this.practice = false;
        document.body.classList.add("o_hr_ai_answering");
        this._show(".o_hr_ai_practice_badge", false);
        this._show(".o_hr_ai_step_devices", false);
        await this.resumed;
        this._showQuestion();
    },

    _buttons({ record = false, stop = false, retake = false, next = false, practiceDone = false } = {}) {
        this._show(".o_hr_ai_record", record);
        this._show(".o_hr_ai_stop", stop);
        this._show(".o_hr_ai_retake", retake);
        this._show(".o_hr_ai_next", next);
        this._show(".o_hr_ai_practice_done", practiceDone);
    },

    async _showQuestion() {
        this._renderProgress();
        this._show(".o_hr_ai_playback", false);
        this._show(".o_hr_ai_upload", false);
        this._$(".o_hr_ai_retakes").textContent = "";
        if (this.index >= this.questions.length) {
            this._stopTimerDisplay();
            this._show(".o_hr_ai_step_question", false);
            this._show(".o_hr_ai_step_submit", true);
            this._status("", "ready-to-submit");
            this._$(".o_hr_ai_submit").focus();
            return;
        }
        const question = this.questions[this.index];
        this._show(".o_hr_ai_step_question", true);
        this._$(".o_hr_ai_qtext").textContent = question.text;
        this._$(".o_hr_ai_qlimits").textContent = this._fmt(this.i18n.limits, question.think_seconds, question.answer_seconds);
        this._$(".o_hr_ai_qtext").focus();
        this._status("", "thinking");
        this._buttons({ record: true });
        // the server's clock: a reload or another device continues the think time, it never restarts
        const progress = (await this._progress("show", question.id)) || {};
        const thinkLeft = progress.think_left ?? question.think_seconds;
        if (progress.answer_left !== null && progress.answer_left !== undefined) {
            // an interrupted take with nothing kept: the candidate records again at once
            this._stopTimerDisplay();
            return;
        }
        if (thinkLeft > 0) {
            this._countdown(thinkLeft, this.i18n.think, () => this._onRecord());
        } else {
            this._stopTimerDisplay();
            this._status(this.i18n.thinkOver, "thinking");
            await this._getReady();
            this._onRecord();
        }
    },

    _onRecordClick() {
        this._onRecord();
    },

    async _onRecord() {
        if (this.recorder && this.recorder.state === "recording") {
            return;
        }
        this._clearTimer();
        const practice = this.practice;
        const question = practice ? null : this.questions[this.index];
        const seconds = practice ? PRACTICE_SECONDS : question.answer_seconds;
        const mimeType = pickMimeType(this.withVideo);
        this._buttons({ stop: true });
        this._show(".o_hr_ai_playback", false);
        this.localChunks = [];
        this.recorder = new MediaRecorder(this.stream, mimeType ? { mimeType } : {});
        const recorder = this.recorder;
        let upload = null;
        if (!practice) {
            upload = new ChunkUpload(this, { key: randomKey(), questionId: question.id,
                                             mimeType: recorder.mimeType || mimeType || "video/webm" });
            this.upload = upload;
            this.store.putUpload(upload.meta());
            this._progress("record", question.id);
            upload.started = upload.start();
        }
        recorder.ondataavailable = (ev) => {
            if (ev.data && ev.data.size) {
                this.localChunks.push(ev.data);
                if (upload) {
                    upload.add(ev.data);
                }
            }
        };
        recorder.onstop = () => this._afterRecording(recorder, upload, question);
        recorder.start(TIMESLICE_MS);
        this._status(this.i18n.recording, "recording", "danger");
        this._countdown(seconds, this.i18n.answer, () => this._onStop());
        if (upload) {
            this._send(upload, question);
        }
    },

    _onStop() {
        this._stopTimerDisplay();
        if (this.recorder && this.recorder.state === "recording") {
            this._buttons({});
            this.recorder.stop();
        }
    },

    _afterRecording(recorder, upload, question) {
        const blob = new Blob(this.localChunks, { type: recorder.mimeType || "video/webm" });
        const playback = this._$(".o_hr_ai_playback");
        if (this.playbackUrl) {
            URL.revokeObjectURL(this.playbackUrl);
        }
        this.playbackUrl = URL.createObjectURL(blob);
        playback.src = this.playbackUrl;
        this._show(".o_hr_ai_playback", true);
        if (!upload) {
            this._status(this.i18n.practiceDone, "practice-done", "secondary");
            this._buttons({ retake: true, practiceDone: true });
            this._$(".o_hr_ai_retakes").textContent = "";
            return;
        }
        upload.stop();
        if (!upload.done) {
            this._uploadState("uploading");
        }
    },

    async _send(upload, question) {
        try {
            await upload.started;
            const result = await upload.run();
            upload.done = true;
            question.answered = true;
            question.retakes_left = result.retakes_left;
            this._renderProgress();
            this._status(this.i18n.uploaded, "uploaded", "success");
            this._show(".o_hr_ai_upload", false);
            this._buttons({ next: true, retake: question.retakes_left > 0 });
            this._$(".o_hr_ai_retakes").textContent = question.retakes_left > 0
                ? this._fmt(this.i18n.retakesLeft, question.retakes_left) : this.i18n.noRetakes;
            this._$(".o_hr_ai_next").focus();
        } catch (error) {
            if (this.recorder && this.recorder.state === "recording") {
                this.recorder.stop();
            }
            this._stopTimerDisplay();
            this._status(this._fmt(this.i18n.uploadFailed, error.message), "upload-error", "danger");
            this._buttons({ record: true, next: question.answered });
        }
    },

    _uploadState(state) {
        if (!this.upload || this.upload.done) {
            if (state === "offline") {
                this._status(this.i18n.offline, "offline", "warning");
            }
            return;
        }
        const recording = this.recorder && this.recorder.state === "recording";
        if (state === "offline") {
            // while recording, the recording goes on; the warning shows under the timer
            this._status(this.i18n.offline, recording ? "recording-offline" : "offline", "warning");
        } else if (!recording) {
            this._status(state === "checking" ? this.i18n.checking : this.i18n.uploading, state === "checking" ? "checking" : "uploading");
            this._show(".o_hr_ai_upload", true);
        }
    },

    _uploadProgress(upload) {
        const recording = this.recorder && this.recorder.state === "recording";
        if (recording) {
            if (this._$(".o_hr_ai_status").dataset.state === "recording-offline") {
                this._status(this.i18n.recording, "recording", "danger");
            }
            return;
        }
        const bar = this._$(".o_hr_ai_upload .progress-bar");
        const pct = upload.size ? Math.round((100 * upload.sent) / upload.size) : 0;
        bar.style.width = `${pct}%`;
        this._$(".o_hr_ai_upload").setAttribute("aria-valuenow", pct);
        if (this._$(".o_hr_ai_status").dataset.state === "offline") {
            this._uploadState("uploading");
        }
    },

    async _onRetake() {
        this._buttons({});
        this._$(".o_hr_ai_retakes").textContent = "";
        this._show(".o_hr_ai_playback", false);
        await this._getReady();
        this._onRecord();
    },

    _onNext() {
        this.index += 1;
        this._showQuestion();
    },

    async _onSubmit() {
        this._$(".o_hr_ai_submit").disabled = true;
        this._status(this.i18n.submitting, "submitting");
        const form = new FormData();
        form.append("csrf_token", odoo.csrf_token);
        const response = await fetch("/ai-interview/session/submit", { method: "POST", body: form });
        if (response.ok) {
            this._stopStream();
            window.location.reload();
        } else {
            const body = await response.json().catch(() => ({}));
            this._status(body.error || response.statusText, "submit-error", "danger");
            this._$(".o_hr_ai_submit").disabled = false;
        }
    },
});

// the deadline in the candidate's own time zone (the server wrote it in the company's as a fallback)
publicWidget.registry.HrAiInterviewDeadline = publicWidget.Widget.extend({
    selector: ".o_hr_ai_deadline",
    start() {
        try {
            const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
            document.cookie = `tz=${tz}; path=/; SameSite=Lax`;
            this.el.textContent = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
                dateStyle: "medium", timeStyle: "short", timeZoneName: "short",
            }).format(new Date(this.el.getAttribute("datetime")));
        } catch {
            // keep the server's text
        }
        return this._super(...arguments);
    },
});

export default publicWidget.registry.HrAiInterviewRecorder;
