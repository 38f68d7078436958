from . import test_portal
from . import test_portal_hardening
from . import test_upload
from . import test_rights
from . import test_access
from . import test_live_portal
