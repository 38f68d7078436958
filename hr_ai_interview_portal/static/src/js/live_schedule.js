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
publicWidget.registry.HrAiLiveCall = publicWidget.Widget.extend({
    selector: ".o_hr_ai_live_callbox[data-embed]",
    events: { "click .o_hr_ai_live_call": "_onJoin" },
    _onJoin(ev) {
        ev.preventDefault();
        const frame = this.el.querySelector(".o_hr_ai_live_iframe");
        frame.src = `/ai-live/session/call?t=${Date.now()}`; // again: rejoins the same call
        this.el.querySelector(".o_hr_ai_live_callframe").classList.remove("d-none");
        frame.scrollIntoView({ behavior: "smooth", block: "start" });
    },
});
