import gc
import os

from django.core.wsgi import get_wsgi_application

# Web processes get the short statement timeout (config.settings.base).
os.environ.setdefault("KRING_PROCESS", "web")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# What is loaded by now (Django, Wagtail, Kring's modules, settings) lives as long as the process:
# kept out of the garbage collector's passes, which would otherwise walk it again and again while
# requests run (about a millisecond a request; docs/performance.md).
gc.freeze()
