/** @odoo-module **/
// The times of a live interview in the candidate's own time zone: the server writes them in the recruiter's
// (or the candidate's known) time zone; the browser rewrites them in its own and sends its zone with the booking
// so that Odoo's invitation and reminder mails use it too.
import publicWidget from "@web/legacy/js/public/public_widget";

export function browserTimeZone() {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch {
        return "";
    }
}

export function slotLabel(start, stop, locale) {
    const day = new Intl.DateTimeFormat(locale, {
        weekday: "short", year: "numeric", month: "2-digit", day: "2-digit",
    }).format(start);
    const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    return `${day} ${time.format(start)}–${time.format(stop)}`;
}

publicWidget.registry.HrAiLiveSchedule = publicWidget.Widget.extend({
    selector: ".o_hr_ai_main",
    start() {
        const zone = browserTimeZone();
        const slots = this.el.querySelectorAll(".o_hr_ai_live_slot_time[data-start]");
        if (!zone || !slots.length) {
            return this._super(...arguments);
        }
        const locale = document.documentElement.lang || undefined;
        for (const el of slots) {
            const start = new Date(el.dataset.start);
            const stop = new Date(el.dataset.stop);
            if (!isNaN(start) && !isNaN(stop)) {
                el.textContent = slotLabel(start, stop, locale);
            }
        }
        this.el.querySelectorAll(".o_hr_ai_live_tz").forEach((el) => (el.textContent = zone));
        this.el.querySelectorAll(".o_hr_ai_live_tz_input").forEach((el) => (el.value = zone));
        return this._super(...arguments);
    },
});

// Odoo's own video call opens inside this page (one page keeps the call and the AI listening together, which
// phones need: a page in the background loses its microphone); other video services open in a new tab.
// On a narrow screen Odoo 18's public call page opens its chat window over the welcome page (camera preview,
// name, join button): while the welcome page is there, the chat window is hidden.
const WELCOME_STYLE = ".o_hr_ai_welcome .o-mail-ChatHub { display: none !important; }";

publicWidget.registry.HrAiLiveCall = publicWidget.Widget.extend({
    selector: ".o_hr_ai_live_callbox[data-embed]",
    events: { "click .o_hr_ai_live_call": "_onJoin" },
    start() {
        this.el.dataset.ready = "1"; // until then the button opens the call in a new tab
        return this._super(...arguments);
    },
    _onJoin(ev) {
        ev.preventDefault();
        this.el.closest(".o_hr_ai_card")?.classList.add("o_hr_ai_card_call");
        const frame = this.el.querySelector(".o_hr_ai_live_iframe");
        frame.onload = () => this._watchWelcome(frame);
        frame.src = `/ai-live/session/call?t=${Date.now()}`; // again: rejoins the same call
        this.el.querySelector(".o_hr_ai_live_callframe").classList.remove("d-none");
        frame.scrollIntoView({ behavior: "smooth", block: "start" });
    },
    _watchWelcome(frame) {
        let doc;
        try {
            doc = frame.contentDocument;
        } catch {
            return; // another origin: nothing to adjust
        }
        if (!doc || !doc.head) {
            return;
        }
        const style = doc.createElement("style");
        style.textContent = WELCOME_STYLE;
        doc.head.appendChild(style);
        const update = () =>
            doc.body.classList.toggle("o_hr_ai_welcome", Boolean(doc.querySelector(".o-mail-WelcomePage")));
        new frame.contentWindow.MutationObserver(update).observe(doc.body, { childList: true, subtree: true });
        update();
    },
});
