/** @odoo-module **/
/* A new HR user's first AI interview: switch it on for a job, write one question with its key points,
   open an application of that job and send the candidate the link. Also run by the tests (test_tour.py). */

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { markup } from "@odoo/owl";

registry.category("web_tour.tours").add("hr_ai_interview_tour", {
    url: "/odoo/action-hr_recruitment.action_hr_job_config",
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row:first .o_data_cell[name='name']",
            content: _t("Open the job you are hiring for."),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".o_form_view a[name='ai_interview_page']",
            content: markup(_t("The <b>AI Interview</b> tab holds what the AI asks and how it judges the answers.")),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name='ai_interview_enabled'] input",
            content: _t("Switch the recorded AI interview on for this job."),
            tooltipPosition: "right",
            run: "check",
        },
        {
            trigger: ".o_form_view div[name='ai_question_ids'] .o_field_x2many_list_row_add a",
            content: _t("Add your first question."),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".modal div[name='name'] textarea",
            content: markup(_t("Ask it as you would in person: <b>one real situation</b>, what they did, the result.")),
            tooltipPosition: "bottom",
            run: "edit Tell me about a customer complaint you resolved: what happened, what you did, the result.",
        },
        {
            trigger: ".modal div[name='key_points'] textarea",
            content: markup(_t(
                "<b>Key points</b>, one per line: what a good answer covers. The AI recognises them in the " +
                "candidate's own words; alternatives go on the same line, separated by |."
            )),
            tooltipPosition: "top",
            async run(helpers) {
                await helpers.edit("listened to the customer\nsolution | fixed the cause\nresult");
            },
        },
        {
            trigger: ".modal .o_form_button_save",
            content: _t("Save the question. Add three to five to make an interview."),
            tooltipPosition: "top",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            content: _t("Save the job."),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_form_view .oe_stat_button:has(div[name='all_application_count'])",
            content: _t("Now open the applications to this job."),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".o_kanban_view .o_kanban_record:first",
            content: _t("Open an application."),
            tooltipPosition: "right",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_send_ai_interview']",
            content: markup(_t(
                "<b>Send the AI interview</b>: the candidate gets a personal link by mail and answers in any " +
                "browser, without an app or an account."
            )),
            tooltipPosition: "bottom",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name='date_deadline']",
            content: markup(_t(
                "The invitation is on its way. When the candidate has answered, the report appears on the " +
                "application's <b>AI Interview</b> tab: you read the evidence, add your own judgement and decide."
            )),
            tooltipPosition: "bottom",
            run: "click",
        },
    ],
});
