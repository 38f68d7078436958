# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import functools
import subprocess

from odoo import api, models

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin


@functools.cache
def _wkhtmltopdf_prints_headers():
    """Only wkhtmltopdf built with its patched Qt prints the separate header and footer of Odoo's document layout
    (Debian's package, which setup installs, is not): the AI reports then carry the company's header and footer in
    the page itself."""
    try:
        out = subprocess.run([_get_wkhtmltopdf_bin(), "--version"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return b"patched qt" in out.stdout.lower()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _hr_ai_inline_header(self):
        return not _wkhtmltopdf_prints_headers()
