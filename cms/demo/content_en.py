"""The demo pages in English: translations of the Dutch source pages."""

from __future__ import annotations

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
CONTACT_HTML = f'<a href="mailto:{EMAIL}">{EMAIL}</a> or {PHONE}'

HOME = {
    "title": "Eigen Kracht Centrale",
    "intro": "Make your own plan together: you can!",
}

PAGES = {
    "what_is": {
        "title": "What is an Eigen Kracht conference?",
        "slug": "what-is-an-eigen-kracht-conference",
        "intro": (
            "A meeting where a family makes its own plan together with relatives, friends and "
            "neighbours. This is how an Eigen Kracht traject runs, from registration to "
            "follow-up."
        ),
    },
    "origin": {
        "title": "Origin and three pillars",
        "slug": "origin-and-pillars",
        "intro": (
            "Eigen Kracht conferences grew out of the answer of Maori families in New Zealand. "
            "Three pillars make a traject an Eigen Kracht traject."
        ),
    },
    "regions": {
        "title": "Regions",
        "slug": "regions",
        "intro": (
            "Eigen Kracht Centrale works across Flanders and Brussels, in six regions. Contact "
            "the region where the family lives."
        ),
    },
    "news": {
        "title": "News",
        "slug": "news",
        "intro": "News about Eigen Kracht conferences, our volunteers and the regions.",
    },
    "privacy": {
        "title": "Privacy statement",
        "slug": "privacy",
        "intro": ("What Eigen Kracht Centrale keeps, why, for how long, and what your rights are."),
    },
    "accessibility": {
        "title": "Accessibility statement",
        "slug": "accessibility",
        "intro": (
            "Everyone should be able to use this website. How we work towards that, and who to contact when something does not work."
        ),
    },
}

FACTS = [
    ("nearly 900", "trajects"),
    (
        "over 90%",
        "for children and young people (and their families) in (very) vulnerable situations",
    ),
    ("± 180", "trained volunteers"),
    ("3 weeks", "at most until the start, no waiting list"),
    ("2006", "founding of EKC Belgium (non-profit)"),
]

MAORI_QUOTE = (
    "Respect us as the owners of the problem. Let us talk it over together. Let us make a plan."
)


def home_body(refs: dict[str, int]) -> str:
    return stream(
        paragraph(
            "<p>Sometimes things get stuck. Something is going on in a family: a problem, or a "
            "wish, that calls for a plan. With an Eigen Kracht conference the family makes that "
            "plan itself, together with relatives, friends, neighbours and everyone who "
            "matters.</p>"
            "<p>An independent, trained volunteer, the Eigen Kracht coordinator, helps to "
            "prepare and organise the meeting but stays out of its content. The core person "
            "chooses what the plan is about and who is invited, and everything goes at the "
            "pace of the core person and their network.</p>"
            "<p>Free of charge, no waiting list: a traject starts within three weeks.</p>"
        ),
        call_to_action(
            "Want to ask for a conference? Register your question with the form, or contact "
            "Eigen Kracht Centrale in your region.",
            *(
                (refs["registration"], "Register a question")
                if "registration" in refs
                else (refs["regions"], "Contact by region")
            ),
        ),
        facts("Eigen Kracht: by and for citizens", FACTS),
        call_to_action(
            "Curious how an Eigen Kracht conference works?",
            refs["what_is"],
            "How it works",
        ),
    )


def what_is_body(refs: dict[str, int]) -> str:
    return stream(
        heading("A traject starts with a problem or a wish"),
        paragraph(
            "<p>Something is going on that calls for a plan: a question to resolve. How do we "
            "tackle it? At an Eigen Kracht conference, the people the family itself chooses "
            "look for an answer together.</p>"
        ),
        heading("Who registers, and how?"),
        paragraph(
            "<p>Sometimes citizens register themselves. Most often a social worker does, for "
            "example from 1G1P, a CAW, a CLB, an OCMW (public social welfare centre), a youth "
            "care organisation, foster care or an OCJ. A registration is always agreed with "
            "the core person or core family.</p>"
            f"<p>You can register with the registration form on this website or by phone on "
            f"{PHONE}.</p>"
        ),
        route(
            "The route of an Eigen Kracht traject",
            [
                (
                    "Registration",
                    "<p>A citizen or a social worker registers a problem or a wish, always in "
                    "agreement with the core person or core family.</p>",
                ),
                (
                    "Match with a volunteer",
                    "<p>We look for an Eigen Kracht coordinator in the region. The traject "
                    "starts within 1 day to 3 weeks: there is no waiting list.</p>",
                ),
                (
                    "Preparation",
                    "<p>The coordinator gets to know the core person or family and the people "
                    "around them, brings the participants together and organises the "
                    "meeting.</p>",
                ),
                (
                    "Conference",
                    "<p>The network meets and makes a plan, in three parts: the open part, "
                    "private time and the presentation of the plan.</p>",
                ),
                (
                    "Carrying out and follow-up",
                    "<p>The network carries out the plan. One month after the plan has been "
                    "shared, the coordinator gets in touch again: how is it going?</p>",
                ),
            ],
        ),
        heading("Three phases"),
        h3("Phase 1: preparation"),
        paragraph(
            "<p>The coordinator gets to know the core person or family and the people around "
            "them, and organises the meeting. What matters in this phase:</p>"
            "<ul><li>getting to know each other;</li>"
            "<li>if someone is hard to reach, perhaps the person who registered can help;</li>"
            "<li>gathering and motivating participants: the network already starts thinking "
            "and talking together;</li>"
            "<li>making or restoring connections;</li>"
            "<li>removing obstacles so that everyone can take part;</li>"
            "<li>clarifying an open question that can be shared;</li>"
            "<li>preparing the (supporting) organisations;</li>"
            "<li>the practical arrangements.</li></ul>"
        ),
        h3("Phase 2: the meeting"),
        paragraph(
            "<p>At the Eigen Kracht conference the network makes a plan. The meeting has three "
            "parts, described below.</p>"
        ),
        h3("Phase 3: carrying out the plan"),
        paragraph(
            "<p>The network carries out the plan itself. The coordinator’s task ends once the "
            "plan has been shared. A month later the coordinator gets in touch once more: how "
            "is it going?</p>"
        ),
        heading("The conference in three parts"),
        h3("1. The open part: sharing information"),
        paragraph(
            "<ul><li>The participants introduce themselves.</li>"
            "<li>The question or questions are shared (again).</li>"
            "<li>Professionals and experts make their information available.</li>"
            "<li>The participants can ask questions.</li></ul>"
        ),
        h3("2. Private time: talking it over, the plan takes shape"),
        paragraph(
            "<p>The participants from the personal network talk things over and make a plan "
            "together. Social workers and the coordinator are not present.</p>"
            "<p>Why does that matter?</p>"
            "<ul><li>The network talks within its own circle, with people it invited itself "
            "and who want to think along.</li>"
            "<li>In private time, information is shared that would otherwise stay unsaid, not "
            "just what is socially expected.</li>"
            "<li>Ownership: people stay in charge as much as possible, of what is and is not "
            "discussed and of which actions and solutions suit them best.</li></ul>"
        ),
        h3("3. Presenting the plan: present and check"),
        paragraph(
            "<p>The coordinator goes through the plan with the network:</p>"
            "<ul><li>Is the plan safe? Legal? Workable?</li>"
            "<li>Who meets again if the plan needs adjusting?</li></ul>"
        ),
        quote(MAORI_QUOTE, "Maori families in New Zealand, where Family Group Conferencing began"),
        facts("Eigen Kracht in figures", FACTS),
        faq(
            "Frequently asked questions",
            [
                (
                    "What does an Eigen Kracht conference cost?",
                    "<p>Nothing. An Eigen Kracht conference is free of charge, widely "
                    "accessible and easy to ask for.</p>",
                ),
                (
                    "Is there a waiting list?",
                    "<p>No. After registration the traject starts within 1 day to 3 weeks.</p>",
                ),
                (
                    "Who decides what the plan is about?",
                    "<p>The core person chooses what a plan is made for and with whom. "
                    "Everything goes at the pace of the core person and their network.</p>",
                ),
                (
                    "What does the Eigen Kracht coordinator do?",
                    "<p>The coordinator is a trained volunteer who organises and facilitates "
                    "the meeting. They contact every participant beforehand but do not get "
                    "involved in the content of the question. A coordinator supports one "
                    "traject at a time and is supported in turn by an Eigen Kracht coach.</p>",
                ),
                (
                    "Can an Eigen Kracht conference go together with professional help?",
                    "<p>Yes: an Eigen Kracht conference is a bridge between organisations and "
                    "citizens. For example:</p>"
                    "<ul><li>a social worker’s question that the network can take up;</li>"
                    "<li>a conference that leads to a concrete step towards professional "
                    "help;</li>"
                    "<li>a traject alongside professional support, or after some time in "
                    "it;</li>"
                    "<li>even when there is little or no network.</li></ul>",
                ),
            ],
        ),
        call_to_action(
            "Would you like to ask for an Eigen Kracht conference, or do you have a question? "
            "Contact Eigen Kracht Centrale in your region.",
            refs["regions"],
            "Contact by region",
        ),
    )


def origin_body(refs: dict[str, int]) -> str:
    return stream(
        heading("The Maori in New Zealand"),
        paragraph(
            "<p>In New Zealand, a disproportionate number of Maori young people lived in youth "
            "institutions. The social services asked the Maori for advice. Their answer held "
            "two striking points.</p>"
        ),
        quote(MAORI_QUOTE, "Maori families in New Zealand"),
        quote(
            "Make the circle bigger instead of isolating young people in institutions.",
            "Maori families in New Zealand",
        ),
        paragraph(
            "<p>That is how Family Group Conferencing (FGC) came about. In the Netherlands and "
            "Belgium it is known as Eigen Kracht conferences (EKc), “Eigen Kracht” meaning "
            "“one’s own strength”. The first Eigen Kracht coordinator was trained in 2003; EKC "
            "Belgium was founded as a non-profit in 2006.</p>"
        ),
        heading("The three essential pillars of an Eigen Kracht traject"),
        h3("1. Preparing the network"),
        paragraph(
            "<p>Together with the core person, the coordinator looks for who can be involved "
            "in the plan, and contacts every participant beforehand. So the network comes to "
            "the meeting well prepared.</p>"
        ),
        h3("2. The informal network’s right to private time"),
        paragraph(
            "<p>During private time the personal network talks things over on its own, "
            "without social workers and without the coordinator. The network stays in charge "
            "and makes its own plan.</p>"
        ),
        h3("3. The independent coordinator"),
        paragraph(
            "<p>The Eigen Kracht coordinator is a volunteer citizen who:</p>"
            "<ul><li>is well trained;</li>"
            "<li>is always supported by a coach, with opportunities for intervision and "
            "supervision;</li>"
            "<li>supports one traject at a time;</li>"
            "<li>organises and facilitates the meeting;</li>"
            "<li>contacts every participant beforehand;</li>"
            "<li>does not get involved in the content of the question;</li>"
            "<li>ends their task once the plan has been shared;</li>"
            "<li>gets back in touch after a month: how is it going?</li></ul>"
        ),
        heading("A bridge between organisations and citizens"),
        paragraph(
            "<p>Anyone can register, about all kinds of issues. What matters most: the core "
            "person chooses what a plan is made for and with whom, at the pace of the core "
            "person and their network. An Eigen Kracht conference can also go together with "
            "professional help, and is possible even when there is little or no network.</p>"
        ),
        call_to_action(
            "How does an Eigen Kracht traject run, step by step?",
            refs["what_is"],
            "The route of a traject",
        ),
    )


def regions_body(refs: dict[str, int]) -> str:
    return stream(
        paragraph(
            "<p>Each region’s page lists the postcodes it serves. Not sure, or does the family "
            f"live outside Flanders and Brussels? Contact us at {CONTACT_HTML}: we will put "
            "you in touch with the right region.</p>"
        ),
    )


REGION_TITLES = {
    "antwerpen": "Antwerp",
    "brussel-halle-vilvoorde": "Brussels and Halle-Vilvoorde",
    "limburg": "Limburg",
    "oost-vlaanderen": "East Flanders",
    "vlaams-brabant": "Flemish Brabant (Leuven)",
    "west-vlaanderen": "West Flanders",
}


def region_intro(title: str) -> str:
    return (
        f"Eigen Kracht conferences in the region of {title}, with volunteer coordinators and "
        "coaches, supported by a member of staff."
    )


def region_body(refs: dict[str, int]) -> str:
    blocks = [
        paragraph(
            "<p>Would you like to ask for an Eigen Kracht conference for a family living in "
            "this region? Register your question with the form. Do you have a question first, "
            "or would you like to volunteer in this region? Contact the region's staff member: "
            "their name, e-mail address and phone number are shown above.</p>"
        ),
    ]
    if "volunteer" in refs:
        blocks.append(
            call_to_action("Volunteer in this region?", refs["volunteer"], "Become a volunteer")
        )
    return stream(*blocks)


NEWS = {
    "training": {
        "title": "New training for Eigen Kracht coordinators",
        "slug": "new-training-for-coordinators",
        "intro": (
            "Would you like to help families make their own plan, as a volunteer? A new "
            "training for Eigen Kracht coordinators starts soon."
        ),
    },
    "900": {
        "title": "Nearly 900 Eigen Kracht trajects",
        "slug": "nearly-900-trajects",
        "intro": (
            "Since EKC Belgium was founded in 2006, nearly 900 families have made a plan "
            "together with their network."
        ),
    },
    "private_time": {
        "title": "Why the network talks on its own",
        "slug": "why-the-network-talks-on-its-own",
        "intro": (
            "Private time is one of the three pillars of an Eigen Kracht conference. What "
            "happens, and why are social workers not there?"
        ),
    },
}


def news_body(key: str, refs: dict[str, int]) -> str:
    if key == "training":
        return stream(
            paragraph(
                "<p>Eigen Kracht coordinators are volunteers: citizens who prepare and organise "
                "a meeting without getting involved in its content. A coordinator supports one "
                "traject at a time and is supported in turn by a coach, with intervision and "
                "supervision.</p>"
                f"<p>Interested? Contact us at {CONTACT_HTML}.</p>"
            ),
            *(
                [
                    call_to_action(
                        "Read how the training works and apply.",
                        refs["volunteer"],
                        "Become a volunteer",
                    )
                ]
                if "volunteer" in refs
                else []
            ),
        )
    if key == "900":
        return stream(
            paragraph(
                "<p>Over 90% of the trajects were for children and young people (and their "
                "families) in (very) vulnerable situations. That was possible thanks to some "
                "180 trained volunteers in Flanders and Brussels.</p>"
            ),
            facts("In figures", FACTS[:3]),
            call_to_action(
                "Read how a traject runs.", refs["what_is"], "What is an Eigen Kracht conference?"
            ),
        )
    return stream(
        paragraph(
            "<p>During private time the participants from the personal network talk things "
            "over and make a plan together. Social workers and the coordinator are not "
            "present.</p>"
            "<p>The network talks within its own circle, with people it invited itself. So "
            "information comes up that would otherwise stay unsaid, and people stay in charge "
            "as much as possible.</p>"
        ),
        call_to_action(
            "Read more about the three pillars.", refs["origin"], "Origin and three pillars"
        ),
    )


def privacy_body(refs: dict[str, int]) -> str:
    return stream(
        heading("Who is responsible?"),
        paragraph(
            f"<p>The non-profit Eigen Kracht Centrale België is responsible for the data on this website. You can ask about your data at any time at {CONTACT_HTML}.</p>"
        ),
        heading("What do we keep, and why?"),
        paragraph(
            "<ul><li><b>A registration</b>: the details of the person registering and of the core person, the question and the region. We use them only to start and follow up an Eigen Kracht traject.</li><li><b>A volunteer application</b>: your contact details and motivation, to invite you to a meeting and the training.</li><li><b>Volunteers and coaches</b>: your account, your training and your trajects, to support you and keep your certificate up to date.</li></ul><p>We do not sell data and do not share it with others, unless the law requires it.</p>"
        ),
        heading("For how long?"),
        paragraph(
            "<p>The details of a registration that did not become a traject are erased after a year. Those of a finished traject are kept as long as the follow-up and our reporting to funders need them, then erased or anonymised.</p>"
        ),
        heading("Your rights"),
        paragraph(
            f"<p>You may see your data, have it corrected or erased, and object to its use. Ask at {CONTACT_HTML}. If you disagree with our answer, you can complain to the Belgian Data Protection Authority.</p>"
        ),
        heading("Cookies"),
        paragraph(
            "<p>This website only uses the cookies it needs to work: your language, the security of forms and, when you log in, your session. No third-party cookies and no statistics that follow you.</p>"
        ),
    )


def accessibility_body(refs: dict[str, int]) -> str:
    return stream(
        paragraph(
            "<p>Eigen Kracht Centrale wants everyone to be able to use this website, also with a screen reader, with the keyboard only, on a small phone or with magnification.</p>"
        ),
        heading("How accessible is this website?"),
        paragraph(
            "<p>We follow the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. Every page is tested automatically with axe-core at every change, and we test the forms ourselves with the keyboard and a screen reader. Forms also work without JavaScript.</p>"
        ),
        heading("What does not work yet"),
        paragraph(
            "<p>Some older documents and videos do not have captions or a text version yet. Would you like such a document in another form? Ask us and we will send it to you.</p>"
        ),
        heading("Something wrong?"),
        paragraph(
            f"<p>Is there something you cannot use, or do you have a remark? Tell us at {CONTACT_HTML}. We answer within five working days.</p>"
        ),
    )
