"""The staff's coaching forms: assigning a coach, a coach's capacity, and the overview's filter."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.staff.services import MAX_CAPACITY, MIN_CAPACITY
from people.models import User
from trajects.figures.forms import RegionForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONFIRM = "confirm_over_capacity"


class CoachChoiceField(forms.ModelChoiceField):
    """The coaches of the region, each with their load against their capacity (the queryset
    is ``selectors.coaches_in_scope``'s, annotated)."""

    def label_from_instance(self, obj: Any) -> str:
        label = _("%(name)s (%(load)s/%(capacity)s)") % {
            "name": obj,
            "load": obj.load,
            "capacity": obj.capacity_value,
        }
        if obj.load >= obj.capacity_value:
            label = _("%(label)s, at capacity") % {"label": label}
        return str(label)


class AssignForm(forms.Form):
    """Assign or reassign a coordinator's coach in one step. The hand-over note is asked on a
    reassignment only; "assign anyway" appears once a first submit hit the coach's capacity
    (``show_confirm``), and stays while it is posted."""

    coach = CoachChoiceField(label=_("Coach"), queryset=User.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    handover_note = forms.CharField(
        label=_("Hand-over note for the new coach"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the new coach should know about this coordinator. Only the new coach reads "
            "it. No names or details of families."
        ),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        coaches,
        current_coach: User | None,
        show_confirm: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"starts_on": timezone.localdate()})
        super().__init__(data, **kwargs)
        coach_field = cast(CoachChoiceField, self.fields["coach"])
        coach_field.queryset = coaches
        self.is_reassignment = current_coach is not None
        if current_coach is not None:
            coach_field.label = _("New coach")
        else:
            del self.fields["handover_note"]
        if show_confirm or (data is not None and CONFIRM in data):
            self.show_confirm()

    def show_confirm(self) -> None:
        """Adds the "assign anyway" checkbox (after the coach's capacity was hit)."""
        if CONFIRM not in self.fields:
            self.fields[CONFIRM] = forms.BooleanField(
                label=_("Assign anyway, above capacity"),
                required=False,
                help_text=_("Your confirmation is recorded with the assignment."),
            )

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError(_("The start date cannot be in the past."))
        return starts_on


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=MIN_CAPACITY,
        max_value=MAX_CAPACITY,
    )


class OverviewForm(RegionForm):
    """The overview's filters: the region (for those with several) and "below a minimum"."""

    below_minimum = forms.BooleanField(label=_("Below a minimum only"), required=False)

    def below_minimum_only(self) -> bool:
        return self.is_bound and self.is_valid() and self.cleaned_data.get("below_minimum", False)
