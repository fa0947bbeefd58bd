from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from cms import pagecache, sites
        from cms.models import forget_locales

        # The page cache is emptied by every change the public pages show (cms.pagecache).
        pagecache.connect(self)
        # The process's map of locales (cms.models) is read again after a locale changes here;
        # other processes read it again when they meet an id they do not know.
        post_save.connect(forget_locales, sender=Locale, dispatch_uid="cms.forget_locales")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="cms.forget_locales")
        # The process's map of sites (cms.sites) is read again after a site or a root page
        # changes here; other processes read it again after a minute.
        sites.connect()
