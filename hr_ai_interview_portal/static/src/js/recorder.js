/** @odoo-module **/
// Candidate recorder: device check, one question at a time, think time, timed answer,
// upload with progress, retakes, submit. Works with camera + microphone or microphone only.
import publicWidget from "@web/legacy/js/public/public_widget";

function pickMimeType(withVideo) {
    const candidates = withVideo
        ? ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"]
        : ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
    return candidates.find((type) => window.MediaRecorder && MediaRecorder.isTypeSupported(type)) || "";
}

publicWidget.registry.HrAiInterviewRecorder = publicWidget.Widget.extend({
    selector: ".o_hr_ai_recorder",
    events: {
        "click .o_hr_ai_start_devices": "_onStartDevices",
        "click .o_hr_ai_record": "_onRecord",
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
        this.index = this.questions.findIndex((q) => !q.answered);
        if (this.index < 0) {
            this.index = this.questions.length;
        }
        this.el.querySelector(".o_hr_ai_qtotal").textContent = this.questions.length;
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
        el.className = `o_hr_ai_status alert alert-${kind} mt-3`;
    },
    _fmt(template, value) {
        return template.replace("%s", value);
    },
    _clearTimer() {
        if (this.timer) {
            clearInterval(this.timer);
            this.timer = null;
        }
    },
    _countdown(seconds, label, onEnd) {
        this._clearTimer();
        let left = seconds;
        const timerEl = this._$(".o_hr_ai_timer");
        timerEl.textContent = this._fmt(label, left);
        this.timer = setInterval(() => {
            left -= 1;
            timerEl.textContent = this._fmt(label, Math.max(left, 0));
            if (left <= 0) {
                this._clearTimer();
                onEnd();
            }
        }, 1000);
    },
    _stopStream() {
        if (this.stream) {
            this.stream.getTracks().forEach((track) => track.stop());
            this.stream = null;
        }
    },

    // ------------------------------------------------------------------ steps
    async _onStartDevices() {
        const mode = this.el.querySelector("input[name='o_hr_ai_mode']:checked").value;
        this.withVideo = mode === "video";
        try {
            this.stream = await navigator.mediaDevices.getUserMedia({
                audio: { echoCancellation: true, noiseSuppression: true },
                video: this.withVideo ? { width: 640, height: 480 } : false,
            });
        } catch (error) {
            this._status(this._fmt(this.i18n.noDevice, error.name || error), "device-error", "danger");
            return;
        }
        const preview = this._$(".o_hr_ai_preview");
        if (this.withVideo) {
            preview.srcObject = this.stream;
            preview.classList.remove("d-none");
        }
        this._show(".o_hr_ai_step_devices", false);
        this._showQuestion();
    },

    _showQuestion() {
        if (this.index >= this.questions.length) {
            this._show(".o_hr_ai_step_question", false);
            this._show(".o_hr_ai_step_submit", true);
            this._status("", "ready-to-submit");
            this._$(".o_hr_ai_status").classList.add("d-none");
            return;
        }
        const question = this.questions[this.index];
        this._show(".o_hr_ai_step_question", true);
        this._$(".o_hr_ai_qindex").textContent = question.index;
        this._$(".o_hr_ai_qtext").textContent = question.text;
        this._show(".o_hr_ai_record", true);
        this._show(".o_hr_ai_stop", false);
        this._show(".o_hr_ai_retake", false);
        this._show(".o_hr_ai_next", false);
        this._status("", "thinking");
        this._$(".o_hr_ai_status").classList.add("d-none");
        if (question.think_seconds > 0) {
            this._countdown(question.think_seconds, this.i18n.think, () => this._onRecord());
        }
    },

    _onRecord() {
        if (this.recorder && this.recorder.state === "recording") {
            return;
        }
        const question = this.questions[this.index];
        const mimeType = pickMimeType(this.withVideo);
        this.chunks = [];
        this.recorder = new MediaRecorder(this.stream, mimeType ? { mimeType } : {});
        this.recorder.ondataavailable = (ev) => ev.data && ev.data.size && this.chunks.push(ev.data);
        this.recorder.onstop = () => this._upload(question);
        this.recordStart = Date.now();
        this.recorder.start(1000);
        this._show(".o_hr_ai_record", false);
        this._show(".o_hr_ai_stop", true);
        this._status(this._fmt(this.i18n.answer, question.answer_seconds), "recording");
        this._countdown(question.answer_seconds, this.i18n.answer, () => this._onStop());
    },

    _onStop() {
        this._clearTimer();
        if (this.recorder && this.recorder.state === "recording") {
            this._show(".o_hr_ai_stop", false);
            this.recorder.stop();
        }
    },

    _upload(question) {
        const blob = new Blob(this.chunks, { type: this.recorder.mimeType || "video/webm" });
        const form = new FormData();
        form.append("csrf_token", odoo.csrf_token);
        form.append("question_id", question.id);
        form.append("duration", ((Date.now() - this.recordStart) / 1000).toFixed(1));
        form.append("media", blob, "answer");
        const bar = this._$(".o_hr_ai_upload .progress-bar");
        this._show(".o_hr_ai_upload", true);
        bar.style.width = "0%";
        this._status(this.i18n.uploading, "uploading");
        const xhr = new XMLHttpRequest();
        xhr.open("POST", "/ai-interview/session/answer");
        xhr.upload.onprogress = (ev) => {
            if (ev.lengthComputable) {
                bar.style.width = `${Math.round((100 * ev.loaded) / ev.total)}%`;
            }
        };
        xhr.onload = () => {
            let body = {};
            try {
                body = JSON.parse(xhr.responseText);
            } catch {
                body = { ok: false, error: xhr.statusText };
            }
            if (xhr.status === 200 && body.ok) {
                question.answered = true;
                question.retakes_left = body.retakes_left;
                this._status(this.i18n.uploaded, "uploaded", "success");
                this._show(".o_hr_ai_next", true);
                this._show(".o_hr_ai_retake", question.retakes_left > 0);
            } else {
                this._status(this._fmt(this.i18n.uploadFailed, body.error || xhr.status), "upload-error", "danger");
                this._show(".o_hr_ai_record", true);
            }
        };
        xhr.onerror = () => {
            this._status(this._fmt(this.i18n.uploadFailed, "network"), "upload-error", "danger");
            this._show(".o_hr_ai_record", true);
        };
        xhr.send(form);
    },

    _onRetake() {
        this._show(".o_hr_ai_retake", false);
        this._show(".o_hr_ai_next", false);
        this._onRecord();
    },

    _onNext() {
        this.index += 1;
        this._show(".o_hr_ai_upload", false);
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

export default publicWidget.registry.HrAiInterviewRecorder;
