"""Demo data for ``manage.py seed_demo``: the registration page in Dutch, French and English,
and 25 registrations spread over the regions, registrant types, statuses and the last two months.

Deterministic (Faker with a fixed seed, the caller's ``rng``) and idempotent: the page is found
by its place in the tree, each registration by a submission token derived from its number.
Registrations are written directly (not through ``registration_submit``), so no e-mail leaves;
a few were received by phone, taken by their region's staff contact.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from cms.demo import seed_pages
from people.audit import demo as audit_demo
from people.demo import DOMAIN
from people.models import Postcode, Region, User
from people.privacy import services as privacy
from people.privacy.models import ErasureRequest
from trajects.demo_history import STAGES, take_through
from trajects.factories import RegistrationFactory
from trajects.intake import services as intake
from trajects.matching import services as matching
from trajects.matching.models import Proposal
from trajects.models import (
    Channel,
    ChildrenInvolved,
    HeardOfUs,
    OrganisationType,
    RegistrantType,
    Registration,
    RegistrationPage,
    RegistrationStatus,
    Step,
    WishedStart,
)
from trajects.services import reference_next
from trajects.traject import services as traject_services
from trajects.traject.models import Phase, StopReason, Traject

REGISTRATIONS = 25
# Antwerpen first: the demo staff member of Antwerpen finds several registrations.
REGIONS_IN_TURN = [
    "antwerpen",
    "oost-vlaanderen",
    "antwerpen",
    "limburg",
    "brussel-halle-vilvoorde",
    "antwerpen",
    "west-vlaanderen",
    "vlaams-brabant",
]
# The older trajects taken further along the route (trajects.demo_history), per region in turn.
HISTORY = len(REGIONS_IN_TURN) * len(STAGES)
# The demo registrations (by number) received by phone: two in Antwerpen, one in Limburg.
PHONE_CALLS = (2, 5, 11)
# The first demo registration that is declined or withdrawn came in this long ago: past the
# retention period, so the retention run's dry run (people.privacy) has a registration to list.
DECLINED_DAYS_AGO = 220
TOKEN_NAMESPACE = uuid.UUID("6f1c3b0e-2d4a-4f43-9a53-7d1a1b0c2e61")
PRIVACY_URL = "https://www.eigenkrachtcentrale.be/privacy/"

PAGES = {
    "nl": {
        "title": "Aanmelden",
        "slug": "aanmelden",
        "seo_title": "Aanmelden voor een Eigen Kracht-conferentie",
        "search_description": (
            "Meld jezelf, een familielid of een gezin dat je begeleidt aan voor een Eigen "
            "Kracht-conferentie. Gratis, zonder wachtlijst, start binnen drie weken."
        ),
        "intro": "Meld jezelf, een familielid of een gezin dat je begeleidt aan.",
        "body": [
            (
                "<p>Iedereen kan aanmelden: de kernpersoon zelf, iemand uit de familie of een "
                "vriend, of een professional die het gezin begeleidt. Een Eigen "
                "Kracht-conferentie is gratis, er is geen wachtlijst en de start volgt binnen "
                "drie weken.</p>"
            ),
            (
                "<p>We starten alleen als de kernpersoon weet van de aanmelding en ermee "
                "akkoord gaat. Twijfel je? Bel ons eerst op 0489 45 54 12.</p>"
            ),
        ],
        "thank_you_text": (
            "<p>Wil je intussen al iets vragen? Een stafmedewerker van de regio helpt je "
            "graag verder.</p>"
        ),
    },
    "fr": {
        "title": "Demande",
        "slug": "demande",
        "seo_title": "Demander une conférence Eigen Kracht",
        "search_description": (
            "Inscrivez-vous, inscrivez un proche ou une famille que vous accompagnez pour une "
            "conférence Eigen Kracht. Gratuit, sans liste d'attente, début dans les trois "
            "semaines."
        ),
        "intro": "Inscrivez-vous, inscrivez un proche ou une famille que vous accompagnez.",
        "body": [
            (
                "<p>Tout le monde peut faire une demande : la personne concernée elle-même, un "
                "membre de la famille ou un ami, ou un professionnel qui accompagne la famille. "
                "Une conférence Eigen Kracht est gratuite, il n'y a pas de liste d'attente et "
                "elle commence dans les trois semaines.</p>"
            ),
            (
                "<p>Nous ne commençons que si la personne concernée est au courant de la "
                "demande et d'accord. Un doute ? Appelez-nous d'abord au 0489 45 54 12.</p>"
            ),
        ],
        "thank_you_text": (
            "<p>Une question en attendant ? Un membre du personnel de la région vous aide "
            "volontiers.</p>"
        ),
    },
    "en": {
        "title": "Register",
        "slug": "register",
        "seo_title": "Register for an Eigen Kracht conference",
        "search_description": (
            "Register yourself, a relative or a family you support for an Eigen Kracht "
            "conference. Free of charge, no waiting list, starts within three weeks."
        ),
        "intro": "Register yourself, a relative or a family you support.",
        "body": [
            (
                "<p>Anyone can register: the core person themselves, a relative or a friend, or "
                "a professional who supports the family. An Eigen Kracht conference is free of "
                "charge, there is no waiting list and it starts within three weeks.</p>"
            ),
            (
                "<p>We only start when the core person knows about the registration and "
                "agrees. Not sure? Call us first on 0489 45 54 12.</p>"
            ),
        ],
        "thank_you_text": (
            "<p>A question in the meantime? A staff member of the region will gladly help.</p>"
        ),
    },
}

QUESTIONS = [
    "Onze zoon van 14 gaat al weken niet meer naar school. We willen met de familie een plan "
    "maken zodat hij weer een goede plek vindt.",
    "Mijn moeder wordt vergeetachtig en woont alleen. Haar kinderen willen samen afspreken wie "
    "wat doet.",
    "Na de scheiding lopen de afspraken over de kinderen vast. We zoeken een plan waar iedereen "
    "achter kan staan.",
    "De pleegzorg loopt af en het gezin wil met het netwerk afspraken maken over de terugkeer "
    "naar huis.",
    "Het gezin dreigt de woning te verliezen; de familie wil helpen maar weet niet hoe.",
    "Ik heb schulden en ben het overzicht kwijt. Ik wil met mijn broers en vrienden een plan "
    "maken.",
    "Een jongere wordt 18 en verlaat de jeugdhulp. Hij zoekt steun bij de mensen om hem heen.",
    "Er zijn zorgen over de veiligheid van de kinderen. De ouders willen het netwerk erbij "
    "betrekken om samen een veilig plan te maken.",
]
ORGANISATIONS = {
    OrganisationType.ONE_FAMILY_ONE_PLAN: "1G1P",
    OrganisationType.CAW: "CAW",
    OrganisationType.CLB: "CLB",
    OrganisationType.OCMW: "OCMW",
    OrganisationType.YOUTH_CARE: "Jeugdhulp",
    OrganisationType.FOSTER_CARE: "Pleegzorg",
    OrganisationType.OCJ: "OCJ",
    OrganisationType.OTHER: "Buurtwerk",
}


@dataclass
class DemoRegistrations:
    pages: int = 0
    registrations: int = 0
    trajects: int = 0
    proposals: int = 0


def _body(paragraphs: list[str]) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText(html)) for html in paragraphs]


def _apply(page: RegistrationPage, texts: dict, privacy: Page | None) -> None:
    for name in ("title", "slug", "seo_title", "search_description", "intro", "thank_you_text"):
        setattr(page, name, texts[name])
    page.body = _body(texts["body"])
    page.privacy_page = privacy
    page.privacy_url = "" if privacy else PRIVACY_URL


def _privacy_page(home: Page) -> Page | None:
    """A live privacy page under the home page, if the site has one."""
    return home.get_children().live().filter(slug__in=["privacy", "privacyverklaring"]).first()


def seed_page(*, home: Page | None = None) -> tuple[RegistrationPage, int]:
    """The registration page under the Dutch home page (the demo site's unless given), with its
    French and English translations. Returns the Dutch page and how many pages were made."""
    home = home or seed_pages()
    made = 0
    page = RegistrationPage.objects.child_of(home).first()
    if page is None:
        page = RegistrationPage(locale=home.locale)
        _apply(page, PAGES["nl"], _privacy_page(home))
        home.add_child(instance=page)
        page.save_revision().publish()
        made += 1
    for code in ("fr", "en"):
        locale = Locale.objects.get(language_code=code)
        if page.has_translation(locale):
            continue
        translation = page.copy_for_translation(locale)
        translated_home = home.get_translation_or_none(locale)
        _apply(
            translation, PAGES[code], _privacy_page(translated_home) if translated_home else None
        )
        translation.save_revision().publish()
        made += 1
    return page, made


def _phone(rng: random.Random) -> str:
    return f"+324{rng.randint(70, 99)}{rng.randint(0, 999_999):06d}"


def _status(days_ago: int, rng: random.Random) -> str:
    if days_ago < 7:
        return RegistrationStatus.NEW
    if days_ago < 21:
        return rng.choice([RegistrationStatus.NEW, RegistrationStatus.IN_INTAKE])
    return rng.choice(
        [
            RegistrationStatus.IN_INTAKE,
            RegistrationStatus.ACCEPTED,
            RegistrationStatus.ACCEPTED,
            RegistrationStatus.NOT_ACCEPTED,
            RegistrationStatus.WITHDRAWN,
        ]
    )


def _registration(n: int, rng: random.Random, faker: Faker, regions: dict[str, Region]) -> dict:
    region = regions[REGIONS_IN_TURN[n % len(REGIONS_IN_TURN)]]
    postcode = rng.choice(
        list(
            Postcode.objects.in_service_area()
            .filter(region=region, places__isnull=False)
            .distinct()
            .order_by("code")
        )
    )
    municipality = rng.choice(list(postcode.places.order_by("name").values_list("name", flat=True)))
    registrant_type = rng.choices(
        [RegistrantType.PROFESSIONAL, RegistrantType.FAMILY_OR_FRIEND, RegistrantType.CORE_PERSON],
        weights=[6, 3, 2],
    )[0]
    core_name = faker.name()
    days_ago = rng.randint(0, 60)
    created_at = timezone.now() - timedelta(days=days_ago, hours=rng.randint(0, 9))
    data = {
        "created_at": created_at,
        "status": _status(days_ago, rng),
        "language": "fr" if region.code.startswith("brussel") and n % 2 else "nl",
        "registrant_type": registrant_type,
        "core_name": core_name,
        "postcode": postcode,
        "municipality": municipality,
        "region": region,
        "core_phone": _phone(rng),
        "core_email": "" if rng.random() < 0.5 else f"kernpersoon{n + 1}@example.org",
        "languages": sorted(
            {"nl", *rng.sample(["fr", "en", "ar", "tr", "pl", "ro"], k=rng.randint(0, 2))}
        ),
        "conference_language": "nl",
        "children_involved": rng.choice(list(ChildrenInvolved)),
        "question": rng.choice(QUESTIONS),
        "wished_start": rng.choice(list(WishedStart)),
        "heard_of_us": rng.choice(["", *HeardOfUs.values[:-1]]),
    }
    if registrant_type == RegistrantType.CORE_PERSON:
        data.update(registrant_name=core_name, registrant_phone=data["core_phone"])
        data["registrant_email"] = data["core_email"]
    else:
        data.update(
            registrant_name=faker.name(),
            registrant_phone=_phone(rng),
            registrant_email=f"aanmelder{n + 1}@example.org",
        )
    if registrant_type == RegistrantType.PROFESSIONAL:
        organisation = rng.choice(list(OrganisationType))
        data.update(
            organisation_type=organisation,
            organisation_name=f"{ORGANISATIONS[organisation]} {municipality}",
        )
    return data


@transaction.atomic
def seed(*, rng: random.Random) -> DemoRegistrations:
    result = DemoRegistrations()
    _page, result.pages = seed_page()
    faker = Faker("nl_BE")
    faker.seed_instance(2026_03)
    regions = {region.code: region for region in Region.objects.all()}
    planned = [
        (
            uuid.uuid5(TOKEN_NAMESPACE, f"demo-registration-{n}"),
            _registration(n, rng, faker, regions),
        )
        for n in range(REGISTRATIONS)
    ]
    for n in PHONE_CALLS:
        data = planned[n][1]
        data.update(channel=Channel.PHONE, taken_by=_region_contact(data["region"]))
    # Only its date moves: every registration keeps the route it would have taken.
    ended = (RegistrationStatus.NOT_ACCEPTED, RegistrationStatus.WITHDRAWN)
    for _token, data in planned[:REGISTRATIONS]:
        if data["status"] in ended:
            data["created_at"] = timezone.now() - timedelta(days=DECLINED_DAYS_AGO)
            break
    # The older trajects of every region, taken further along the route (demo_history).
    stages = {}
    for n in range(HISTORY):
        stage, days_ago = STAGES[n // len(REGIONS_IN_TURN)]
        token = uuid.uuid5(TOKEN_NAMESPACE, f"demo-history-{n}")
        data = _registration(n, rng, faker, regions)
        data.update(
            status=RegistrationStatus.ACCEPTED,
            created_at=timezone.now() - timedelta(days=days_ago + n % 5, hours=n % 7),
        )
        planned.append((token, data))
        stages[token] = stage
    # A separate generator for the staff's decisions, so the registrations stay as they were.
    routes = random.Random(2026_10)  # noqa: S311 -- demo data
    existing = set(
        Registration.objects.filter(
            submission_token__in=[token for token, _data in planned]
        ).values_list("submission_token", flat=True)
    )
    # References follow the order of registration, as they would have been given out.
    elsewhere = 0  # trajects made outside Antwerpen so far
    histories: list[tuple[Registration, str]] = []
    for token, data in sorted(planned, key=lambda item: item[1]["created_at"]):
        if token in existing:
            continue
        status = data.pop("status")
        registration: Registration = RegistrationFactory(  # type: ignore[assignment]
            submission_token=token,
            reference=reference_next(year=timezone.localdate(data["created_at"]).year),
            **data,
        )
        result.registrations += 1
        if token in stages:
            intake.registration_intake_start(registration=registration, by=_staff(registration))
            histories.append((registration, stages[token]))
            continue
        made = _route(registration, status, routes, nth=elsewhere)
        result.trajects += made
        if registration.region.code != "antwerpen":
            elsewhere += made
    result.proposals = _seed_matching()
    learner = User.objects.filter(email=LEARNER).first()
    for registration, stage in histories:
        traject = intake.registration_accept(registration=registration, by=_staff(registration))
        # The learner's first traject: the oldest of her region, taken to its close.
        prefer = learner if registration.region_id in _regions_of(learner) else None
        take_through(registration, traject, stage, routes, faker, prefer=prefer)
        if (
            prefer is not None
            and Traject.objects.filter(pk=traject.pk, coordinator=prefer).exists()
        ):
            learner = None
        result.trajects += 1
    # A few reads in the access log, so a record's page shows who opened it (people.audit).
    antwerp = Registration.objects.filter(region__code="antwerpen").select_related("region")
    audited = list(antwerp.order_by("-created_at")[:3])
    audited += list(antwerp.filter(traject__isnull=False).order_by("created_at")[:2])
    audit_demo.seed(
        records=[(r, _staff(r)) for r in audited]
        + [(r.traject, _staff(r)) for r in audited if hasattr(r, "traject")]
    )
    _seed_erasure_request()
    return result


def _seed_erasure_request() -> None:
    """An open erasure request (README, "What to try"): Antwerpen's staff member asked to erase a
    declined registration; a colleague (the administrator) confirms it under Privacy."""
    if ErasureRequest.objects.exists():
        return
    antwerp = Registration.objects.filter(
        region__code="antwerpen", anonymised_at__isnull=True
    ).order_by("created_at", "pk")
    registration = (
        antwerp.filter(status=RegistrationStatus.NOT_ACCEPTED).first()
        or antwerp.filter(status=RegistrationStatus.WITHDRAWN).first()
    )
    if registration is None:
        return
    privacy.erasure_request(
        user=_staff(registration),
        request=None,
        kind="registration",
        pk=registration.pk,
        reason="De aanmelder vroeg per e-mail om de aanmelding te wissen.",
    )


def _regions_of(user: User | None) -> set[int]:
    return set(user.regions.values_list("pk", flat=True)) if user is not None else set()


# In Antwerpen (README, "What to try"): one certified coordinator has a proposal waiting for her
# answer, another has accepted one and prepares her traject. Both hold a valid certificate in
# training's demo; without it (this module's own tests) nobody is matched.
WAITING = f"coordinator6.antwerpen@{DOMAIN}"
PREPARING = f"coordinator7.antwerpen@{DOMAIN}"
# Through her training but for the coach's sign-off (training's demo): her first traject is a
# learning traject, closed and waiting for her coach to sign off from it.
LEARNER = f"coordinator3.west-vlaanderen@{DOMAIN}"


def _seed_matching() -> int:
    """Proposes the two coordinators for the oldest Antwerpen trajects that wait for one, the
    way staff would; the second accepts. Returns how many proposals it made (0 on a second run)."""
    coordinators = {
        user.email: user for user in User.objects.filter(email__in=[WAITING, PREPARING])
    }
    if len(coordinators) < 2 or Proposal.objects.filter(coordinator__in=coordinators.values()):
        return 0
    waiting = (
        Traject.objects.filter(
            region__code="antwerpen", phase=Phase.MATCHING, paused_at__isnull=True
        )
        .select_related("registration", "region__contact")
        .order_by("registration__created_at")[:2]
    )
    made = 0
    for traject, email in zip(waiting, [PREPARING, WAITING], strict=False):
        staff = traject.region.contact
        if staff is None:
            continue
        proposal = matching.proposal_make(
            traject=traject, coordinator=coordinators[email], by=staff
        )
        made += 1
        if email == PREPARING:
            matching.proposal_accept(proposal=proposal, by=coordinators[email])
    return made


DECLINE_REASONS = [
    "De vraag gaat over een conflict tussen buren; doorverwezen naar buurtbemiddeling.",
    "Er is al een familiegroepsplan in opmaak bij de jeugdhulp.",
    "De kernpersoon wil geen bijeenkomst met het netwerk.",
]


def _staff(registration: Registration) -> User:
    """The region's staff contact, who takes the demo's decisions."""
    return _region_contact(registration.region)


def _region_contact(region: Region) -> User:
    """The region's staff contact: takes the demo's phone calls and decisions."""
    staff = region.contact
    if staff is None:
        raise RuntimeError(f"people's demo gives every region a staff contact: {region}")
    return staff


def _route(registration: Registration, status: str, rng: random.Random, *, nth: int) -> int:
    """Takes a new registration to ``status`` the way staff would, through intake's services,
    by the region's staff contact; the steps are then dated a few days after the registration.
    ``nth`` counts the trajects made outside Antwerpen before this one: outside Antwerpen, every
    third from the first is paused and every third from the second stopped, so the demo always
    shows both; Antwerpen's wait for matching (``_seed_matching``). Returns 1 when it became a
    traject."""
    if status == RegistrationStatus.NEW:
        return 0
    staff = _staff(registration)
    if status == RegistrationStatus.WITHDRAWN:
        intake.registration_withdraw(
            registration=registration, by=staff, note="De aanmelder belde: het gezin ziet af."
        )
    else:
        intake.registration_intake_start(registration=registration, by=staff)
    if status == RegistrationStatus.NOT_ACCEPTED:
        intake.registration_decline(
            registration=registration, by=staff, reason=rng.choice(DECLINE_REASONS)
        )
    made = 0
    if status == RegistrationStatus.ACCEPTED:
        traject = intake.registration_accept(
            registration=registration, by=staff, note="Kernpersoon bevestigt haar akkoord."
        )
        made = 1
        elsewhere = registration.region.code != "antwerpen"
        if elsewhere and nth % 3 == 0:
            traject_services.traject_pause(
                traject=traject, by=staff, note="Het gezin vraagt twee weken rust."
            )
        elif elsewhere and nth % 3 == 1:
            traject_services.traject_stop(
                traject=traject, by=staff, reason=StopReason.SITUATION_CHANGED
            )
    _backdate(registration, rng)
    return made


def _backdate(registration: Registration, rng: random.Random) -> None:
    """Spreads the registration's steps over the days after it came in (never in the future)."""
    now = timezone.now()
    moment = registration.created_at
    for step in Step.objects.filter(registration=registration).order_by("at", "pk"):
        moment = min(moment + timedelta(days=rng.randint(1, 4), hours=rng.randint(1, 6)), now)
        Step.objects.filter(pk=step.pk).update(at=moment)
        if step.kind == "accepted":
            Traject.objects.filter(registration=registration).update(
                created_at=moment, phase_since=moment
            )
        elif step.kind in ("paused", "stopped"):
            Traject.objects.filter(registration=registration).update(
                phase_since=moment, **({"paused_at": moment} if step.kind == "paused" else {})
            )
    traject_services.traject_newest_step_refresh(registration_ids=[registration.pk])
