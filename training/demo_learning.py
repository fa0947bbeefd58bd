"""Demo training content for ``manage.py seed_demo``: the training index "Opleiding", the five
modules of the basic training and a module for coaches, with their lessons and quizzes, in Dutch
(the source) with French and English translations.

What the lessons teach is EKC's own process (``../shared/domain/PROCESS.md`` and the Dutch
presentation beside it): the route of a traject, the independent coordinator, the conference in
three parts with the family's private time, the plan and its three checks, and the follow-up.

Every block has a fixed id (``m1-l3-quiz``, question ``m1q1``, answer ``m1q1a``), the same in
every language: a quiz answer or a reflection given on the Dutch lesson belongs to the same
question on the French one, and a second run writes the same data. Idempotent: pages are found
by their place and slug (translations by their translation key) and left as they are.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models.signals import post_save
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.search import index as search_index
from wagtail.search import signal_handlers as search_signal_handlers
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.models import HomePage
from training.learning import training_index_protect
from training.pages import LessonPage, ModulePage, TrainingIndexPage

SOURCE = "nl"
TRANSLATIONS = ("fr", "en")


class T(NamedTuple):
    """One text in the three content languages."""

    nl: str
    fr: str
    en: str


def _in(value, language: str):
    """``value`` with every ``T`` replaced by its text in ``language``."""
    if isinstance(value, T):
        return getattr(value, language)
    if isinstance(value, dict):
        return {key: _in(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [_in(item, language) for item in value]
    return value


# --- Blocks, in the raw form Wagtail stores, with fixed ids ------------------------------------


def heading(block_id: str, text: T, level: str = "h2") -> dict:
    return {"type": "heading", "id": block_id, "value": {"text": text, "level": level}}


def paragraph(block_id: str, html: T) -> dict:
    return {"type": "paragraph", "id": block_id, "value": html}


def quote(block_id: str, text: T, attribution: T | str = "") -> dict:
    return {"type": "quote", "id": block_id, "value": {"quote": text, "attribution": attribution}}


def route(block_id: str, title: T, steps: list[tuple[T, T]]) -> dict:
    return {
        "type": "route",
        "id": block_id,
        "value": {
            "heading": title,
            "steps": [
                {
                    "type": "item",
                    "id": f"{block_id}-{n}",
                    "value": {"title": step_title, "text": text},
                }
                for n, (step_title, text) in enumerate(steps, start=1)
            ],
        },
    }


def reflection(block_id: str, question: T, guidance: T) -> dict:
    return {
        "type": "reflection",
        "id": block_id,
        "value": {"question": question, "help_text": guidance},
    }


def question(question_id: str, kind: str, text: T, answers: list[tuple[bool, T, T]]) -> dict:
    """A quiz question; ``answers`` are (correct, text, feedback), with ids ``<question>a``,
    ``<question>b``, ..."""
    return {
        "type": "item",
        "id": question_id,
        "value": {
            "question": text,
            "kind": kind,
            "answers": [
                {
                    "type": "item",
                    "id": f"{question_id}{letter}",
                    "value": {"text": answer, "correct": correct, "feedback": feedback},
                }
                for letter, (correct, answer, feedback) in zip("abcdefgh", answers, strict=False)
            ],
        },
    }


def quiz(block_id: str, title: T, intro: T, questions: list[dict], pass_mark: int = 70) -> dict:
    return {
        "type": "quiz",
        "id": block_id,
        "value": {"title": title, "intro": intro, "pass_mark": pass_mark, "questions": questions},
    }


QUIZ_INTRO = T(
    "<p>Kies bij elke vraag het juiste antwoord; bij sommige vragen zijn meerdere antwoorden "
    "juist. Je hebt 70% nodig om te slagen en je mag zo vaak opnieuw proberen als je wilt.</p>",
    "<p>Choisissez la bonne réponse à chaque question\u00a0; certaines questions ont plusieurs "
    "bonnes réponses. Il faut 70 % pour réussir et vous pouvez réessayer autant de fois que "
    "vous le souhaitez.</p>",
    "<p>Choose the right answer to each question; some questions have more than one right "
    "answer. You need 70% to pass and you may try again as often as you like.</p>",
)
RIGHT = T("Juist.", "Exact.", "Right.")


# --- The content ------------------------------------------------------------------------------

INDEX = {
    "slug": T("opleiding", "formation", "training"),
    "title": T("Opleiding", "Formation", "Training"),
    "intro": T(
        "De basisopleiding voor Eigen Kracht-coördinatoren: online modules, opleidingsdagen en "
        "een eerste traject met je coach.",
        "La formation de base des coordinateurs Eigen Kracht\u00a0: modules en ligne, journées de "
        "formation et un premier trajet avec votre coach.",
        "The basic training for Eigen Kracht coordinators: online modules, training days and a "
        "first traject with your coach.",
    ),
    "body": [
        heading("index-h1", T("Zo verloopt de opleiding", "Le déroulement", "How it works")),
        paragraph(
            "index-p1",
            T(
                "<p>Je volgt de modules in volgorde: elke module gaat open zodra je de vorige "
                "hebt afgerond. Elke module eindigt met een korte toets. Daarnaast volg je twee "
                "opleidingsdagen in je regio. Je eerste traject doe je met je coach aan je zijde; "
                "als je coach bevestigt dat het goed verliep, ontvang je je certificaat.</p>",
                "<p>Vous suivez les modules dans l'ordre\u00a0: chaque module s'ouvre dès que vous "
                "avez terminé le précédent. Chaque module se termine par un court test. Vous "
                "suivez aussi deux journées de formation dans votre région. Vous menez votre "
                "premier trajet avec votre coach à vos côtés\u00a0; quand votre coach confirme qu'il "
                "s'est bien passé, vous recevez votre certificat.</p>",
                "<p>You take the modules in order: each module opens once you have finished the "
                "one before. Every module ends with a short quiz. You also attend two training "
                "days in your region. You do your first traject with your coach at your side; "
                "once your coach confirms it went well, you receive your certificate.</p>",
            ),
        ),
    ],
}

MODULES: list[dict] = [
    # --- Module 1: the route -----------------------------------------------------------------
    {
        "key": "m1",
        "slug": T("de-route", "le-parcours", "the-route"),
        "title": T(
            "De route van een Eigen Kracht-conferentie",
            "Le parcours d'une conférence Eigen Kracht",
            "The route of an Eigen Kracht conference",
        ),
        "intro": T(
            "Van de vraag van een gezin tot de opvolging: de stappen van een traject.",
            "De la question d'une famille jusqu'au suivi\u00a0: les étapes d'un trajet.",
            "From a family's question to the follow-up: the steps of a traject.",
        ),
        "duration": 45,
        "body": [
            paragraph(
                "m1-p1",
                T(
                    "<p>In deze module leer je de route kennen die elk traject volgt: de "
                    "aanmelding, de match met een vrijwilliger, de voorbereiding, de conferentie "
                    "en de opvolging. Zo weet je waar je als coördinator instapt en wat er van je "
                    "verwacht wordt.</p>",
                    "<p>Dans ce module, vous découvrez le parcours de chaque trajet\u00a0: "
                    "l'inscription, le choix d'un bénévole, la préparation, la conférence et le "
                    "suivi. Vous savez ainsi où vous intervenez comme coordinateur et ce que l'on "
                    "attend de vous.</p>",
                    "<p>In this module you learn the route every traject follows: the "
                    "registration, the match with a volunteer, the preparation, the conference "
                    "and the follow-up. You will know where you come in as a coordinator and "
                    "what is expected of you.</p>",
                ),
            )
        ],
        "lessons": [
            {
                "key": "m1-l1",
                "slug": T(
                    "van-vraag-tot-aanmelding",
                    "de-la-question-a-l-inscription",
                    "from-question-to-registration",
                ),
                "title": T(
                    "Van vraag tot aanmelding",
                    "De la question à l'inscription",
                    "From question to registration",
                ),
                "intro": T(
                    "Een traject begint met een probleem of een wens: er is iets dat een plan vraagt.",
                    "Un trajet commence par un problème ou un souhait\u00a0: quelque chose demande un plan.",
                    "A traject starts with a problem or a wish: something that asks for a plan.",
                ),
                "duration": 15,
                "body": [
                    quote(
                        "m1-l1-quote",
                        T(
                            "Maak zelf samen een plan, het kan!",
                            "Faites ensemble votre propre plan, c'est possible\u00a0!",
                            "Make your own plan, together: you can!",
                        ),
                        "Eigen Kracht Centrale",
                    ),
                    heading(
                        "m1-l1-h1", T("Wie meldt aan?", "Qui inscrit\u00a0?", "Who registers?")
                    ),
                    paragraph(
                        "m1-l1-p1",
                        T(
                            "<p>Soms melden burgers zichzelf aan. Meestal doet een hulpverlener "
                            "het: van 1G1P, een CAW, een CLB, een OCMW, de jeugdhulp, de "
                            "pleegzorg of een OCJ. Een aanmelding gebeurt <b>altijd in "
                            "samenspraak met de kernpersoon of het kerngezin</b>: zonder hun "
                            "akkoord start er geen traject.</p>"
                            "<p>Aanmelden kan met het formulier op de website of telefonisch. "
                            "Het is gratis en er is geen wachtlijst.</p>",
                            "<p>Parfois, des citoyens s'inscrivent eux-mêmes. Le plus souvent, "
                            "c'est un travailleur social\u00a0: d'un CAW, d'un CLB, d'un CPAS, de "
                            "l'aide à la jeunesse, d'un service d'accueil familial ou d'un OCJ. "
                            "Une inscription se fait <b>toujours en accord avec la personne ou "
                            "la famille centrale</b>\u00a0: sans leur accord, aucun trajet ne "
                            "commence.</p>"
                            "<p>On peut s'inscrire avec le formulaire du site web ou par "
                            "téléphone. C'est gratuit et il n'y a pas de liste d'attente.</p>",
                            "<p>Sometimes citizens register themselves. Mostly a social worker "
                            "does: from 1G1P, a CAW, a CLB, an OCMW, youth care, foster care or "
                            "an OCJ. A registration is <b>always agreed with the core person or "
                            "core family</b>: without their agreement no traject starts.</p>"
                            "<p>People register with the form on the website or by phone. It "
                            "is free and there is no waiting list.</p>",
                        ),
                    ),
                    route(
                        "m1-l1-route",
                        T(
                            "De route van een traject",
                            "Le parcours d'un trajet",
                            "The route of a traject",
                        ),
                        [
                            (
                                T("Aanmelding", "Inscription", "Registration"),
                                T(
                                    "Een burger of hulpverlener meldt aan, met het akkoord van het gezin.",
                                    "Un citoyen ou un travailleur social inscrit, avec l'accord de la famille.",
                                    "A citizen or social worker registers, with the family's agreement.",
                                ),
                            ),
                            (
                                T(
                                    "Match met een vrijwilliger",
                                    "Choix d'un bénévole",
                                    "Match with a volunteer",
                                ),
                                T(
                                    "Een coördinator uit de regio start binnen 1 dag tot 3 weken.",
                                    "Un coordinateur de la région commence dans un délai d'un jour à trois semaines.",
                                    "A coordinator from the region starts within 1 day to 3 weeks.",
                                ),
                            ),
                            (
                                T("Voorbereiding", "Préparation", "Preparation"),
                                T(
                                    "Kennismaken, deelnemers verzamelen en de bijeenkomst organiseren.",
                                    "Faire connaissance, réunir les participants et organiser la rencontre.",
                                    "Getting to know people, gathering participants and organising the meeting.",
                                ),
                            ),
                            (
                                T("Conferentie", "Conférence", "Conference"),
                                T(
                                    "Het netwerk komt samen en maakt een plan.",
                                    "Le réseau se réunit et fait un plan.",
                                    "The network meets and makes a plan.",
                                ),
                            ),
                            (
                                T(
                                    "Uitvoering en opvolging",
                                    "Mise en œuvre et suivi",
                                    "Carrying out and follow-up",
                                ),
                                T(
                                    "Het netwerk voert het plan uit; na een maand neemt de coördinator contact op.",
                                    "Le réseau met le plan en œuvre\u00a0; un mois plus tard, le coordinateur reprend contact.",
                                    "The network carries out the plan; a month later the coordinator gets in touch.",
                                ),
                            ),
                        ],
                    ),
                ],
            },
            {
                "key": "m1-l2",
                "slug": T(
                    "match-en-voorbereiding", "choix-et-preparation", "match-and-preparation"
                ),
                "title": T(
                    "Match en voorbereiding", "Le choix et la préparation", "Match and preparation"
                ),
                "intro": T(
                    "Binnen drie weken aan de slag: kennismaken en de bijeenkomst voorbereiden.",
                    "Au travail en trois semaines\u00a0: faire connaissance et préparer la rencontre.",
                    "Starting within three weeks: getting to know people and preparing the meeting.",
                ),
                "duration": 20,
                "body": [
                    heading("m1-l2-h1", T("De match", "Le choix du bénévole", "The match")),
                    paragraph(
                        "m1-l2-p1",
                        T(
                            "<p>Na de aanmelding zoekt de stafmedewerker een vrijwilliger in de "
                            "regio. Het traject start binnen 1 dag tot 3 weken: die belofte maakt "
                            "Eigen Kracht Centrale aan elk gezin. Een coördinator begeleidt één "
                            "traject tegelijk.</p>",
                            "<p>Après l'inscription, le membre du personnel cherche un bénévole "
                            "dans la région. Le trajet commence dans un délai d'un jour à trois "
                            "semaines\u00a0: c'est la promesse d'Eigen Kracht Centrale à chaque "
                            "famille. Un coordinateur accompagne un seul trajet à la fois.</p>",
                            "<p>After the registration, the staff member looks for a volunteer "
                            "in the region. The traject starts within 1 day to 3 weeks: that is "
                            "Eigen Kracht Centrale's promise to every family. A coordinator "
                            "supports one traject at a time.</p>",
                        ),
                    ),
                    heading(
                        "m1-l2-h2",
                        T(
                            "Fase 1: de voorbereiding",
                            "Phase 1\u00a0: la préparation",
                            "Phase 1: the preparation",
                        ),
                    ),
                    paragraph(
                        "m1-l2-p2",
                        T(
                            "<p>Je maakt kennis met de kernpersoon of het gezin en met hun "
                            "omgeving. Is het gezin moeilijk bereikbaar, dan kan de aanmelder "
                            "helpen. Daarna:</p><ul>"
                            "<li>verzamel en motiveer je de deelnemers: je neemt <b>vooraf "
                            "contact op met elke deelnemer</b>;</li>"
                            "<li>het netwerk denkt al na en overlegt; verbindingen worden gelegd "
                            "of hersteld;</li>"
                            "<li>je neemt drempels weg om deel te nemen;</li>"
                            "<li>je helpt een open en deelbare vraag te verhelderen;</li>"
                            "<li>je bereidt de (begeleidende) instanties voor die informatie "
                            "komen brengen;</li>"
                            "<li>je regelt het praktische: datum, plaats, taal, kinderopvang, "
                            "vervoer en eten.</li></ul>",
                            "<p>Vous faites connaissance avec la personne ou la famille centrale "
                            "et avec son entourage. Si la famille est difficile à joindre, la "
                            "personne qui a fait l'inscription peut aider. Ensuite\u00a0:</p><ul>"
                            "<li>vous réunissez et motivez les participants\u00a0: vous prenez "
                            "<b>contact au préalable avec chaque participant</b>\u00a0;</li>"
                            "<li>le réseau réfléchit déjà et se concerte\u00a0; des liens se créent "
                            "ou se rétablissent\u00a0;</li>"
                            "<li>vous levez les obstacles à la participation\u00a0;</li>"
                            "<li>vous aidez à clarifier une question ouverte et partageable\u00a0;</li>"
                            "<li>vous préparez les services (d'accompagnement) qui viendront "
                            "apporter des informations\u00a0;</li>"
                            "<li>vous réglez l'aspect pratique\u00a0: date, lieu, langue, garde "
                            "d'enfants, transport et repas.</li></ul>",
                            "<p>You get to know the core person or family and the people around "
                            "them. If the family is hard to reach, the registrant can help. "
                            "Then:</p><ul>"
                            "<li>you gather and motivate the participants: you <b>contact every "
                            "participant beforehand</b>;</li>"
                            "<li>the network already starts thinking and talking; connections "
                            "are made or restored;</li>"
                            "<li>you remove thresholds to taking part;</li>"
                            "<li>you help clarify an open and shareable question;</li>"
                            "<li>you prepare the (supporting) organisations that will bring "
                            "information;</li>"
                            "<li>you arrange the practical side: date, place, language, "
                            "childcare, transport and food.</li></ul>",
                        ),
                    ),
                    reflection(
                        "m1-l2-reflection",
                        T(
                            "Welke drempels kunnen mensen ervaren om naar een conferentie te komen, en hoe help je ze wegnemen?",
                            "Quels obstacles peuvent empêcher des personnes de venir à une conférence, et comment aidez-vous à les lever\u00a0?",
                            "What thresholds can keep people from coming to a conference, and how do you help remove them?",
                        ),
                        T(
                            "Denk aan een grootvader zonder auto, een tante die weinig Nederlands spreekt of een buur die twijfelt of hij wel welkom is.",
                            "Pensez à un grand-père sans voiture, à une tante qui parle peu le néerlandais ou à un voisin qui se demande s'il est le bienvenu.",
                            "Think of a grandfather without a car, an aunt who speaks little Dutch, or a neighbour who wonders whether he is welcome.",
                        ),
                    ),
                ],
            },
            {
                "key": "m1-l3",
                "slug": T("toets-de-route", "test-le-parcours", "quiz-the-route"),
                "title": T("Toets: de route", "Test\u00a0: le parcours", "Quiz: the route"),
                "intro": T(
                    "Vier vragen over de route van een traject.",
                    "Quatre questions sur le parcours d'un trajet.",
                    "Four questions on the route of a traject.",
                ),
                "duration": 10,
                "body": [
                    quiz(
                        "m1-l3-quiz",
                        T("Toets: de route", "Test\u00a0: le parcours", "Quiz: the route"),
                        QUIZ_INTRO,
                        [
                            question(
                                "m1q1",
                                "single",
                                T(
                                    "Binnen welke termijn start een traject na de aanmelding?",
                                    "Dans quel délai un trajet commence-t-il après l'inscription\u00a0?",
                                    "How soon after the registration does a traject start?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Binnen 1 dag tot 3 weken",
                                            "Dans un délai d'un jour à trois semaines",
                                            "Within 1 day to 3 weeks",
                                        ),
                                        T(
                                            "Juist: er is geen wachtlijst, de start volgt binnen drie weken.",
                                            "Exact\u00a0: il n'y a pas de liste d'attente, le trajet commence dans les trois semaines.",
                                            "Right: there is no waiting list, the start follows within three weeks.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Na een wachtlijst van enkele maanden",
                                            "Après une liste d'attente de quelques mois",
                                            "After a waiting list of a few months",
                                        ),
                                        T(
                                            "Nee: Eigen Kracht Centrale heeft geen wachtlijst.",
                                            "Non\u00a0: Eigen Kracht Centrale n'a pas de liste d'attente.",
                                            "No: Eigen Kracht Centrale has no waiting list.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Pas als een rechter het beslist",
                                            "Seulement sur décision d'un juge",
                                            "Only when a judge decides so",
                                        ),
                                        T(
                                            "Nee: de start hangt af van het akkoord van het gezin, niet van een rechter.",
                                            "Non\u00a0: le début dépend de l'accord de la famille, pas d'un juge.",
                                            "No: the start depends on the family's agreement, not on a judge.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m1q2",
                                "multiple",
                                T(
                                    "Wie kan een Eigen Kracht-conferentie aanmelden?",
                                    "Qui peut inscrire une conférence Eigen Kracht\u00a0?",
                                    "Who can register an Eigen Kracht conference?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "De burger zelf",
                                            "Le citoyen lui-même",
                                            "The citizen themselves",
                                        ),
                                        T(
                                            "Juist: iedereen kan aanmelden.",
                                            "Exact\u00a0: tout le monde peut s'inscrire.",
                                            "Right: anyone can register.",
                                        ),
                                    ),
                                    (
                                        True,
                                        T(
                                            "Een hulpverlener, in samenspraak met het gezin",
                                            "Un travailleur social, en accord avec la famille",
                                            "A social worker, in agreement with the family",
                                        ),
                                        T(
                                            "Juist: zo gebeuren de meeste aanmeldingen.",
                                            "Exact\u00a0: c'est ainsi que se font la plupart des inscriptions.",
                                            "Right: that is how most registrations happen.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Een hulpverlener, zonder dat het gezin het weet",
                                            "Un travailleur social, sans que la famille le sache",
                                            "A social worker, without the family knowing",
                                        ),
                                        T(
                                            "Nee: een aanmelding gebeurt altijd met het akkoord van de kernpersoon of het gezin.",
                                            "Non\u00a0: une inscription se fait toujours avec l'accord de la personne ou de la famille centrale.",
                                            "No: a registration always has the core person's or family's agreement.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m1q3",
                                "single",
                                T(
                                    "Met wie neemt de coördinator vóór de conferentie contact op?",
                                    "Avec qui le coordinateur prend-il contact avant la conférence\u00a0?",
                                    "Whom does the coordinator contact before the conference?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Met elke deelnemer",
                                            "Avec chaque participant",
                                            "Every participant",
                                        ),
                                        T(
                                            "Juist: elke deelnemer wordt vooraf gecontacteerd en gemotiveerd.",
                                            "Exact\u00a0: chaque participant est contacté et motivé au préalable.",
                                            "Right: every participant is contacted and motivated beforehand.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Alleen met de kernpersoon",
                                            "Seulement avec la personne centrale",
                                            "Only the core person",
                                        ),
                                        T(
                                            "Nee: ook de andere deelnemers spreek je vooraf.",
                                            "Non\u00a0: vous parlez aussi aux autres participants au préalable.",
                                            "No: you talk to the other participants beforehand too.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Alleen met de hulpverleners",
                                            "Seulement avec les travailleurs sociaux",
                                            "Only the social workers",
                                        ),
                                        T(
                                            "Nee: het netwerk van het gezin staat centraal.",
                                            "Non\u00a0: le réseau de la famille est au centre.",
                                            "No: the family's network comes first.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m1q4",
                                "multiple",
                                T(
                                    "Wat regelt de coördinator in de praktische organisatie?",
                                    "Que règle le coordinateur dans l'organisation pratique\u00a0?",
                                    "What does the coordinator arrange in the practical organisation?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "De datum en de plaats",
                                            "La date et le lieu",
                                            "The date and the place",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        True,
                                        T(
                                            "Kinderopvang en vervoer",
                                            "La garde d'enfants et le transport",
                                            "Childcare and transport",
                                        ),
                                        T(
                                            "Juist: zo neem je drempels weg om deel te nemen.",
                                            "Exact\u00a0: vous levez ainsi des obstacles à la participation.",
                                            "Right: that removes thresholds to taking part.",
                                        ),
                                    ),
                                    (
                                        True,
                                        T(
                                            "De taal, met een tolk als dat nodig is",
                                            "La langue, avec un interprète si nécessaire",
                                            "The language, with an interpreter if needed",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "De oplossing voor het probleem",
                                            "La solution au problème",
                                            "The solution to the problem",
                                        ),
                                        T(
                                            "Nee: de oplossing bedenkt het netwerk zelf.",
                                            "Non\u00a0: c'est le réseau lui-même qui trouve la solution.",
                                            "No: the network thinks of the solution itself.",
                                        ),
                                    ),
                                ],
                            ),
                        ],
                    )
                ],
            },
        ],
    },
    # --- Module 2: the independent coordinator ------------------------------------------------
    {
        "key": "m2",
        "slug": T(
            "de-onafhankelijke-coordinator",
            "le-coordinateur-independant",
            "the-independent-coordinator",
        ),
        "title": T(
            "De onafhankelijke coördinator",
            "Le coordinateur indépendant",
            "The independent coordinator",
        ),
        "intro": T(
            "Organisator, geen hulpverlener: wat je als coördinator doet en wat niet.",
            "Organisateur, pas travailleur social\u00a0: ce que fait le coordinateur, et ce qu'il ne fait pas.",
            "An organiser, not a counsellor: what you do as a coordinator, and what you don't.",
        ),
        "duration": 40,
        "body": [
            paragraph(
                "m2-p1",
                T(
                    "<p>De onafhankelijke coördinator is een van de drie pijlers van een Eigen "
                    "Kracht-traject, naast de voorbereiding van het netwerk en het recht op "
                    "besloten tijd. In deze module leer je wat die onafhankelijkheid "
                    "betekent.</p>",
                    "<p>Le coordinateur indépendant est l'un des trois piliers d'un trajet "
                    "Eigen Kracht, avec la préparation du réseau et le droit au temps privé. "
                    "Dans ce module, vous apprenez ce que signifie cette indépendance.</p>",
                    "<p>The independent coordinator is one of the three pillars of an Eigen "
                    "Kracht traject, beside the preparation of the network and the right to "
                    "private time. In this module you learn what that independence means.</p>",
                ),
            )
        ],
        "lessons": [
            {
                "key": "m2-l1",
                "slug": T(
                    "wie-is-de-coordinator", "qui-est-le-coordinateur", "who-is-the-coordinator"
                ),
                "title": T(
                    "Wie is de coördinator?",
                    "Qui est le coordinateur\u00a0?",
                    "Who is the coordinator?",
                ),
                "intro": T(
                    "Een vrijwillige burger, goed opgeleid en altijd gesteund.",
                    "Un citoyen bénévole, bien formé et toujours soutenu.",
                    "A volunteer citizen, well trained and always supported.",
                ),
                "duration": 15,
                "body": [
                    heading(
                        "m2-l1-h1",
                        T("Een vrijwillige burger", "Un citoyen bénévole", "A volunteer citizen"),
                    ),
                    paragraph(
                        "m2-l1-p1",
                        T(
                            "<p>De Eigen Kracht-coördinator is een vrijwillige burger die:</p><ul>"
                            "<li>goed opgeleid is;</li>"
                            "<li>steeds ondersteund wordt door een coach, met kansen op "
                            "intervisie en supervisie;</li>"
                            "<li><b>één traject tegelijk</b> ondersteunt.</li></ul>"
                            "<p>Omdat je geen hulpverlener bent en niet voor een organisatie "
                            "werkt die iets van het gezin verwacht, ben je onafhankelijk. Dat "
                            "maakt het voor het netwerk veiliger om vrijuit te spreken.</p>",
                            "<p>Le coordinateur Eigen Kracht est un citoyen bénévole qui\u00a0:</p><ul>"
                            "<li>est bien formé\u00a0;</li>"
                            "<li>est toujours soutenu par un coach, avec des possibilités "
                            "d'intervision et de supervision\u00a0;</li>"
                            "<li>accompagne <b>un seul trajet à la fois</b>.</li></ul>"
                            "<p>Comme vous n'êtes pas travailleur social et ne travaillez pas "
                            "pour un service qui attend quelque chose de la famille, vous êtes "
                            "indépendant. Le réseau peut ainsi parler plus librement.</p>",
                            "<p>The Eigen Kracht coordinator is a volunteer citizen who:</p><ul>"
                            "<li>is well trained;</li>"
                            "<li>is always supported by a coach, with chances for intervision "
                            "and supervision;</li>"
                            "<li>supports <b>one traject at a time</b>.</li></ul>"
                            "<p>Because you are not a social worker and do not work for an "
                            "organisation that expects something of the family, you are "
                            "independent. That makes it safer for the network to speak "
                            "freely.</p>",
                        ),
                    ),
                    route(
                        "m2-l1-pillars",
                        T("De drie pijlers", "Les trois piliers", "The three pillars"),
                        [
                            (
                                T(
                                    "Voorbereiding van het netwerk",
                                    "Préparation du réseau",
                                    "Preparation of the network",
                                ),
                                T(
                                    "Iedereen die meedenkt, is vooraf gesproken en weet waarom hij komt.",
                                    "Chaque personne qui participe a été contactée et sait pourquoi elle vient.",
                                    "Everyone taking part has been spoken to and knows why they come.",
                                ),
                            ),
                            (
                                T(
                                    "Recht op besloten tijd",
                                    "Droit au temps privé",
                                    "Right to private time",
                                ),
                                T(
                                    "Het informele netwerk overlegt alleen, zonder professionals.",
                                    "Le réseau informel se concerte seul, sans professionnels.",
                                    "The informal network talks alone, without professionals.",
                                ),
                            ),
                            (
                                T(
                                    "De onafhankelijke coördinator",
                                    "Le coordinateur indépendant",
                                    "The independent coordinator",
                                ),
                                T(
                                    "Een opgeleide vrijwilliger die organiseert, niet adviseert.",
                                    "Un bénévole formé qui organise, sans conseiller.",
                                    "A trained volunteer who organises, and does not advise.",
                                ),
                            ),
                        ],
                    ),
                ],
            },
            {
                "key": "m2-l2",
                "slug": T(
                    "wat-doe-je-wel-en-niet", "ce-que-vous-faites-ou-non", "what-you-do-and-dont"
                ),
                "title": T(
                    "Wat doe je wel, wat doe je niet?",
                    "Ce que vous faites, et ce que vous ne faites pas",
                    "What you do, and what you don't",
                ),
                "intro": T(
                    "Je organiseert en faciliteert; de inhoud is van het gezin.",
                    "Vous organisez et facilitez\u00a0; le contenu appartient à la famille.",
                    "You organise and facilitate; the content belongs to the family.",
                ),
                "duration": 15,
                "body": [
                    heading("m2-l2-h1", T("Wel", "Oui", "You do")),
                    paragraph(
                        "m2-l2-p1",
                        T(
                            "<ul><li>Je organiseert de bijeenkomst en faciliteert ze.</li>"
                            "<li>Je hebt met elke deelnemer vooraf contact.</li>"
                            "<li>Je volgt het tempo van de kernpersoon en het netwerk; een "
                            "traject mag even pauzeren.</li>"
                            "<li>Na een maand neem je opnieuw contact op: hoe loopt het?</li></ul>",
                            "<ul><li>Vous organisez la rencontre et l'animez.</li>"
                            "<li>Vous avez un contact préalable avec chaque participant.</li>"
                            "<li>Vous suivez le rythme de la personne centrale et du réseau\u00a0; "
                            "un trajet peut faire une pause.</li>"
                            "<li>Un mois plus tard, vous reprenez contact\u00a0: comment ça se "
                            "passe\u00a0?</li></ul>",
                            "<ul><li>You organise the meeting and facilitate it.</li>"
                            "<li>You are in touch with every participant beforehand.</li>"
                            "<li>You follow the pace of the core person and the network; a "
                            "traject may pause.</li>"
                            "<li>After a month you get in touch again: how is it going?</li></ul>",
                        ),
                    ),
                    heading("m2-l2-h2", T("Niet", "Non", "You don't")),
                    paragraph(
                        "m2-l2-p2",
                        T(
                            "<ul><li>Je gaat niet in op de inhoud van de vraag en geeft geen "
                            "advies.</li>"
                            "<li>Je kiest niet waarover het plan gaat of wie er komt: dat kiest "
                            "de kernpersoon.</li>"
                            "<li>Je blijft niet bij de besloten tijd en je schrijft het plan "
                            "niet.</li>"
                            "<li>Je taak eindigt na de verspreiding van het plan.</li></ul>",
                            "<ul><li>Vous n'entrez pas dans le contenu de la question et ne "
                            "donnez pas de conseils.</li>"
                            "<li>Vous ne choisissez ni le sujet du plan ni les personnes "
                            "invitées\u00a0: c'est la personne centrale qui choisit.</li>"
                            "<li>Vous ne restez pas pendant le temps privé et vous n'écrivez "
                            "pas le plan.</li>"
                            "<li>Votre tâche se termine quand le plan a été diffusé.</li></ul>",
                            "<ul><li>You do not go into the content of the question and give "
                            "no advice.</li>"
                            "<li>You do not choose what the plan is about or who comes: the "
                            "core person chooses.</li>"
                            "<li>You do not stay for the private time and you do not write the "
                            "plan.</li>"
                            "<li>Your task ends once the plan has been distributed.</li></ul>",
                        ),
                    ),
                    reflection(
                        "m2-l2-reflection",
                        T(
                            'Een grootmoeder vraagt je: "Wat zou jij doen?" Hoe antwoord je, zonder de inhoud over te nemen?',
                            "Une grand-mère vous demande\u00a0: «\u00a0Que feriez-vous\u00a0?\u00a0» Comment répondez-vous sans prendre le contenu en main\u00a0?",
                            'A grandmother asks you: "What would you do?" How do you answer without taking over the content?',
                        ),
                        T(
                            "Denk aan een vraag die je terug kunt geven aan het netwerk.",
                            "Pensez à une question que vous pouvez renvoyer au réseau.",
                            "Think of a question you can hand back to the network.",
                        ),
                    ),
                ],
            },
            {
                "key": "m2-l3",
                "slug": T("toets-de-coordinator", "test-le-coordinateur", "quiz-the-coordinator"),
                "title": T(
                    "Toets: de coördinator", "Test\u00a0: le coordinateur", "Quiz: the coordinator"
                ),
                "intro": T(
                    "Vier vragen over de rol van de onafhankelijke coördinator.",
                    "Quatre questions sur le rôle du coordinateur indépendant.",
                    "Four questions on the role of the independent coordinator.",
                ),
                "duration": 10,
                "body": [
                    quiz(
                        "m2-l3-quiz",
                        T(
                            "Toets: de coördinator",
                            "Test\u00a0: le coordinateur",
                            "Quiz: the coordinator",
                        ),
                        QUIZ_INTRO,
                        [
                            question(
                                "m2q1",
                                "single",
                                T(
                                    "Hoeveel trajecten begeleidt een coördinator tegelijk?",
                                    "Combien de trajets un coordinateur accompagne-t-il à la fois\u00a0?",
                                    "How many trajects does a coordinator support at a time?",
                                ),
                                [
                                    (
                                        True,
                                        T("Eén", "Un seul", "One"),
                                        T(
                                            "Juist: één traject tegelijk, zodat je er helemaal voor kunt gaan.",
                                            "Exact\u00a0: un seul trajet à la fois, pour pouvoir s'y consacrer pleinement.",
                                            "Right: one traject at a time, so that you can give it your all.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T("Twee of drie", "Deux ou trois", "Two or three"),
                                        T(
                                            "Nee: het is er altijd één.",
                                            "Non\u00a0: c'est toujours un seul.",
                                            "No: it is always one.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Zoveel als de regio nodig heeft",
                                            "Autant que la région en a besoin",
                                            "As many as the region needs",
                                        ),
                                        T(
                                            "Nee: de regio zoekt een andere vrijwilliger.",
                                            "Non\u00a0: la région cherche un autre bénévole.",
                                            "No: the region looks for another volunteer.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m2q2",
                                "multiple",
                                T(
                                    "Wat hoort bij de taak van de coördinator?",
                                    "Qu'est-ce qui fait partie de la tâche du coordinateur\u00a0?",
                                    "What is part of the coordinator's task?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Vooraf contact met elke deelnemer",
                                            "Un contact préalable avec chaque participant",
                                            "Contact with every participant beforehand",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        True,
                                        T(
                                            "De praktische organisatie van de bijeenkomst",
                                            "L'organisation pratique de la rencontre",
                                            "The practical organisation of the meeting",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Het gezin adviseren over de beste oplossing",
                                            "Conseiller la famille sur la meilleure solution",
                                            "Advising the family on the best solution",
                                        ),
                                        T(
                                            "Nee: je gaat niet in op de inhoud van de vraag.",
                                            "Non\u00a0: vous n'entrez pas dans le contenu de la question.",
                                            "No: you do not go into the content of the question.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Het plan voor het gezin schrijven",
                                            "Écrire le plan pour la famille",
                                            "Writing the plan for the family",
                                        ),
                                        T(
                                            "Nee: het netwerk maakt zijn eigen plan.",
                                            "Non\u00a0: le réseau fait son propre plan.",
                                            "No: the network makes its own plan.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m2q3",
                                "single",
                                T(
                                    "Wie kiest waarover het plan gaat en wie er uitgenodigd wordt?",
                                    "Qui choisit le sujet du plan et les personnes invitées\u00a0?",
                                    "Who chooses what the plan is about and who is invited?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "De kernpersoon",
                                            "La personne centrale",
                                            "The core person",
                                        ),
                                        T(
                                            "Juist: de kernpersoon kiest, op het eigen tempo.",
                                            "Exact\u00a0: la personne centrale choisit, à son rythme.",
                                            "Right: the core person chooses, at their own pace.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T("De coördinator", "Le coordinateur", "The coordinator"),
                                        T(
                                            "Nee: jij organiseert, de kernpersoon kiest.",
                                            "Non\u00a0: vous organisez, la personne centrale choisit.",
                                            "No: you organise, the core person chooses.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "De aanmelder",
                                            "La personne qui a fait l'inscription",
                                            "The registrant",
                                        ),
                                        T(
                                            "Nee: ook als een hulpverlener aanmeldt, kiest de kernpersoon.",
                                            "Non\u00a0: même quand un travailleur social inscrit, c'est la personne centrale qui choisit.",
                                            "No: even when a social worker registers, the core person chooses.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m2q4",
                                "single",
                                T(
                                    "Wanneer eindigt de taak van de coördinator?",
                                    "Quand la tâche du coordinateur se termine-t-elle\u00a0?",
                                    "When does the coordinator's task end?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Na de verspreiding van het plan, met nog een contact een maand later",
                                            "Après la diffusion du plan, avec encore un contact un mois plus tard",
                                            "After the plan is distributed, with one more contact a month later",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Zodra de besloten tijd begint",
                                            "Dès que le temps privé commence",
                                            "As soon as the private time starts",
                                        ),
                                        T(
                                            "Nee: na de besloten tijd overloop je het plan nog met het netwerk.",
                                            "Non\u00a0: après le temps privé, vous parcourez encore le plan avec le réseau.",
                                            "No: after the private time you still go through the plan with the network.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Als alle acties van het plan uitgevoerd zijn",
                                            "Quand toutes les actions du plan sont réalisées",
                                            "When every action of the plan has been carried out",
                                        ),
                                        T(
                                            "Nee: het netwerk voert het plan zelf uit.",
                                            "Non\u00a0: le réseau met lui-même le plan en œuvre.",
                                            "No: the network carries out the plan itself.",
                                        ),
                                    ),
                                ],
                            ),
                        ],
                    )
                ],
            },
        ],
    },
    # --- Module 3: the conference in three parts ----------------------------------------------
    {
        "key": "m3",
        "slug": T(
            "de-conferentie-in-drie-delen",
            "la-conference-en-trois-parties",
            "the-conference-in-three-parts",
        ),
        "title": T(
            "De conferentie in drie delen",
            "La conférence en trois parties",
            "The conference in three parts",
        ),
        "intro": T(
            "Het open gedeelte, de besloten tijd en de voorstelling van het plan.",
            "La partie ouverte, le temps privé et la présentation du plan.",
            "The open part, the private time and the presentation of the plan.",
        ),
        "duration": 45,
        "body": [
            paragraph(
                "m3-p1",
                T(
                    "<p>Fase 2 van het traject is de bijeenkomst zelf. Ze bestaat uit drie "
                    "delen: het open gedeelte, de besloten tijd en de voorstelling van het plan. "
                    "In deze module ontdek je wat er in elk deel gebeurt en waarom de besloten "
                    "tijd zo belangrijk is.</p>",
                    "<p>La phase 2 du trajet est la rencontre elle-même. Elle comprend trois "
                    "parties\u00a0: la partie ouverte, le temps privé et la présentation du plan. "
                    "Dans ce module, vous découvrez ce qui se passe dans chaque partie et "
                    "pourquoi le temps privé est si important.</p>",
                    "<p>Phase 2 of the traject is the meeting itself. It has three parts: the "
                    "open part, the private time and the presentation of the plan. In this "
                    "module you find out what happens in each part and why the private time "
                    "matters so much.</p>",
                ),
            )
        ],
        "lessons": [
            {
                "key": "m3-l1",
                "slug": T("het-open-gedeelte", "la-partie-ouverte", "the-open-part"),
                "title": T("Het open gedeelte", "La partie ouverte", "The open part"),
                "intro": T(
                    "Informatie uitwisselen: iedereen weet waarover het gaat.",
                    "Échanger des informations\u00a0: chacun sait de quoi il s'agit.",
                    "Sharing information: everyone knows what it is about.",
                ),
                "duration": 15,
                "body": [
                    route(
                        "m3-l1-route",
                        T("De drie delen", "Les trois parties", "The three parts"),
                        [
                            (
                                T(
                                    "1. Het open gedeelte",
                                    "1. La partie ouverte",
                                    "1. The open part",
                                ),
                                T(
                                    "Informatie uitwisselen.",
                                    "Échanger des informations.",
                                    "Sharing information.",
                                ),
                            ),
                            (
                                T(
                                    "2. De besloten tijd",
                                    "2. Le temps privé",
                                    "2. The private time",
                                ),
                                T(
                                    "Het netwerk overlegt en bedenkt het plan.",
                                    "Le réseau se concerte et imagine le plan.",
                                    "The network talks and thinks of the plan.",
                                ),
                            ),
                            (
                                T(
                                    "3. De voorstelling van het plan",
                                    "3. La présentation du plan",
                                    "3. The presentation of the plan",
                                ),
                                T(
                                    "Voorstelling en toetsing.",
                                    "Présentation et vérification.",
                                    "Presentation and checks.",
                                ),
                            ),
                        ],
                    ),
                    heading(
                        "m3-l1-h1",
                        T(
                            "Wat gebeurt er in het open gedeelte?",
                            "Que se passe-t-il dans la partie ouverte\u00a0?",
                            "What happens in the open part?",
                        ),
                    ),
                    paragraph(
                        "m3-l1-p1",
                        T(
                            "<ul><li>De deelnemers stellen zich voor.</li>"
                            "<li>De vraag of vragen worden (nogmaals) gedeeld.</li>"
                            "<li>Professionals en deskundigen stellen hun informatie ter "
                            "beschikking.</li>"
                            "<li>De deelnemers kunnen vragen stellen.</li></ul>"
                            "<p>Professionals brengen informatie, geen beslissingen: wat het "
                            "netwerk met die informatie doet, bepaalt het zelf.</p>",
                            "<ul><li>Les participants se présentent.</li>"
                            "<li>La ou les questions sont (à nouveau) partagées.</li>"
                            "<li>Les professionnels et les experts mettent leurs informations "
                            "à disposition.</li>"
                            "<li>Les participants peuvent poser des questions.</li></ul>"
                            "<p>Les professionnels apportent des informations, pas des "
                            "décisions\u00a0: ce que le réseau en fait, il le décide lui-même.</p>",
                            "<ul><li>The participants introduce themselves.</li>"
                            "<li>The question or questions are shared (again).</li>"
                            "<li>Professionals and experts make their information "
                            "available.</li>"
                            "<li>The participants can ask questions.</li></ul>"
                            "<p>Professionals bring information, not decisions: what the "
                            "network does with it is up to the network.</p>",
                        ),
                    ),
                ],
            },
            {
                "key": "m3-l2",
                "slug": T("de-besloten-tijd", "le-temps-prive", "the-private-time"),
                "title": T("De besloten tijd", "Le temps privé", "The private time"),
                "intro": T(
                    "Het netwerk overlegt alleen: zonder hulpverleners en zonder coördinator.",
                    "Le réseau se concerte seul\u00a0: sans travailleurs sociaux ni coordinateur.",
                    "The network talks alone: without social workers and without the coordinator.",
                ),
                "duration": 20,
                "body": [
                    paragraph(
                        "m3-l2-p1",
                        T(
                            "<p>In de besloten tijd overleggen de deelnemers uit het persoonlijk "
                            "netwerk en maken ze samen een plan. <b>Hulpverleners en de "
                            "coördinator zijn niet aanwezig.</b></p>",
                            "<p>Pendant le temps privé, les participants du réseau personnel se "
                            "concertent et font ensemble un plan. <b>Les travailleurs sociaux et "
                            "le coordinateur ne sont pas présents.</b></p>",
                            "<p>In the private time the participants from the personal network "
                            "talk and make a plan together. <b>Social workers and the "
                            "coordinator are not present.</b></p>",
                        ),
                    ),
                    heading(
                        "m3-l2-h1",
                        T(
                            "Waarom is dat belangrijk?",
                            "Pourquoi est-ce important\u00a0?",
                            "Why does it matter?",
                        ),
                    ),
                    paragraph(
                        "m3-l2-p2",
                        T(
                            "<ul><li>Het netwerk overlegt binnen de eigen kring, met mensen die "
                            "het zelf heeft uitgenodigd en die willen meedenken.</li>"
                            "<li>In het besloten deel circuleert informatie die anders niet "
                            "gedeeld zou worden, en geen sociaal wenselijke antwoorden.</li>"
                            "<li>Eigenaarschap: de regie blijft zoveel mogelijk bij de mensen "
                            "zelf, over wat er wel en niet besproken wordt en over welke acties "
                            "en oplossingen het best passen.</li></ul>"
                            "<p>Wat er in de besloten tijd gezegd wordt, blijft daar: ook Kring "
                            "bewaart er niets van, alleen het plan dat het netwerk "
                            "voorstelt.</p>",
                            "<ul><li>Le réseau se concerte dans son propre cercle, avec des "
                            "personnes qu'il a lui-même invitées et qui veulent réfléchir avec "
                            "lui.</li>"
                            "<li>Pendant le temps privé circulent des informations qui ne "
                            "seraient pas partagées autrement, et non des réponses socialement "
                            "souhaitables.</li>"
                            "<li>L'appropriation\u00a0: les personnes gardent autant que possible la "
                            "maîtrise de ce dont on parle ou non et des actions et solutions qui "
                            "conviennent le mieux.</li></ul>"
                            "<p>Ce qui est dit pendant le temps privé y reste\u00a0: Kring n'en "
                            "garde rien non plus, seulement le plan que le réseau "
                            "présente.</p>",
                            "<ul><li>The network talks within its own circle, with people it "
                            "invited itself and who want to think along.</li>"
                            "<li>In the private part, information is shared that otherwise "
                            "would not be, rather than socially desirable answers.</li>"
                            "<li>Ownership: the people themselves stay in charge as much as "
                            "possible, of what is and is not discussed and of which actions and "
                            "solutions fit best.</li></ul>"
                            "<p>What is said in the private time stays there: Kring keeps "
                            "nothing of it either, only the plan the network presents.</p>",
                        ),
                    ),
                    quote(
                        "m3-l2-quote",
                        T(
                            "Respecteer ons als eigenaar van het probleem. Laat ons samen overleggen. Laat ons een plan maken.",
                            "Respectez-nous comme propriétaires du problème. Laissez-nous nous concerter. Laissez-nous faire un plan.",
                            "Respect us as the owners of the problem. Let us talk together. Let us make a plan.",
                        ),
                        T(
                            "Maori-families in Nieuw-Zeeland, aan de oorsprong van Family Group Conferencing",
                            "Familles maories de Nouvelle-Zélande, à l'origine du Family Group Conferencing",
                            "Maori families in New Zealand, at the origin of Family Group Conferencing",
                        ),
                    ),
                    reflection(
                        "m3-l2-reflection",
                        T(
                            "Wat zou het voor jou betekenen als een buitenstaander meeluistert bij een overleg in je eigen familie?",
                            "Que ressentiriez-vous si une personne extérieure écoutait une concertation dans votre propre famille\u00a0?",
                            "How would it feel if an outsider listened in on a talk in your own family?",
                        ),
                        T(
                            "Wat zou je dan wel of net niet zeggen?",
                            "Que diriez-vous alors, ou ne diriez-vous pas\u00a0?",
                            "What would you say then, or not say?",
                        ),
                    ),
                ],
            },
            {
                "key": "m3-l3",
                "slug": T("toets-de-conferentie", "test-la-conference", "quiz-the-conference"),
                "title": T(
                    "Toets: de conferentie", "Test\u00a0: la conférence", "Quiz: the conference"
                ),
                "intro": T(
                    "Vier vragen over de drie delen van de conferentie.",
                    "Quatre questions sur les trois parties de la conférence.",
                    "Four questions on the three parts of the conference.",
                ),
                "duration": 10,
                "body": [
                    quiz(
                        "m3-l3-quiz",
                        T(
                            "Toets: de conferentie",
                            "Test\u00a0: la conférence",
                            "Quiz: the conference",
                        ),
                        QUIZ_INTRO,
                        [
                            question(
                                "m3q1",
                                "single",
                                T(
                                    "Wie is er aanwezig tijdens de besloten tijd?",
                                    "Qui est présent pendant le temps privé\u00a0?",
                                    "Who is present during the private time?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Alleen het persoonlijk netwerk",
                                            "Seulement le réseau personnel",
                                            "Only the personal network",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Het netwerk en de coördinator",
                                            "Le réseau et le coordinateur",
                                            "The network and the coordinator",
                                        ),
                                        T(
                                            "Nee: ook de coördinator verlaat de ruimte.",
                                            "Non\u00a0: le coordinateur quitte aussi la salle.",
                                            "No: the coordinator leaves the room too.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Het netwerk en de hulpverleners",
                                            "Le réseau et les travailleurs sociaux",
                                            "The network and the social workers",
                                        ),
                                        T(
                                            "Nee: hulpverleners brengen hun informatie in het open gedeelte en gaan dan weg.",
                                            "Non\u00a0: les travailleurs sociaux apportent leurs informations dans la partie ouverte, puis s'en vont.",
                                            "No: social workers bring their information in the open part and then leave.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m3q2",
                                "multiple",
                                T(
                                    "Wat gebeurt er in het open gedeelte?",
                                    "Que se passe-t-il dans la partie ouverte\u00a0?",
                                    "What happens in the open part?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "De deelnemers stellen zich voor",
                                            "Les participants se présentent",
                                            "The participants introduce themselves",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        True,
                                        T(
                                            "De vraag wordt gedeeld",
                                            "La question est partagée",
                                            "The question is shared",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        True,
                                        T(
                                            "Professionals brengen informatie",
                                            "Les professionnels apportent des informations",
                                            "Professionals bring information",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Het netwerk beslist over het plan",
                                            "Le réseau décide du plan",
                                            "The network decides on the plan",
                                        ),
                                        T(
                                            "Nee: het plan ontstaat in de besloten tijd.",
                                            "Non\u00a0: le plan naît pendant le temps privé.",
                                            "No: the plan is made in the private time.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m3q3",
                                "single",
                                T(
                                    "Waarom is de besloten tijd belangrijk?",
                                    "Pourquoi le temps privé est-il important\u00a0?",
                                    "Why does the private time matter?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Er wordt gedeeld wat anders niet gezegd zou worden, en de regie blijft bij het netwerk",
                                            "On partage ce qui ne serait pas dit autrement, et le réseau garde la maîtrise",
                                            "Things are shared that would not be said otherwise, and the network stays in charge",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Zodat de coördinator even kan pauzeren",
                                            "Pour que le coordinateur puisse faire une pause",
                                            "So the coordinator can take a break",
                                        ),
                                        T(
                                            "Nee: het gaat om het eigenaarschap van het netwerk.",
                                            "Non\u00a0: il s'agit de l'appropriation par le réseau.",
                                            "No: it is about the network's ownership.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Omdat hulpverleners geen tijd hebben",
                                            "Parce que les travailleurs sociaux n'ont pas le temps",
                                            "Because social workers have no time",
                                        ),
                                        T(
                                            "Nee: ze gaan bewust weg, om het netwerk de ruimte te geven.",
                                            "Non\u00a0: ils partent volontairement, pour laisser de la place au réseau.",
                                            "No: they leave on purpose, to give the network room.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m3q4",
                                "single",
                                T(
                                    "Wat noteert de coördinator over de besloten tijd?",
                                    "Que note le coordinateur à propos du temps privé\u00a0?",
                                    "What does the coordinator record about the private time?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Niets: alleen het plan dat het netwerk voorstelt",
                                            "Rien\u00a0: seulement le plan que le réseau présente",
                                            "Nothing: only the plan the network presents",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Een samenvatting van het gesprek",
                                            "Un résumé de la discussion",
                                            "A summary of the conversation",
                                        ),
                                        T(
                                            "Nee: de coördinator was er niet bij, en wat er gezegd is, blijft in de kring.",
                                            "Non\u00a0: le coordinateur n'était pas là, et ce qui a été dit reste dans le cercle.",
                                            "No: the coordinator was not there, and what was said stays in the circle.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Wie wat gezegd heeft",
                                            "Qui a dit quoi",
                                            "Who said what",
                                        ),
                                        T(
                                            "Nee: dat hoort bij de besloten tijd en wordt nergens bewaard.",
                                            "Non\u00a0: cela fait partie du temps privé et n'est conservé nulle part.",
                                            "No: that belongs to the private time and is kept nowhere.",
                                        ),
                                    ),
                                ],
                            ),
                        ],
                    )
                ],
            },
        ],
    },
    # --- Module 4: the plan and its three checks ----------------------------------------------
    {
        "key": "m4",
        "slug": T(
            "het-plan-en-de-drie-toetsen",
            "le-plan-et-les-trois-verifications",
            "the-plan-and-its-three-checks",
        ),
        "title": T(
            "Het plan en de drie toetsen",
            "Le plan et les trois vérifications",
            "The plan and its three checks",
        ),
        "intro": T(
            "Veilig? Wettelijk? Werkbaar? En wie komt samen als het plan bijsturing nodig heeft?",
            "Sûr\u00a0? Légal\u00a0? Réalisable\u00a0? Et qui se réunit si le plan doit être ajusté\u00a0?",
            "Safe? Legal? Workable? And who meets again if the plan needs adjusting?",
        ),
        "duration": 40,
        "body": [
            paragraph(
                "m4-p1",
                T(
                    "<p>Na de besloten tijd komt het netwerk terug met zijn plan. In deze module "
                    "leer je hoe je het plan samen met het netwerk overloopt en toetst, zonder "
                    "zelf over de inhoud te beslissen.</p>",
                    "<p>Après le temps privé, le réseau revient avec son plan. Dans ce module, "
                    "vous apprenez à parcourir et à vérifier le plan avec le réseau, sans "
                    "décider vous-même du contenu.</p>",
                    "<p>After the private time the network comes back with its plan. In this "
                    "module you learn how to go through the plan with the network and check it, "
                    "without deciding on its content yourself.</p>",
                ),
            )
        ],
        "lessons": [
            {
                "key": "m4-l1",
                "slug": T(
                    "de-voorstelling-van-het-plan", "la-presentation-du-plan", "presenting-the-plan"
                ),
                "title": T(
                    "De voorstelling van het plan", "La présentation du plan", "Presenting the plan"
                ),
                "intro": T(
                    "Het netwerk stelt zijn plan voor; de coördinator overloopt het samen met hen.",
                    "Le réseau présente son plan\u00a0; le coordinateur le parcourt avec lui.",
                    "The network presents its plan; the coordinator goes through it with them.",
                ),
                "duration": 15,
                "body": [
                    paragraph(
                        "m4-l1-p1",
                        T(
                            "<p>Het derde deel van de conferentie is de voorstelling en toetsing "
                            "van het plan. De coördinator overloopt het plan met het netwerk en "
                            "stelt vier vragen:</p><ol>"
                            "<li>Is het plan <b>veilig</b>?</li>"
                            "<li>Is het plan <b>wettelijk</b>?</li>"
                            "<li>Is het plan <b>werkbaar</b>?</li>"
                            "<li><b>Wie komt bij elkaar</b> als het plan bijsturing nodig "
                            "heeft?</li></ol>"
                            "<p>Het plan legt die drie toetsen vast, en wie opnieuw samenkomt "
                            "als het plan bijgestuurd moet worden.</p>",
                            "<p>La troisième partie de la conférence est la présentation et la "
                            "vérification du plan. Le coordinateur parcourt le plan avec le "
                            "réseau et pose quatre questions\u00a0:</p><ol>"
                            "<li>Le plan est-il <b>sûr</b>\u00a0?</li>"
                            "<li>Le plan est-il <b>légal</b>\u00a0?</li>"
                            "<li>Le plan est-il <b>réalisable</b>\u00a0?</li>"
                            "<li><b>Qui se réunit</b> si le plan doit être ajusté\u00a0?</li></ol>"
                            "<p>Le plan consigne ces trois vérifications, et qui se réunit à "
                            "nouveau s'il faut l'ajuster.</p>",
                            "<p>The third part of the conference is the presentation and checking "
                            "of the plan. The coordinator goes through the plan with the network "
                            "and asks four questions:</p><ol>"
                            "<li>Is the plan <b>safe</b>?</li>"
                            "<li>Is the plan <b>legal</b>?</li>"
                            "<li>Is the plan <b>workable</b>?</li>"
                            "<li><b>Who meets again</b> if the plan needs adjusting?</li></ol>"
                            "<p>The plan records these three checks, and who meets again when it "
                            "needs adjusting.</p>",
                        ),
                    ),
                ],
            },
            {
                "key": "m4-l2",
                "slug": T(
                    "veilig-wettelijk-werkbaar", "sur-legal-realisable", "safe-legal-workable"
                ),
                "title": T(
                    "Veilig, wettelijk, werkbaar", "Sûr, légal, réalisable", "Safe, legal, workable"
                ),
                "intro": T(
                    "Je stelt de vragen; het netwerk geeft de antwoorden en stuurt zelf bij.",
                    "Vous posez les questions\u00a0; le réseau répond et ajuste lui-même.",
                    "You ask the questions; the network answers and adjusts the plan itself.",
                ),
                "duration": 20,
                "body": [
                    heading("m4-l2-h1", T("Veilig?", "Sûr\u00a0?", "Safe?")),
                    paragraph(
                        "m4-l2-p1",
                        T(
                            "<p>Is iedereen veilig met dit plan, en zeker het kind of de "
                            "jongere om wie het gaat?</p>",
                            "<p>Tout le monde est-il en sécurité avec ce plan, et surtout "
                            "l'enfant ou le jeune concerné\u00a0?</p>",
                            "<p>Is everyone safe with this plan, above all the child or young "
                            "person it is about?</p>",
                        ),
                    ),
                    heading("m4-l2-h2", T("Wettelijk?", "Légal\u00a0?", "Legal?")),
                    paragraph(
                        "m4-l2-p2",
                        T(
                            "<p>Blijft het plan binnen de wet en binnen wat een rechter of een "
                            "dienst al heeft vastgelegd?</p>",
                            "<p>Le plan reste-t-il dans le cadre de la loi et de ce qu'un juge "
                            "ou un service a déjà fixé\u00a0?</p>",
                            "<p>Does the plan stay within the law and within what a judge or a "
                            "service has already decided?</p>",
                        ),
                    ),
                    heading("m4-l2-h3", T("Werkbaar?", "Réalisable\u00a0?", "Workable?")),
                    paragraph(
                        "m4-l2-p3",
                        T(
                            "<p>Is duidelijk wie wat doet, en wanneer? Kunnen de mensen die "
                            "iets beloven het ook echt waarmaken?</p>"
                            "<p>Twijfelt het netwerk bij een van de vragen, dan stuurt het zelf "
                            "het plan bij. Jij vraagt door, maar je beslist niet in hun "
                            "plaats.</p>",
                            "<p>Est-il clair qui fait quoi, et quand\u00a0? Les personnes qui "
                            "promettent quelque chose peuvent-elles vraiment le faire\u00a0?</p>"
                            "<p>Si le réseau hésite à l'une des questions, il ajuste lui-même le "
                            "plan. Vous posez des questions, mais vous ne décidez pas à sa "
                            "place.</p>",
                            "<p>Is it clear who does what, and when? Can the people who promise "
                            "something really do it?</p>"
                            "<p>If the network hesitates at one of the questions, it adjusts the "
                            "plan itself. You ask further, but you do not decide for them.</p>",
                        ),
                    ),
                    reflection(
                        "m4-l2-reflection",
                        T(
                            "Denk aan een plan dat je ooit met familie of vrienden maakte. Wat maakte het werkbaar, of net niet?",
                            "Pensez à un plan que vous avez fait avec de la famille ou des amis. Qu'est-ce qui le rendait réalisable, ou non\u00a0?",
                            "Think of a plan you once made with family or friends. What made it workable, or not?",
                        ),
                        T(
                            "Wie deed wat? Wat gebeurde er toen iets niet liep zoals gepland?",
                            "Qui faisait quoi\u00a0? Que s'est-il passé quand quelque chose ne s'est pas déroulé comme prévu\u00a0?",
                            "Who did what? What happened when something did not go as planned?",
                        ),
                    ),
                ],
            },
            {
                "key": "m4-l3",
                "slug": T("toets-het-plan", "test-le-plan", "quiz-the-plan"),
                "title": T("Toets: het plan", "Test\u00a0: le plan", "Quiz: the plan"),
                "intro": T(
                    "Vier vragen over het plan en de drie toetsen.",
                    "Quatre questions sur le plan et les trois vérifications.",
                    "Four questions on the plan and its three checks.",
                ),
                "duration": 10,
                "body": [
                    quiz(
                        "m4-l3-quiz",
                        T("Toets: het plan", "Test\u00a0: le plan", "Quiz: the plan"),
                        QUIZ_INTRO,
                        [
                            question(
                                "m4q1",
                                "multiple",
                                T(
                                    "Welke drie toetsen overloopt de coördinator met het netwerk?",
                                    "Quelles trois vérifications le coordinateur parcourt-il avec le réseau\u00a0?",
                                    "Which three checks does the coordinator go through with the network?",
                                ),
                                [
                                    (True, T("Veilig", "Sûr", "Safe"), RIGHT),
                                    (True, T("Wettelijk", "Légal", "Legal"), RIGHT),
                                    (True, T("Werkbaar", "Réalisable", "Workable"), RIGHT),
                                    (
                                        False,
                                        T("Goedkoop", "Bon marché", "Cheap"),
                                        T(
                                            "Nee: dat is geen van de drie toetsen.",
                                            "Non\u00a0: ce n'est pas l'une des trois vérifications.",
                                            "No: that is not one of the three checks.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Goedgekeurd door de hulpverlener",
                                            "Approuvé par le travailleur social",
                                            "Approved by the social worker",
                                        ),
                                        T(
                                            "Nee: het plan is van het netwerk; professionals brengen informatie, geen goedkeuring.",
                                            "Non\u00a0: le plan appartient au réseau\u00a0; les professionnels apportent des informations, pas une approbation.",
                                            "No: the plan belongs to the network; professionals bring information, not approval.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m4q2",
                                "single",
                                T(
                                    "Wat legt het plan naast de drie toetsen nog vast?",
                                    "Que consigne encore le plan, à côté des trois vérifications\u00a0?",
                                    "Besides the three checks, what else does the plan record?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Wie samenkomt als het plan bijsturing nodig heeft",
                                            "Qui se réunit si le plan doit être ajusté",
                                            "Who meets again if the plan needs adjusting",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Wie wat zei tijdens de besloten tijd",
                                            "Qui a dit quoi pendant le temps privé",
                                            "Who said what during the private time",
                                        ),
                                        T(
                                            "Nee: de besloten tijd wordt nergens vastgelegd.",
                                            "Non\u00a0: le temps privé n'est consigné nulle part.",
                                            "No: the private time is recorded nowhere.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "De mening van de coördinator",
                                            "L'avis du coordinateur",
                                            "The coordinator's opinion",
                                        ),
                                        T(
                                            "Nee: de coördinator gaat niet in op de inhoud.",
                                            "Non\u00a0: le coordinateur n'entre pas dans le contenu.",
                                            "No: the coordinator stays out of the content.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m4q3",
                                "single",
                                T(
                                    "Wie maakt het plan?",
                                    "Qui fait le plan\u00a0?",
                                    "Who makes the plan?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Het persoonlijk netwerk",
                                            "Le réseau personnel",
                                            "The personal network",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T("De coördinator", "Le coordinateur", "The coordinator"),
                                        T(
                                            "Nee: de coördinator organiseert.",
                                            "Non\u00a0: le coordinateur organise.",
                                            "No: the coordinator organises.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "De hulpverleners",
                                            "Les travailleurs sociaux",
                                            "The social workers",
                                        ),
                                        T(
                                            "Nee: zij zijn niet aanwezig tijdens de besloten tijd.",
                                            "Non\u00a0: ils ne sont pas présents pendant le temps privé.",
                                            "No: they are not present during the private time.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m4q4",
                                "single",
                                T(
                                    "Een deel van het plan lijkt niet werkbaar. Wat doet de coördinator?",
                                    "Une partie du plan ne semble pas réalisable. Que fait le coordinateur\u00a0?",
                                    "Part of the plan does not look workable. What does the coordinator do?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Vraagt door en laat het netwerk het plan zelf bijsturen",
                                            "Pose des questions et laisse le réseau ajuster lui-même le plan",
                                            "Asks further and lets the network adjust the plan itself",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Past het plan zelf aan",
                                            "Modifie lui-même le plan",
                                            "Changes the plan themselves",
                                        ),
                                        T(
                                            "Nee: het plan blijft van het netwerk.",
                                            "Non\u00a0: le plan reste celui du réseau.",
                                            "No: the plan stays the network's.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Schrapt dat deel zonder overleg",
                                            "Supprime cette partie sans concertation",
                                            "Removes that part without discussion",
                                        ),
                                        T(
                                            "Nee: het netwerk beslist, na de vragen van de coördinator.",
                                            "Non\u00a0: le réseau décide, après les questions du coordinateur.",
                                            "No: the network decides, after the coordinator's questions.",
                                        ),
                                    ),
                                ],
                            ),
                        ],
                    )
                ],
            },
        ],
    },
    # --- Module 5: after the conference (also the refresher module) ---------------------------
    {
        "key": "m5",
        "slug": T("nazorg-en-evaluatie", "suivi-et-evaluation", "follow-up-and-evaluation"),
        "title": T("Nazorg en evaluatie", "Suivi et évaluation", "Follow-up and evaluation"),
        "intro": T(
            "Fase 3: het netwerk voert het plan uit; een maand later neem je opnieuw contact op.",
            "Phase 3\u00a0: le réseau met le plan en œuvre\u00a0; un mois plus tard, vous reprenez contact.",
            "Phase 3: the network carries out the plan; a month later you get in touch again.",
        ),
        "duration": 35,
        "body": [
            paragraph(
                "m5-p1",
                T(
                    "<p>De laatste module van de basisopleiding, en de module die je om de twee "
                    "jaar opnieuw doorloopt om je certificaat te behouden.</p>",
                    "<p>Le dernier module de la formation de base, et celui que vous refaites "
                    "tous les deux ans pour garder votre certificat.</p>",
                    "<p>The last module of the basic training, and the one you go through "
                    "again every two years to keep your certificate.</p>",
                ),
            )
        ],
        "lessons": [
            {
                "key": "m5-l1",
                "slug": T(
                    "de-uitvoering-van-het-plan",
                    "la-mise-en-oeuvre-du-plan",
                    "carrying-out-the-plan",
                ),
                "title": T(
                    "De uitvoering van het plan",
                    "La mise en œuvre du plan",
                    "Carrying out the plan",
                ),
                "intro": T(
                    "Je taak eindigt na de verspreiding van het plan.",
                    "Votre tâche se termine après la diffusion du plan.",
                    "Your task ends once the plan has been distributed.",
                ),
                "duration": 10,
                "body": [
                    paragraph(
                        "m5-l1-p1",
                        T(
                            "<p>Na de conferentie verspreid je het plan onder de deelnemers. "
                            "Daarmee eindigt je taak als coördinator: het netwerk voert het plan "
                            "zelf uit. Heeft het plan bijsturing nodig, dan komen de mensen "
                            "samen die het plan daarvoor aanduidde.</p>",
                            "<p>Après la conférence, vous diffusez le plan aux participants. "
                            "Votre tâche de coordinateur s'arrête là\u00a0: le réseau met lui-même le "
                            "plan en œuvre. Si le plan doit être ajusté, les personnes désignées "
                            "dans le plan se réunissent.</p>",
                            "<p>After the conference you distribute the plan to the "
                            "participants. That ends your task as a coordinator: the network "
                            "carries out the plan itself. If the plan needs adjusting, the "
                            "people the plan named for it meet again.</p>",
                        ),
                    ),
                ],
            },
            {
                "key": "m5-l2",
                "slug": T(
                    "opvolging-na-een-maand", "le-suivi-apres-un-mois", "follow-up-after-a-month"
                ),
                "title": T(
                    "Opvolging na een maand", "Le suivi après un mois", "Follow-up after a month"
                ),
                "intro": T(
                    "Hoe loopt het? Het opvolgingsgesprek en de afsluiting van het traject.",
                    "Comment ça se passe\u00a0? L'entretien de suivi et la clôture du trajet.",
                    "How is it going? The follow-up call and closing the traject.",
                ),
                "duration": 15,
                "body": [
                    paragraph(
                        "m5-l2-p1",
                        T(
                            "<p><b>Een maand</b> nadat het plan verspreid is, neem je opnieuw "
                            "contact op: hoe loopt het? Een traject wordt pas afgesloten na die "
                            "opvolging, of met een genoteerde reden waarom ze niet kon "
                            "plaatsvinden.</p>"
                            "<p>Ook nu blijft de regie bij het gezin: je luistert, je vraagt of "
                            "de afgesproken mensen opnieuw moeten samenkomen, maar je neemt het "
                            "plan niet over.</p>",
                            "<p><b>Un mois</b> après la diffusion du plan, vous reprenez contact\u00a0: "
                            "comment ça se passe\u00a0? Un trajet n'est clôturé qu'après ce suivi, ou "
                            "avec une raison notée expliquant pourquoi il n'a pas pu avoir "
                            "lieu.</p>"
                            "<p>Ici aussi, la famille garde la maîtrise\u00a0: vous écoutez, vous "
                            "demandez si les personnes convenues doivent se réunir à nouveau, "
                            "mais vous ne reprenez pas le plan en main.</p>",
                            "<p><b>One month</b> after the plan was distributed, you get in touch "
                            "again: how is it going? A traject is closed only after that "
                            "follow-up, or with a recorded reason why it could not take "
                            "place.</p>"
                            "<p>Here too the family stays in charge: you listen, you ask whether "
                            "the agreed people need to meet again, but you do not take over the "
                            "plan.</p>",
                        ),
                    ),
                    reflection(
                        "m5-l2-reflection",
                        T(
                            "Welke vragen stel je in het opvolgingsgesprek, zonder zelf de regie weer over te nemen?",
                            "Quelles questions posez-vous lors de l'entretien de suivi, sans reprendre vous-même la maîtrise\u00a0?",
                            "Which questions do you ask in the follow-up call, without taking charge again yourself?",
                        ),
                        T(
                            "Schrijf er twee of drie op, in je eigen woorden.",
                            "Notez-en deux ou trois, avec vos propres mots.",
                            "Write down two or three, in your own words.",
                        ),
                    ),
                ],
            },
            {
                "key": "m5-l3",
                "slug": T("toets-nazorg", "test-suivi", "quiz-follow-up"),
                "title": T("Toets: nazorg", "Test\u00a0: le suivi", "Quiz: follow-up"),
                "intro": T(
                    "Vier vragen over de uitvoering en de opvolging.",
                    "Quatre questions sur la mise en œuvre et le suivi.",
                    "Four questions on carrying out the plan and the follow-up.",
                ),
                "duration": 10,
                "body": [
                    quiz(
                        "m5-l3-quiz",
                        T("Toets: nazorg", "Test\u00a0: le suivi", "Quiz: follow-up"),
                        QUIZ_INTRO,
                        [
                            question(
                                "m5q1",
                                "single",
                                T(
                                    "Wanneer neemt de coördinator opnieuw contact op?",
                                    "Quand le coordinateur reprend-il contact\u00a0?",
                                    "When does the coordinator get in touch again?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Een maand nadat het plan verspreid is",
                                            "Un mois après la diffusion du plan",
                                            "One month after the plan was distributed",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Een week na de conferentie",
                                            "Une semaine après la conférence",
                                            "A week after the conference",
                                        ),
                                        T(
                                            "Nee: na een maand.",
                                            "Non\u00a0: après un mois.",
                                            "No: after a month.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T("Een jaar later", "Un an plus tard", "A year later"),
                                        T(
                                            "Nee: na een maand.",
                                            "Non\u00a0: après un mois.",
                                            "No: after a month.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m5q2",
                                "single",
                                T(
                                    "Wanneer wordt een traject afgesloten?",
                                    "Quand un trajet est-il clôturé\u00a0?",
                                    "When is a traject closed?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Na de opvolging, of met een genoteerde reden waarom die niet kon",
                                            "Après le suivi, ou avec une raison notée expliquant pourquoi il n'a pas pu avoir lieu",
                                            "After the follow-up, or with a recorded reason why it could not happen",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Meteen na de conferentie",
                                            "Juste après la conférence",
                                            "Right after the conference",
                                        ),
                                        T(
                                            "Nee: de opvolging hoort nog bij het traject.",
                                            "Non\u00a0: le suivi fait encore partie du trajet.",
                                            "No: the follow-up is still part of the traject.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Als de hulpverlener het zegt",
                                            "Quand le travailleur social le décide",
                                            "When the social worker says so",
                                        ),
                                        T(
                                            "Nee: de opvolging bepaalt het einde.",
                                            "Non\u00a0: c'est le suivi qui marque la fin.",
                                            "No: the follow-up marks the end.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m5q3",
                                "multiple",
                                T(
                                    "Het plan moet bijgestuurd worden. Wat kan er gebeuren?",
                                    "Le plan doit être ajusté. Que peut-il se passer\u00a0?",
                                    "The plan needs adjusting. What can happen?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "De mensen die het plan daarvoor aanduidde, komen samen",
                                            "Les personnes désignées par le plan se réunissent",
                                            "The people the plan named for this meet again",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        True,
                                        T(
                                            "Het netwerk past het plan zelf aan",
                                            "Le réseau ajuste lui-même le plan",
                                            "The network adjusts the plan itself",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "De coördinator schrijft een nieuw plan",
                                            "Le coordinateur écrit un nouveau plan",
                                            "The coordinator writes a new plan",
                                        ),
                                        T(
                                            "Nee: de coördinator schrijft nooit het plan.",
                                            "Non\u00a0: le coordinateur n'écrit jamais le plan.",
                                            "No: the coordinator never writes the plan.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "m5q4",
                                "single",
                                T(
                                    "Wie bepaalt het tempo van een traject?",
                                    "Qui détermine le rythme d'un trajet\u00a0?",
                                    "Who sets the pace of a traject?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "De kernpersoon en het netwerk",
                                            "La personne centrale et le réseau",
                                            "The core person and the network",
                                        ),
                                        T(
                                            "Juist: een traject kan zelfs even pauzeren.",
                                            "Exact\u00a0: un trajet peut même faire une pause.",
                                            "Right: a traject can even pause for a while.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "De aanmelder",
                                            "La personne qui a fait l'inscription",
                                            "The registrant",
                                        ),
                                        T(
                                            "Nee: het tempo is van het gezin.",
                                            "Non\u00a0: le rythme est celui de la famille.",
                                            "No: the pace is the family's.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T("De coördinator", "Le coordinateur", "The coordinator"),
                                        T(
                                            "Nee: het tempo is van het gezin.",
                                            "Non\u00a0: le rythme est celui de la famille.",
                                            "No: the pace is the family's.",
                                        ),
                                    ),
                                ],
                            ),
                        ],
                    )
                ],
            },
        ],
    },
    # --- The coach's module ---------------------------------------------------------------------
    {
        "key": "coach",
        "slug": T("coach-van-coordinatoren", "coach-de-coordinateurs", "coaching-coordinators"),
        "title": T("Coach van coördinatoren", "Coach de coordinateurs", "Coaching coordinators"),
        "intro": T(
            "Voor ervaren coördinatoren die coach willen worden: steunen, intervisie leiden.",
            "Pour les coordinateurs expérimentés qui veulent devenir coach\u00a0: soutenir, animer l'intervision.",
            "For experienced coordinators who want to become a coach: supporting, leading intervision.",
        ),
        "duration": 30,
        "body": [
            paragraph(
                "coach-p1",
                T(
                    "<p>Elke coördinator wordt steeds ondersteund door een coach. Deze module "
                    "hoort bij het traject Coach.</p>",
                    "<p>Chaque coordinateur est toujours soutenu par un coach. Ce module fait "
                    "partie du parcours Coach.</p>",
                    "<p>Every coordinator is always supported by a coach. This module belongs "
                    "to the Coach track.</p>",
                ),
            )
        ],
        "lessons": [
            {
                "key": "coach-l1",
                "slug": T("de-rol-van-de-coach", "le-role-du-coach", "the-role-of-the-coach"),
                "title": T("De rol van de coach", "Le rôle du coach", "The role of the coach"),
                "intro": T(
                    "Coaching, intervisie en supervisie: zo blijft een coördinator onafhankelijk.",
                    "Coaching, intervision et supervision\u00a0: ainsi le coordinateur reste indépendant.",
                    "Coaching, intervision and supervision: how a coordinator stays independent.",
                ),
                "duration": 15,
                "body": [
                    paragraph(
                        "coach-l1-p1",
                        T(
                            "<p>Een Eigen Kracht-coach is een ervaren vrijwilliger die "
                            "coördinatoren ondersteunt. Je volgt de trajecten van de "
                            "coördinatoren die aan jou zijn toegewezen, je leidt intervisie "
                            "(het overleg tussen coördinatoren onderling) en je bevestigt dat "
                            "het eerste traject van een nieuwe coördinator goed verliep.</p>"
                            "<p>Net als de coördinator ga je niet in op de inhoud van de vraag "
                            "van een gezin: je helpt de coördinator onafhankelijk te blijven, "
                            "en één traject tegelijk te begeleiden.</p>",
                            "<p>Un coach Eigen Kracht est un bénévole expérimenté qui soutient "
                            "les coordinateurs. Vous suivez les trajets des coordinateurs qui "
                            "vous sont confiés, vous animez l'intervision (la concertation entre "
                            "coordinateurs) et vous confirmez que le premier trajet d'un nouveau "
                            "coordinateur s'est bien passé.</p>"
                            "<p>Comme le coordinateur, vous n'entrez pas dans le contenu de la "
                            "question d'une famille\u00a0: vous aidez le coordinateur à rester "
                            "indépendant et à n'accompagner qu'un trajet à la fois.</p>",
                            "<p>An Eigen Kracht coach is an experienced volunteer who supports "
                            "coordinators. You follow the trajects of the coordinators assigned "
                            "to you, you lead intervision (peer consultation among "
                            "coordinators), and you confirm that a new coordinator's first "
                            "traject went well.</p>"
                            "<p>Like the coordinator, you stay out of the content of a family's "
                            "question: you help the coordinator stay independent and support "
                            "one traject at a time.</p>",
                        ),
                    ),
                    reflection(
                        "coach-l1-reflection",
                        T(
                            "Een coördinator vertelt dat ze het plan graag zelf zou verbeteren. Welke vraag stel je haar?",
                            "Une coordinatrice vous dit qu'elle aimerait améliorer elle-même le plan. Quelle question lui posez-vous\u00a0?",
                            "A coordinator tells you she would like to improve the plan herself. What question do you ask her?",
                        ),
                        T(
                            "Denk aan de drie pijlers.",
                            "Pensez aux trois piliers.",
                            "Think of the three pillars.",
                        ),
                    ),
                ],
            },
            {
                "key": "coach-l2",
                "slug": T("toets-coach", "test-coach", "quiz-coach"),
                "title": T("Toets: de coach", "Test\u00a0: le coach", "Quiz: the coach"),
                "intro": T(
                    "Vier vragen over coaching en intervisie.",
                    "Quatre questions sur le coaching et l'intervision.",
                    "Four questions on coaching and intervision.",
                ),
                "duration": 10,
                "body": [
                    quiz(
                        "coach-l2-quiz",
                        T("Toets: de coach", "Test\u00a0: le coach", "Quiz: the coach"),
                        QUIZ_INTRO,
                        [
                            question(
                                "cq1",
                                "single",
                                T(
                                    "Wat is intervisie?",
                                    "Qu'est-ce que l'intervision\u00a0?",
                                    "What is intervision?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Overleg tussen coördinatoren onderling, geleid door een coach",
                                            "Une concertation entre coordinateurs, animée par un coach",
                                            "Peer consultation among coordinators, led by a coach",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Een evaluatie van het gezin",
                                            "Une évaluation de la famille",
                                            "An evaluation of the family",
                                        ),
                                        T(
                                            "Nee: intervisie gaat over het werk van de coördinatoren.",
                                            "Non\u00a0: l'intervision porte sur le travail des coordinateurs.",
                                            "No: intervision is about the coordinators' work.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T("Een examen", "Un examen", "An exam"),
                                        T(
                                            "Nee: het is leren van elkaar.",
                                            "Non\u00a0: on apprend les uns des autres.",
                                            "No: it is learning from each other.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "cq2",
                                "multiple",
                                T(
                                    "Wat doet een coach?",
                                    "Que fait un coach\u00a0?",
                                    "What does a coach do?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Coördinatoren ondersteunen",
                                            "Soutenir les coordinateurs",
                                            "Supporting coordinators",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        True,
                                        T(
                                            "Intervisie leiden",
                                            "Animer l'intervision",
                                            "Leading intervision",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Het traject overnemen",
                                            "Reprendre le trajet",
                                            "Taking over the traject",
                                        ),
                                        T(
                                            "Nee: de coördinator blijft het traject begeleiden.",
                                            "Non\u00a0: le coordinateur continue d'accompagner le trajet.",
                                            "No: the coordinator keeps supporting the traject.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "cq3",
                                "single",
                                T(
                                    "Heeft elke coördinator een coach?",
                                    "Chaque coordinateur a-t-il un coach\u00a0?",
                                    "Does every coordinator have a coach?",
                                ),
                                [
                                    (True, T("Ja, altijd", "Oui, toujours", "Yes, always"), RIGHT),
                                    (
                                        False,
                                        T(
                                            "Alleen tijdens het eerste traject",
                                            "Seulement pendant le premier trajet",
                                            "Only during the first traject",
                                        ),
                                        T(
                                            "Nee: een coördinator wordt steeds ondersteund.",
                                            "Non\u00a0: un coordinateur est toujours soutenu.",
                                            "No: a coordinator is always supported.",
                                        ),
                                    ),
                                    (
                                        False,
                                        T(
                                            "Alleen als hij erom vraagt",
                                            "Seulement s'il le demande",
                                            "Only if they ask",
                                        ),
                                        T(
                                            "Nee: een coördinator wordt steeds ondersteund.",
                                            "Non\u00a0: un coordinateur est toujours soutenu.",
                                            "No: a coordinator is always supported.",
                                        ),
                                    ),
                                ],
                            ),
                            question(
                                "cq4",
                                "single",
                                T(
                                    "Een coördinator wil een tweede traject starten terwijl het eerste nog loopt. Wat zeg je?",
                                    "Un coordinateur veut commencer un deuxième trajet alors que le premier est en cours. Que dites-vous\u00a0?",
                                    "A coordinator wants to start a second traject while the first is still running. What do you say?",
                                ),
                                [
                                    (
                                        True,
                                        T(
                                            "Eén traject tegelijk: eerst het lopende afronden",
                                            "Un trajet à la fois\u00a0: d'abord terminer celui en cours",
                                            "One traject at a time: finish the current one first",
                                        ),
                                        RIGHT,
                                    ),
                                    (
                                        False,
                                        T(
                                            "Prima, als je er tijd voor hebt",
                                            "Très bien, si vous avez le temps",
                                            "Fine, if you have the time",
                                        ),
                                        T(
                                            "Nee: een coördinator begeleidt één traject tegelijk.",
                                            "Non\u00a0: un coordinateur accompagne un seul trajet à la fois.",
                                            "No: a coordinator supports one traject at a time.",
                                        ),
                                    ),
                                ],
                            ),
                        ],
                    )
                ],
            },
        ],
    },
]

# The modules of the basic training, in order; each needs the one before it.
BASIC_MODULES = ["m1", "m2", "m3", "m4", "m5"]
REFRESHER_MODULE = "m5"
COACH_MODULES = ["coach"]


def _prerequisite(key: str) -> str | None:
    if key in BASIC_MODULES and BASIC_MODULES.index(key) > 0:
        return BASIC_MODULES[BASIC_MODULES.index(key) - 1]
    return None


# --- Reading the content back (for the demo's progress and quiz attempts) ---------------------


def lesson_spec(key: str) -> dict:
    return next(
        lesson for module in MODULES for lesson in module["lessons"] if lesson["key"] == key
    )


def quiz_spec(lesson_key: str) -> dict | None:
    """The lesson's quiz block (raw, with ``T`` texts), or None."""
    return next(
        (block for block in lesson_spec(lesson_key)["body"] if block["type"] == "quiz"), None
    )


def quiz_answers(lesson_key: str, *, wrong: int = 0) -> tuple[str, dict[str, list[str]], int]:
    """(block id, answers by question id, correct count) of an attempt at the lesson's quiz:
    all right, except the first ``wrong`` questions answered with their first wrong answer."""
    block = quiz_spec(lesson_key)
    if block is None:
        raise LookupError(lesson_key)
    answers = {}
    for n, item in enumerate(block["value"]["questions"]):
        options = item["value"]["answers"]
        if n < wrong:
            chosen = [next(option["id"] for option in options if not option["value"]["correct"])]
        else:
            chosen = [option["id"] for option in options if option["value"]["correct"]]
        answers[item["id"]] = chosen
    questions = len(block["value"]["questions"])
    return block["id"], answers, questions - min(wrong, questions)


# --- Seeding ----------------------------------------------------------------------------------


@dataclass
class DemoLearning:
    index: TrainingIndexPage
    modules: dict[str, ModulePage] = field(default_factory=dict)  # Dutch, by key
    lessons: dict[str, LessonPage] = field(default_factory=dict)  # Dutch, by key
    created: int = 0
    # Pages made in this run, to index once at the end.
    new_pages: list[Page] = field(default_factory=list)


def _fields(spec: dict, language: str) -> dict:
    values = {
        "title": _in(spec["title"], language),
        "intro": _in(spec["intro"], language),
        "body": _in(spec["body"], language),
    }
    if "duration" in spec:
        values["duration_minutes"] = spec["duration"]
    return values


def _publish(page: Page, result: DemoLearning) -> None:
    page.save_revision().publish()
    result.created += 1
    result.new_pages.append(page)


@contextmanager
def _indexes_updated_once():
    """A page is saved several times on its way (created, copied, revision, published); the
    search and reference indexes are brought up to date once per page, at the end."""
    models = [TrainingIndexPage, ModulePage, LessonPage]
    disconnected = [
        model
        for model in models
        if post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(search_signal_handlers.post_save_signal_handler, sender=model)


def _set_slug(page: Page, slug: str) -> None:
    """A fresh translation's own slug, written directly: saving a changed slug would add a
    redirect from an address that was never public."""
    page.slug = slug
    page.set_url_path(page.get_parent())
    Page.objects.filter(pk=page.pk).update(slug=slug, url_path=page.url_path)


def _child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _seed_source(home: HomePage, result: DemoLearning) -> None:
    index = _child(home, TrainingIndexPage, INDEX["slug"].nl)
    if index is None:
        index = home.add_child(
            instance=TrainingIndexPage(
                locale=home.locale, slug=INDEX["slug"].nl, live=False, **_fields(INDEX, SOURCE)
            )
        )
        _publish(index, result)
    result.index = index
    for spec in MODULES:
        module = _child(index, ModulePage, spec["slug"].nl)
        if module is None:
            module = index.add_child(
                instance=ModulePage(
                    locale=index.locale, slug=spec["slug"].nl, live=False, **_fields(spec, SOURCE)
                )
            )
            prerequisite = _prerequisite(spec["key"])
            if prerequisite:
                module.prerequisites.set([result.modules[prerequisite]])
            _publish(module, result)
        result.modules[spec["key"]] = module
        for lesson_spec_ in spec["lessons"]:
            lesson = _child(module, LessonPage, lesson_spec_["slug"].nl)
            if lesson is None:
                lesson = module.add_child(
                    instance=LessonPage(
                        locale=module.locale,
                        slug=lesson_spec_["slug"].nl,
                        live=False,
                        **_fields(lesson_spec_, SOURCE),
                    )
                )
                _publish(lesson, result)
            result.lessons[lesson_spec_["key"]] = lesson


def _translate(source: Page, spec: dict, locale: Locale, result: DemoLearning):
    """The page's translation in ``locale``, made from the Dutch one when missing."""
    translation = source.get_translation_or_none(locale)
    if translation is not None:
        return translation.specific
    language = locale.language_code
    translation = source.copy_for_translation(locale).specific
    _set_slug(translation, getattr(spec["slug"], language))
    for name, value in _fields(spec, language).items():
        setattr(translation, name, value)
    if isinstance(translation, ModulePage):
        prerequisite = _prerequisite(spec["key"])
        if prerequisite:
            translated = result.modules[prerequisite].get_translation_or_none(locale)
            translation.prerequisites.set([translated] if translated else [])
        else:
            translation.prerequisites.set([])
    _publish(translation, result)
    return translation


def seed() -> DemoLearning:
    """The training index with its modules and lessons in Dutch, French and English."""
    home = HomePage.objects.filter(locale__language_code=SOURCE).first()
    if home is None:
        raise LookupError("No Dutch home page: run cms.demo.seed_pages() first.")
    result = DemoLearning(index=None)  # type: ignore[arg-type]
    with _indexes_updated_once():
        _seed_source(home, result)
        for language in TRANSLATIONS:
            locale = Locale.objects.filter(language_code=language).first()
            if locale is None or not home.has_translation(locale):
                continue  # no home page in this language to hang the training under
            _translate(result.index, INDEX, locale, result)
            for spec in MODULES:
                _translate(result.modules[spec["key"]], spec, locale, result)
                for lesson in spec["lessons"]:
                    _translate(result.lessons[lesson["key"]], lesson, locale, result)
    # Members only: a log-in view restriction on the index in every language.
    training_index_protect(result.index)
    for page in result.new_pages:
        ReferenceIndex.create_or_update_for_object(page)
        search_index.insert_or_update_object(page)
    return result
