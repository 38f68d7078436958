# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A one-time code by email that lets a candidate whose link expired reach their data and rights (DS-1):
sent only to the email address of the application, stored as an HMAC (keyed with the database secret),
valid 15 minutes, a few attempts, a few codes an hour per address."""

import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import consteq, email_normalize
from odoo.tools.misc import hmac

CODE_MINUTES = 15
MAX_ATTEMPTS = 5
CODES_PER_HOUR = 3
SCOPE = "hr_ai_interview_portal.access_code"


class HrAiAccessCode(models.Model):
    _name = "hr.ai.access.code"
    _description = "Candidate Access Code"
    _order = "id desc"

    email = fields.Char(required=True, index=True, readonly=True)
    code_hash = fields.Char(required=True, readonly=True)
    date_expiry = fields.Datetime(required=True, readonly=True)
    attempts = fields.Integer(readonly=True)
    used = fields.Boolean(readonly=True)

    def _hash(self, email, code):
        return hmac(self.env(su=True), SCOPE, f"{email}:{code}")

    @api.model
    def _interviews_of(self, email):
        """The interviews of the applications made with this address in which the candidate left data."""
        if not email:
            return self.env["hr.ai.interview"]
        return self.env["hr.ai.interview"].sudo().search([
            ("applicant_id.email_normalized", "=", email), ("consent_ids", "!=", False)])

    @api.model
    def _send(self, address):
        """Send a code to ``address`` if it is the address of an application with an interview; silently do
        nothing otherwise (the page says the same either way). Returns whether a code was sent."""
        email = email_normalize(address or "")
        interviews = self._interviews_of(email)
        if not interviews:
            return False
        now = fields.Datetime.now()
        recent = self.sudo().search_count([("email", "=", email), ("create_date", ">", now - timedelta(hours=1))])
        if recent >= CODES_PER_HOUR:
            return False
        self.sudo().search([("email", "=", email), ("used", "=", False)]).write({"used": True})
        code = f"{secrets.randbelow(10 ** 6):06d}"
        self.sudo().create({"email": email, "code_hash": self._hash(email, code),
                            "date_expiry": now + timedelta(minutes=CODE_MINUTES)})
        interview = interviews.sorted("id")[-1]
        lang = interview.mail_lang
        body = self.env["ir.qweb"].with_context(lang=lang)._render(
            "hr_ai_interview_portal.access_code_mail",
            {"code": code, "minutes": CODE_MINUTES, "company": interview.company_id})
        self.env["mail.mail"].sudo().create({
            "subject": self.with_context(lang=lang).env._("Your code to see your interview data"),
            "email_to": email,
            "email_from": interview.company_id.email_formatted or self.env.company.email_formatted,
            "body_html": body,
            "auto_delete": True,
        })
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
        return True

    @api.model
    def _verify(self, address, code):
        """The interviews the code opens, or an empty recordset. Each attempt counts; a code is used once."""
        email = email_normalize(address or "")
        empty = self.env["hr.ai.interview"]
        if not email or not code:
            return empty
        record = self.sudo().search([("email", "=", email), ("used", "=", False),
                                     ("date_expiry", ">=", fields.Datetime.now())], limit=1)
        if not record or record.attempts >= MAX_ATTEMPTS:
            return empty
        record.attempts += 1
        if not consteq(record.code_hash, self._hash(email, str(code).strip())):
            return empty
        record.used = True
        return self._interviews_of(email)

    @api.autovacuum
    def _gc_expired(self):
        self.sudo().search([("date_expiry", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
