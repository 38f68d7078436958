/** @odoo-module **/
// The interviewer's copilot panel during a live interview: the job's questions (HR marks the one being asked),
// the key points and competencies heard so far (with quote and time), the live transcript, and hints that
// arrive through Odoo's bus (hr_ai_live/update) without reloading. Hints are suggestions, never verdicts;
// the candidate never sees them.
import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const BUS_TYPE = "hr_ai_live/update";
const NO_WORKER_MS = 10000; // a live chunk unclaimed for longer: no analysis worker
const QUIET_REFRESH_MS = 10000; // without bus news for this long while live, reload the panel (bus down)

export class LiveCopilot extends Component {
    static template = "hr_ai_interview.LiveCopilot";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.busService = useService("bus_service");
        this.actionService = useService("action");
        this.notification = useService("notification");
        this.dialog = useService("dialog");
        this.store = useService("mail.store");
        this.rtc = useService("discuss.rtc");
        const action = this.props.action || {};
        this.sessionId = (action.params && action.params.session_id) || (action.context && action.context.active_id);
        this.state = useState({
            loaded: false,
            missing: !this.sessionId,
            session: {},
            questions: [],
            coverage: {},
            utterances: {},
            hints: {},
            link: "",
            clock: Date.now(),
        });
        this.transcriptRef = useRef("transcript");
        this.stickToBottom = true;
        this.lastNews = Date.now();
        this.onBus = (payload) => this.applyUpdate(payload);
        onWillStart(() => this.load());
        onMounted(() => {
            this.busService.subscribe(BUS_TYPE, this.onBus);
            this.busService.start();
            this.timer = setInterval(() => this.tick(), 1000);
            this.scrollTranscript();
        });
        onPatched(() => this.scrollTranscript());
        onWillUnmount(() => {
            this.busService.unsubscribe(BUS_TYPE, this.onBus);
            clearInterval(this.timer);
        });
    }

    // ------------------------------------------------------------------ data
    async load() {
        if (!this.sessionId) {
            return;
        }
        const data = await this.orm.call("hr.ai.live.session", "live_panel_data", [[this.sessionId]]);
        this.state.session = data.session;
        this.state.questions = data.questions;
        this.state.coverage = this.byId(data.coverage);
        this.state.utterances = this.byId(data.utterances.map((u) => this.withClock(u)));
        this.state.hints = this.byId(data.hints);
        this.state.loaded = true;
        this.lastNews = Date.now();
    }

    byId(rows) {
        return Object.fromEntries(rows.map((row) => [row.id, row]));
    }

    withClock(utterance) {
        // when it was queued, on this browser's clock (the server sends how long it has waited)
        return { ...utterance, queuedAt: Date.now() - (utterance.queued_age || 0) * 1000 };
    }

    applyUpdate(payload) {
        if (!payload || payload.session_id !== this.sessionId) {
            return;
        }
        this.lastNews = Date.now();
        if (payload.session) {
            this.state.session = payload.session;
        }
        for (const utterance of payload.utterances || []) {
            const known = this.state.utterances[utterance.id];
            const row = this.withClock(utterance);
            if (known && known.state === "queued" && utterance.state === "queued") {
                row.queuedAt = known.queuedAt;
            }
            if (utterance.state === "no_speech") {
                delete this.state.utterances[utterance.id];
            } else {
                this.state.utterances[utterance.id] = row;
            }
        }
        for (const row of payload.coverage || []) {
            this.state.coverage[row.id] = row;
        }
        for (const hint of payload.hints || []) {
            this.state.hints[hint.id] = hint;
        }
    }

    tick() {
        this.state.clock = Date.now();
        if (this.state.session.state === "live" && Date.now() - this.lastNews > QUIET_REFRESH_MS) {
            this.load();
        }
    }

    scrollTranscript() {
        const el = this.transcriptRef.el;
        if (el && this.stickToBottom) {
            el.scrollTop = el.scrollHeight;
        }
    }

    onTranscriptScroll(ev) {
        const el = ev.target;
        this.stickToBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    }

    // ------------------------------------------------------------------ what the template shows
    get workerDown() {
        const session = this.state.session;
        if (session.state !== "live" || session.ai_consent !== "given") {
            return false;
        }
        if (session.worker_status === "no_worker") {
            return true;
        }
        const now = this.state.clock;
        return Object.values(this.state.utterances).some(
            (u) => u.state === "queued" && now - u.queuedAt > NO_WORKER_MS
        );
    }

    get transcript() {
        return Object.values(this.state.utterances).sort((a, b) => a.sequence - b.sequence);
    }

    get hints() {
        const rank = { pinned: 0, new: 1 };
        return Object.values(this.state.hints)
            .filter((h) => h.state !== "dismissed")
            .sort((a, b) => rank[a.state] - rank[b.state] || b.id - a.id);
    }

    keyPoints(question) {
        return Object.values(this.state.coverage)
            .filter((row) => row.kind === "key_point" && row.question_id === question.id)
            .sort((a, b) => a.id - b.id);
    }

    get competencies() {
        return Object.values(this.state.coverage)
            .filter((row) => row.kind === "competency")
            .sort((a, b) => a.id - b.id);
    }

    heardLabel(rows) {
        const heard = rows.filter((row) => row.covered).length;
        return _t("%(heard)s of %(total)s heard", { heard, total: rows.length });
    }

    questionLabel(questionId) {
        const question = this.state.questions.find((q) => q.id === questionId);
        return question ? _t("Q%(number)s", { number: question.index }) : "";
    }

    get speakerLabel() {
        return _t("Candidate");
    }

    get listeningLabel() {
        const labels = {
            off: _t("Candidate's microphone: not started"),
            listening: _t("Candidate's microphone: listening"),
            paused: _t("Candidate's microphone: paused"),
        };
        return labels[this.state.session.candidate_listening] || "";
    }

    pinTitle(hint) {
        return hint.state === "pinned" ? _t("Unpin") : _t("Pin");
    }

    // ------------------------------------------------------------------ HR's actions
    async setQuestion(question) {
        const id = this.state.session.current_question_id === question.id ? false : question.id;
        this.state.session.current_question_id = id;
        await this.orm.call("hr.ai.live.session", "action_set_current_question", [[this.sessionId], id]);
    }

    async start() {
        await this.orm.call("hr.ai.live.session", "action_start", [[this.sessionId]]);
        await this.load();
    }

    /** Offer the candidate times from the calendars (the wizard), then show the booking here. */
    async schedule() {
        const action = await this.orm.call("hr.ai.live.session", "action_schedule", [[this.sessionId]]);
        await this.actionService.doAction(action, { onClose: () => this.load() });
    }

    end() {
        this.dialog.add(ConfirmationDialog, {
            body: _t("End the live interview? The candidate's link stops working."),
            confirmLabel: _t("End"),
            confirm: async () => {
                await this.orm.call("hr.ai.live.session", "action_end", [[this.sessionId]]);
                await this.load();
                this.notification.add(_t("The live interview ended. Its report is on the interview's form."), {
                    type: "info",
                });
            },
            cancel: () => {},
        });
    }

    async newLink(sendMail) {
        const result = await this.orm.call("hr.ai.live.session", "live_panel_new_link", [[this.sessionId]], {
            send_mail: sendMail,
        });
        this.state.link = result.url;
        if (result.mailed) {
            this.notification.add(_t("The link was mailed to the candidate."), { type: "success" });
        }
    }

    async copyLink() {
        try {
            await navigator.clipboard.writeText(this.state.link);
            this.notification.add(_t("Link copied."), { type: "success" });
        } catch {
            this.notification.add(_t("Select the link and copy it."), { type: "warning" });
        }
    }

    async pin(hint) {
        const method = hint.state === "pinned" ? "action_unpin" : "action_pin";
        hint.state = hint.state === "pinned" ? "new" : "pinned";
        await this.orm.call("hr.ai.live.hint", method, [[hint.id]]);
    }

    async dismiss(hint) {
        hint.state = "dismissed";
        await this.orm.call("hr.ai.live.hint", "action_dismiss", [[hint.id]]);
    }

    openForm() {
        this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "hr.ai.live.session",
            res_id: this.sessionId,
            views: [[false, "form"]],
        });
    }

    /** Odoo's own video call opens in a chat window beside the panel (the interviewer joins with camera and
     * microphone); the link of another video service opens in a new tab. */
    async openCall() {
        const result = await this.orm.call("hr.ai.live.session", "live_panel_join_call", [[this.sessionId]]);
        if (!result.channel_id) {
            window.open(result.url || this.state.session.call_url, "_blank", "noopener,noreferrer");
            return;
        }
        const thread = await this.store.Thread.getOrFetch({ model: "discuss.channel", id: result.channel_id });
        if (!thread) {
            return;
        }
        thread.open();
        if (!this.rtc.state.channel || this.rtc.state.channel.id !== thread.id) {
            await this.rtc.toggleCall(thread, { camera: true });
        }
    }
}

registry.category("actions").add("hr_ai_interview.live_copilot", LiveCopilot);
