# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "AI Interviews for Recruitment: website applications",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Recruitment",
    "summary": "Résumés sent with the website's job application form are screened like any other",
    "author": "HR AI Interview",
    "website": "https://example.com/hr_ai_interview",
    "license": "LGPL-3",
    "depends": ["hr_ai_interview", "website_hr_recruitment"],
    "auto_install": True,
}
