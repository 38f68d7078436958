# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import hr_ai_decision_wizard
from . import applicant_get_refuse_reason
from . import hr_ai_live_schedule_wizard
from . import hr_ai_live_schedule_wizard_line
