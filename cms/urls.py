"""The public views of ``cms`` that live inside ``i18n_patterns``, before Wagtail's pages:

    urlpatterns += i18n_patterns(
        ...,
        path("", include("cms.urls")),
        path("", include(wagtail_urls)),
    )

The site-wide files (sitemap.xml, robots.txt) are in ``cms.root_urls``, outside the language
prefix.
"""

from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("zoeken/", views.search, name="search"),
]
