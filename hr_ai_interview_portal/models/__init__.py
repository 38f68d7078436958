from . import hr_ai_upload
from . import hr_ai_rights_request
from . import hr_ai_access_code
from . import hr_ai_interview
from . import res_company
