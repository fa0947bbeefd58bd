"""Demo data for ``manage.py seed_demo``: volunteer recruitment, the e-learning, tracks,
training days and certificates.

What it makes:

- the recruitment page in Dutch with its French and English translations, open calls in five
  regions (one of them closed), and twenty applications at every stage of the pipeline (new,
  intake conversation, invited, in training, certified, stopped with a reason), each with its
  history of steps; two applicants were turned into volunteer accounts (one in training, one
  certified);
- the training ("Opleiding", ``training.demo_learning``): five modules of the basic training
  (the route, the independent coordinator, the conference in three parts, the plan and its
  three checks, follow-up and evaluation) and a module for coaches, each with lessons, a
  reflection question and a closing quiz, in Dutch, French and English;
- two tracks: "Basisopleiding Eigen Kracht-coördinator" (``basis``: the five modules, two
  training days, a coach's sign-off of the first traject; valid 24 months, renewed with the
  refresher module "Nazorg en evaluatie" and four intervision sessions a year) and "Coach"
  (``coach``: one module and one day);
- training days past and future in several regions, one of them full with a waiting list;
- the demo coordinators (``coordinator1..10.<region>@kring.example``) at every stage: just
  started, halfway, nearly done, certified, certified but expiring within 60 days (one within
  14 days), expired, revoked.

The volunteer's journey on ``make run`` (log in at ``/accounts/login/`` with the demo password
that ``seed_demo`` prints; coaches and staff also need the demo's second-factor code):

1. Log in as **coordinator1.antwerpen@kring.example**. The portal (``/portaal/``) shows the
   basic training nearly done: modules 1 to 4 finished, module 5 "Nazorg en evaluatie"
   started (its first lesson done, "continue where you left off" points at the next one),
   one of the two training days attended, and the coach's sign-off already recorded.
2. Open module 5, read the lesson "Opvolging na een maand" and mark it complete.
3. Take the quiz "Toets: nazorg": answer wrongly once and fail (the pass mark is 70%, feedback
   per answer says why), then answer rightly and pass; the module and the track show their
   progress.
4. Log in as the trainer **coach1.antwerpen@kring.example** and record the attendance of
   "Basisopleiding dag 2 — Antwerpen" (``/staf/opleidingsdagen/``), which took place
   yesterday: coordinator1.antwerpen (and coordinator2.antwerpen) have a confirmed seat there
   and no attendance recorded yet. Mark coordinator1.antwerpen present.
5. With the modules, both days and the sign-off done, the track is complete and a certificate
   is issued on its own: coordinator1.antwerpen finds it in the portal, downloads the PDF, and
   its verification page ``/certificaat/<code>/`` says it is valid.

Staff's side: **staf.antwerpen@kring.example** finds applications of Antwerpen at every stage
at ``/staf/kandidaten/`` (new, intake, invited, in training, certified) and can move the
invited one on, into a volunteer account. "Basisopleiding dag 1 — Antwerpen, nieuwe groep" is
full, with two volunteers on its waiting list.

Deterministic (fixed seeds and dates relative to today) and idempotent: pages are found by
their place and slug, applications by a fixed submission token, everything else by its natural
key, so a second run creates nothing. Nothing is sent: rows are written directly, and the
expiry reminders that fell due before today are marked as already sent.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from faker import Faker
from wagtail.models import Locale, Page

from cms.models import HomePage
from people.access import current_coach
from people.demo import DEFAULT_PASSWORD, DOMAIN
from people.models import Postcode, Region, User
from people.roles import Role
from people.services import coach_assign, user_create
from training import demo_learning
from training.certification import add_months, certificate_issue
from training.models import (
    PIPELINE_ORDER,
    Application,
    ApplicationStep,
    Availability,
    Certificate,
    HeardOfUs,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    ReflectionAnswer,
    RenewalActivity,
    RenewalActivityKind,
    SeatStatus,
    Track,
    TrackEnrolment,
    TrackModule,
    TrainingDay,
    TrainingDayEnrolment,
    TrainingDayKind,
)
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
            "Devenez coordinateur bénévole Eigen Kracht\u00a0: en quoi consiste le rôle, quelles "
            "régions cherchent des bénévoles et comment poser votre candidature."
        ),
        "body": [
            _heading("Que fait un coordinateur Eigen Kracht\u00a0?"),
            _paragraph(
                "<p>Comme coordinateur Eigen Kracht, vous aidez une famille et les personnes qui "
                "l'entourent à faire ensemble un plan. Vous êtes un citoyen indépendant\u00a0: vous "
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
                "<li>Vous parlez néerlandais ou français\u00a0; toute autre langue est un atout.</li>"
                "</ul>"
            ),
        ],
        "privacy_notice": (
            "<p>Nous utilisons vos données uniquement pour traiter votre candidature\u00a0: le membre "
            "du personnel de votre région les lit et vous contacte. Nous ne les transmettons à "
            "personne d'autre. Vous pouvez toujours nous demander de les consulter ou de les "
            "effacer.</p>"
        ),
        "thank_you_text": (
            "<p>Merci de vouloir devenir bénévole\u00a0! Nous avons bien reçu votre candidature. Vous "
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
                "Un nouveau groupe commence cet automne\u00a0: posez votre candidature maintenant.",
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
    learning_pages_created: int = 0
    volunteers: int = 0


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


# --- Tracks, training days and the volunteers' progress ----------------------------------------

BASIC_TRACK = {
    "code": "basis",
    "name": "Basisopleiding Eigen Kracht-coördinator",
    "name_fr": "Formation de base de coordinateur Eigen Kracht",
    "name_en": "Basic training for Eigen Kracht coordinators",
    "description": (
        "De opleiding voor nieuwe Eigen Kracht-coördinatoren: vijf online modules, twee "
        "opleidingsdagen en een eerste traject met je coach aan je zijde."
    ),
    "required_training_days": 2,
    "sign_off_required": True,
    "sign_off_description": "De coach bevestigt dat het eerste traject goed verliep",
    "sign_off_description_fr": "Le coach confirme que le premier trajet s’est bien déroulé",
    "sign_off_description_en": "The coach confirms that the first traject went well",
    "certificate_title": "Gecertificeerd Eigen Kracht-coördinator",
    "certificate_title_fr": "Coordinateur Eigen Kracht certifié",
    "certificate_title_en": "Certified Eigen Kracht coordinator",
    "validity_months": 24,
    "intervision_per_year": 4,
    "qualifies_for_matching": True,
}
COACH_TRACK = {
    "code": "coach",
    "name": "Coach",
    "name_fr": "Coach",
    "name_en": "Coach",
    "description": (
        "Voor ervaren coördinatoren die coach willen worden: de module over coaching en "
        "intervisie en een coachdag."
    ),
    "required_training_days": 1,
    "sign_off_required": False,
    "sign_off_description": "",
    "certificate_title": "Eigen Kracht-coach",
    "certificate_title_fr": "Coach Eigen Kracht",
    "certificate_title_en": "Eigen Kracht coach",
    "validity_months": 24,
    "intervision_per_year": 0,
}
SIGN_OFF_NOTE = "Eerste traject goed verlopen: het netwerk maakte zelf een sterk plan."

# Places of the classroom days (the organisation's rooms are not named in the demo).
PLACES = {
    "antwerpen": "Eigen Kracht Centrale, vergaderzaal, Antwerpen",
    "brussel-halle-vilvoorde": "Gemeenschapscentrum, Brussel",
    "limburg": "Vrijwilligerscentrum, Genk",
    "oost-vlaanderen": "Buurtcentrum, Gent",
    "vlaams-brabant": "Ontmoetingscentrum, Leuven",
    "west-vlaanderen": "Vormingscentrum, Ieper",
}
ONLINE_URL = "https://meet.example.org/ekc-basisopleiding-dag-2"

# (title: the day's natural key, track, region, days from today, capacity, trainer's mailbox,
# online). The trainer is ``<mailbox>.<region>@kring.example``.
TRAINING_DAYS = [
    ("Basisopleiding dag 1 — Antwerpen", "basis", "antwerpen", -40, 8, "coach1", False),
    # The journey's day: it took place yesterday and the trainer has not recorded attendance.
    ("Basisopleiding dag 2 — Antwerpen", "basis", "antwerpen", -1, 8, "coach1", False),
    # Full, with a waiting list.
    ("Basisopleiding dag 1 — Antwerpen, nieuwe groep", "basis", "antwerpen", 14, 3, "staf", False),
    ("Basisopleiding dag 2 — Antwerpen, nieuwe groep", "basis", "antwerpen", 28, 8, "staf", False),
    ("Basisopleiding dag 1 — Limburg", "basis", "limburg", -60, 10, "staf", False),
    ("Basisopleiding dag 2 — Limburg", "basis", "limburg", -20, 10, "staf", False),
    ("Basisopleiding dag 1 — Gent", "basis", "oost-vlaanderen", -30, 10, "coach1", False),
    ("Basisopleiding dag 2 — online", "basis", "brussel-halle-vilvoorde", 7, 12, "coach1", True),
    ("Coachdag — Leuven", "coach", "vlaams-brabant", -50, 10, "staf", False),
    ("Coachdag — Ieper", "coach", "west-vlaanderen", 21, 10, "staf", False),
]
# The days the certified coordinators of each region once attended.
EARLIER_DAYS = [("Basisopleiding dag 1", -800), ("Basisopleiding dag 2", -780)]

# The days' titles in French and English, word for word from the Dutch ones (longest first).
TITLE_WORDS = [
    ("Basisopleiding dag 1", "Formation de base, jour 1", "Basic training, day 1"),
    ("Basisopleiding dag 2", "Formation de base, jour 2", "Basic training, day 2"),
    ("Coachdag", "Journée des coachs", "Coach day"),
    (", nieuwe groep", ", nouveau groupe", ", new group"),
    (", eerdere groep", ", groupe précédent", ", earlier group"),
    ("Antwerpen", "Anvers", "Antwerp"),
    ("Gent", "Gand", "Ghent"),
    ("Leuven", "Louvain", "Leuven"),
    ("Ieper", "Ypres", "Ypres"),
    ("Limburg", "Limbourg", "Limburg"),
    ("Brussel en Halle-Vilvoorde", "Bruxelles et Hal-Vilvorde", "Brussels and Halle-Vilvoorde"),
    ("Oost-Vlaanderen", "Flandre-Orientale", "East Flanders"),
    ("West-Vlaanderen", "Flandre-Occidentale", "West Flanders"),
    ("Vlaams-Brabant (Leuven)", "Brabant flamand (Louvain)", "Flemish Brabant (Leuven)"),
    ("— online", "— en ligne", "— online"),
]


def title_in(title: str, language: str) -> str:
    """A demo day's Dutch title in French or English."""
    column = {"fr": 1, "en": 2}[language]
    for words in sorted(TITLE_WORDS, key=lambda row: -len(row[0])):
        title = title.replace(words[0], words[column])
    return title


JOURNEY_EMAIL = f"coordinator1.antwerpen@{DOMAIN}"
JOURNEY_TRAINER_EMAIL = f"coach1.antwerpen@{DOMAIN}"
JOURNEY_DAY = "Basisopleiding dag 2 — Antwerpen"
FULL_DAY = "Basisopleiding dag 1 — Antwerpen, nieuwe groep"
ONLINE_DAY = "Basisopleiding dag 2 — online"
# The day the first coordinator of these regions already attended.
FIRST_DAY_ATTENDED = {
    "limburg": "Basisopleiding dag 1 — Limburg",
    "oost-vlaanderen": "Basisopleiding dag 1 — Gent",
}

# The coordinators numbered 4 to 10 of each region are certified; their certificates run out
# this many days from today, except these (the rest spread over the coming two years).
EXPIRY_DAYS = {
    ("antwerpen", 4): 10,  # within 14 days
    ("antwerpen", 5): 45,  # within 60 days
    ("limburg", 4): 30,
    ("oost-vlaanderen", 4): 55,
    ("limburg", 10): -20,  # expired
}
REVOKED = ("oost-vlaanderen", 10)
REVOKED_REASON = "Stopt als vrijwilliger na een verhuis naar het buitenland."
# An experienced coordinator on the way to becoming a coach.
COACH_CANDIDATE = ("west-vlaanderen", 9)

# Which stage each application reaches, oldest application first (the rest stay new), with the
# stop reason and the staff member's note of the last step.
PIPELINE = [
    ("certified", "", "Eerste traject goed verlopen; certificaat uitgereikt."),
    ("in_training", "", "Account aangemaakt; volgt de basisopleiding."),
    ("invited", "", "Uitgenodigd voor de nieuwe groep van de basisopleiding."),
    ("invited", "", "Uitgenodigd; wil graag starten in het najaar."),
    ("stopped", "withdrawn", "Trekt zich terug: te druk met de nieuwe job."),
    ("intake", "", "Intakegesprek gehad: gemotiveerd, kent de buurt goed."),
    ("intake", "", "Intakegesprek gepland en gehad; spreekt ook Arabisch."),
    ("stopped", "no_time", "Kan voorlopig geen avonden vrijmaken; misschien volgend jaar."),
    ("intake", "", "Telefonisch intakegesprek gehad."),
    ("stopped", "no_contact", "Drie keer gebeld en gemaild, geen antwoord."),
    ("intake", "", "Intakegesprek gehad; twijfelt nog over de tijdsinvestering."),
]
STEP_NOTES = {
    "intake": "Intakegesprek gehad.",
    "invited": "Uitgenodigd voor de basisopleiding.",
    "in_training": "Gestart met de basisopleiding.",
}


def _at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _person(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def seed_tracks(learning: demo_learning.DemoLearning) -> dict[str, Track]:
    """The basic track and the coach's track with their modules; found by code."""
    tracks = {}
    for spec, modules, refresher in (
        (BASIC_TRACK, demo_learning.BASIC_MODULES, demo_learning.REFRESHER_MODULE),
        (COACH_TRACK, demo_learning.COACH_MODULES, None),
    ):
        fields = {name: value for name, value in spec.items() if name != "code"}
        fields["refresher_module"] = learning.modules[refresher] if refresher else None
        track, created = Track.objects.get_or_create(code=spec["code"], defaults=fields)
        if not created:
            # A demo database from before the French and English names: fill in what is empty.
            missing = {
                name: value
                for name, value in fields.items()
                if name.endswith(("_fr", "_en")) and value and not getattr(track, name)
            }
            if missing:
                Track.objects.filter(pk=track.pk).update(**missing)
                for name, value in missing.items():
                    setattr(track, name, value)
        for order, key in enumerate(modules):
            TrackModule.objects.get_or_create(
                track=track, module=learning.modules[key], defaults={"sort_order": order}
            )
        tracks[spec["code"]] = track
    return tracks


def _day(
    *,
    title: str,
    track: Track,
    region: Region,
    offset: int,
    capacity: int,
    trainer: User | None,
    online: bool = False,
) -> TrainingDay:
    starts = _at(timezone.localdate() + datetime.timedelta(days=offset), 9, 30)
    day, created = TrainingDay.objects.get_or_create(
        track=track,
        title=title,
        defaults={
            "title_fr": title_in(title, "fr"),
            "title_en": title_in(title, "en"),
            "kind": TrainingDayKind.ONLINE if online else TrainingDayKind.CLASSROOM,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=7),
            "region": region,
            "location": "" if online else PLACES[region.code],
            "online_url": ONLINE_URL if online else "",
            "trainer": trainer,
            "capacity": capacity,
            "description": (
                "Oefenen met de voorbereiding van een netwerk en het begeleiden van een "
                "conferentie, met rollenspelen."
                if track.code == "basis"
                else "Coachen van coördinatoren en intervisie leiden."
            ),
        },
    )
    if not created and not day.title_fr:
        # A demo database from before the French and English titles.
        day.title_fr, day.title_en = title_in(title, "fr"), title_in(title, "en")
        TrainingDay.objects.filter(pk=day.pk).update(title_fr=day.title_fr, title_en=day.title_en)
    return day


def seed_days(tracks: dict[str, Track], regions: dict[str, Region]) -> dict[str, TrainingDay]:
    days = {}
    for title, track, region, offset, capacity, mailbox, online in TRAINING_DAYS:
        days[title] = _day(
            title=title,
            track=tracks[track],
            region=regions[region],
            offset=offset,
            capacity=capacity,
            trainer=_person(f"{mailbox}.{region}@{DOMAIN}"),
            online=online,
        )
    for code, region in regions.items():
        for title, offset in EARLIER_DAYS:
            full_title = f"{title} — {region.name}, eerdere groep"
            days[f"{title}:{code}"] = _day(
                title=full_title,
                track=tracks["basis"],
                region=region,
                offset=offset,
                capacity=12,
                trainer=_person(f"staf.{code}@{DOMAIN}"),
            )
    return days


def _seat(
    day: TrainingDay,
    user: User,
    *,
    status: str = SeatStatus.CONFIRMED,
    attended: bool | None = None,
    order: int = 0,
) -> TrainingDayEnrolment:
    """A place on the day, booked a few weeks before it (or on its waiting list); attendance
    recorded by the trainer the day after, when ``attended`` is given."""
    booked = day.starts_at - datetime.timedelta(days=21, minutes=-order)
    defaults: dict = {"status": status, "created_at": booked}
    if status == SeatStatus.WAITING:
        defaults["waiting_since"] = booked
    if attended is not None:
        defaults.update(
            attended=attended,
            attendance_recorded_at=day.ends_at + datetime.timedelta(hours=1),
            attendance_recorded_by=day.trainer,
        )
    seat, _ = TrainingDayEnrolment.objects.get_or_create(day=day, user=user, defaults=defaults)
    return seat


def _enrol(user: User, track: Track, started_on: datetime.date, **sign_off) -> TrackEnrolment:
    enrolment, _ = TrackEnrolment.objects.get_or_create(
        user=user, track=track, defaults={"started_on": started_on, **sign_off}
    )
    return enrolment


def _sign_off(coach: User | None, on: datetime.date) -> dict:
    return {"signed_off_at": _at(on, 18), "signed_off_by": coach, "sign_off_note": SIGN_OFF_NOTE}


class _Learner:
    """Writes one volunteer's lessons, quiz attempts and reflections, in order, one day apart."""

    def __init__(self, user: User, learning: demo_learning.DemoLearning, start: datetime.date):
        self.user = user
        self.learning = learning
        self.day = start
        self.progress: list[LessonProgress] = []

    def _moment(self) -> datetime.datetime:
        self.day += datetime.timedelta(days=1)
        return _at(self.day, 20)

    def complete(self, key: str, *, failed_first: bool = False) -> None:
        lesson = self.learning.lessons[key]
        moment = self._moment()
        quiz = demo_learning.quiz_spec(key)
        taken = (
            quiz is not None
            and QuizAttempt.objects.filter(
                user=self.user, lesson_key=lesson.translation_key, block_id=quiz["id"]
            ).exists()
        )
        if quiz is not None and not taken:
            if failed_first:
                self._attempt(lesson, key, wrong=2, at=moment - datetime.timedelta(minutes=20))
            self._attempt(lesson, key, wrong=0, at=moment)
        self.progress.append(
            LessonProgress(
                user=self.user,
                lesson_key=lesson.translation_key,
                lesson=lesson,
                first_opened_at=moment - datetime.timedelta(minutes=30),
                last_opened_at=moment,
                completed_at=moment,
            )
        )

    def open(self, key: str) -> None:
        lesson = self.learning.lessons[key]
        moment = self._moment()
        self.progress.append(
            LessonProgress(
                user=self.user,
                lesson_key=lesson.translation_key,
                lesson=lesson,
                first_opened_at=moment,
                last_opened_at=moment,
            )
        )

    def _attempt(self, lesson: LessonPage, key: str, *, wrong: int, at) -> None:
        block_id, answers, correct = demo_learning.quiz_answers(key, wrong=wrong)
        questions = len(answers)
        pass_mark = demo_learning.quiz_spec(key)["value"]["pass_mark"]
        score = round(100 * correct / questions)
        QuizAttempt.objects.create(
            user=self.user,
            lesson_key=lesson.translation_key,
            lesson=lesson,
            block_id=block_id,
            answers=answers,
            correct_count=correct,
            question_count=questions,
            score=score,
            pass_mark=pass_mark,
            passed=score >= pass_mark,
            created_at=at,
        )

    def reflect(self, key: str, text: str) -> None:
        lesson = self.learning.lessons[key]
        block = next(b for b in demo_learning.lesson_spec(key)["body"] if b["type"] == "reflection")
        ReflectionAnswer.objects.get_or_create(
            user=self.user,
            lesson_key=lesson.translation_key,
            block_id=block["id"],
            defaults={"text": text, "updated_at": _at(self.day, 21)},
        )

    def save(self) -> None:
        # The unique (user, lesson) constraint keeps a second run from adding anything.
        LessonProgress.objects.bulk_create(self.progress, ignore_conflicts=True)
        self.progress = []


BASIC_LESSONS = [
    lesson["key"]
    for module in demo_learning.MODULES
    if module["key"] in demo_learning.BASIC_MODULES
    for lesson in module["lessons"]
]


def _certify(
    user: User,
    track: Track,
    *,
    issued_on: datetime.date,
    issued_by: User | None,
    revoked_by: User | None = None,
) -> Certificate:
    """The user's certificate of the track, issued on that day; the reminders that fell due
    before now count as sent (the demo sends nothing)."""
    existing = Certificate.objects.filter(user=user, track=track).first()
    if existing is not None:
        return existing
    certificate = certificate_issue(
        user=user, track=track, issued_on=issued_on, issued_by=issued_by
    )
    now = timezone.now()
    for reminder in certificate.reminders.filter(due_at__lte=now):
        reminder.sent_at = reminder.due_at
        reminder.save(update_fields=["sent_at"])
    if revoked_by is not None:
        certificate.revoked_at = now - datetime.timedelta(days=10)
        certificate.revoked_by = revoked_by
        certificate.revoked_reason = REVOKED_REASON
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        certificate.reminders.filter(sent_at__isnull=True).update(cancelled_at=now)
    return certificate


def _seed_journey(
    user: User,
    tracks: dict[str, Track],
    days: dict[str, TrainingDay],
    learning: demo_learning.DemoLearning,
) -> None:
    """coordinator1.antwerpen: all but the last lesson and quiz of the last module done, one of
    the two days attended, yesterday's day pending, signed off; no certificate yet."""
    today = timezone.localdate()
    coach = current_coach(user)
    _enrol(
        user,
        tracks["basis"],
        today - datetime.timedelta(days=60),
        **_sign_off(coach, today - datetime.timedelta(days=3)),
    )
    learner = _Learner(user, learning, today - datetime.timedelta(days=58))
    for key in BASIC_LESSONS[: BASIC_LESSONS.index("m5-l2")]:
        learner.complete(key, failed_first=key == "m2-l3")
        if key == "m1-l2":
            learner.reflect(
                key,
                "Vervoer en kinderopvang: ik zou vragen wie uit het netwerk kan rijden of oppassen.",
            )
        if key == "m3-l2":
            learner.reflect(key, "Ik zou minder vrijuit praten, en vooral zeggen wat goed klinkt.")
    learner.save()
    # Opened last: "continue where you left off" points here.
    learner.day = today - datetime.timedelta(days=2)
    learner.open("m5-l2")
    learner.save()
    _seat(days["Basisopleiding dag 1 — Antwerpen"], user, attended=True)
    _seat(days[JOURNEY_DAY], user)


def _seed_coordinators(
    regions: dict[str, Region],
    tracks: dict[str, Track],
    days: dict[str, TrainingDay],
    learning: demo_learning.DemoLearning,
) -> int:
    """The demo coordinators of every region at every stage; returns how many take part."""
    today = timezone.localdate()
    basis = tracks["basis"]
    count = 0
    for r, code in enumerate(regions):
        staff = _person(f"staf.{code}@{DOMAIN}")
        for n in range(1, 11):
            user = _person(f"coordinator{n}.{code}@{DOMAIN}")
            if user is None:
                continue
            count += 1
            if code == "antwerpen" and n == 1:
                _seed_journey(user, tracks, days, learning)
                continue
            if n == 1:  # nearly through the modules; one day attended where the region had one
                _enrol(user, basis, today - datetime.timedelta(days=70))
                learner = _Learner(user, learning, today - datetime.timedelta(days=68))
                for key in BASIC_LESSONS[: BASIC_LESSONS.index("m4-l2")]:
                    learner.complete(key, failed_first=(key == "m3-l3" and r % 2 == 0))
                learner.save()
                attended = FIRST_DAY_ATTENDED.get(code)
                if attended:
                    _seat(days[attended], user, attended=True, order=n)
                if code == "limburg":
                    _seat(days["Basisopleiding dag 2 — Limburg"], user, attended=True, order=n)
                else:
                    _seat(days[ONLINE_DAY], user, order=r)
            elif n == 2:  # module 1 done (its quiz failed once), module 2 begun
                _enrol(user, basis, today - datetime.timedelta(days=45))
                learner = _Learner(user, learning, today - datetime.timedelta(days=44))
                for key in ("m1-l1", "m1-l2"):
                    learner.complete(key)
                learner.complete("m1-l3", failed_first=True)
                learner.complete("m2-l1")
                learner.open("m2-l2")
                learner.save()
                if code == "antwerpen":
                    _seat(days["Basisopleiding dag 1 — Antwerpen"], user, attended=True, order=n)
                    _seat(days[JOURNEY_DAY], user, order=n)
                else:
                    _seat(days[ONLINE_DAY], user, order=10 + r)
            elif n == 3:  # just started: the first lesson opened; a place on a coming day
                _enrol(user, basis, today - datetime.timedelta(days=5))
                learner = _Learner(user, learning, today - datetime.timedelta(days=4))
                learner.open("m1-l1")
                learner.save()
                if code in ("antwerpen", "vlaams-brabant"):
                    _seat(days[FULL_DAY], user, order=r)
                elif code in ("brussel-halle-vilvoorde", "limburg"):
                    _seat(days[FULL_DAY], user, status=SeatStatus.WAITING, order=r)
            else:  # certified, a while ago
                _seed_certified(user, code, n, r, staff, basis, days, learning)
            if (code, n) == COACH_CANDIDATE:
                coach_track = tracks["coach"]
                _enrol(user, coach_track, today - datetime.timedelta(days=30))
                learner = _Learner(user, learning, today - datetime.timedelta(days=29))
                learner.complete("coach-l1")
                learner.save()
                _seat(days["Coachdag — Ieper"], user)
    return count


def _seed_coaches(
    tracks: dict[str, Track], days: dict[str, TrainingDay], learning: demo_learning.DemoLearning
) -> None:
    """The two coaches of Vlaams-Brabant followed the coach's track and hold its certificate."""
    track = tracks["coach"]
    day = days["Coachdag — Leuven"]
    staff = _person(f"staf.vlaams-brabant@{DOMAIN}")
    for n in (1, 2):
        coach = _person(f"coach{n}.vlaams-brabant@{DOMAIN}")
        if coach is None:
            continue
        started = timezone.localdate(day.starts_at) - datetime.timedelta(days=30)
        _enrol(coach, track, started)
        learner = _Learner(coach, learning, started)
        for key in ("coach-l1", "coach-l2"):
            learner.complete(key)
        learner.save()
        _seat(day, coach, attended=True, order=n)
        _certify(
            coach,
            track,
            issued_on=timezone.localdate(day.starts_at) + datetime.timedelta(days=1),
            issued_by=staff,
        )


def _seed_certified(
    user: User,
    code: str,
    n: int,
    r: int,
    staff: User | None,
    basis: Track,
    days: dict[str, TrainingDay],
    learning: demo_learning.DemoLearning,
) -> None:
    today = timezone.localdate()
    started = today - datetime.timedelta(days=830)
    valid_days = EXPIRY_DAYS.get((code, n), 90 + (r * 97 + n * 53) % 600)
    if (code, n) == REVOKED:
        valid_days = 400
    issued_on = add_months(today + datetime.timedelta(days=valid_days), -basis.validity_months)
    _enrol(user, basis, started, **_sign_off(current_coach(user), issued_on))
    learner = _Learner(user, learning, started)
    for key in BASIC_LESSONS:
        learner.complete(key, failed_first=(key == "m4-l3" and n == 6))
    learner.save()
    for title, _offset in EARLIER_DAYS:
        _seat(days[f"{title}:{code}"], user, attended=True, order=n)
    _certify(
        user,
        basis,
        issued_on=issued_on,
        issued_by=staff,
        revoked_by=staff if (code, n) == REVOKED else None,
    )
    # Intervision sessions that count towards keeping the certificate.
    for k in range((r + n) % 5):
        RenewalActivity.objects.get_or_create(
            user=user,
            kind=RenewalActivityKind.INTERVISION,
            reference=f"demo-intervision-{code}-{k + 1}",
            defaults={"occurred_on": today - datetime.timedelta(days=30 + 75 * k)},
        )


def _step_dates(start: datetime.date, end: datetime.date, count: int) -> list[datetime.date]:
    """``count`` dates spread evenly between ``start`` and ``end``."""
    end = max(end, start)
    span = (end - start).days
    return [
        start + datetime.timedelta(days=round(span * (i + 1) / (count + 1))) for i in range(count)
    ]


def _volunteer_account(application: Application) -> User:
    """The account made from the application: its data carried over, a coach of the region."""
    user = application.user or _person(application.email)
    if user is None:
        user = user_create(
            email=application.email,
            first_name=application.first_name,
            last_name=application.last_name,
            roles=[Role.COORDINATOR],
            regions=[application.region],
            password=DEFAULT_PASSWORD,
            phone=application.phone,
            postcode=application.postcode,
            languages=application.languages,
        )
    coach = _person(f"coach1.{application.region.code}@{DOMAIN}")
    if coach is not None and current_coach(user) is None:
        coach_assign(coordinator=user, coach=coach)
    return user


def seed_pipeline(
    tracks: dict[str, Track], days: dict[str, TrainingDay], learning: demo_learning.DemoLearning
) -> None:
    """Steps for the demo applications, oldest first, up to the stage in ``PIPELINE``; the
    applicants in training and certified get their volunteer account."""
    tokens = [uuid.uuid5(_TOKENS, f"demo-application-{n}") for n in range(DEMO_APPLICATIONS)]
    applications = list(
        Application.objects.filter(submission_token__in=tokens)
        .select_related("region", "postcode")
        .order_by("created_at", "pk")
    )
    today = timezone.localdate()
    basis = tracks["basis"]
    for application, (stage, reason, note) in zip(applications, PIPELINE, strict=False):
        if application.steps.exists():
            continue
        staff = _person(f"staf.{application.region.code}@{DOMAIN}")
        created = timezone.localtime(application.created_at).date()
        if stage == "stopped":
            # Stopped after the step before it: new -> stopped, or intake/invited -> stopped.
            before = {"no_contact": [], "no_time": ["intake"], "withdrawn": ["intake", "invited"]}
            statuses = [*before[reason], "stopped"]
        else:
            statuses = PIPELINE_ORDER[1 : PIPELINE_ORDER.index(stage) + 1]
        if stage == "certified":
            # Trained on the two Antwerpen and Gent days, certified a week ago.
            dates = _step_dates(created, today - datetime.timedelta(days=40), 3)
            dates.append(today - datetime.timedelta(days=7))
        else:
            dates = _step_dates(created, today - datetime.timedelta(days=1), len(statuses))
        for status, day in zip(statuses, dates, strict=True):
            last = status == statuses[-1]
            ApplicationStep.objects.create(
                application=application,
                status=status,
                occurred_on=day,
                note=note if last else STEP_NOTES.get(status, ""),
                stop_reason=reason if last and status == "stopped" else "",
                recorded_by=staff,
                created_at=_at(day, 16),
            )
        application.status = statuses[-1]
        application.status_changed_at = _at(dates[-1], 16)
        application.stop_reason = reason if stage == "stopped" else ""
        fields = ["status", "status_changed_at", "stop_reason"]
        if stage in ("in_training", "certified"):
            application.user = _volunteer_account(application)
            fields.append("user")
            _applicant_training(application, stage, dates, basis, days, learning)
        application.save(update_fields=fields)


def _applicant_training(application, stage, dates, basis, days, learning) -> None:
    user = application.user
    started = dates[PIPELINE_ORDER.index("in_training") - 1]
    if stage == "in_training":
        _enrol(user, basis, started)
        learner = _Learner(user, learning, started)
        learner.complete("m1-l1")
        learner.open("m1-l2")
        learner.save()
        _seat(days[FULL_DAY], user, order=9)
        return
    certified_on = dates[-1]
    _enrol(
        user,
        basis,
        started,
        **_sign_off(current_coach(user), certified_on - datetime.timedelta(days=1)),
    )
    learner = _Learner(user, learning, started)
    for key in BASIC_LESSONS:
        learner.complete(key)
    learner.save()
    _seat(days["Basisopleiding dag 1 — Antwerpen"], user, attended=True, order=9)
    _seat(days["Basisopleiding dag 1 — Gent"], user, attended=True, order=9)
    _certify(
        user,
        basis,
        issued_on=certified_on,
        issued_by=None,
    )


def seed(*, rng: random.Random) -> DemoTraining:
    """The recruitment page and applications, the training content, the tracks, training days
    and the volunteers' progress and certificates.

    ``rng`` is accepted like every app's ``seed``, but not drawn from: this app's demo data
    uses its own fixed seeds and dates, so it is the same whatever the other apps' demos did
    before. Without the demo people (``people.demo``) only the pages and tracks are made.
    """
    page = seed_page()
    result = DemoTraining(page=page, applications_created=seed_applications())
    learning = demo_learning.seed()
    result.learning_pages_created = learning.created
    tracks = seed_tracks(learning)
    if _person(JOURNEY_EMAIL) is None:
        return result  # no demo people to train
    regions = {region.code: region for region in Region.objects.order_by("code")}
    days = seed_days(tracks, regions)
    result.volunteers = _seed_coordinators(regions, tracks, days, learning)
    _seed_coaches(tracks, days, learning)
    seed_pipeline(tracks, days, learning)
    return result
