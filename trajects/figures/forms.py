"""The dashboard's and the figures' filters: GET forms, so a view of the figures can be
bookmarked, shared with a colleague of the same regions, and downloaded as it is shown.

The region's choices are the regions the user sees (``Region.objects.visible_to``); a region
outside them is not a choice, and the views answer 404 to it rather than show anything.
"""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from people.access import access_for
from people.models import Region
from people.region_fields import RegionChoiceField
from people.regions import region_name
from trajects.figures.selectors import Period
from trajects.models.registrations import RegistrantType

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The figures reach back to before the first traject in Kring (EKC began in 2006), and a
# period spans at most ten years: every month of it is a row of the table.
EARLIEST = datetime.date(2000, 1, 1)
MAX_PERIOD_DAYS = 3653


class RegionForm(forms.Form):
    """One region of the user's, or (empty) all of them. The field is shown only to someone
    who sees more than one region."""

    region = RegionChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, empty_label=None
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        access = access_for(user)
        self.shows_region = access.sees_several_regions
        if not self.shows_region:
            # One region: nothing to choose, and a region in the address is ignored.
            del self.fields["region"]
            return
        field = cast(RegionChoiceField, self.fields["region"])
        field.queryset = Region.objects.visible_to(user)
        field.empty_label = _("All regions") if access.is_administrator else _("All my regions")

    @property
    def region_out_of_scope(self) -> bool:
        """A region was asked for that is not one of the user's (or not a region at all)."""
        return "region" in self.fields and self.has_error("region")

    def chosen_region(self) -> Region | None:
        if "region" not in self.fields or not self.is_valid():
            return None
        return self.cleaned_data.get("region")

    def scope_label(self) -> str:
        """What is counted, in words: the region chosen, "All (my) regions", or the name of
        the one region of someone who has one."""
        region = self.chosen_region()
        if region is not None:
            return region_name(region)
        if self.shows_region:
            return str(cast(RegionChoiceField, self.fields["region"]).empty_label)
        return ", ".join(region_name(region) for region in Region.objects.visible_to(self.user))


def this_year(today: datetime.date | None = None) -> Period:
    """The default period: this calendar year up to and including today."""
    today = today or timezone.localdate()
    return Period(start=today.replace(month=1, day=1), end=today)


class FiguresForm(RegionForm):
    date_from = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Up to and including"), widget=DATE_WIDGET)
    registrant_type = forms.ChoiceField(
        label=_("Registered by"),
        choices=[("", _("Everyone")), *RegistrantType.choices],
        required=False,
    )

    field_order = ("date_from", "date_to", "region", "registrant_type")

    def __init__(self, data: QueryDict | None = None, *, user, today=None, **kwargs):
        # A period left out (or emptied) is this year up to today, and the form says so.
        default = this_year(today)
        # Up to the end of next year: a period may run on past today, not into the far future.
        self.latest = default.end.replace(year=default.end.year + 1, month=12, day=31)
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("date_from"):
            data["date_from"] = default.start.isoformat()
        if not data.get("date_to"):
            data["date_to"] = default.end.isoformat()
        super().__init__(data, user=user, **kwargs)

    def _clean_day(self, name: str) -> datetime.date:
        day = self.cleaned_data[name]
        if not EARLIEST <= day <= self.latest:
            raise forms.ValidationError(
                _("Choose a day from %(earliest)s to %(latest)s.")
                % {
                    "earliest": date_format(EARLIEST, "DATE_FORMAT"),
                    "latest": date_format(self.latest, "DATE_FORMAT"),
                }
            )
        return day

    def clean_date_from(self) -> datetime.date:
        return self._clean_day("date_from")

    def clean_date_to(self) -> datetime.date:
        return self._clean_day("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to", _("This date lies before the start of the period: swap them.")
            )
        elif start and end and (end - start).days > MAX_PERIOD_DAYS:
            self.add_error("date_to", _("Choose a period of at most ten years."))
        return cleaned

    def period(self) -> Period:
        return Period(start=self.cleaned_data["date_from"], end=self.cleaned_data["date_to"])
