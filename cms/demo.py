"""Demo pages for ``manage.py seed_demo``: the home page in Dutch with French and English
translations made through Wagtail's own localisation (Dutch is the source)."""

from __future__ import annotations

from wagtail.models import Locale, Page, Site

from cms.models import HomePage

HOME = {
    "nl": {
        "title": "Eigen Kracht Centrale",
        "intro": "Maak zelf samen een plan, het kan!",
        "body": (
            "<p>Een Eigen Kracht-conferentie brengt een gezin samen met familie, vrienden, buren "
            "en wie verder belangrijk is. Samen maken zij een plan, ondersteund door een "
            "onafhankelijke vrijwillige Eigen Kracht-coördinator.</p>"
            "<p>Gratis, zonder wachtlijst, en de start volgt binnen drie weken.</p>"
        ),
    },
    "fr": {
        "title": "Eigen Kracht Centrale",
        "intro": "Faire un plan ensemble, c'est possible !",
        "body": (
            "<p>Une conférence Eigen Kracht réunit une famille avec ses proches, ses amis, ses "
            "voisins et toutes les personnes qui comptent. Ensemble, ils font un plan, avec "
            "l'aide d'un coordinateur bénévole et indépendant.</p>"
            "<p>Gratuit, sans liste d'attente, et le démarrage suit dans les trois semaines.</p>"
        ),
    },
    "en": {
        "title": "Eigen Kracht Centrale",
        "intro": "Make your own plan together: you can!",
        "body": (
            "<p>An Eigen Kracht conference brings a family together with relatives, friends, "
            "neighbours and everyone who matters to them. Together they make a plan, supported "
            "by an independent volunteer coordinator.</p>"
            "<p>Free of charge, no waiting list, and it starts within three weeks.</p>"
        ),
    },
}


def seed_pages() -> HomePage:
    """The Dutch home page as the default site's root, with its French and English
    translations. Replaces Wagtail's welcome page; idempotent."""
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in HOME}
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locales["nl"]).first()
    if home is None:
        home = root.add_child(instance=HomePage(slug="home-nl", locale=locales["nl"], **HOME["nl"]))
        welcome = Page.objects.filter(depth=2, content_type__model="page").exclude(pk=home.pk)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Kring",
            )
        else:
            site.root_page = home
            site.site_name = "Kring"
            site.save()
        for page in welcome:
            page.delete()
        home.save_revision().publish()
    for code in ("fr", "en"):
        if not home.has_translation(locales[code]):
            translation = home.copy_for_translation(locales[code])
            for name, value in HOME[code].items():
                setattr(translation, name, value)
            translation.slug = f"home-{code}"
            translation.save_revision().publish()
    return home
