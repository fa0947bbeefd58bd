"""The staff tables' rows, built in Python (``people.tables.StaffTable.body_html``), are the
markup the template loop wrote: the same cells, values and escaping, the empty text alone."""

from __future__ import annotations

import re

import pytest
from django.template import engines
from django.utils import translation

from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import Channel, Registration
from trajects.tables import RegistrationTable
from trajects.traject.models import Traject
from trajects.traject.tables import TrajectTable

pytestmark = pytest.mark.django_db

# The loop ``includes/staff_table.html`` had before ``body_html``.
TEMPLATE_LOOP = """{% for row in table.paginated_rows %}<tr>{% for column, cell in row.items %}<td class="{{ column.name }}" data-label="{{ column.header }}">{{ cell }}</td>{% endfor %}</tr>{% empty %}{% if table.empty_text %}<tr><td colspan="{{ table.columns|length }}">{{ table.empty_text }}</td></tr>{% endif %}{% endfor %}"""


def as_template_wrote_it(table) -> str:
    return engines["django"].from_string(TEMPLATE_LOOP).render({"table": table})


def squeezed(markup: str) -> str:
    return re.sub(r">\s+<", "><", str(markup)).strip()


def paginated(table_class, rows, **kwargs):
    table = table_class(rows, **kwargs)
    table.paginate(page=1, per_page=25)
    return table


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_registration_rows_are_what_the_template_wrote(language, staff, antwerpen):
    RegistrationFactory(region=antwerpen, municipality='<script>alert("x")</script>')
    RegistrationFactory(region=antwerpen, channel=Channel.PHONE, taken_by=staff)
    RegistrationFactory(region=antwerpen, municipality="")
    rows = Registration.objects.select_related("region", "taken_by").order_by("pk")

    with translation.override(language):
        table = paginated(RegistrationTable, rows)
        expected = squeezed(as_template_wrote_it(table))
        built = squeezed(paginated(RegistrationTable, rows).body_html())

    assert built == expected
    assert "&lt;script&gt;" in built and "<script>" not in built
    assert built.count("<tr>") == 3


def test_the_traject_rows_are_what_the_template_wrote(staff, antwerpen):
    for _ in range(2):
        registration = RegistrationFactory(region=antwerpen)
        registration_intake_start(registration=registration, by=staff)
        registration_accept(registration=registration, by=staff)
    paused = Traject.objects.order_by("pk").last()
    Traject.objects.filter(pk=paused.pk).update(paused_at=paused.created_at)
    rows = Traject.objects.select_related("registration", "region").order_by("pk")

    with translation.override("en"):
        expected = squeezed(as_template_wrote_it(paginated(TrajectTable, rows)))
        built = squeezed(paginated(TrajectTable, rows).body_html())

    assert built == expected
    assert "status-badge--paused" in built


def test_an_empty_table_shows_its_empty_text_in_one_row():
    table = paginated(RegistrationTable, Registration.objects.none())

    assert squeezed(table.body_html()) == squeezed(as_template_wrote_it(table))
    assert 'colspan="6"' in table.body_html()
