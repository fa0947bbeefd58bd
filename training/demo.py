"""Demo data for ``manage.py seed_demo``: the recruitment page in Dutch with its French and
English translations, open calls in five regions (one of them closed), and twenty applications.

Deterministic (its own fixed seeds, so what ran before does not change it) and idempotent (the
page is found by its slug, applications by a fixed submission token). The applications are
written directly, not through the service: the demo sends no e-mail.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from faker import Faker
from wagtail.models import Locale, Page

from cms.models import HomePage
from people.models import Postcode, Region
from training.models import Application, Availability, HeardOfUs
from training.pages import RecruitmentCall, RecruitmentPage

DEMO_APPLICATIONS = 20
_TOKENS = uuid.UUID("6f1d3f0e-6a55-4c1e-9d0b-4b7e2a1c9e10")


def _heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def _route(heading: str, steps: list[tuple[str, str]]) -> dict:
    return {
        "type": "route",
        "value": {
            "heading": heading,
            "steps": [{"title": title, "text": f"<p>{text}</p>"} for title, text in steps],
        },
    }


PAGE = {
    "nl": {
        "title": "Word vrijwilliger",
        "slug": "word-vrijwilliger",
        "intro": "Word Eigen Kracht-coördinator en help gezinnen om zelf samen een plan te maken.",
        "search_description": (
            "Word vrijwillige Eigen Kracht-coördinator: wat de rol inhoudt, welke regio's nu "
            "vrijwilligers zoeken en hoe je je kandidaat stelt."
        ),
        "body": [
            _heading("Wat doet een Eigen Kracht-coördinator?"),
            _paragraph(
                "<p>Als Eigen Kracht-coördinator help je een gezin en de mensen rond dat gezin om "
                "samen een plan te maken. Je bent een onafhankelijke burger: je organiseert de "
                "Eigen Kracht-conferentie, maar je bemoeit je niet met de inhoud. Het gezin kiest "
                "waarover het plan gaat en wie er uitgenodigd wordt.</p>"
                "<p>Je begeleidt telkens <b>één traject tegelijk</b>, van de eerste kennismaking "
                "tot de opvolging een maand na het plan.</p>"
            ),
            _route(
                "Zo word je coördinator",
                [
                    (
                        "Kennismaking",
                        "Een stafmedewerker van je regio belt je voor een intakegesprek.",
                    ),
                    (
                        "Basisopleiding",
                        "Je leert hoe je een netwerk voorbereidt en een conferentie begeleidt.",
                    ),
                    ("Je eerste traject", "Je start met een traject, met een coach aan je zijde."),
                    (
                        "Intervisie",
                        "Je leert samen met andere coördinatoren in intervisie, geleid door een coach.",
                    ),
                ],
            ),
            _heading("Wat vragen we?"),
            _paragraph(
                "<ul><li>Je gelooft in de eigen kracht van mensen.</li>"
                "<li>Je organiseert en luistert, zonder zelf oplossingen aan te reiken.</li>"
                "<li>Je kunt een paar uur per week vrijmaken, soms ook 's avonds of in het "
                "weekend.</li>"
                "<li>Je spreekt Nederlands; elke andere taal is een troef.</li></ul>"
            ),
        ],
        "privacy_notice": (
            "<p>We gebruiken je gegevens alleen om je kandidatuur te behandelen: de "
            "stafmedewerker van je regio leest ze en neemt contact met je op. We geven ze aan "
            "niemand anders door. Je kunt ons altijd vragen ze in te zien of te wissen.</p>"
        ),
        "thank_you_text": (
            "<p>Fijn dat je vrijwilliger wilt worden! We hebben je kandidatuur goed ontvangen. "
            "Je krijgt ook een bevestiging per e-mail.</p>"
        ),
    },
    "fr": {
        "title": "Devenir bénévole",
        "slug": "devenir-benevole",
        "intro": (
            "Devenez coordinateur ou coordinatrice Eigen Kracht et aidez des familles à faire "
            "leur propre plan, ensemble."
        ),
        "search_description": (
            "Devenez coordinateur bénévole Eigen Kracht : en quoi consiste le rôle, quelles "
            "régions cherchent des bénévoles et comment poser votre candidature."
        ),
        "body": [
            _heading("Que fait un coordinateur Eigen Kracht ?"),
            _paragraph(
                "<p>Comme coordinateur Eigen Kracht, vous aidez une famille et les personnes qui "
                "l'entourent à faire ensemble un plan. Vous êtes un citoyen indépendant : vous "
                "organisez la conférence Eigen Kracht, mais vous n'intervenez pas sur le fond. "
                "La famille choisit le sujet du plan et les personnes invitées.</p>"
                "<p>Vous accompagnez <b>un seul trajet à la fois</b>, de la première rencontre "
                "au suivi, un mois après le plan.</p>"
            ),
            _route(
                "Comment devenir coordinateur",
                [
                    (
                        "Premier contact",
                        "Un membre du personnel de votre région vous appelle pour un entretien.",
                    ),
                    (
                        "Formation de base",
                        "Vous apprenez à préparer un réseau et à animer une conférence.",
                    ),
                    (
                        "Votre premier trajet",
                        "Vous commencez un trajet, avec un coach à vos côtés.",
                    ),
                    (
                        "Intervision",
                        "Vous apprenez avec d'autres coordinateurs en intervision, animée par un coach.",
                    ),
                ],
            ),
            _heading("Ce que nous demandons"),
            _paragraph(
                "<ul><li>Vous croyez en la force des gens.</li>"
                "<li>Vous organisez et écoutez, sans proposer vous-même de solutions.</li>"
                "<li>Vous pouvez libérer quelques heures par semaine, parfois le soir ou le "
                "week-end.</li>"
                "<li>Vous parlez néerlandais ou français ; toute autre langue est un atout.</li>"
                "</ul>"
            ),
        ],
        "privacy_notice": (
            "<p>Nous utilisons vos données uniquement pour traiter votre candidature : le membre "
            "du personnel de votre région les lit et vous contacte. Nous ne les transmettons à "
            "personne d'autre. Vous pouvez toujours nous demander de les consulter ou de les "
            "effacer.</p>"
        ),
        "thank_you_text": (
            "<p>Merci de vouloir devenir bénévole ! Nous avons bien reçu votre candidature. Vous "
            "recevez aussi une confirmation par e-mail.</p>"
        ),
    },
    "en": {
        "title": "Become a volunteer",
        "slug": "become-a-volunteer",
        "intro": (
            "Become an Eigen Kracht coordinator and help families make their own plan, together."
        ),
        "search_description": (
            "Become a volunteer Eigen Kracht coordinator: what the role is, which regions are "
            "looking for volunteers now, and how to apply."
        ),
        "body": [
            _heading("What does an Eigen Kracht coordinator do?"),
            _paragraph(
                "<p>As an Eigen Kracht coordinator you help a family and the people around them "
                "make a plan together. You are an independent citizen: you organise the Eigen "
                "Kracht conference, but you stay out of its content. The family chooses what the "
                "plan is about and who is invited.</p>"
                "<p>You support <b>one traject at a time</b>, from the first meeting to the "
                "follow-up one month after the plan.</p>"
            ),
            _route(
                "How to become a coordinator",
                [
                    (
                        "Getting to know each other",
                        "A staff member of your region calls you for an intake conversation.",
                    ),
                    (
                        "Basic training",
                        "You learn how to prepare a network and how to facilitate a conference.",
                    ),
                    ("Your first traject", "You start a traject, with a coach at your side."),
                    (
                        "Intervision",
                        "You learn with other coordinators in intervision, led by a coach.",
                    ),
                ],
            ),
            _heading("What we ask"),
            _paragraph(
                "<ul><li>You believe in people's own strength.</li>"
                "<li>You organise and listen, without offering solutions yourself.</li>"
                "<li>You can free a few hours a week, sometimes in the evening or at the "
                "weekend.</li>"
                "<li>You speak Dutch or French; every other language is an asset.</li></ul>"
            ),
        ],
        "privacy_notice": (
            "<p>We use your details only to handle your application: the staff member of your "
            "region reads them and contacts you. We pass them on to no one else. You can always "
            "ask us to see or erase them.</p>"
        ),
        "thank_you_text": (
            "<p>Thank you for wanting to volunteer! We have received your application. You also "
            "receive a confirmation by e-mail.</p>"
        ),
    },
}

# (region code, days until the call closes or None, title and text per language)
CALLS = [
    (
        "antwerpen",
        60,
        {
            "nl": (
                "Coördinatoren gezocht in Antwerpen",
                "Vooral wie Arabisch, Berbers of Turks spreekt, is welkom.",
            ),
            "fr": (
                "Coordinateurs recherchés à Anvers",
                "Nous cherchons surtout des personnes qui parlent arabe, berbère ou turc.",
            ),
            "en": (
                "Coordinators wanted in Antwerp",
                "We especially welcome people who speak Arabic, Berber or Turkish.",
            ),
        },
    ),
    (
        "brussel-halle-vilvoorde",
        None,
        {
            "nl": (
                "Tweetalige coördinatoren voor Brussel",
                "Je werkt in het Nederlands en het Frans, vaak met meertalige gezinnen.",
            ),
            "fr": (
                "Coordinateurs bilingues pour Bruxelles",
                "Vous travaillez en néerlandais et en français, souvent avec des familles multilingues.",
            ),
            "en": (
                "Bilingual coordinators for Brussels",
                "You work in Dutch and French, often with multilingual families.",
            ),
        },
    ),
    (
        "limburg",
        45,
        {
            "nl": (
                "Nieuwe basisopleiding in Genk",
                "In het najaar start een nieuwe groep: stel je nu kandidaat.",
            ),
            "fr": (
                "Nouvelle formation de base à Genk",
                "Un nouveau groupe commence cet automne : posez votre candidature maintenant.",
            ),
            "en": ("New basic training in Genk", "A new group starts this autumn: apply now."),
        },
    ),
    (
        "west-vlaanderen",
        None,
        {
            "nl": (
                "Coördinatoren en coaches voor de Westhoek",
                "Ook ervaren coördinatoren die coach willen worden, zijn welkom.",
            ),
            "fr": (
                "Coordinateurs et coachs pour le Westhoek",
                "Les coordinateurs expérimentés qui veulent devenir coach sont aussi les bienvenus.",
            ),
            "en": (
                "Coordinators and coaches for the Westhoek",
                "Experienced coordinators who want to become a coach are welcome too.",
            ),
        },
    ),
    (
        "oost-vlaanderen",
        -10,  # closed: not shown on the page
        {
            "nl": ("Infosessie in Gent", "Deze oproep is afgelopen."),
            "fr": ("Séance d'information à Gand", "Cet appel est clos."),
            "en": ("Information session in Ghent", "This call has closed."),
        },
    ),
]

MOTIVATIONS = {
    "nl": [
        "Ik werk al jaren met jongeren en geloof dat families zelf de beste oplossingen vinden.",
        "Sinds mijn pensioen heb ik tijd en ik wil iets betekenen voor gezinnen in mijn buurt.",
        "Een vriendin is coördinator en vertelde me hoe sterk een netwerk kan zijn.",
        "Ik spreek drie talen en wil die inzetten voor gezinnen die de weg niet vinden.",
        "Ik heb zelf een Eigen Kracht-conferentie meegemaakt en wil dat nu voor anderen doen.",
    ],
    "fr": [
        "Je crois que les familles trouvent elles-mêmes les meilleures solutions.",
        "Je suis à la retraite et je veux être utile aux familles de mon quartier.",
        "Je parle plusieurs langues et je veux aider des familles qui cherchent leur chemin.",
    ],
    "en": [
        "I believe families find the best solutions themselves, with the people around them.",
        "I moved to Belgium last year and want to help families in my new neighbourhood.",
    ],
}
DEMO_REGIONS = [
    "antwerpen",
    "antwerpen",
    "brussel-halle-vilvoorde",
    "limburg",
    "oost-vlaanderen",
    "vlaams-brabant",
    "west-vlaanderen",
]
EXTRA_LANGUAGES = ["fr", "en", "ar", "tr", "ber", "pl", "es", "de", "uk"]


@dataclass
class DemoTraining:
    page: RecruitmentPage
    applications_created: int = 0


def _set_calls(page: RecruitmentPage, language: str) -> None:
    today = timezone.localdate()
    regions = {region.code: region for region in Region.objects.all()}
    page.calls = [
        RecruitmentCall(
            sort_order=order,
            region=regions[code],
            title=texts[language][0],
            text=f"<p>{texts[language][1]}</p>",
            open_until=today + timedelta(days=days) if days is not None else None,
        )
        for order, (code, days, texts) in enumerate(CALLS)
    ]


def _fill(page: RecruitmentPage, language: str) -> None:
    for name, value in PAGE[language].items():
        setattr(page, name, value)
    _set_calls(page, language)


def seed_page() -> RecruitmentPage:
    """The recruitment page under the Dutch home page, with its fr and en translations."""
    home = HomePage.objects.filter(locale__language_code="nl").first()
    if home is None:
        raise LookupError("No Dutch home page: run cms.demo.seed_pages() first.")
    page = RecruitmentPage.objects.child_of(home).filter(slug=PAGE["nl"]["slug"]).first()
    if page is None:
        page = RecruitmentPage(locale=home.locale)
        _fill(page, "nl")
        home.add_child(instance=page)
        page.save_revision().publish()
    for language in ("fr", "en"):
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None or page.has_translation(locale):
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
    postcodes: dict[str, list[Postcode]] = {}
    now = timezone.now()
    created = 0
    for n in range(count):
        code = DEMO_REGIONS[n % len(DEMO_REGIONS)]
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
        spoken += sorted(set(local.sample(EXTRA_LANGUAGES, local.randint(0, 2))) - set(spoken))
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
            "motivation": local.choice(MOTIVATIONS[language]),
            "availability": sorted(local.sample(Availability.values, local.randint(1, 3))),
            "availability_remarks": local.choice(["", "", "Niet op woensdag.", "Vanaf september."])
            if language == "nl"
            else "",
            "heard_of_us": heard,
            "heard_of_us_other": "Een folder in de bibliotheek" if heard == HeardOfUs.OTHER else "",
            "consent": True,
            "language": language,
            "created_at": now
            - timedelta(days=local.randint(0, 120), minutes=local.randint(0, 600)),
        }
        token = uuid.uuid5(_TOKENS, f"demo-application-{n}")
        if Application.objects.filter(submission_token=token).exists():
            continue
        Application.objects.create(submission_token=token, **data)
        created += 1
    return created


def seed(*, rng: random.Random) -> DemoTraining:
    """The recruitment page and the demo applications.

    ``rng`` is accepted like every app's ``seed``, but not drawn from: this app's demo data
    uses its own fixed seeds, so it is the same whatever the other apps' demos did before.
    """
    page = seed_page()
    return DemoTraining(page=page, applications_created=seed_applications())
