"""Pure analysis code: no Odoo, no network. Import and test it on its own."""
