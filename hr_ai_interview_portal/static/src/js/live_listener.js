/** @odoo-module **/
// The candidate's side of a live interview: once they agreed, the microphone is cut into utterances by voice
// activity (energy above an adaptive noise floor, with a hangover: 0.8 s of silence ends an utterance, 15 s at
// most) and each utterance is uploaded as a small WebM/Opus file. The page shows only whether it listens.
import publicWidget from "@web/legacy/js/public/public_widget";

const FRAME_SIZE = 2048; // samples per analysed frame (about 43 ms at 48 kHz)
const START_MS = 120; // this much loud sound starts an utterance
const HANGOVER_MS = 800; // this much quiet ends it (0.6–1.0 s)
const MAX_UTTERANCE_MS = 15000;
const MIN_SPEECH_MS = 300; // shorter bursts (a click, a cough) are not sent
const IDLE_RESTART_MS = 3000; // the armed recorder is restarted after this much silence (a short pre-roll)
const STATE_POLL_MS = 5000;
const MAX_TRIES = 3;

function pickMimeType() {
    const candidates = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
    return candidates.find((type) => window.MediaRecorder && MediaRecorder.isTypeSupported(type)) || "";
}

function randomKey() {
    const bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Energy-based voice activity detection on frames of the microphone signal. ``push(db, now)`` returns
 * "start", "end", "cut" (15 s reached while speaking) or null.
 */
export class VoiceActivity {
    constructor({ startMs = START_MS, hangoverMs = HANGOVER_MS, maxMs = MAX_UTTERANCE_MS } = {}) {
        Object.assign(this, { startMs, hangoverMs, maxMs });
        this.noise = -60; // dBFS, adapted while nobody speaks
        this.speaking = false;
        this.loudSince = null;
        this.lastVoice = 0;
        this.speechStart = 0;
    }
    push(db, now) {
        const startThreshold = Math.max(this.noise + 12, -50);
        const keepThreshold = Math.max(this.noise + 6, -55);
        if (!this.speaking) {
            // the noise floor follows quiet frames quickly down and slowly up
            this.noise = db < this.noise ? 0.7 * this.noise + 0.3 * db : 0.98 * this.noise + 0.02 * Math.min(db, -20);
            if (db > startThreshold) {
                this.loudSince = this.loudSince ?? now;
                if (now - this.loudSince >= this.startMs) {
                    this.speaking = true;
                    this.speechStart = this.loudSince;
                    this.lastVoice = now;
                    return "start";
                }
            } else {
                this.loudSince = null;
            }
            return null;
        }
        if (db > keepThreshold) {
            this.lastVoice = now;
        }
        if (now - this.lastVoice >= this.hangoverMs) {
            this.speaking = false;
            this.loudSince = null;
            return "end";
        }
        if (now - this.speechStart >= this.maxMs) {
            this.speechStart = now; // a new utterance goes on at once
            return "cut";
        }
        return null;
    }
}

publicWidget.registry.HrAiLiveListener = publicWidget.Widget.extend({
    selector: ".o_hr_ai_live_listener",
    events: {
        "click .o_hr_ai_live_start": "_onStart",
        "click .o_hr_ai_live_pause": "_onPause",
        "click .o_hr_ai_live_resume": "_onResume",
    },

    start() {
        this.config = JSON.parse(this.el.dataset.config || "{}");
        this.state = this.config.state || {};
        this.i18n = {};
        for (const el of this.el.querySelectorAll(".o_hr_ai_i18n [data-key]")) {
            this.i18n[el.dataset.key] = el.textContent;
        }
        this.listening = false; // the candidate's wish (started and not paused)
        this.uploads = Promise.resolve();
        if (!navigator.mediaDevices || !window.MediaRecorder || !pickMimeType()) {
            this._show(".o_hr_ai_live_unsupported", true);
            this._show(".o_hr_ai_live_start", false);
        }
        this._render();
        this.pollTimer = setInterval(() => this._poll(), STATE_POLL_MS);
        return this._super(...arguments);
    },

    destroy() {
        clearInterval(this.pollTimer);
        this._stopAudio();
        this._super(...arguments);
    },

    _$(selector) {
        return this.el.querySelector(selector);
    },
    _show(selector, visible) {
        this._$(selector).classList.toggle("d-none", !visible);
    },

    // ------------------------------------------------------------------ what the candidate sees
    _render(message) {
        const live = this.state.state === "live";
        let status = "off";
        let help = "";
        if (this.stopped) {
            help = this.i18n.stopped;
        } else if (this.ended) {
            help = this.i18n.ended;
        } else if (this.listening) {
            status = "listening";
            help = live ? this.i18n.listeningHelp : this.i18n.waiting;
        } else if (this.stream) {
            status = "paused";
            help = this.i18n.pausedHelp;
        }
        const statusEl = this._$(".o_hr_ai_live_status");
        statusEl.textContent = this.i18n[status];
        statusEl.dataset.state = status;
        this.el.dataset.listening = status;
        this._$(".o_hr_ai_live_substatus").textContent = message || help;
        const over = this.ended || this.stopped;
        this._show(".o_hr_ai_live_start", !this.stream && !over && !!window.MediaRecorder);
        this._show(".o_hr_ai_live_pause", !!this.stream && this.listening && !over);
        this._show(".o_hr_ai_live_resume", !!this.stream && !this.listening && !over);
        this._show(".o_hr_ai_live_level", !!this.stream && !over);
    },

    async _poll() {
        try {
            const response = await fetch("/ai-live/session/state", { credentials: "same-origin" });
            if (response.status === 404) {
                this._finish("ended");
                return;
            }
            this.state = await response.json();
            if (!this.state.may_listen) {
                this._finish(this.state.state === "live" || this.state.state === "draft" ? "stopped" : "ended");
                return;
            }
            this._render();
        } catch {
            this._render(this.i18n.offline);
        }
    },

    _finish(reason) {
        this.ended = reason === "ended";
        this.stopped = reason === "stopped";
        this.listening = false;
        clearInterval(this.pollTimer);
        this._stopAudio();
        this._render();
    },

    // ------------------------------------------------------------------ buttons
    async _onStart() {
        this._show(".o_hr_ai_permission_help", false);
        try {
            this.stream = await navigator.mediaDevices.getUserMedia({
                audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
                video: false,
            });
        } catch {
            this._show(".o_hr_ai_permission_help", true);
            return;
        }
        this._startAudio();
        this.listening = true;
        this._render();
        this._tellServer(true);
    },

    _onPause() {
        this.listening = false;
        this._dropRecorder();
        this.vad = new VoiceActivity();
        this._render();
        this._tellServer(false);
    },

    _onResume() {
        this.listening = true;
        this._render();
        this._tellServer(true);
    },

    _tellServer(listening) {
        const body = new FormData();
        body.append("csrf_token", odoo.csrf_token);
        body.append("listening", listening ? "1" : "0");
        fetch("/ai-live/session/listening", { method: "POST", body, credentials: "same-origin" }).catch(() => {});
    },

    // ------------------------------------------------------------------ audio
    _startAudio() {
        const AudioContextClass = window.AudioContext || window.webkitAudioContext;
        this.audio = new AudioContextClass();
        // kept on the widget: an unreferenced source node may be garbage-collected (and go silent) in Chrome
        const source = (this.source = this.audio.createMediaStreamSource(this.stream));
        // a ScriptProcessor keeps running in a background tab (timers and animation frames do not)
        this.processor = this.audio.createScriptProcessor(FRAME_SIZE, 1, 1);
        const mute = this.audio.createGain();
        mute.gain.value = 0;
        source.connect(this.processor);
        this.processor.connect(mute);
        mute.connect(this.audio.destination);
        this.vad = new VoiceActivity();
        this.processor.onaudioprocess = (ev) => this._onFrame(ev.inputBuffer.getChannelData(0));
        if (this.audio.state === "suspended") {
            this.audio.resume().catch(() => {});
        }
    },

    _stopAudio() {
        this._dropRecorder();
        if (this.processor) {
            this.processor.onaudioprocess = null;
        }
        if (this.audio) {
            this.audio.close().catch(() => {});
        }
        for (const track of this.stream ? this.stream.getTracks() : []) {
            track.stop();
        }
        this.audio = this.processor = this.source = this.stream = null;
    },

    _onFrame(samples) {
        let sum = 0;
        for (let i = 0; i < samples.length; i++) {
            sum += samples[i] * samples[i];
        }
        const db = 20 * Math.log10(Math.sqrt(sum / samples.length) + 1e-8);
        this._meter(db);
        const now = performance.now();
        if (!this.listening || this.state.state !== "live") {
            if (this.rec) {
                this._dropRecorder();
                this.vad = new VoiceActivity();
            }
            return;
        }
        if (!this.rec) {
            this._armRecorder(now);
        }
        const event = this.vad.push(db, now);
        if (event === "start") {
            this.rec.speechStart = now;
        } else if (event === "end" || event === "cut") {
            const speech = this.rec.speechStart ? now - this.rec.speechStart : 0;
            this._closeRecorder(speech >= MIN_SPEECH_MS);
            this._armRecorder(now);
            if (event === "cut") {
                this.rec.speechStart = now;
            }
        } else if (!this.vad.speaking && now - this.rec.startedAt > IDLE_RESTART_MS) {
            // nothing said since it started: start again, so that an utterance begins with little silence
            this._closeRecorder(false);
            this._armRecorder(now);
        }
    },

    _meter(db) {
        const level = Math.max(0, Math.min(100, Math.round((db + 60) * 2)));
        const meter = this._$(".o_hr_ai_live_level");
        meter.setAttribute("aria-valuenow", String(level));
        meter.firstElementChild.style.width = `${level}%`;
    },

    /** A recorder always runs while listening: the start of a sentence is never lost. */
    _armRecorder(now) {
        const mimeType = pickMimeType();
        const recorder = new MediaRecorder(this.stream, { mimeType, audioBitsPerSecond: 32000 });
        const rec = { recorder, mimeType, startedAt: now, startedWall: Date.now(), speechStart: null, parts: [] };
        recorder.ondataavailable = (ev) => ev.data && ev.data.size && rec.parts.push(ev.data);
        recorder.start();
        this.rec = rec;
    },

    _closeRecorder(send) {
        const rec = this.rec;
        this.rec = null;
        if (!rec) {
            return;
        }
        const stoppedWall = Date.now();
        rec.recorder.onstop = () => {
            if (send && rec.parts.length) {
                const blob = new Blob(rec.parts, { type: rec.mimeType.split(";")[0] });
                this._queueUpload(blob, rec.startedWall, stoppedWall);
            }
        };
        if (rec.recorder.state !== "inactive") {
            rec.recorder.stop();
        }
    },

    _dropRecorder() {
        this._closeRecorder(false);
    },

    // ------------------------------------------------------------------ upload, one at a time
    _queueUpload(blob, startedWall, stoppedWall) {
        const key = randomKey();
        this.uploads = this.uploads.then(() => this._upload(blob, key, startedWall, stoppedWall));
    },

    async _upload(blob, key, startedWall, stoppedWall) {
        const ext = blob.type.includes("ogg") ? "ogg" : blob.type.includes("mp4") ? "m4a" : "webm";
        for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
            const body = new FormData();
            body.append("csrf_token", odoo.csrf_token);
            body.append("key", key);
            body.append("age_ms", String(Date.now() - startedWall));
            body.append("duration", String((stoppedWall - startedWall) / 1000));
            body.append("media", blob, `utterance.${ext}`);
            let response;
            try {
                response = await fetch("/ai-live/session/utterance", {
                    method: "POST", body, credentials: "same-origin",
                });
            } catch {
                this._render(this.i18n.offline);
                await sleep(1000 * attempt);
                continue;
            }
            if (response.ok || response.status === 409 || response.status === 413 || response.status === 415) {
                return; // kept, not started yet, or a file the server refuses: nothing to retry
            }
            if (response.status === 403) {
                this._finish("stopped");
                return;
            }
            if (response.status === 404) {
                this._finish("ended");
                return;
            }
            await sleep(1000 * attempt);
        }
    },
});

export default publicWidget.registry.HrAiLiveListener;
