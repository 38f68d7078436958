from . import test_job_profile
from . import test_invitation
from . import test_queue
from . import test_report
from . import test_access
from . import test_foundations
from . import test_screening
from . import test_resume_import
