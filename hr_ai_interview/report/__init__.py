from . import hr_ai_funnel_report
from . import hr_ai_funnel_stage_report
from . import hr_ai_question_funnel_report
from . import hr_ai_funnel_overview
