# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request


class AiInterviewMedia(http.Controller):
    @http.route("/hr_ai_interview/worker/media/<int:job_id>", type="http", auth="bearer", methods=["GET"],
                csrf=False)
    def worker_media(self, job_id, **kwargs):
        """The recording of a job, for the worker holding its lease (header ``X-Lease-Token``)."""
        lease_token = request.httprequest.headers.get("X-Lease-Token", "")
        try:
            attachment = request.env["hr.ai.analysis.job"]._worker_media(job_id, lease_token)
        except AccessError:
            raise request.not_found() from None
        if not attachment:
            raise request.not_found()
        return request.env["ir.binary"]._get_stream_from(attachment).get_response(as_attachment=True)

    @http.route("/hr_ai_interview/answer/<int:answer_id>/media", type="http", auth="user", methods=["GET"])
    def answer_media(self, answer_id, **kwargs):
        """Play an answer's recording for HR (read access on the answer); the view is logged."""
        answer = request.env["hr.ai.answer"].browse(answer_id).exists()
        try:
            answer.check_access("read")
        except AccessError:
            raise request.not_found() from None
        if not answer or not answer.sudo().attachment_id:
            raise request.not_found()
        answer._log_media_view()
        response = request.env["ir.binary"]._get_stream_from(answer.sudo().attachment_id).get_response()
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @http.route("/hr_ai_interview/training_data.jsonl", type="http", auth="user", methods=["GET"])
    def training_data(self, **kwargs):
        """HR's graded answers for ``hr-ai-worker train`` (officers only; no personal data)."""
        if not request.env.user.has_group("hr_recruitment.group_hr_recruitment_user"):
            raise request.not_found()
        rows = request.env["hr.ai.answer"].search([("hr_grade", "!=", False)])._training_rows()
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        return request.make_response(body, headers=[
            ("Content-Type", "application/x-ndjson; charset=utf-8"),
            ("Content-Disposition", 'attachment; filename="hr_ai_graded_answers.jsonl"'),
            ("Cache-Control", "no-store"),
        ])
