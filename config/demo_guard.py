"""Whether ``seed_demo`` may run here: the guard that keeps demo accounts out of real databases.

The demo accounts share a known password and include an administrator, so seeding is allowed
only where nothing can be lost or exposed:

1. **The embedded database**: SQLite in a file under ``VAR_DIR`` (``var/kring.sqlite3`` of
   ``make run``) or SQLite in memory (the test suite's). Any other engine, or a SQLite file
   elsewhere, counts as someone's real database, whatever DEBUG says.
2. **No real data in it**. The rule is two cheap queries that follow how ``seed_demo`` marks
   its rows: every demo person has an e-mail address on a reserved example domain
   (``people.demo.DOMAIN``, ``kring.example``, for the staff, coaches and coordinators;
   ``example.org`` for the applicants of the training demo who became coordinators), which no
   real person can have; and every demo registration has a submission token that
   ``trajects.demo`` derives from its fixed namespace. One person or registration outside those
   is real data. (Applications, trajects, sessions and the rest hang off people and
   registrations, so they need no query of their own.)

``seed_demo`` refuses unless both hold (``--i-know-this-is-not-the-demo-database`` skips the
database part, never the DEBUG part), and ``make run`` asks ``manage.py demo_check`` before
seeding.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Q

from people import demo as people_demo
from people.models import User
from trajects import demo as trajects_demo
from trajects.models import Registration

SQLITE = "django.db.backends.sqlite3"
# Reserved for examples (RFC 2606), so never a real person's address.
DEMO_EMAIL_DOMAINS = (people_demo.DOMAIN, "example.org")


def is_in_memory(name: str) -> bool:
    """SQLite's in-memory databases: ``:memory:`` and the test runner's shared-cache URI."""
    return name == ":memory:" or (name.startswith("file:") and "mode=memory" in name)


def is_embedded(database: Mapping[str, Any], *, var_dir: Path | None = None) -> bool:
    """Whether a ``DATABASES`` entry (or a connection's ``settings_dict``) names the embedded
    database: SQLite in memory, or a SQLite file under ``var_dir`` (``settings.VAR_DIR``)."""
    if database.get("ENGINE") != SQLITE:
        return False
    name = str(database.get("NAME") or "")
    if not name:
        return False
    if is_in_memory(name):
        return True
    base = Path(var_dir if var_dir is not None else settings.VAR_DIR).resolve()
    # resolve() also undoes "var/../elsewhere" and a symbolic link pointing out of var/.
    return Path(name).resolve().is_relative_to(base)


def _demo_tokens() -> list[uuid.UUID]:
    names = [f"demo-registration-{n}" for n in range(trajects_demo.REGISTRATIONS)]
    names += [f"demo-history-{n}" for n in range(trajects_demo.HISTORY)]
    return [uuid.uuid5(trajects_demo.TOKEN_NAMESPACE, name) for name in names]


def real_data_found(
    *, using: str = "default", also_made: Q | None = None, made_by: str = "not made by seed_demo"
) -> list[str]:
    """What in the database was not made by ``seed_demo``, as counts (never who or what).
    ``also_made``: registrations another command made (``seed_scale``), named by ``made_by``."""
    found = []
    demo_people = Q()
    for domain in DEMO_EMAIL_DOMAINS:
        demo_people |= Q(email__iendswith=f"@{domain}")
    people = User.objects.using(using).exclude(demo_people).count()
    if people:
        found.append(
            f"{people} account(s) outside the demo domains {', '.join(DEMO_EMAIL_DOMAINS)}"
        )
    others = Registration.objects.using(using).exclude(submission_token__in=_demo_tokens())
    if also_made is not None:
        others = others.exclude(also_made)
    registrations = others.count()
    if registrations:
        found.append(f"{registrations} registration(s) {made_by}")
    return found


def database_refusal(*, using: str = "default") -> str | None:
    """Why the demo data must not go into this database, or None when it may."""
    database = connections[using].settings_dict
    if not is_embedded(database):
        # Only the engine: the name, host or user of someone's database stays out of the output.
        return (
            f"The database is not the embedded one (SQLite under {settings.VAR_DIR}) but "
            f"{database.get('ENGINE', '?')}: it may be someone's real database."
        )
    found = real_data_found(using=using)
    if found:
        return f"The database holds real data: {'; '.join(found)}."
    return None


def seeding_refusal(*, using: str = "default", check_database: bool = True) -> str | None:
    """Why ``seed_demo`` must not run, or None. DEBUG is checked first: the demo's second-factor
    bypass code exists only with DEBUG on, so without it the demo accounts are of no use."""
    if not settings.DEBUG:
        return (
            "DEBUG is off: seed_demo creates demo accounts with a known password and only runs "
            "with DEBUG on."
        )
    if check_database:
        return database_refusal(using=using)
    return None
