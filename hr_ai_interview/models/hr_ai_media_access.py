# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2.errors import ReadOnlySqlTransaction

from odoo import api, fields, models

RECORDING_MODEL = "hr.ai.answer"
LIVE_MODEL = "hr.ai.live.utterance"


class HrAiMediaAccess(models.Model):
    """Append-only log: one line for every fetch of a candidate's recording, whatever the way."""

    _name = "hr.ai.media.access"
    _inherit = ["hr.ai.append.only.mixin"]
    _description = "AI Interview Recording Access"
    _order = "id desc"
    _log_access = True

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="restrict", index=True)
    channel = fields.Selection(
        [("play", "Play (HR)"), ("web_content", "Download (/web/content)"), ("read", "Read over the API"),
         ("worker", "Analysis worker")],
        required=True, readonly=True,
    )
    answer_id = fields.Many2one(RECORDING_MODEL, readonly=True, index=True, ondelete="set null")
    interview_id = fields.Many2one("hr.ai.interview", readonly=True, index=True, ondelete="set null")
    live_session_id = fields.Many2one("hr.ai.live.session", "Live interview", readonly=True, index=True,
                                      ondelete="set null")
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    attachment_name = fields.Char(readonly=True)

    @api.model
    def _log(self, attachments, channel):
        """One line per recording fetched (called as superuser by the ways in; never by people)."""
        if self.env.cr.readonly:
            # a read-only request (``/web/content``): Odoo replays it with a read/write cursor
            raise ReadOnlySqlTransaction("a recording's access must be logged")
        answers = self.env[RECORDING_MODEL].sudo().browse(
            [a.res_id for a in attachments if a.res_model == RECORDING_MODEL]).exists()
        by_id = {a.id: a for a in answers}
        utterances = self.env[LIVE_MODEL].sudo().browse(
            [a.res_id for a in attachments if a.res_model == LIVE_MODEL]).exists()
        live_by_id = {u.id: u for u in utterances}
        vals = [{
            "user_id": self.env.uid, "channel": channel, "answer_id": by_id.get(att.res_id).id,
            "interview_id": by_id.get(att.res_id).interview_id.id,
            "company_id": by_id.get(att.res_id).interview_id.company_id.id, "attachment_name": att.name,
        } for att in attachments if att.res_model == RECORDING_MODEL and att.res_id in by_id]
        vals += [{
            "user_id": self.env.uid, "channel": channel, "live_session_id": live_by_id[att.res_id].session_id.id,
            "company_id": live_by_id[att.res_id].session_id.company_id.id, "attachment_name": att.name,
        } for att in attachments if att.res_model == LIVE_MODEL and att.res_id in live_by_id]
        return self.sudo().create(vals)

    def _append_only_message(self):
        return self.env._("The recording access log cannot be changed.")
