# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        # /web/content and /web/image on a recording: one line in the access log
        if record._name != "ir.attachment" or self.env.context.get("hr_ai_media_logged"):
            return super()._record_to_stream(record, field_name)
        stream = super()._record_to_stream(record.with_context(hr_ai_media_logged=True), field_name)
        record._hr_ai_log_read("web_content")  # after the access check: only fetches that happen are logged
        return stream
