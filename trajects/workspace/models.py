"""The coordinator's workspace: what a traject holds from the preparation to the follow-up.

- ``Preparation`` and ``ChecklistTick``: the question as agreed and the preparation's checklist
  (PROCESS.md phase 1), one row per item done.
- ``Participant``: who is invited, how they relate to the family, and where they stand; the
  coordinator contacts every participant beforehand (``contacted_at``).
- ``Conference``: date, place and the practical matters; of the private time only its start and
  end are kept: there is no field for what is said there, anywhere.
- ``Plan`` and ``PlanAction``: the network's plan (a document and/or actions), its three checks
  (safe, legal, workable, each answered with a note), who reconvenes the network, and to whom it
  was distributed.
- ``FollowUp``: a month after the distribution, how it went.

Everything here is confidential: read through ``Traject.objects.for_coordinator`` (and, for
staff, ``visible_to``); the plan's document is stored under a generated name outside the public
media and served only through a view that checks access.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajects.traject.models import Traject


class ChecklistItem(models.TextChoices):
    MEET_CORE_PERSON = "meet_core_person", _("Meet the core person and the family")
    MEET_SURROUNDINGS = "meet_surroundings", _("Meet the people around them")
    ASK_REGISTRANT = (
        "ask_registrant",
        _("If they are hard to reach: ask the registrant to help (skip when not needed)"),
    )
    GATHER_PARTICIPANTS = "gather_participants", _("Gather and motivate the participants")
    OPEN_QUESTION = "open_question", _("Make the question open and shareable")
    PREPARE_PROFESSIONALS = (
        "prepare_professionals",
        _("Prepare the professionals who will bring information"),
    )
    PRACTICAL = (
        "practical",
        _("Practical matters: date, place, language, interpreter, childcare, transport, food"),
    )


class Preparation(models.Model):
    """What the preparation settles besides the checklist: the question as agreed with the family."""

    traject = models.OneToOneField(
        Traject, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="preparation"
    )
    agreed_question = models.TextField(
        _("the question as agreed"),
        max_length=2000,
        blank=True,
        help_text=_("Open and shareable: the core person chooses it and everyone may read it."),
    )
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("preparation")
        verbose_name_plural = _("preparations")

    def __str__(self) -> str:
        return f"{self.traject_id}: preparation"


class ChecklistTick(models.Model):
    traject = models.ForeignKey(
        Traject, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="ticks"
    )
    item = models.CharField(_("item"), max_length=30, choices=ChecklistItem.choices)
    done_at = models.DateTimeField(_("done on"), default=timezone.now)

    class Meta:
        verbose_name = _("checklist item done")
        verbose_name_plural = _("checklist items done")
        constraints = [
            models.UniqueConstraint(fields=["traject", "item"], name="checklist_tick_once")
        ]

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.item}"


class Relation(models.TextChoices):
    FAMILY = "family", _("Family")
    FRIEND_OR_NEIGHBOUR = "friend", _("Friend or neighbour")
    PROFESSIONAL = "professional", _("Professional")


class ParticipantState(models.TextChoices):
    TO_INVITE = "to_invite", _("To invite")
    CONTACTED = "contacted", _("Contacted beforehand")
    CONFIRMED = "confirmed", _("Confirmed")
    ATTENDED = "attended", _("Attended")
    DECLINED = "declined", _("Declined")


class Participant(models.Model):
    traject = models.ForeignKey(
        Traject, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("For a professional.")
    )
    reach = models.CharField(
        _("how to reach them"), max_length=200, blank=True, help_text=_("A phone or an address.")
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ParticipantState.choices,
        default=ParticipantState.TO_INVITE,
    )
    contacted_at = models.DateTimeField(_("contacted beforehand on"), null=True, blank=True)
    created_at = models.DateTimeField(_("added on"), default=timezone.now)
    # Set when the participant's data was erased (people.privacy).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.traject_id}: participant {self.pk}"


class Conference(models.Model):
    """The Eigen Kracht-conferentie. Of the private time only its start and end are kept."""

    traject = models.OneToOneField(
        Traject, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="conference"
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    language = models.CharField(_("language"), max_length=100, blank=True)
    interpreter = models.BooleanField(_("an interpreter is arranged"), default=False)
    practical = models.TextField(
        _("practical arrangements"),
        max_length=2000,
        blank=True,
        help_text=_("Childcare, transport, food. Not what the family tells you."),
    )
    held_at = models.DateTimeField(_("held on"), null=True, blank=True)
    private_time_start = models.TimeField(_("private time began"), null=True, blank=True)
    private_time_end = models.TimeField(_("private time ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(private_time_start__isnull=True)
                | Q(private_time_end__isnull=True)
                | Q(private_time_end__gt=models.F("private_time_start")),
                name="conference_private_time_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.traject_id}: conference"


def private_storage():
    """Plans' documents: the ``private`` storage (PRIVATE_MEDIA_ROOT, no public URL), read only
    through the plan's view."""
    return storages["private"]


def plan_document_name(plan: Plan, filename: str) -> str:
    """A generated name: nothing of the original file name is kept."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"plans/{uuid.uuid4().hex}{suffix}"


class Check(models.TextChoices):
    YES = "yes", _("Yes")
    AFTER_ADJUSTING = "adjusted", _("Yes, after adjusting the plan")
    NO = "no", _("No")


class Plan(models.Model):
    traject = models.OneToOneField(
        Traject, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="plan"
    )
    document = models.FileField(
        _("the plan as a document"),
        upload_to=plan_document_name,
        storage=private_storage,
        blank=True,
    )
    document_type = models.CharField(
        _("document type"), max_length=10, blank=True, help_text=_("pdf, docx or odt")
    )
    safe = models.CharField(
        _("is the plan safe?"), max_length=10, choices=Check.choices, blank=True
    )
    safe_note = models.TextField(_("note on safety"), max_length=2000, blank=True)
    legal = models.CharField(
        _("is the plan legal?"), max_length=10, choices=Check.choices, blank=True
    )
    legal_note = models.TextField(_("note on legality"), max_length=2000, blank=True)
    workable = models.CharField(
        _("is the plan workable?"), max_length=10, choices=Check.choices, blank=True
    )
    workable_note = models.TextField(_("note on workability"), max_length=2000, blank=True)
    reconvener = models.CharField(
        _("who reconvenes the network if the plan needs adjusting"), max_length=200, blank=True
    )
    distributed_to = models.TextField(_("distributed to"), max_length=2000, blank=True)
    distributed_at = models.DateTimeField(_("distributed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.traject_id}: plan"

    @property
    def checks_answered(self) -> bool:
        return all(
            (answer and note.strip())
            for answer, note in (
                (self.safe, self.safe_note),
                (self.legal, self.legal_note),
                (self.workable, self.workable_note),
            )
        )


class PlanAction(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions"
    )
    what = models.CharField(_("what"), max_length=300)
    who = models.CharField(_("who"), max_length=150)
    by_when = models.DateField(_("by when"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("action of the plan")
        verbose_name_plural = _("actions of the plan")

    def __str__(self) -> str:
        return f"{self.plan_id}: action {self.pk}"


class Outcome(models.TextChoices):
    FULLY = "fully", _("Carried out fully")
    PARTLY = "partly", _("Carried out partly")
    NOT = "not", _("Not carried out")
    RECONVENE = "reconvene", _("The network needs to meet again")


class FollowUp(models.Model):
    traject = models.OneToOneField(
        Traject, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="follow_up"
    )
    due_on = models.DateField(_("due on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    not_done_reason = models.TextField(_("why there was no follow-up"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.traject_id}: follow-up"
