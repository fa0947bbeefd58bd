"""The demo's recruitment: the recruitment page in Dutch with its French and English
translations and open calls in five regions (one of them closed), twenty applications (made by
the factory: a real submission would queue two e-mails each) and their way through the
pipeline, recorded with ``application_step_record`` on the days the steps were taken. The texts
are data: ``data/recruitment/``.
"""

from __future__ import annotations

import functools
import random
import uuid
from datetime import timedelta

from django.utils import timezone
from faker import Faker
from wagtail.models import Locale, Page

from cms.models import HomePage
from people.models import Postcode, Region
from training.demo.content import LANGUAGES, SOURCE, blocks
from training.demo.data import DATA_DIR, read
from training.factories import ApplicationFactory
from training.models import Application, Availability, HeardOfUs, RecruitmentCall, RecruitmentPage

DEMO_APPLICATIONS = 20
_TOKENS = uuid.UUID("6f1d3f0e-6a55-4c1e-9d0b-4b7e2a1c9e10")
RECRUITMENT_DIR = DATA_DIR / "recruitment"


@functools.cache
def texts(language: str) -> dict:
    """The page's fields, calls and applicants' motivations in ``language``."""
    path = RECRUITMENT_DIR / f"{language}.yaml"
    data = read(path)
    page = dict(data["page"])
    page["body"] = blocks(page["body"], path, "the page's body")
    return {**data, "page": page}


@functools.cache
def settings() -> dict:
    return read(RECRUITMENT_DIR / "calls.yaml")


def application_tokens() -> list[uuid.UUID]:
    return [uuid.uuid5(_TOKENS, f"demo-application-{n}") for n in range(DEMO_APPLICATIONS)]


def _set_calls(page: RecruitmentPage, language: str) -> None:
    today = timezone.localdate()
    regions = {region.code: region for region in Region.objects.all()}
    calls = texts(language)["calls"]
    page.calls = [
        RecruitmentCall(
            sort_order=order,
            region=regions[call["region"]],
            title=text["title"],
            text=text["text"],
            open_until=today + timedelta(days=days) if days is not None else None,
        )
        for order, (call, text) in enumerate(zip(settings()["calls"], calls, strict=True))
        for days in [call["open_days"]]
    ]


def _fill(page: RecruitmentPage, language: str) -> None:
    for name, value in texts(language)["page"].items():
        setattr(page, name, value)
    _set_calls(page, language)


def seed_page() -> RecruitmentPage:
    """The recruitment page under the Dutch home page, with its fr and en translations."""
    home = HomePage.objects.filter(locale__language_code=SOURCE).first()
    if home is None:
        raise LookupError("No Dutch home page: run cms.demo.seed_pages() first.")
    slug = texts(SOURCE)["page"]["slug"]
    page = RecruitmentPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = RecruitmentPage(locale=home.locale)
        _fill(page, SOURCE)
        home.add_child(instance=page)
        page.save_revision().publish()
    for language in LANGUAGES:
        locale = Locale.objects.filter(language_code=language).first()
        if language == SOURCE or locale is None or page.has_translation(locale):
            continue
        if not Page.objects.filter(translation_key=home.translation_key, locale=locale).exists():
            continue  # the home page has no translation in this language
        translation = page.copy_for_translation(locale)
        _fill(translation, language)
        translation.save()
        translation.save_revision().publish()
    return page


def seed_applications(*, count: int = DEMO_APPLICATIONS) -> int:
    """``count`` applications over the regions and the last four months; returns how many were
    new. Generates every one (same seeds, same order) and skips those that exist."""
    local = random.Random(1126)  # noqa: S311 -- demo data
    fakers = {"nl": Faker("nl_BE"), "fr": Faker("fr_BE"), "en": Faker("en_GB")}
    for n, faker in enumerate(fakers.values()):
        faker.seed_instance(3100 + n)
    plan = settings()
    regions = plan["application_regions"]
    postcodes: dict[str, list[Postcode]] = {}
    now = timezone.now()
    created = 0
    for n, token in enumerate(application_tokens()[:count]):
        code = regions[n % len(regions)]
        if code not in postcodes:
            postcodes[code] = list(
                Postcode.objects.in_service_area()
                .filter(region__code=code)
                .select_related("region")
                .order_by("code")
            )
        language = (
            "fr" if code.startswith("brussel") and n % 2 else local.choice(["nl"] * 5 + ["en"])
        )
        faker = fakers[language]
        first_name, last_name = faker.first_name(), faker.last_name()
        postcode = local.choice(postcodes[code])
        spoken = [language] if language != "en" else ["en", "nl"]
        extra = plan["extra_languages"]
        spoken += sorted(set(local.sample(extra, local.randint(0, 2))) - set(spoken))
        if "nl" not in spoken and language == "nl":
            spoken.insert(0, "nl")
        heard = local.choice(HeardOfUs.values)
        data = {
            "first_name": first_name,
            "last_name": last_name,
            "email": f"kandidaat{n + 1}@example.org",
            "phone": f"+324{local.randint(70, 99)}{local.randint(100000, 999999)}",
            "postcode": postcode,
            "region": postcode.region,
            "languages": spoken,
            "motivation": local.choice(texts(language)["motivations"]),
            "availability": sorted(local.sample(Availability.values, local.randint(1, 3))),
            "availability_remarks": local.choice(plan["availability_remarks"])
            if language == "nl"
            else "",
            "heard_of_us": heard,
            "heard_of_us_other": plan["heard_of_us_other"] if heard == HeardOfUs.OTHER else "",
            "consent": True,
            "language": language,
            "created_at": now
            - timedelta(days=local.randint(0, 120), minutes=local.randint(0, 600)),
        }
        if Application.objects.filter(submission_token=token).exists():
            continue
        ApplicationFactory(submission_token=token, **data)
        created += 1
    return created
