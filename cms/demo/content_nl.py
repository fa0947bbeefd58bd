"""The demo pages in Dutch, the source language, after EKC's own presentation
(../shared/domain/ekc-presentatie.txt). Contact details are the organisation's general ones."""

from __future__ import annotations

import datetime

from cms.demo.stream import (
    call_to_action,
    facts,
    faq,
    h3,
    heading,
    paragraph,
    quote,
    route,
    stream,
)

EMAIL = "info@eigenkrachtcentrale.be"
PHONE = "0489 45 54 12"
CONTACT_HTML = f'<a href="mailto:{EMAIL}">{EMAIL}</a> of {PHONE}'

HOME = {
    "title": "Eigen Kracht Centrale",
    "intro": "Maak zelf samen een plan, het kan!",
}

PAGES = {
    "what_is": {
        "title": "Wat is een Eigen Kracht-conferentie?",
        "slug": "wat-is-een-eigen-kracht-conferentie",
        "intro": (
            "Een bijeenkomst waarop een gezin samen met familie, vrienden en buren zelf een plan "
            "maakt. Zo verloopt een Eigen Kracht-traject, van aanmelding tot opvolging."
        ),
    },
    "origin": {
        "title": "Oorsprong en drie pijlers",
        "slug": "oorsprong-en-pijlers",
        "intro": (
            "Eigen Kracht-conferenties groeiden uit het antwoord van Maori-families in "
            "Nieuw-Zeeland. Drie pijlers maken een traject tot een Eigen Kracht-traject."
        ),
    },
    "regions": {
        "title": "Regio's",
        "slug": "regios",
        "intro": (
            "De Eigen Kracht Centrale werkt in Vlaanderen en Brussel, in zes regio's. Neem "
            "contact op met de regio waar het gezin woont."
        ),
    },
    "news": {
        "title": "Nieuws",
        "slug": "nieuws",
        "intro": "Nieuws over Eigen Kracht-conferenties, onze vrijwilligers en de regio's.",
    },
    "privacy": {
        "title": "Privacyverklaring",
        "slug": "privacy",
        "intro": (
            "Welke gegevens de Eigen Kracht Centrale bewaart, waarom, hoe lang, en welke rechten je hebt."
        ),
    },
    "accessibility": {
        "title": "Toegankelijkheidsverklaring",
        "slug": "toegankelijkheid",
        "intro": (
            "Iedereen moet deze website kunnen gebruiken. Hoe we dat nastreven, en waar je terecht kunt als iets niet lukt."
        ),
    },
}

FACTS = [
    ("bijna 900", "trajecten"),
    ("ruim 90%", "voor (gezinnen met) kinderen en jongeren in (zeer) kwetsbare situaties"),
    ("± 180", "opgeleide vrijwilligers"),
    ("3 weken", "tot de start, zonder wachtlijst"),
    ("2006", "oprichting van vzw EKC België"),
]

MAORI_QUOTE = (
    "Respecteer ons als eigenaar van het probleem. Laat ons samen overleggen. "
    "Laat ons een plan maken."
)


def home_body(refs: dict[str, int]) -> str:
    return stream(
        paragraph(
            "<p>Soms loopt het vast. Er is iets aan de hand in een gezin: een probleem of een "
            "wens die om een plan vraagt. Met een Eigen Kracht-conferentie maakt het gezin dat "
            "plan zelf, samen met familie, vrienden, buren en iedereen die belangrijk is.</p>"
            "<p>Een onafhankelijke, opgeleide vrijwilliger, de Eigen Kracht-coördinator, helpt "
            "de bijeenkomst voorbereiden en organiseren, maar bemoeit zich niet met de inhoud. "
            "De kernpersoon kiest waarover het plan gaat en wie er wordt uitgenodigd, en alles "
            "gebeurt op het tempo van de kernpersoon en het netwerk.</p>"
            "<p>Gratis, zonder wachtlijst: een traject start binnen de drie weken.</p>"
        ),
        call_to_action(
            "Een conferentie aanvragen? Meld je vraag aan met het formulier, of neem contact op "
            "met de Eigen Kracht Centrale in jouw regio.",
            *(
                (refs["registration"], "Aanmelden")
                if "registration" in refs
                else (refs["regions"], "Contact per regio")
            ),
        ),
        facts("Over Eigen Kracht: van en voor burgers", FACTS),
        call_to_action(
            "Benieuwd hoe een Eigen Kracht-conferentie verloopt?",
            refs["what_is"],
            "Zo werkt het",
        ),
    )


def what_is_body(refs: dict[str, int]) -> str:
    return stream(
        heading("Een traject start met een probleem of wens"),
        paragraph(
            "<p>Er is ‘iets’ aan de hand dat een plan vraagt: een kwestie. Hoe pakken we dat "
            "aan? Op een Eigen Kracht-conferentie zoeken de mensen die het gezin zelf kiest "
            "samen naar een antwoord.</p>"
        ),
        heading("Wie meldt aan, en hoe?"),
        paragraph(
            "<p>Soms melden burgers zelf aan. Meestal doet een hulpverlener het, bijvoorbeeld "
            "van 1G1P, het CAW, het CLB, het OCMW, een jeugdhulporganisatie, de pleegzorg of "
            "het OCJ. Een aanmelding gebeurt altijd in samenspraak met de kernpersoon of het "
            "kerngezin.</p>"
            f"<p>Aanmelden kan met het aanmeldingsformulier op deze website of telefonisch op "
            f"{PHONE}.</p>"
        ),
        route(
            "De route van een Eigen Kracht-traject",
            [
                (
                    "Aanmelding",
                    "<p>Een burger of een hulpverlener meldt een probleem of wens aan, altijd "
                    "in samenspraak met de kernpersoon of het kerngezin.</p>",
                ),
                (
                    "Match met een vrijwilliger",
                    "<p>We zoeken een Eigen Kracht-coördinator in de regio. Het traject start "
                    "binnen 1 dag tot 3 weken: er is geen wachtlijst.</p>",
                ),
                (
                    "Voorbereiding",
                    "<p>De coördinator maakt kennis met de kernpersoon of het gezin en hun "
                    "omgeving, brengt de deelnemers samen en organiseert de bijeenkomst.</p>",
                ),
                (
                    "Conferentie",
                    "<p>Het netwerk komt samen en maakt een plan, in drie delen: het open "
                    "gedeelte, de besloten tijd en de voorstelling van het plan.</p>",
                ),
                (
                    "Uitvoering en opvolging",
                    "<p>Het netwerk voert het plan uit. Een maand nadat het plan verspreid is, "
                    "neemt de coördinator opnieuw contact op: hoe loopt het?</p>",
                ),
            ],
        ),
        heading("Drie fasen"),
        h3("Fase 1: de voorbereiding"),
        paragraph(
            "<p>De coördinator maakt kennis met de kernpersoon of het gezin en met hun "
            "omgeving, en organiseert de bijeenkomst. Belangrijk in deze fase:</p>"
            "<ul><li>kennismaken;</li>"
            "<li>is iemand moeilijk bereikbaar, dan kan de aanmelder misschien helpen;</li>"
            "<li>deelnemers verzamelen en motiveren: het netwerk denkt al na en overlegt met "
            "elkaar;</li>"
            "<li>verbindingen leggen of herstellen;</li>"
            "<li>drempels wegnemen, zodat iedereen kan deelnemen;</li>"
            "<li>een open en deelbare vraag verhelderen;</li>"
            "<li>de (begeleidende) instanties voorbereiden;</li>"
            "<li>de praktische organisatie.</li></ul>"
        ),
        h3("Fase 2: de bijeenkomst"),
        paragraph(
            "<p>Op de Eigen Kracht-conferentie maakt het netwerk een plan. De bijeenkomst "
            "bestaat uit drie delen, die hieronder beschreven staan.</p>"
        ),
        h3("Fase 3: de uitvoering van het plan"),
        paragraph(
            "<p>Het netwerk voert het plan zelf uit. De taak van de coördinator eindigt "
            "wanneer het plan verspreid is. Na een maand neemt de coördinator nog eens contact "
            "op: hoe loopt het?</p>"
        ),
        heading("De conferentie in drie delen"),
        h3("1. Het open gedeelte: informatie uitwisselen"),
        paragraph(
            "<ul><li>De deelnemers stellen zich voor.</li>"
            "<li>De voorliggende vraag of vragen worden (nogmaals) gedeeld.</li>"
            "<li>Professionals en deskundigen stellen hun informatie ter beschikking.</li>"
            "<li>De deelnemers kunnen vragen stellen.</li></ul>"
        ),
        h3("2. De besloten tijd: overleg, het plan wordt bedacht"),
        paragraph(
            "<p>De deelnemers uit het persoonlijke netwerk overleggen en maken samen een plan. "
            "Hulpverleners en de coördinator zijn niet aanwezig.</p>"
            "<p>Waarom is dat belangrijk?</p>"
            "<ul><li>Het netwerk overlegt binnen de eigen kring, met mensen die het zelf heeft "
            "uitgenodigd en die willen meedenken.</li>"
            "<li>In de besloten tijd komt informatie op tafel die anders niet gedeeld zou "
            "worden, niet alleen wat sociaal wenselijk is.</li>"
            "<li>Eigenaarschap: de regie blijft zoveel mogelijk bij de mensen zelf, over wat er "
            "wel en niet besproken wordt en over welke acties en oplossingen het best "
            "passen.</li></ul>"
        ),
        h3("3. De voorstelling van het plan: voorstellen en toetsen"),
        paragraph(
            "<p>De coördinator overloopt het plan samen met het netwerk:</p>"
            "<ul><li>Is het plan veilig? Wettelijk? Werkbaar?</li>"
            "<li>Wie komt bij elkaar als het plan bijsturing nodig heeft?</li></ul>"
        ),
        quote(
            MAORI_QUOTE, "Maori-families in Nieuw-Zeeland, waar Family Group Conferencing ontstond"
        ),
        facts("Eigen Kracht in cijfers", FACTS),
        faq(
            "Veelgestelde vragen",
            [
                (
                    "Wat kost een Eigen Kracht-conferentie?",
                    "<p>Niets. Een Eigen Kracht-conferentie is gratis, breed toegankelijk en "
                    "laagdrempelig.</p>",
                ),
                (
                    "Is er een wachtlijst?",
                    "<p>Nee. Na de aanmelding start het traject binnen 1 dag tot 3 weken.</p>",
                ),
                (
                    "Wie beslist waarover het plan gaat?",
                    "<p>De kernpersoon kiest waarvoor een plan wordt opgesteld en met wie. "
                    "Alles gebeurt op het tempo van de kernpersoon en het netwerk.</p>",
                ),
                (
                    "Wat doet de Eigen Kracht-coördinator?",
                    "<p>De coördinator is een opgeleide vrijwilliger die de bijeenkomst "
                    "organiseert en faciliteert. Hij of zij heeft vooraf contact met elke "
                    "deelnemer, maar gaat niet in op de inhoud van de vraag. Een coördinator "
                    "ondersteunt één traject tegelijk en wordt zelf ondersteund door een "
                    "Eigen Kracht-coach.</p>",
                ),
                (
                    "Kan een Eigen Kracht-conferentie samengaan met hulpverlening?",
                    "<p>Ja, een Eigen Kracht-conferentie is een brug tussen organisaties en "
                    "burgers. Bijvoorbeeld:</p>"
                    "<ul><li>een vraag van een hulpverlener die met het netwerk opgepakt kan "
                    "worden;</li>"
                    "<li>een conferentie die leidt tot een concrete actie richting "
                    "hulpverlening;</li>"
                    "<li>een traject tegelijk met, of na een tijd binnen, een "
                    "hulpverleningstraject;</li>"
                    "<li>ook wanneer er weinig of geen netwerk is.</li></ul>",
                ),
            ],
        ),
        call_to_action(
            "Wil je een Eigen Kracht-conferentie aanvragen of heb je een vraag? Neem contact "
            "op met de Eigen Kracht Centrale in jouw regio.",
            refs["regions"],
            "Contact per regio",
        ),
    )


def origin_body(refs: dict[str, int]) -> str:
    return stream(
        heading("Maori in Nieuw-Zeeland"),
        paragraph(
            "<p>In Nieuw-Zeeland verbleven disproportioneel veel Maori-jongeren in "
            "jeugdinstellingen. De reguliere hulpverlening vroeg de Maori om raad. Hun antwoord "
            "bevatte twee opvallende zaken.</p>"
        ),
        quote(MAORI_QUOTE, "Maori-families in Nieuw-Zeeland"),
        quote(
            "Maak de kring groter in plaats van jongeren te isoleren in instellingen.",
            "Maori-families in Nieuw-Zeeland",
        ),
        paragraph(
            "<p>Zo ontstond Family Group Conferencing (FGC). In Nederland en België kennen we "
            "het als Eigen Kracht-conferenties (EKc). In 2003 werd de eerste Eigen "
            "Kracht-coördinator opgeleid; in 2006 volgde de oprichting van vzw EKC "
            "België.</p>"
        ),
        heading("De drie essentiële pijlers van een Eigen Kracht-traject"),
        h3("1. De voorbereiding van het netwerk"),
        paragraph(
            "<p>De coördinator zoekt samen met de kernpersoon wie bij het plan betrokken kan "
            "worden, en heeft vooraf contact met elke deelnemer. Zo komt het netwerk goed "
            "voorbereid naar de bijeenkomst.</p>"
        ),
        h3("2. Het recht op besloten tijd van het informele netwerk"),
        paragraph(
            "<p>Tijdens de besloten tijd overlegt het persoonlijke netwerk alleen, zonder "
            "hulpverleners en zonder coördinator. Het netwerk houdt de regie en maakt zelf een "
            "plan.</p>"
        ),
        h3("3. De onafhankelijke coördinator"),
        paragraph(
            "<p>De Eigen Kracht-coördinator is een vrijwillige burger die:</p>"
            "<ul><li>goed opgeleid is;</li>"
            "<li>steeds ondersteund wordt door een coach, met kansen tot intervisie en "
            "supervisie;</li>"
            "<li>één traject tegelijk ondersteunt;</li>"
            "<li>de bijeenkomst organiseert en faciliteert;</li>"
            "<li>met elke deelnemer vooraf contact heeft;</li>"
            "<li>niet ingaat op de inhoud van de vraag;</li>"
            "<li>zijn of haar taak beëindigt wanneer het plan verspreid is;</li>"
            "<li>na een maand terug contact opneemt: hoe loopt het?</li></ul>"
        ),
        heading("Een brug tussen organisaties en burgers"),
        paragraph(
            "<p>Iedereen kan aanmelden, voor allerlei kwesties. Het belangrijkste: de "
            "kernpersoon kiest waarvoor een plan wordt opgesteld en met wie, op het tempo van "
            "de kernpersoon en het netwerk. Een Eigen Kracht-conferentie kan ook samengaan met "
            "hulpverlening, en is ook mogelijk wanneer er weinig of geen netwerk is.</p>"
        ),
        call_to_action(
            "Hoe verloopt een Eigen Kracht-traject, stap voor stap?",
            refs["what_is"],
            "De route van een traject",
        ),
    )


def regions_body(refs: dict[str, int]) -> str:
    return stream(
        paragraph(
            "<p>Op de pagina van elke regio staan de postcodes die ze bedient. Twijfel je, of "
            f"woont het gezin buiten Vlaanderen en Brussel? Neem dan contact op via "
            f"{CONTACT_HTML}: we brengen je bij de juiste regio.</p>"
        ),
    )


REGION_TITLES: dict[str, str] = {}  # Dutch: the region's own name


def region_intro(title: str) -> str:
    return (
        f"Eigen Kracht-conferenties in de regio {title}, met vrijwillige coördinatoren en "
        "coaches, ondersteund door een stafmedewerker."
    )


def region_body(refs: dict[str, int]) -> str:
    blocks = [
        paragraph(
            "<p>Wil je een Eigen Kracht-conferentie aanvragen voor een gezin dat in deze regio "
            "woont? Meld je vraag aan met het formulier. Heb je eerst een vraag, of wil je in "
            "deze regio als vrijwilliger meewerken? Neem contact op met de stafmedewerker van "
            "de regio: naam, e-mailadres en telefoonnummer staan hierboven.</p>"
        ),
    ]
    if "volunteer" in refs:
        blocks.append(
            call_to_action(
                "Vrijwilliger worden in deze regio?", refs["volunteer"], "Word vrijwilliger"
            )
        )
    return stream(*blocks)


NEWS = [
    {
        "key": "training",
        "date": datetime.date(2026, 10, 5),
        "title": "Nieuwe opleiding voor Eigen Kracht-coördinatoren",
        "slug": "nieuwe-opleiding-eigen-kracht-coordinatoren",
        "intro": (
            "Wil je als vrijwilliger gezinnen helpen om zelf een plan te maken? Binnenkort start "
            "een nieuwe opleiding tot Eigen Kracht-coördinator."
        ),
    },
    {
        "key": "900",
        "date": datetime.date(2026, 6, 18),
        "title": "Bijna 900 Eigen Kracht-trajecten",
        "slug": "bijna-900-trajecten",
        "intro": (
            "Sinds de oprichting van vzw EKC België in 2006 maakten bijna 900 gezinnen en hun "
            "netwerk samen een plan."
        ),
    },
    {
        "key": "private_time",
        "date": datetime.date(2026, 3, 12),
        "title": "Waarom het netwerk even alleen overlegt",
        "slug": "waarom-het-netwerk-alleen-overlegt",
        "intro": (
            "De besloten tijd is een van de drie pijlers van een Eigen Kracht-conferentie. Wat "
            "gebeurt er, en waarom zijn hulpverleners er niet bij?"
        ),
    },
]


def news_body(key: str, refs: dict[str, int]) -> str:
    if key == "training":
        return stream(
            paragraph(
                "<p>Eigen Kracht-coördinatoren zijn vrijwilligers: burgers die een bijeenkomst "
                "voorbereiden en organiseren, zonder zich met de inhoud te bemoeien. Een "
                "coördinator ondersteunt één traject tegelijk en wordt zelf ondersteund door "
                "een coach, met intervisie en supervisie.</p>"
                f"<p>Interesse? Neem contact op via {CONTACT_HTML}.</p>"
            ),
            *(
                [
                    call_to_action(
                        "Lees hoe de opleiding verloopt en stel je kandidaat.",
                        refs["volunteer"],
                        "Word vrijwilliger",
                    )
                ]
                if "volunteer" in refs
                else []
            ),
        )
    if key == "900":
        return stream(
            paragraph(
                "<p>Ruim 90% van de trajecten ging over (gezinnen met) kinderen en jongeren in "
                "(zeer) kwetsbare situaties. Dat kon dankzij zo'n 180 opgeleide vrijwilligers "
                "in Vlaanderen en Brussel.</p>"
            ),
            facts("In cijfers", FACTS[:3]),
            call_to_action(
                "Lees hoe een traject verloopt.",
                refs["what_is"],
                "Wat is een Eigen Kracht-conferentie?",
            ),
        )
    return stream(
        paragraph(
            "<p>Tijdens de besloten tijd overleggen de deelnemers uit het persoonlijke netwerk "
            "en maken ze samen een plan. Hulpverleners en de coördinator zijn niet "
            "aanwezig.</p>"
            "<p>Het netwerk overlegt binnen de eigen kring, met mensen die het zelf heeft "
            "uitgenodigd. Zo komt informatie op tafel die anders niet gedeeld zou worden, en "
            "blijft de regie zoveel mogelijk bij de mensen zelf.</p>"
        ),
        call_to_action(
            "Lees meer over de drie pijlers.", refs["origin"], "Oorsprong en drie pijlers"
        ),
    )


def privacy_body(refs: dict[str, int]) -> str:
    return stream(
        heading("Wie is verantwoordelijk?"),
        paragraph(
            f"<p>De vzw Eigen Kracht Centrale België is verantwoordelijk voor de gegevens op deze website. Vragen over je gegevens kun je altijd stellen via {CONTACT_HTML}.</p>"
        ),
        heading("Welke gegevens bewaren we, en waarom?"),
        paragraph(
            "<ul><li><b>Een aanmelding</b>: de gegevens van de aanmelder en de kernpersoon, de vraag en de regio. We gebruiken ze alleen om een Eigen Kracht-traject op te starten en op te volgen.</li><li><b>Een kandidatuur als vrijwilliger</b>: je contactgegevens en je motivatie, om je uit te nodigen voor een kennismaking en de opleiding.</li><li><b>Vrijwilligers en coaches</b>: je account, je opleiding en je trajecten, om je te begeleiden en je certificaat bij te houden.</li></ul><p>We verkopen geen gegevens en delen ze niet met anderen, tenzij de wet het vraagt.</p>"
        ),
        heading("Hoe lang?"),
        paragraph(
            "<p>Gegevens van een aanmelding die geen traject werd, wissen we na een jaar. Gegevens van een afgerond traject bewaren we zo lang als nodig is voor de opvolging en de verantwoording aan onze subsidiegevers, daarna wissen of anonimiseren we ze.</p>"
        ),
        heading("Je rechten"),
        paragraph(
            f"<p>Je mag je gegevens inkijken, laten verbeteren of laten wissen, en je mag bezwaar maken. Vraag het via {CONTACT_HTML}. Ben je het niet eens met ons antwoord, dan kun je klacht indienen bij de Gegevensbeschermingsautoriteit.</p>"
        ),
        heading("Cookies"),
        paragraph(
            "<p>Deze website gebruikt alleen de cookies die ze nodig heeft om te werken: je taalkeuze, de beveiliging van formulieren en, als je inlogt, je sessie. Er zijn geen cookies van derden en geen statistieken die je volgen.</p>"
        ),
    )


def accessibility_body(refs: dict[str, int]) -> str:
    return stream(
        paragraph(
            "<p>De Eigen Kracht Centrale wil dat iedereen deze website kan gebruiken, ook met een schermlezer, alleen met het toetsenbord, op een kleine telefoon of met vergroting.</p>"
        ),
        heading("Hoe toegankelijk is deze website?"),
        paragraph(
            "<p>We volgen de Web Content Accessibility Guidelines (WCAG) 2.2 op niveau AA. Elke pagina wordt bij elke wijziging automatisch getest met axe-core, en we testen de formulieren zelf met het toetsenbord en een schermlezer. Formulieren werken ook zonder JavaScript.</p>"
        ),
        heading("Wat nog niet lukt"),
        paragraph(
            "<p>Sommige oudere documenten en video's hebben nog geen ondertiteling of tekstversie. Wil je zo'n document in een andere vorm, vraag het ons: we bezorgen het je.</p>"
        ),
        heading("Loopt er iets mis?"),
        paragraph(
            f"<p>Kun je iets niet gebruiken, of heb je een opmerking? Laat het weten via {CONTACT_HTML}. We antwoorden binnen de vijf werkdagen.</p>"
        ),
    )


# The domain pages that the header, the menu and the links point at, by their Dutch slug (they
# are made by trajects' and training's demo; cms only finds them).
FRONT_DOOR_SLUGS = {"registration": "aanmelden", "volunteer": "word-vrijwilliger"}
