"""WSGI entry point (gunicorn nvm.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nvm.settings")
application = get_wsgi_application()
