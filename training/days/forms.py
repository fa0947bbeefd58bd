"""Forms for training days: the staff's form to plan a day, the portal list's search, and the
trainer's attendance form."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from people.access import access_for
from people.models import Region, User
from people.region_fields import RegionChoiceField
from people.roles import Role
from training.days.models import SeatStatus, TrainingDay
from training.learning.models import Track

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def trainers_for(user: User, current: User | None = None) -> QuerySet[User]:
    """Who can give a day: active coaches, staff and coordinators of the user's regions (all
    regions for administrators), and the day's current trainer."""
    access = access_for(user)
    condition = Q(
        is_active=True,
        groups__name__in=[Role.COACH, Role.REGIONAL_STAFF, Role.COORDINATOR],
    )
    if not access.is_administrator:
        condition &= Q(regions__in=access.region_ids)
    if current is not None:
        condition |= Q(pk=current.pk)
    ids = User.objects.filter(condition).values("pk")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class TrainingDayForm(forms.ModelForm):
    """Plans or changes a day. The model's ``clean`` checks that it ends after it starts and
    that a classroom day has a place and an online day a link."""

    online_url = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("For an online day. Only volunteers with a place see the link."),
    )

    class Meta:
        model = TrainingDay
        fields = [
            "title",
            "title_fr",
            "title_en",
            "track",
            "kind",
            "region",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "trainer",
            "capacity",
            "description",
        ]
        field_classes = {"trainer": TrainerChoiceField, "region": RegionChoiceField}
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "capacity": _(
                "The number of places. When they are taken, volunteers join the waiting list."
            ),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # ``fields`` is typed as plain ``Field``s: these are the classes that ``Meta`` names.
        region = cast(RegionChoiceField, self.fields["region"])
        regions = Region.objects.visible_to(user)
        region.queryset = regions
        region.required = True
        if regions.count() == 1:
            region.empty_label = None  # one region: nothing to choose
        track = cast(forms.ModelChoiceField, self.fields["track"])
        track.queryset = Track.objects.filter(is_active=True).order_by("name")
        trainer = cast(TrainerChoiceField, self.fields["trainer"])
        trainer.queryset = trainers_for(user, self.instance.trainer)
        self.fields["capacity"].widget.attrs["min"] = 1
        for name in ("starts_at", "ends_at"):
            when = cast(forms.DateTimeField, self.fields[name])
            when.input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(_("A training day needs at least one place."))
        if self.instance.pk is not None and capacity is not None:
            taken = self.instance.seats.filter(status=SeatStatus.CONFIRMED).count()
            if capacity < taken:
                raise forms.ValidationError(
                    _(
                        "%(taken)s volunteers already have a place: the number of places "
                        "cannot be lower."
                    ),
                    params={"taken": taken},
                )
        return capacity


class TrainingDaySearchForm(forms.Form):
    """The portal list's filters (GET)."""

    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("All regions"),
    )
    track = forms.ModelChoiceField(
        label=_("Track"),
        queryset=Track.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("All tracks"),
    )


PRESENT, ABSENT = "present", "absent"


class AttendanceForm(forms.Form):
    """Present or absent for each confirmed place; a place left open is not recorded."""

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = list(seats)
        for seat in self.seats:
            initial = None
            if seat.attended is not None:
                initial = PRESENT if seat.attended else ABSENT
            self.fields[f"seat_{seat.pk}"] = forms.ChoiceField(
                label=seat.user.get_full_name() or seat.user.email,
                choices=[(PRESENT, _("Present")), (ABSENT, _("Absent"))],
                widget=forms.RadioSelect,
                required=False,
                initial=initial,
            )

    def attended(self) -> dict[int, bool]:
        result = {}
        for seat in self.seats:
            value = self.cleaned_data.get(f"seat_{seat.pk}")
            if value:
                result[seat.pk] = value == PRESENT
        return result
