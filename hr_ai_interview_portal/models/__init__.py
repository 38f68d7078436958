from . import hr_ai_upload
