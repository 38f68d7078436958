"""Analysis worker for the Odoo 18 AI interview addons.

The analysis code (``hr_ai_analysis_worker.analysis``) is pure Python and runs without Odoo;
``odoo_client`` is the only module that talks to Odoo.
"""

__version__ = "18.0.1.0.0"
__all__ = ["__version__"]
