import os

from django.core.asgi import get_asgi_application

# Web processes get the short statement timeout (config.settings.base).
os.environ.setdefault("KRING_PROCESS", "web")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_asgi_application()
