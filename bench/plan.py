"""What the bench loads, as whom, with which budget, and where it keeps its files."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from bench.parse import (
    FIGURES_AT_SCALE,
    FORM_SHOWN,
    LOGGED_IN,
    NO_BUDGET,
    Budget,
)

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
FORWARDED = {"X-Forwarded-Proto": "https"}  # as behind the TLS proxy of production
PAGE_CACHE_HEADER = "X-Kring-Page-Cache"

FULL_SIZES = {
    "coordinators": 1000,
    "coaches": 50,
    "registrations": 10_000,
    "sessions-per-month": 200,
    "months": 12,
    "applications": 500,
}
QUICK_SIZES = {
    "coordinators": 60,
    "coaches": 6,
    "registrations": 400,
    "sessions-per-month": 20,
    "months": 3,
    "applications": 40,
}


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    kind: str  # trivial, public, form, private
    persona: str = ""  # "" is anonymous
    path: str = ""  # fixed, else found in the data (``find_paths``)
    budget: Budget = NO_BUDGET


PAGES = [
    Page("trivial", "trivial /health/live/", "trivial", path="/health/live/"),
    Page("home", "home", "public", path="/"),
    Page("content", "content page", "public"),
    Page("news-index", "news index", "public"),
    Page("news", "news page", "public"),
    Page("regions", "regions index", "public"),
    Page("region", "region page", "public"),
    Page("search", "search landing", "public", path="/zoeken/"),
    Page("register", "registration form", "form", budget=FORM_SHOWN),
    Page("recruit", "recruitment form", "form", budget=FORM_SHOWN),
    Page("portal", "portal", "private", "coordinator", "/portaal/", LOGGED_IN),
    Page("lesson", "lesson", "private", "coordinator", budget=LOGGED_IN),
    Page("quiz", "quiz attempt", "private", "coordinator", budget=LOGGED_IN),
    Page("days", "training days", "private", "coordinator", "/portaal/opleidingsdagen/", LOGGED_IN),
    Page("workspace", "traject workspace", "private", "coordinator", budget=LOGGED_IN),
    Page("staff", "staff dashboard", "private", "staff", "/staf/", LOGGED_IN),
    Page(
        "registrations", "staff registrations", "private", "staff", "/staf/aanmeldingen/", LOGGED_IN
    ),
    Page("trajects", "staff trajects", "private", "staff", "/staf/trajecten/", LOGGED_IN),
    Page("applications", "staff applications", "private", "staff", "/staf/kandidaten/", LOGGED_IN),
    Page("volunteers", "staff volunteers", "private", "staff", "/staf/vrijwilligers/", LOGGED_IN),
    Page("figures", "figures", "private", "staff", "/staf/rapport/", FIGURES_AT_SCALE),
    Page("coach", "coach dashboard", "private", "coach", "/coach/", LOGGED_IN),
    Page(
        "coach-volunteers",
        "coach volunteers",
        "private",
        "coach",
        "/coach/vrijwilligers/",
        LOGGED_IN,
    ),
    Page("coach-trajects", "coach trajects", "private", "coach", "/coach/trajecten/", LOGGED_IN),
    Page("coach-sessions", "coach sessions", "private", "coach", "/coach/sessies/", LOGGED_IN),
]
POSTS = {"register": "registration accepted", "recruit": "application accepted"}


def pages_chosen(spec: str) -> list[Page]:
    """The pages named in ``spec`` (comma-separated keys; empty: all), the trivial view always
    first: every ratio needs it."""
    if not spec:
        return list(PAGES)
    wanted = {name.strip() for name in spec.split(",") if name.strip()}
    unknown = wanted - {page.key for page in PAGES}
    if unknown:
        raise SystemExit(f"Unknown page(s): {', '.join(sorted(unknown))} (--list names them)")
    return [page for page in PAGES if page.key in wanted or page.kind == "trivial"]


def mode_of(page: Page, server: str) -> str:
    """The table's "mode": the server's pass for the public pages, who asks for the others."""
    if page.kind in ("public", "trivial"):
        return server
    return f"as {page.persona}" if page.persona else "anonymous"


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
