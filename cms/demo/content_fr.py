"""The demo pages in French: translations of the Dutch source pages.

French punctuation (? ! : ; ») has a non-breaking space (U+00A0) before it, so that it never
starts a line on its own."""

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
CONTACT_HTML = f'<a href="mailto:{EMAIL}">{EMAIL}</a> ou au {PHONE}'

HOME = {
    "title": "Eigen Kracht Centrale",
    "intro": "Faire un plan ensemble, c'est possible !",
}

PAGES = {
    "what_is": {
        "title": "Qu’est-ce qu’une conférence Eigen Kracht ?",
        "slug": "quest-ce-quune-conference-eigen-kracht",
        "intro": (
            "Une réunion où une famille élabore elle-même un plan, avec ses proches, ses amis et "
            "ses voisins. Voici comment se déroule un trajet Eigen Kracht, de la demande au suivi."
        ),
    },
    "origin": {
        "title": "Origine et trois piliers",
        "slug": "origine-et-piliers",
        "intro": (
            "Les conférences Eigen Kracht sont nées de la réponse de familles maories en "
            "Nouvelle-Zélande. Trois piliers font d’un trajet un trajet Eigen Kracht."
        ),
    },
    "regions": {
        "title": "Régions",
        "slug": "regions",
        "intro": (
            "L’Eigen Kracht Centrale travaille en Flandre et à Bruxelles, dans six régions. "
            "Contactez la région où vit la famille."
        ),
    },
    "news": {
        "title": "Actualités",
        "slug": "actualites",
        "intro": "Des nouvelles des conférences Eigen Kracht, de nos bénévoles et des régions.",
    },
    "privacy": {
        "title": "Déclaration de confidentialité",
        "slug": "privacy",
        "intro": (
            "Quelles données l’Eigen Kracht Centrale conserve, pourquoi, combien de temps, et quels sont vos droits."
        ),
    },
    "accessibility": {
        "title": "Déclaration d’accessibilité",
        "slug": "accessibilite",
        "intro": (
            "Tout le monde doit pouvoir utiliser ce site. Comment nous y veillons, et à qui vous adresser si quelque chose ne fonctionne pas."
        ),
    },
}

FACTS = [
    ("près de 900", "trajets"),
    (
        "plus de 90 %",
        "pour des enfants et des jeunes (et leur famille) en situation de (grande) vulnérabilité",
    ),
    ("± 180", "bénévoles formés"),
    ("3 semaines", "au plus avant le démarrage, sans liste d’attente"),
    ("2006", "création de l’asbl EKC Belgique"),
]

MAORI_QUOTE = (
    "Respectez-nous comme propriétaires du problème. Laissez-nous nous concerter. "
    "Laissez-nous faire un plan."
)


def home_body(refs: dict[str, int]) -> str:
    return stream(
        paragraph(
            "<p>Parfois, on est bloqué. Quelque chose ne va pas dans une famille : un problème "
            "ou un souhait qui demande un plan. Avec une conférence Eigen Kracht, la famille "
            "élabore ce plan elle-même, avec ses proches, ses amis, ses voisins et toutes les "
            "personnes qui comptent.</p>"
            "<p>Un bénévole indépendant et formé, le coordinateur Eigen Kracht, aide à préparer "
            "et à organiser la réunion, sans intervenir sur le fond. La personne centrale "
            "choisit sur quoi porte le plan et qui est invité, et tout se fait à son rythme et "
            "à celui de son réseau.</p>"
            "<p>Gratuit, sans liste d’attente : un trajet démarre dans les trois semaines.</p>"
        ),
        call_to_action(
            "Demander une conférence ? Introduisez votre demande avec le formulaire, ou "
            "contactez l’Eigen Kracht Centrale dans votre région.",
            *(
                (refs["registration"], "Faire une demande")
                if "registration" in refs
                else (refs["regions"], "Contact par région")
            ),
        ),
        facts("Eigen Kracht : par et pour les citoyens", FACTS),
        call_to_action(
            "Vous voulez savoir comment se déroule une conférence Eigen Kracht ?",
            refs["what_is"],
            "Comment ça marche",
        ),
    )


def what_is_body(refs: dict[str, int]) -> str:
    return stream(
        heading("Un trajet commence par un problème ou un souhait"),
        paragraph(
            "<p>Il se passe « quelque chose » qui demande un plan : une question à résoudre. "
            "Comment s’y prendre ? Lors d’une conférence Eigen Kracht, les personnes que la "
            "famille choisit elle-même cherchent ensemble une réponse.</p>"
        ),
        heading("Qui fait la demande, et comment ?"),
        paragraph(
            "<p>Parfois, ce sont les citoyens eux-mêmes. Le plus souvent, c’est un "
            "professionnel, par exemple d’un 1G1P, d’un CAW, d’un CLB, d’un CPAS, d’un service "
            "d’aide à la jeunesse, d’un service de placement familial ou d’un OCJ. Une demande "
            "se fait toujours en concertation avec la personne ou la famille centrale.</p>"
            f"<p>Vous pouvez faire une demande avec le formulaire de ce site ou par téléphone "
            f"au {PHONE}.</p>"
        ),
        route(
            "Le parcours d’un trajet Eigen Kracht",
            [
                (
                    "La demande",
                    "<p>Un citoyen ou un professionnel signale un problème ou un souhait, "
                    "toujours en concertation avec la personne ou la famille centrale.</p>",
                ),
                (
                    "Le choix d’un bénévole",
                    "<p>Nous cherchons un coordinateur Eigen Kracht dans la région. Le trajet "
                    "démarre dans un délai d’un jour à trois semaines : il n’y a pas de liste "
                    "d’attente.</p>",
                ),
                (
                    "La préparation",
                    "<p>Le coordinateur fait connaissance avec la personne centrale ou la "
                    "famille et leur entourage, rassemble les participants et organise la "
                    "réunion.</p>",
                ),
                (
                    "La conférence",
                    "<p>Le réseau se réunit et fait un plan, en trois parties : la partie "
                    "ouverte, le temps privé et la présentation du plan.</p>",
                ),
                (
                    "La mise en œuvre et le suivi",
                    "<p>Le réseau met le plan en œuvre. Un mois après la diffusion du plan, le "
                    "coordinateur reprend contact : comment ça se passe ?</p>",
                ),
            ],
        ),
        heading("Trois phases"),
        h3("Phase 1 : la préparation"),
        paragraph(
            "<p>Le coordinateur fait connaissance avec la personne centrale ou la famille et "
            "avec leur entourage, et organise la réunion. Ce qui compte dans cette phase :</p>"
            "<ul><li>faire connaissance ;</li>"
            "<li>si quelqu’un est difficile à joindre, la personne qui a fait la demande peut "
            "peut-être aider ;</li>"
            "<li>rassembler et motiver les participants : le réseau réfléchit déjà et se "
            "concerte ;</li>"
            "<li>créer ou rétablir des liens ;</li>"
            "<li>lever les obstacles pour que chacun puisse participer ;</li>"
            "<li>clarifier une question ouverte, que l’on peut partager ;</li>"
            "<li>préparer les services (qui accompagnent la famille) ;</li>"
            "<li>l’organisation pratique.</li></ul>"
        ),
        h3("Phase 2 : la réunion"),
        paragraph(
            "<p>Lors de la conférence Eigen Kracht, le réseau fait un plan. La réunion se "
            "compose de trois parties, décrites ci-dessous.</p>"
        ),
        h3("Phase 3 : la mise en œuvre du plan"),
        paragraph(
            "<p>Le réseau met lui-même le plan en œuvre. La mission du coordinateur se termine "
            "lorsque le plan a été diffusé. Un mois plus tard, le coordinateur reprend contact : "
            "comment ça se passe ?</p>"
        ),
        heading("La conférence en trois parties"),
        h3("1. La partie ouverte : échanger des informations"),
        paragraph(
            "<ul><li>Les participants se présentent.</li>"
            "<li>La ou les questions sont (à nouveau) partagées.</li>"
            "<li>Les professionnels et les experts apportent leurs informations.</li>"
            "<li>Les participants peuvent poser des questions.</li></ul>"
        ),
        h3("2. Le temps privé : la concertation, le plan prend forme"),
        paragraph(
            "<p>Les participants du réseau personnel se concertent et font un plan ensemble. "
            "Les professionnels et le coordinateur ne sont pas présents.</p>"
            "<p>Pourquoi est-ce important ?</p>"
            "<ul><li>Le réseau se concerte entre soi, avec des personnes qu’il a lui-même "
            "invitées et qui veulent réfléchir avec lui.</li>"
            "<li>Pendant le temps privé, des informations circulent qui ne seraient pas "
            "partagées autrement, pas seulement ce qui est socialement attendu.</li>"
            "<li>L’appropriation : les personnes gardent autant que possible la main, sur ce "
            "qui est abordé ou non et sur les actions et solutions qui leur conviennent le "
            "mieux.</li></ul>"
        ),
        h3("3. La présentation du plan : présenter et vérifier"),
        paragraph(
            "<p>Le coordinateur parcourt le plan avec le réseau :</p>"
            "<ul><li>Le plan est-il sûr ? Légal ? Réalisable ?</li>"
            "<li>Qui se réunit si le plan doit être ajusté ?</li></ul>"
        ),
        quote(
            MAORI_QUOTE,
            "Des familles maories de Nouvelle-Zélande, où est né le Family Group Conferencing",
        ),
        facts("Eigen Kracht en chiffres", FACTS),
        faq(
            "Questions fréquentes",
            [
                (
                    "Combien coûte une conférence Eigen Kracht ?",
                    "<p>Rien. Une conférence Eigen Kracht est gratuite, largement accessible "
                    "et à bas seuil.</p>",
                ),
                (
                    "Y a-t-il une liste d’attente ?",
                    "<p>Non. Après la demande, le trajet démarre dans un délai d’un jour à "
                    "trois semaines.</p>",
                ),
                (
                    "Qui décide de l’objet du plan ?",
                    "<p>La personne centrale choisit sur quoi porte le plan et avec qui il est "
                    "élaboré. Tout se fait à son rythme et à celui de son réseau.</p>",
                ),
                (
                    "Que fait le coordinateur Eigen Kracht ?",
                    "<p>Le coordinateur est un bénévole formé qui organise et facilite la "
                    "réunion. Il ou elle prend contact au préalable avec chaque participant, "
                    "mais n’intervient pas sur le fond de la question. Un coordinateur "
                    "accompagne un seul trajet à la fois et est lui-même soutenu par un coach "
                    "Eigen Kracht.</p>",
                ),
                (
                    "Une conférence Eigen Kracht peut-elle aller de pair avec une aide "
                    "professionnelle ?",
                    "<p>Oui, une conférence Eigen Kracht jette un pont entre les organisations "
                    "et les citoyens. Par exemple :</p>"
                    "<ul><li>la question d’un professionnel que le réseau peut prendre en "
                    "main ;</li>"
                    "<li>une conférence qui débouche sur une action concrète vers l’aide "
                    "professionnelle ;</li>"
                    "<li>un trajet en même temps qu’un accompagnement, ou après un certain "
                    "temps ;</li>"
                    "<li>même quand le réseau est petit, voire inexistant.</li></ul>",
                ),
            ],
        ),
        call_to_action(
            "Vous souhaitez demander une conférence Eigen Kracht ou vous avez une question ? "
            "Contactez l’Eigen Kracht Centrale dans votre région.",
            refs["regions"],
            "Contact par région",
        ),
    )


def origin_body(refs: dict[str, int]) -> str:
    return stream(
        heading("Les Maoris en Nouvelle-Zélande"),
        paragraph(
            "<p>En Nouvelle-Zélande, les jeunes Maoris étaient surreprésentés dans les "
            "institutions pour la jeunesse. Les services d’aide ont demandé conseil aux "
            "Maoris. Leur réponse contenait deux éléments marquants.</p>"
        ),
        quote(MAORI_QUOTE, "Des familles maories de Nouvelle-Zélande"),
        quote(
            "Agrandissez le cercle au lieu d’isoler les jeunes dans des institutions.",
            "Des familles maories de Nouvelle-Zélande",
        ),
        paragraph(
            "<p>C’est ainsi qu’est né le Family Group Conferencing (FGC). Aux Pays-Bas et en "
            "Belgique, on le connaît sous le nom de conférences Eigen Kracht (EKc). Le premier "
            "coordinateur Eigen Kracht a été formé en 2003 ; l’asbl EKC Belgique a été créée en "
            "2006.</p>"
        ),
        heading("Les trois piliers essentiels d’un trajet Eigen Kracht"),
        h3("1. La préparation du réseau"),
        paragraph(
            "<p>Le coordinateur cherche avec la personne centrale qui peut être associé au "
            "plan, et prend contact au préalable avec chaque participant. Le réseau arrive "
            "ainsi bien préparé à la réunion.</p>"
        ),
        h3("2. Le droit du réseau informel à un temps privé"),
        paragraph(
            "<p>Pendant le temps privé, le réseau personnel se concerte seul, sans "
            "professionnels et sans coordinateur. Le réseau garde la main et fait lui-même son "
            "plan.</p>"
        ),
        h3("3. Le coordinateur indépendant"),
        paragraph(
            "<p>Le coordinateur Eigen Kracht est un citoyen bénévole qui :</p>"
            "<ul><li>est bien formé ;</li>"
            "<li>est toujours soutenu par un coach, avec des possibilités d’intervision et de "
            "supervision ;</li>"
            "<li>accompagne un seul trajet à la fois ;</li>"
            "<li>organise et facilite la réunion ;</li>"
            "<li>prend contact au préalable avec chaque participant ;</li>"
            "<li>n’intervient pas sur le fond de la question ;</li>"
            "<li>termine sa mission une fois le plan diffusé ;</li>"
            "<li>reprend contact après un mois : comment ça se passe ?</li></ul>"
        ),
        heading("Un pont entre les organisations et les citoyens"),
        paragraph(
            "<p>Tout le monde peut faire une demande, pour toutes sortes de questions. "
            "L’essentiel : la personne centrale choisit sur quoi porte le plan et avec qui, à "
            "son rythme et à celui de son réseau. Une conférence Eigen Kracht peut aussi aller "
            "de pair avec une aide professionnelle, et reste possible quand le réseau est "
            "petit, voire inexistant.</p>"
        ),
        call_to_action(
            "Comment se déroule un trajet Eigen Kracht, étape par étape ?",
            refs["what_is"],
            "Le parcours d’un trajet",
        ),
    )


def regions_body(refs: dict[str, int]) -> str:
    return stream(
        paragraph(
            "<p>La page de chaque région indique les codes postaux qu’elle dessert. En cas de "
            "doute, ou si la famille habite en dehors de la Flandre et de Bruxelles, "
            f"contactez-nous à {CONTACT_HTML} : nous vous orienterons vers la bonne "
            "région.</p>"
        ),
    )


REGION_TITLES = {
    "antwerpen": "Anvers",
    "brussel-halle-vilvoorde": "Bruxelles et Hal-Vilvorde",
    "limburg": "Limbourg",
    "oost-vlaanderen": "Flandre orientale",
    "vlaams-brabant": "Brabant flamand (Louvain)",
    "west-vlaanderen": "Flandre occidentale",
}


def region_intro(title: str) -> str:
    return (
        f"Les conférences Eigen Kracht dans la région {title}, avec des coordinateurs et des "
        "coachs bénévoles, soutenus par un membre du personnel."
    )


def region_body(refs: dict[str, int]) -> str:
    blocks = [
        paragraph(
            "<p>Vous souhaitez demander une conférence Eigen Kracht pour une famille qui vit "
            "dans cette région ? Introduisez votre demande avec le formulaire. Vous avez "
            "d’abord une question, ou vous souhaitez devenir bénévole dans cette région ? "
            "Contactez le collaborateur de la région : son nom, son adresse e-mail et son "
            "numéro de téléphone figurent ci-dessus.</p>"
        ),
    ]
    if "volunteer" in refs:
        blocks.append(
            call_to_action(
                "Devenir bénévole dans cette région ?", refs["volunteer"], "Devenir bénévole"
            )
        )
    return stream(*blocks)


NEWS = {
    "training": {
        "title": "Nouvelle formation pour coordinateurs Eigen Kracht",
        "slug": "nouvelle-formation-coordinateurs",
        "intro": (
            "Vous aimeriez aider, comme bénévole, des familles à faire leur propre plan ? Une "
            "nouvelle formation de coordinateur Eigen Kracht commence bientôt."
        ),
    },
    "900": {
        "title": "Près de 900 trajets Eigen Kracht",
        "slug": "pres-de-900-trajets",
        "intro": (
            "Depuis la création de l’asbl EKC Belgique en 2006, près de 900 familles ont fait "
            "un plan avec leur réseau."
        ),
    },
    "private_time": {
        "title": "Pourquoi le réseau se concerte seul",
        "slug": "pourquoi-le-reseau-se-concerte-seul",
        "intro": (
            "Le temps privé est l’un des trois piliers d’une conférence Eigen Kracht. Que "
            "s’y passe-t-il, et pourquoi les professionnels n’y assistent-ils pas ?"
        ),
    },
}


def news_body(key: str, refs: dict[str, int]) -> str:
    if key == "training":
        return stream(
            paragraph(
                "<p>Les coordinateurs Eigen Kracht sont des bénévoles : des citoyens qui "
                "préparent et organisent une réunion, sans intervenir sur le fond. Un "
                "coordinateur accompagne un seul trajet à la fois et est lui-même soutenu par "
                "un coach, avec de l’intervision et de la supervision.</p>"
                f"<p>Intéressé ? Contactez-nous à {CONTACT_HTML}.</p>"
            ),
            *(
                [
                    call_to_action(
                        "Découvrez comment se déroule la formation et posez votre candidature.",
                        refs["volunteer"],
                        "Devenir bénévole",
                    )
                ]
                if "volunteer" in refs
                else []
            ),
        )
    if key == "900":
        return stream(
            paragraph(
                "<p>Plus de 90 % des trajets concernaient des enfants et des jeunes (et leur "
                "famille) en situation de (grande) vulnérabilité. C’est possible grâce à "
                "quelque 180 bénévoles formés en Flandre et à Bruxelles.</p>"
            ),
            facts("En chiffres", FACTS[:3]),
            call_to_action(
                "Découvrez comment se déroule un trajet.",
                refs["what_is"],
                "Qu’est-ce qu’une conférence Eigen Kracht ?",
            ),
        )
    return stream(
        paragraph(
            "<p>Pendant le temps privé, les participants du réseau personnel se concertent et "
            "font un plan ensemble. Les professionnels et le coordinateur ne sont pas "
            "présents.</p>"
            "<p>Le réseau se concerte entre soi, avec des personnes qu’il a lui-même invitées. "
            "Des informations sont ainsi partagées qui ne le seraient pas autrement, et les "
            "personnes gardent autant que possible la main.</p>"
        ),
        call_to_action(
            "En savoir plus sur les trois piliers.", refs["origin"], "Origine et trois piliers"
        ),
    )


def privacy_body(refs: dict[str, int]) -> str:
    return stream(
        heading("Qui est responsable\xa0?"),
        paragraph(
            f"<p>L’asbl Eigen Kracht Centrale België est responsable des données de ce site. Pour toute question sur vos données, contactez-nous à {CONTACT_HTML}.</p>"
        ),
        heading("Quelles données conservons-nous, et pourquoi\xa0?"),
        paragraph(
            "<ul><li><b>Une demande</b>\xa0: les données de la personne qui fait la demande et de la personne centrale, la question et la région. Nous les utilisons uniquement pour lancer et suivre un trajet Eigen Kracht.</li><li><b>Une candidature de bénévole</b>\xa0: vos coordonnées et votre motivation, pour vous inviter à une rencontre et à la formation.</li><li><b>Bénévoles et coachs</b>\xa0: votre compte, votre formation et vos trajets, pour vous accompagner et tenir votre certificat à jour.</li></ul><p>Nous ne vendons pas de données et ne les partageons avec personne, sauf si la loi l’exige.</p>"
        ),
        heading("Combien de temps\xa0?"),
        paragraph(
            "<p>Les données d’une demande qui n’a pas donné lieu à un trajet sont effacées après un an. Celles d’un trajet terminé sont conservées aussi longtemps que nécessaire pour le suivi et pour rendre compte à nos financeurs, puis effacées ou anonymisées.</p>"
        ),
        heading("Vos droits"),
        paragraph(
            f"<p>Vous pouvez consulter, faire corriger ou faire effacer vos données, et vous opposer à leur traitement. Demandez-le à {CONTACT_HTML}. Si vous n’êtes pas d’accord avec notre réponse, vous pouvez porter plainte auprès de l’Autorité de protection des données.</p>"
        ),
        heading("Cookies"),
        paragraph(
            "<p>Ce site n’utilise que les cookies nécessaires à son fonctionnement\xa0: votre choix de langue, la sécurité des formulaires et, si vous vous connectez, votre session. Pas de cookies de tiers, pas de statistiques qui vous suivent.</p>"
        ),
    )


def accessibility_body(refs: dict[str, int]) -> str:
    return stream(
        paragraph(
            "<p>L’Eigen Kracht Centrale veut que tout le monde puisse utiliser ce site, y compris avec un lecteur d’écran, uniquement au clavier, sur un petit téléphone ou avec un agrandissement.</p>"
        ),
        heading("Ce site est-il accessible\xa0?"),
        paragraph(
            "<p>Nous suivons les Règles pour l’accessibilité des contenus Web (WCAG) 2.2, niveau AA. Chaque page est testée automatiquement avec axe-core à chaque modification, et nous testons nous-mêmes les formulaires au clavier et avec un lecteur d’écran. Les formulaires fonctionnent aussi sans JavaScript.</p>"
        ),
        heading("Ce qui ne va pas encore"),
        paragraph(
            "<p>Certains documents et vidéos plus anciens n’ont pas encore de sous-titres ou de version texte. Vous souhaitez un document sous une autre forme\xa0? Demandez-le-nous\xa0: nous vous le ferons parvenir.</p>"
        ),
        heading("Un problème\xa0?"),
        paragraph(
            f"<p>Vous ne parvenez pas à utiliser quelque chose, ou vous avez une remarque\xa0? Signalez-le à {CONTACT_HTML}. Nous répondons dans les cinq jours ouvrables.</p>"
        ),
    )
