# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "AI Interviews: candidate pages",
    "version": "18.0.1.3.0",
    "category": "Human Resources/Recruitment",
    "summary": "Token link, notice and consent, device check and in-browser recording for AI interviews",
    "author": "HR AI Interview",
    "website": "https://example.com/hr_ai_interview",
    "license": "LGPL-3",
    "depends": ["hr_ai_interview", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "views/hr_ai_interview_portal_templates.xml",
        "views/hr_ai_live_templates.xml",
        "views/hr_ai_rights_request_views.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "hr_ai_interview_portal/static/src/scss/recorder.scss",
            "hr_ai_interview_portal/static/src/js/recorder.js",
            "hr_ai_interview_portal/static/src/scss/live.scss",
            "hr_ai_interview_portal/static/src/js/live_listener.js",
            "hr_ai_interview_portal/static/src/js/live_schedule.js",
        ],
    },
}
