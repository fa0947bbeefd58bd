"""The register of personal data is complete: every model of Kring's apps is declared, and every
field that could hold personal data is accounted for (people.privacy.registry)."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import models
from wagtail.fields import RichTextField, StreamField

from people.privacy.registry import REGISTER, Holding

KRING_APPS = ("people", "cms", "training", "trajects", "coaching")

# Field types that can hold free text, an address, a file or structured data.
TEXT_LIKE = (
    models.CharField,
    models.TextField,
    models.FileField,
    models.JSONField,
    StreamField,
)
# Names that look like a person's data; a model registered as holding none must say it checked
# each such field (NoPersonalData.reviewed_fields).
PERSONAL_LOOKING = re.compile(
    r"(^|_)(name|email|e_?mail|phone|mobile|address|birth|note|notes|remarks?|reason|answers?"
    r"|motivation|text|summary|comment|message|document|file|photo|avatar|holder)($|_)"
)


def kring_models() -> list[type[models.Model]]:
    found = []
    for label in KRING_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model._meta.abstract:
                found.append(model)
    return found


def text_like_fields(model: type[models.Model]) -> list[models.Field]:
    """The model's own concrete text-like fields without choices (a choice holds a code)."""
    return [
        field
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and isinstance(field, TEXT_LIKE)
        and not field.choices
        and not field.primary_key
    ]


def field_names(model: type[models.Model]) -> set[str]:
    return {field.name for field in model._meta.get_fields() if getattr(field, "concrete", False)}


def test_every_model_of_kring_is_registered_once():
    missing = [
        model._meta.label
        for model in kring_models()
        if model._meta.label_lower not in REGISTER.holdings
        and model._meta.label_lower not in REGISTER.not_personal
    ]
    twice = sorted(set(REGISTER.holdings) & set(REGISTER.not_personal))
    assert missing == [], (
        "Register these models in their app's privacy.py (a Holding, or NoPersonalData with "
        f"the reason): {missing}"
    )
    assert twice == [], f"Registered both as holding and as not holding personal data: {twice}"


def test_every_registered_model_exists():
    """Kring's models, and the few of installed libraries that hold personal data (the
    log-in's sessions)."""
    labels = {model._meta.label_lower for model in apps.get_models()}
    unknown = sorted((set(REGISTER.holdings) | set(REGISTER.not_personal)) - labels)
    assert unknown == []


@pytest.mark.parametrize("holding", list(REGISTER.holdings.values()), ids=lambda h: h.model)
def test_a_holdings_fields_exist_on_its_model(holding: Holding):
    model = apps.get_model(holding.model)
    names = field_names(model)
    assert holding.fields, "A holding lists at least one field"
    assert [f for f in holding.fields if f not in names] == []
    assert [f for f in holding.not_personal_fields if f not in names] == []
    assert set(holding.fields).isdisjoint(holding.not_personal_fields)
    assert holding.whose and str(holding.retention).strip()


@pytest.mark.parametrize("holding", list(REGISTER.holdings.values()), ids=lambda h: h.model)
def test_every_text_field_of_a_holding_is_declared_personal_or_not(holding: Holding):
    model = apps.get_model(holding.model)
    declared = set(holding.fields) | set(holding.not_personal_fields)
    undeclared = [f.name for f in text_like_fields(model) if f.name not in declared]
    assert undeclared == [], (
        f"{holding.model}: add these fields to the Holding's fields (personal data) or to "
        f"not_personal_fields (checked: no personal data): {undeclared}"
    )


@pytest.mark.parametrize("entry", list(REGISTER.not_personal.values()), ids=lambda e: e.model)
def test_a_model_without_personal_data_has_no_unreviewed_personal_looking_field(entry):
    model = apps.get_model(entry.model)
    suspicious = [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and not getattr(field, "choices", None)
        # Rich text and streams are what editors write for a page: content, not a person's.
        and not isinstance(field, RichTextField | StreamField)
        and (
            isinstance(field, models.EmailField | models.FileField)
            or (isinstance(field, TEXT_LIKE) and PERSONAL_LOOKING.search(field.name))
        )
        and field.name not in entry.reviewed_fields
    ]
    assert suspicious == [], (
        f"{entry.model} is registered as holding no personal data, but these fields look "
        f"personal: register it as a Holding, or list them in reviewed_fields: {suspicious}"
    )
    assert [f for f in entry.reviewed_fields if f not in field_names(model)] == []
    assert entry.why.strip()


def test_the_check_catches_a_new_personal_field():
    """A Holding that forgot a field, and a 'no personal data' model with an e-mail field,
    are both caught."""

    class Probe(models.Model):
        name = models.CharField(max_length=10)
        note = models.TextField()
        email = models.EmailField()
        kind = models.CharField(max_length=5, choices=[("a", "a")])

        class Meta:
            app_label = "people"
            managed = False

        def __str__(self) -> str:
            return self.name

    try:
        assert {f.name for f in text_like_fields(Probe)} == {"name", "note", "email"}
        assert PERSONAL_LOOKING.search("handover_note")
        assert PERSONAL_LOOKING.search("first_name")
        assert not PERSONAL_LOOKING.search("title")
    finally:
        apps.all_models["people"].pop("probe", None)
        apps.clear_cache()


def test_every_subject_and_part_is_complete():
    for kind, subject in REGISTER.subjects.items():
        assert subject.kind == kind
        assert apps.get_model(subject.model)
    for part in REGISTER.parts.values():
        assert part.kind in REGISTER.subjects, f"{part.name} belongs to an unknown subject"
    for rule in REGISTER.retention_rules.values():
        assert str(rule.label).strip()
