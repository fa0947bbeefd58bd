"""The register of personal data: what each model holds, whose it is, why and for how long.

Every app declares its models in its own ``<app>/privacy.py`` (found by
``autodiscover_modules("privacy")`` in ``PeopleConfig.ready``), so this module, at the bottom of
the layering, imports no domain app. Three kinds of entry:

- ``Holding``: a model with personal data, its fields, whose data it is, the legal basis and the
  retention period. ``NoPersonalData``: a model that holds none, with the reason. A test fails
  when a model of Kring's apps is in neither (tests/people/test_privacy_registry.py).
- ``Subject``: a kind of data subject staff can find, export and erase (a registration, an
  applicant, a participant, a volunteer), with the functions that do it for that app's models;
  ``SubjectPart``: what a higher app adds to a lower app's subject.
- ``RetentionRule``: what passes its period (a queryset of due rows) and what to do with one row
  (anonymise it, or delete it); the nightly run (``people.privacy.retention``) applies them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Whose(models.TextChoices):
    REGISTRANT = "registrant", _("registrant")
    CORE_PERSON = "core_person", _("core person")
    PARTICIPANT = "participant", _("participant")
    APPLICANT = "applicant", _("applicant")
    VOLUNTEER = "volunteer", _("volunteer")
    COACH = "coach", _("coach")
    STAFF = "staff", _("staff")


class Basis(models.TextChoices):
    """The legal basis (GDPR art. 6; art. 9(2) for the special categories in a registration)."""

    CONSENT = "consent", _("consent")
    CONTRACT = "contract", _("agreement with the volunteer")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation")
    PUBLIC_INTEREST = "public_interest", _("task in the public interest (youth care)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest")


@dataclass(frozen=True)
class Holding:
    """A model that holds personal data."""

    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]  # the fields that hold personal data (uploads included)
    whose: tuple[Whose, ...]
    basis: Basis
    retention: str | Promise  # in words, e.g. _("6 months after a declined registration")
    # The model's other text-like fields (Char/Text/Email/URL/File/JSON without choices) that
    # were checked and hold no personal data (a reference, a token, a block id). The register
    # test fails for a text-like field in neither tuple, so a new ``note`` cannot be forgotten.
    not_personal_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoPersonalData:
    """A model that holds no personal data, and why (e.g. "page content", "counts only").

    ``reviewed_fields``: fields whose names look personal (``name``, ``email``, ``phone``, a
    ``note``...) but that were checked and hold none (a region's shared mailbox); the register
    test fails for any other such field on a model registered here."""

    model: str
    why: str
    reviewed_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Subject:
    """A kind of data subject that staff find, export and erase.

    - ``search(user, query)``: the records of this kind that ``user`` may see and that match
      ``query`` (a name, an e-mail address, a phone number or a reference), newest first.
    - ``visible_to(user)``: the queryset of records ``user`` may see (out of scope: 404).
    - ``describe(obj)``: a short label for staff (a reference and a date; staff may see names).
    - ``collect(obj)``: everything Kring holds about the person, as JSON-ready sections:
      ``{section title: [ {field label: value}, ... ]}``.
    - ``erase(obj, now)``: anonymises the record in one transaction, idempotent; figures keep
      counting the row. Also removes uploaded files, outbox rows and stored mails about it.
    - ``is_erased(obj)``.
    - ``second_confirmation``: a colleague must confirm before ``erase`` runs (registrations).
    """

    kind: str
    label: str | Promise
    model: str
    search: Callable[[Any, str], models.QuerySet]
    visible_to: Callable[[Any], models.QuerySet]
    describe: Callable[[Any], str]
    collect: Callable[[Any], dict[str, list[dict[str, Any]]]]
    erase: Callable[[Any, datetime], None]
    is_erased: Callable[[Any], bool]
    second_confirmation: bool = False


@dataclass(frozen=True)
class SubjectPart:
    """What a higher app holds about a subject kind registered by a lower one (coaching's
    contacts about a volunteer, whose ``Subject`` training registers). The engine adds every
    part's ``collect`` to the export and runs every part's ``erase`` in the same transaction as
    the subject's own."""

    kind: str  # the Subject.kind it belongs to
    name: str  # stable, e.g. "coaching.volunteer"
    collect: Callable[[Any], dict[str, list[dict[str, Any]]]]
    erase: Callable[[Any, datetime], None]


@dataclass(frozen=True)
class RetentionRule:
    """``due(now)``: the rows past their period, not yet handled; ``apply(row, now)`` handles one
    row in its own transaction (anonymise or delete), so an interrupted run resumes where it
    stopped and nothing is left half-done. ``apply`` may return how many records it handled
    when one "row" stands for many (a batch delete); ``None`` counts as one."""

    name: str  # stable, e.g. "trajects.declined_registration"
    label: str | Promise
    due: Callable[[datetime], Iterable[Any]]
    apply: Callable[[Any, datetime], int | None]


@dataclass
class Register:
    holdings: dict[str, Holding] = field(default_factory=dict)
    not_personal: dict[str, NoPersonalData] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)
    parts: dict[str, SubjectPart] = field(default_factory=dict)
    retention_rules: dict[str, RetentionRule] = field(default_factory=dict)


REGISTER = Register()


def register(*entries: Holding | NoPersonalData | Subject | SubjectPart | RetentionRule) -> None:
    """Adds entries to the register; a model, kind or rule registered twice is an error."""
    for entry in entries:
        if isinstance(entry, Holding):
            name, key = "holdings", entry.model.lower()
        elif isinstance(entry, NoPersonalData):
            name, key = "not_personal", entry.model.lower()
        elif isinstance(entry, Subject):
            name, key = "subjects", entry.kind
        elif isinstance(entry, SubjectPart):
            name, key = "parts", entry.name
        elif isinstance(entry, RetentionRule):
            name, key = "retention_rules", entry.name
        else:
            raise TypeError(f"Not a register entry: {entry!r}")
        table: dict[str, Any] = getattr(REGISTER, name)
        if key in table:
            raise ValueError(f"Registered twice: {key}")
        table[key] = entry


def parts_of(kind: str) -> list[SubjectPart]:
    """The parts higher apps added to the subject kind ``kind``."""
    return [part for part in REGISTER.parts.values() if part.kind == kind]


def subject(kind: str) -> Subject:
    """The subject kind ``kind``; ``LookupError`` for an unknown kind."""
    try:
        return REGISTER.subjects[kind]
    except KeyError:
        raise LookupError(kind) from None
