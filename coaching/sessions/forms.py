"""The facilitator's forms: a session (schedule or change), attendance, the shared summary and
the private note. They check what a form can (required fields, choices, a date and times that
make a moment in Brussels); the services check the rest, and their refusals are shown on the
same forms next to the fields (``add_service_errors``)."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coaching.models import IntervisionGroup, Invitation, Reply, Session, SessionKind
from coaching.sessions.access import invitable_coordinators
from people.models import Region, User
from people.region_fields import RegionChoiceField

TEXT_MAX_LENGTH = 5000
FAMILIES_WARNING = _("Refer to a traject by its reference only: no names or details of families.")

# Where a service's refusal on one of its arguments shows on the form.
SERVICE_FIELDS = {
    "starts_at": "start_time",
    "ends_at": "end_time",
    "name": "group_name",
    "members": "invitees",
    "attended_ids": "attended",
}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's ``ValidationError`` on ``form``: each message next to its field,
    those about no field of this form at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = SERVICE_FIELDS.get(name, name)
        form.add_error(field if field in form.fields else None, errors)


def person_name(user: User) -> str:
    return user.get_full_name() or user.email


class CoordinatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return person_name(obj)


class SessionForm(forms.Form):
    """Schedules a session (``instance`` None) or changes one. Times are Brussels time."""

    kind = forms.ChoiceField(
        label=_("Kind of session"),
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of session.")},
    )
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        error_messages={"required": _("Choose the region.")},
    )
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Fill in the date."),
            "invalid": _("Fill in a date like 31/12/2026."),
        },
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Fill in the start time."), "invalid": _("Use hh:mm.")},
    )
    end_time = forms.TimeField(
        label=_("End time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Fill in the end time."), "invalid": _("Use hh:mm.")},
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("For a session online, or for who joins from elsewhere."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("How many people the room holds, you not counted. Empty: no limit."),
    )
    group = forms.ModelChoiceField(
        label=_("Saved intervision group"),
        queryset=IntervisionGroup.objects.none(),
        required=False,
        empty_label=_("No group"),
        help_text=_("Its members are invited too, as far as you still coach them."),
    )
    invitees = CoordinatorChoiceField(
        label=_("Invite"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    save_group = forms.BooleanField(
        label=_("Save these invitees as an intervision group"), required=False
    )
    group_name = forms.CharField(
        label=_("Name of the group"),
        max_length=100,
        required=False,
        help_text=_("For example “Intervision Antwerp north”."),
    )

    def __init__(
        self,
        *args: Any,
        facilitator: User,
        user: User,
        instance: Session | None = None,
        **kwargs: Any,
    ) -> None:
        self.facilitator = facilitator
        self.instance = instance
        if instance is not None:
            starts, ends = (
                timezone.localtime(instance.starts_at),
                timezone.localtime(instance.ends_at),
            )
            kwargs.setdefault(
                "initial",
                {
                    "kind": instance.kind,
                    "region": instance.region_id,
                    "day": starts.date(),
                    "start_time": starts.time(),
                    "end_time": ends.time(),
                    "place": instance.place,
                    "online_url": instance.online_url,
                    "capacity": instance.capacity,
                    "group": instance.group_id,
                    "invitees": list(instance.invitations.values_list("coordinator_id", flat=True)),
                },
            )
        super().__init__(*args, **kwargs)
        region = cast(RegionChoiceField, self.fields["region"])
        regions = Region.objects.visible_to(user)
        if instance is not None:
            regions = Region.objects.filter(
                Q(pk__in=regions.values("pk")) | Q(pk=instance.region_id)
            )
        region.queryset = regions.order_by("name")
        self.only_region = region.queryset[0] if len(region.queryset) == 1 else None
        if self.only_region is not None:
            # One region: nothing to choose, and a form posted without it means that one.
            region.empty_label = None
            region.required = False
            self.initial.setdefault("region", self.only_region.pk)
        group = cast(forms.ModelChoiceField, self.fields["group"])
        group.queryset = IntervisionGroup.objects.filter(coach=facilitator).order_by("name")
        invitees = cast(CoordinatorChoiceField, self.fields["invitees"])
        choices = invitable_coordinators(facilitator)
        if instance is not None:
            # Who is invited already stays a choice, also when no longer coached by them.
            invited = instance.invitations.values("coordinator_id")
            choices = User.objects.filter(
                Q(pk__in=choices.values("pk")) | Q(pk__in=invited)
            ).order_by("last_name", "first_name", "email")
        invitees.queryset = choices
        if not group.queryset.exists():
            del self.fields["group"]
        if instance is not None:
            del self.fields["save_group"]
            del self.fields["group_name"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            cleaned["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start))
            cleaned["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end))
        if cleaned.get("region") is None and self.only_region is not None:
            cleaned["region"] = self.only_region
        people = list(cleaned.get("invitees") or [])
        group = cleaned.get("group")
        if group is not None:
            allowed = cast(QuerySet[User], self.fields["invitees"].queryset)  # type: ignore[attr-defined]
            people += list(allowed.filter(pk__in=group.members.values("pk")))
        cleaned["people"] = people
        if cleaned.get("save_group") and not (cleaned.get("group_name") or "").strip():
            self.add_error("group_name", _("Give the group a name to save it."))
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        """The cleaned input as the services take it."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "region": data["region"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data.get("place", ""),
            "online_url": data.get("online_url", ""),
            "capacity": data.get("capacity"),
            "group": data.get("group"),
            "invitees": data["people"],
        }

    def group_to_save(self) -> str:
        data = self.cleaned_data
        return (data.get("group_name") or "").strip() if data.get("save_group") else ""


def attendance_choices(invitations: QuerySet[Invitation] | list[Invitation]):
    return [
        (
            invitation.coordinator_id,
            f"{person_name(invitation.coordinator)} ({Reply(invitation.reply).label})",
        )
        for invitation in invitations
    ]


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Who attended"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick who was there; everyone else is recorded as absent."),
    )

    def __init__(self, *args: Any, invitations: list[Invitation], **kwargs: Any) -> None:
        recorded = any(invitation.attended is not None for invitation in invitations)
        kwargs.setdefault(
            "initial",
            {
                "attended": [
                    invitation.coordinator_id
                    for invitation in invitations
                    if (invitation.attended if recorded else invitation.reply == Reply.COMING)
                ]
            },
        )
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["attended"])
        field.choices = attendance_choices(invitations)


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=format_lazy(
            "{} {}", _("Shared with the coordinators who attended."), FAMILIES_WARNING
        ),
    )


class PrivateNoteForm(forms.Form):
    text = forms.CharField(
        label=_("My private note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy(
            "{} {}",
            _(
                "Only you read this note: not the coordinators, not staff, not administrators. "
                "Empty it to delete it."
            ),
            FAMILIES_WARNING,
        ),
    )
