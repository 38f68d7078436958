from . import test_website_application
