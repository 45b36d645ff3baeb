"""WSGI entry point for gunicorn (`trousse serve`) and other servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trousse.portal.settings")
application = get_wsgi_application()
