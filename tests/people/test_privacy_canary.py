"""Erasure leaves nothing behind: a canary planted in every registered field of a registration
(with its whole traject), an application and a volunteer, mails sent about them, then each
erased through the services. Afterwards no canary is in any table of the database (revisions
and search index included), in the uploaded files or in the stored mails, while the figures
keep counting the erased rows and the volunteer's certificate no longer verifies.

The fields come from the register (people.privacy.registry): a field added to a Holding is
planted and checked without touching this test.
"""

from __future__ import annotations

import base64
import datetime
import email
import email.policy
import itertools
import re
import secrets
import uuid
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.storage import storages as django_storages
from django.core.mail import send_mail
from django.db import connection, models
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coaching.models import CalendarFeed, Contact, Invitation, PrivateNote, Session
from people.factories import CoachAssignmentFactory, StaffFactory, UserFactory, postcode
from people.models import OutboxMessage, User
from people.outbox import outbox_add, outbox_deliver
from people.privacy import services
from people.privacy.registry import REGISTER
from people.roles import Role
from training.certificates.models import Certificate
from training.days.models import Reminder, TrainingDayEnrolment
from training.factories import (
    ApplicationFactory,
    CertificateFactory,
    TrackEnrolmentFactory,
    TrainingDayFactory,
)
from training.learning.models import LessonProgress, QuizAttempt, ReflectionAnswer
from training.models import RenewalActivity
from training.recruitment.models import Application, ApplicationStep
from training.recruitment.services import TOPIC_CONFIRMATION as APPLICATION_CONFIRMATION
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.matching.models import Proposal
from trajects.models import (
    Conference,
    FollowUp,
    OrganisationType,
    Participant,
    Phase,
    Plan,
    PlanAction,
    Preparation,
    RegistrantType,
    Registration,
    Relation,
    Step,
    Traject,
)
from trajects.services import TOPIC_CONFIRMATION, TOPIC_STAFF_NOTIFICATION
from trajects.status.models import StatusLink

CANARY = re.compile(rb"kanarie\d+vogel", re.IGNORECASE)
FILE_MAIL = "django.core.mail.backends.filebased.EmailBackend"

pytestmark = pytest.mark.django_db

# The models the rows built below plant canaries in (at the least).
PLANTED_IN = {
    "coaching.Contact",
    "coaching.Invitation",
    "coaching.PrivateNote",
    "people.CoachAssignment",
    "people.User",
    "training.Application",
    "training.ApplicationStep",
    "training.Certificate",
    "training.QuizAttempt",
    "training.ReflectionAnswer",
    "training.TrackEnrolment",
    "trajects.Conference",
    "trajects.FollowUp",
    "trajects.Participant",
    "trajects.Plan",
    "trajects.PlanAction",
    "trajects.Preparation",
    "trajects.Proposal",
    "trajects.Registration",
    "trajects.Step",
}


class Planter:
    """Plants a distinct canary in every registered field of a row that can hold text."""

    def __init__(self) -> None:
        self.numbers = itertools.count(1)
        self.planted: dict[str, str] = {}  # canary -> "model.field #pk"

    def canary(self, where: str) -> str:
        value = f"Kanarie{next(self.numbers)}Vogel"
        self.planted[value] = where
        return value

    def plant(self, obj: models.Model) -> models.Model:
        holding = REGISTER.holdings[obj._meta.label_lower]
        values = {}
        for name in holding.fields:
            field = obj._meta.get_field(name)
            where = f"{obj._meta.label}.{name} #{obj.pk}"
            if getattr(field, "choices", None) or field.is_relation:
                continue
            if isinstance(field, models.FileField):
                canary = self.canary(where)
                stored = field.storage.save(
                    f"plans/{canary}.pdf", ContentFile(f"%PDF-1.4 {canary}".encode())
                )
                values[name] = stored
            elif isinstance(field, models.EmailField):
                values[name] = f"{self.canary(where).lower()}@kanarie.example"
            elif isinstance(field, models.CharField | models.TextField):
                canary = self.canary(where)
                assert field.max_length is None or len(canary) <= field.max_length, where
                values[name] = canary
            elif isinstance(field, models.JSONField):
                current = getattr(obj, name)
                canary = self.canary(where)
                values[name] = {"antwoord": canary} if isinstance(current, dict) else [canary]
        if values:
            type(obj)._default_manager.filter(pk=obj.pk).update(**values)
        obj.refresh_from_db()
        return obj


def database_dump() -> dict[str, bytes]:
    """Every table of the database, every row, as text."""
    dump = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump[table] = repr(cursor.fetchall()).encode()
    return dump


def mail_texts(raw: bytes) -> list[bytes]:
    """A stored mail file as written, and each part decoded (base64, quoted-printable)."""
    texts = [raw]
    for chunk in raw.split(b"-" * 79):
        if not chunk.strip():
            continue
        message = email.message_from_bytes(chunk.strip(b"\n"), policy=email.policy.default)
        texts.extend(str(value).encode() for value in message.values())
        for part in message.walk():
            if not part.is_multipart():
                texts.append(part.get_payload(decode=True) or b"")
    return texts


def canaries_in(blobs: dict[str, bytes]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for where, blob in blobs.items():
        for match in CANARY.findall(blob):
            found.setdefault(where, set()).add(match.decode().lower())
    return found


def files_in(*folders: Path) -> dict[str, bytes]:
    blobs = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                name = str(path.relative_to(folder))
                blobs[name] = name.encode() + b"\n" + b"\n".join(mail_texts(path.read_bytes()))
    return blobs


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """Uploads, private uploads and mails in folders of the test's own: the settings, and the
    storage every file field picked at import (a callable storage is resolved then)."""
    media, private, mail = tmp_path / "media", tmp_path / "private", tmp_path / "mail"
    for folder in (media, private, mail):
        folder.mkdir()
    private_storage = django_storages["private"]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                location = private if field.storage is private_storage else media
                monkeypatch.setattr(field, "storage", FileSystemStorage(location=location))
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private, "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        STORAGES=storages, MEDIA_ROOT=media, EMAIL_BACKEND=FILE_MAIL, EMAIL_FILE_PATH=mail
    ):
        yield {"media": media, "private": private, "mail": mail}


def first_choice(model, field: str) -> str:
    return model._meta.get_field(field).choices[0][0]


def build_registration(planter: Planter, staff: User, coordinator: User) -> Registration:
    """A registration with its traject as far as the follow-up, every row planted."""
    registration = RegistrationFactory(
        postcode=postcode("2000"),
        created_at=timezone.now() - datetime.timedelta(days=40),
        registrant_type=RegistrantType.PROFESSIONAL,
        organisation_type=OrganisationType.CAW,
        organisation_name="CAW Antwerpen",
    )
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    Traject.objects.filter(pk=traject.pk).update(
        coordinator=coordinator, phase=Phase.PLAN_DISTRIBUTED, started_at=timezone.now()
    )
    now = timezone.now()
    Proposal.objects.create(
        traject=traject, coordinator=coordinator, answer_due_at=now + datetime.timedelta(days=2)
    )
    Preparation.objects.create(traject=traject)
    for relation in (Relation.FAMILY, Relation.FRIEND_OR_NEIGHBOUR):
        Participant.objects.create(traject=traject, name="x", relation=relation)
    Conference.objects.create(traject=traject, starts_at=now, place="x")
    plan = Plan.objects.create(traject=traject)
    PlanAction.objects.create(plan=plan, what="x", who="x")
    FollowUp.objects.create(traject=traject, due_on=timezone.localdate())
    StatusLink.objects.create(registration=registration, token=secrets.token_urlsafe(24))
    for model in (Step, Proposal, Preparation, Participant, Conference, Plan, FollowUp):
        field = "registration" if model is Step else "traject"
        for row in model.objects.filter(**{field: registration if model is Step else traject}):
            planter.plant(row)
    for action in PlanAction.objects.filter(plan=plan):
        planter.plant(action)
    planter.plant(StatusLink.objects.get(registration=registration))
    planter.plant(Traject.objects.get(pk=traject.pk))
    return planter.plant(registration)


def build_application(planter: Planter) -> Application:
    application = ApplicationFactory()
    step = ApplicationStep.objects.create(
        application=application,
        status=first_choice(ApplicationStep, "status"),
        occurred_on=timezone.localdate(),
    )
    planter.plant(step)
    return planter.plant(application)


def build_volunteer(planter: Planter, antwerpen, coach: User) -> tuple[User, Certificate]:
    """A coordinator with training (track, lessons, quiz, reflection, a training day, a
    certificate, a renewal) and coaching (an assignment, a one-to-one session, contacts, notes,
    a calendar feed), every row planted."""
    volunteer = UserFactory(roles=[Role.COORDINATOR], regions=[antwerpen])
    assignment = CoachAssignmentFactory(coordinator=volunteer, coach=coach)
    enrolment = TrackEnrolmentFactory(user=volunteer)
    certificate = CertificateFactory(user=volunteer, track=enrolment.track)
    lesson_key = uuid.uuid4()
    LessonProgress.objects.create(user=volunteer, lesson_key=lesson_key)
    QuizAttempt.objects.create(user=volunteer, lesson_key=lesson_key, block_id="quiz")
    ReflectionAnswer.objects.create(
        user=volunteer, lesson_key=lesson_key, block_id="reflect", text="x"
    )
    TrainingDayEnrolment.objects.create(day=TrainingDayFactory(), user=volunteer)
    Reminder.objects.create(
        user=volunteer,
        kind=first_choice(Reminder, "kind"),
        due_at=timezone.now() + datetime.timedelta(days=3),
    )
    RenewalActivity.objects.create(
        user=volunteer,
        kind=first_choice(RenewalActivity, "kind"),
        occurred_on=timezone.localdate(),
        reference="intervision",
    )
    session = Session.objects.create(
        kind="coaching",
        region=antwerpen,
        facilitator=coach,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-1),
    )
    Invitation.objects.create(session=session, coordinator=volunteer)
    coach_note = PrivateNote.objects.create(author=coach, session=session, text="x")
    PrivateNote.objects.create(author=volunteer, session=session, text="x")
    Contact.objects.create(
        coach=coach,
        coordinator=volunteer,
        occurred_on=timezone.localdate(),
        kind=first_choice(Contact, "kind"),
    )
    CalendarFeed.objects.create(user=volunteer)
    rows = [
        assignment,
        enrolment,
        certificate,
        *LessonProgress.objects.filter(user=volunteer),
        *QuizAttempt.objects.filter(user=volunteer),
        *ReflectionAnswer.objects.filter(user=volunteer),
        *TrainingDayEnrolment.objects.filter(user=volunteer),
        *Reminder.objects.filter(user=volunteer),
        *RenewalActivity.objects.filter(user=volunteer),
        *Invitation.objects.filter(coordinator=volunteer),
        coach_note,  # on a conversation with this volunteer alone: it is about them
        *PrivateNote.objects.filter(author=volunteer),
        *Contact.objects.filter(coordinator=volunteer),
        *CalendarFeed.objects.filter(user=volunteer),
    ]
    for row in rows:
        planter.plant(row)
    volunteer = planter.plant(volunteer)
    # allauth's copy of the address, as the log-in flows keep it.
    EmailAddress.objects.filter(user=volunteer).update(email=volunteer.email)
    return volunteer, certificate


def send_mails(registration: Registration, application: Application, volunteer: User) -> None:
    """The mails the flows send about these people, delivered to the file backend."""
    for topic, object_id in (
        (TOPIC_CONFIRMATION, registration.pk),
        (TOPIC_STAFF_NOTIFICATION, registration.pk),
        (APPLICATION_CONFIRMATION, application.pk),
    ):
        outbox_add(topic=topic, object_id=object_id)
    for message in OutboxMessage.objects.filter(sent_at__isnull=True):
        outbox_deliver(message_id=message.pk)
    # A mail naming the volunteer, as the training and coaching mails do.
    send_mail(
        "Welkom",
        f"Dag {volunteer.first_name} {volunteer.last_name}, je bereikt ons op {volunteer.phone}.",
        None,
        [volunteer.email],
    )


def test_erasure_leaves_no_canary_anywhere_and_figures_keep_counting(
    client, folders, staff, coordinator, coach, antwerpen
):
    colleague = StaffFactory(email="colleague@kring.test", regions=[antwerpen])
    planter = Planter()
    registration = build_registration(planter, staff, coordinator)
    application = build_application(planter)
    volunteer, certificate = build_volunteer(planter, antwerpen, coach)
    send_mails(registration, application, volunteer)
    verify_url = reverse("training:certificate_verify", args=[certificate.code])
    assert client.get(verify_url).status_code == 200

    planted = {canary.lower() for canary in planter.planted}
    planted_in = {where.split(" #")[0].rsplit(".", 1)[0] for where in planter.planted.values()}
    assert planted_in >= PLANTED_IN, "the flows above reach every model they should"
    before = canaries_in(database_dump())
    assert set().union(*before.values()) == planted, "every planted canary is found before"
    assert canaries_in(files_in(folders["private"])), "the plan's file is found before"
    assert canaries_in(files_in(folders["mail"])), "the mails are found before"
    counts = (Registration.objects.count(), Application.objects.count(), User.objects.count())
    kept = Registration.objects.values("region_id", "status", "created_at").get(pk=registration.pk)

    erasure = services.erasure_request(
        user=staff, request=None, kind="registration", pk=registration.pk, reason="Asked"
    )
    services.erasure_confirm(user=colleague, request=None, request_id=erasure.pk)
    services.erasure_request(
        user=staff, request=None, kind="applicant", pk=application.pk, reason="Asked"
    )
    services.erasure_request(
        user=staff, request=None, kind="volunteer", pk=volunteer.pk, reason="Asked"
    )

    names = {canary.lower(): where for canary, where in planter.planted.items()}

    def left(found: dict[str, set[str]]) -> dict[str, list[str]]:
        """Where each canary was planted, by the table or file it is still in."""
        return {
            where: sorted(names.get(c, c) for c in canaries) for where, canaries in found.items()
        }

    assert left(canaries_in(database_dump())) == {}
    assert left(canaries_in(files_in(folders["media"], folders["private"]))) == {}
    assert left(canaries_in(files_in(folders["mail"]))) == {}

    # Figures keep counting: the rows stay, with their region, status and dates.
    assert (
        Registration.objects.count(),
        Application.objects.count(),
        User.objects.count(),
    ) == counts
    assert (
        Registration.objects.values("region_id", "status", "created_at").get(pk=registration.pk)
        == kept
    )
    assert Application.objects.get(pk=application.pk).status == application.status
    # The erased volunteer's certificate no longer verifies.
    assert client.get(verify_url).status_code == 404


def test_the_canary_helpers_find_what_they_should(tmp_path):
    """The search itself: a canary in a base64 part of a mail is found."""
    raw = (
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + base64.b64encode(b"Dag Kanarie7Vogel")
        + b"\n"
        + b"-" * 79
        + b"\n"
    )
    (tmp_path / "m.log").write_bytes(raw)
    assert canaries_in(files_in(tmp_path)) == {"m.log": {"kanarie7vogel"}}
