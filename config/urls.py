from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from config import views

# A database outage answers 503 with a page that keeps what the visitor typed; other errors 500.
handler500 = "config.errors.server_error"

# One log-in for everything: both admins' own log-in forms send to allauth's.
to_login = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    path("", include("cms.root_urls")),  # sitemap.xml, robots.txt
    path("health/", views.health, name="health"),
    path("health/live/", views.live, name="health_live"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The language switch's links (a cookie, then a redirect to the page in that language).
    path("taal/<str:language>/", cms_views.switch_language, name="switch_language"),
    path("admin/login/", to_login, name="wagtailadmin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/login/", to_login, name="djangoadmin_login_redirect"),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    # Wagtail's front-end log-in form (Django's LoginView) would skip allauth's rate limits and
    # second factor: send it to allauth's like the admins' forms.
    path("_util/login/", to_login, name="wagtailcore_login_redirect"),
    path("", include("cms.urls")),  # search
    path("", include("training.urls")),
    path("", include("trajects.urls")),
    path("", include("coaching.urls")),
    path("", include("people.audit.urls")),  # the access log's search (administrators)
    path("", include("people.privacy.urls")),  # /staf/privacy/: data-subject requests
    # Wagtail serves the public pages; it must stay last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG and settings.KRING_S3 is None:
    from django.conf.urls.static import static

    # Images only: documents under MEDIA_ROOT/documents/ are served by Wagtail's view above,
    # which checks a private collection's restriction; a media address would skip it. With the
    # files on S3 the pages' images come from the bucket's public prefix (config/storage.py).
    urlpatterns = [
        *static(f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"),
        *static(
            f"{settings.MEDIA_URL}original_images/",
            document_root=settings.MEDIA_ROOT / "original_images",
        ),
        *urlpatterns,
    ]
