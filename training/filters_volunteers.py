"""The filters above the staff's and coaches' volunteer tables: track, certificate state,
region (for those with more than one) and name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from people.access import access_for
from people.models import Region
from people.region_fields import RegionChoiceField
from training.models import Track
from training.services import default_track
from training.volunteers import CertificateState


class VolunteerFilterForm(forms.Form):
    """A GET form; ``track`` defaults to the basic training (``services.default_track``)."""

    q = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    track = forms.ModelChoiceField(
        label=_("Track"),
        queryset=Track.objects.order_by("-is_active", "name"),
        required=False,
        empty_label=_("The basic training"),
    )
    certificate = forms.ChoiceField(
        label=_("Certificate"),
        choices=[("", _("All")), *CertificateState.choices],
        required=False,
    )
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("All my regions"),
    )

    def __init__(self, *args, user=None, show_region: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_for(user)
        regions = Region.objects.order_by("name")
        if not access.is_administrator:
            regions = regions.filter(pk__in=access.region_ids)
        if show_region and (access.is_administrator or len(access.region_ids) > 1):
            self.fields["region"].queryset = regions
        else:
            del self.fields["region"]

    def chosen_track(self) -> Track | None:
        """The track to show: the one chosen, else the basic training; call after is_valid."""
        data = getattr(self, "cleaned_data", {})
        return data.get("track") or default_track()
