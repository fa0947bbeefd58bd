"""Writing applications and sending the e-mails they cause."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from people.models import Postcode
from people.outbox import outbox_add
from training.models import Application

logger = logging.getLogger(__name__)

# Outbox topics: one per e-mail, so that each is delivered exactly once even when the other
# one fails and is retried.
TOPIC_CONFIRMATION = "training.application_confirmation"
TOPIC_STAFF_NOTICE = "training.application_staff_notice"

# Eigen Kracht Centrale's general contact, for a region without its own address or number.
GENERAL_EMAIL = "info@eigenkrachtcentrale.be"
GENERAL_PHONE = "0489 45 54 12"


def contact_for(region) -> dict[str, str]:
    """Where an applicant can ask questions: the region's address and number, else the general
    ones (never a staff member's own)."""
    return {
        "contact_email": (region.email if region else "") or GENERAL_EMAIL,
        "contact_phone": (region.phone if region else "") or GENERAL_PHONE,
    }


@transaction.atomic
def application_submit(
    *,
    submission_token: uuid.UUID,
    language: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    postcode: Postcode,
    languages: Sequence[str],
    motivation: str,
    availability: Sequence[str],
    availability_remarks: str = "",
    heard_of_us: str,
    heard_of_us_other: str = "",
    consent: bool,
) -> tuple[Application, bool]:
    """Stores an application and, in the same transaction, the e-mails it causes (outbox).

    Returns ``(application, created)``. A second post of the same form (same token) returns the
    application the first one stored and stores nothing, not even when both arrive at once.
    Raises ``ValidationError`` for data the form should have refused (e.g. no consent).
    """
    existing = Application.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    application = Application(
        submission_token=submission_token,
        language=language,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        postcode=postcode,
        region_id=postcode.region_id,
        languages=list(languages),
        motivation=motivation,
        availability=list(availability),
        availability_remarks=availability_remarks,
        heard_of_us=heard_of_us,
        heard_of_us_other=heard_of_us_other,
        consent=consent,
    )
    application.full_clean(exclude=["submission_token"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The same form posted twice at the same moment: the other request stored it first.
        existing = Application.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        return existing, False
    outbox_add(topic=TOPIC_CONFIRMATION, object_id=application.pk)
    outbox_add(topic=TOPIC_STAFF_NOTICE, object_id=application.pk)
    return application, True


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def application_confirmation_send(*, application_id: int) -> bool:
    """Tells the applicant, in the language they applied in, that the application arrived and
    what happens next.

    The mail repeats nothing that was typed into the form (a stranger's address typed into the
    form must not turn it into a way to send them text of the stranger's choosing): only the
    reference, the region and the next steps. False when the application no longer exists.
    """
    application = Application.objects.select_related("region").filter(pk=application_id).first()
    if application is None:
        return False
    with translation.override(application.language):
        context = {
            "reference": application.reference,
            "region": application.region,
            "created_at": application.created_at,
            **contact_for(application.region),
        }
        subject = render_to_string(
            "training/email/application_confirmation_subject.txt", context
        ).strip()
        body = render_to_string("training/email/application_confirmation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.email])
    return True


def application_staff_notify(*, application_id: int) -> bool:
    """Tells the region's staff contact (else the region's address) that an application
    arrived: the date, the reference and a link to it in the staff area; no name, no motivation.

    False when there is nobody to tell (the application waits in the staff list) or the
    application no longer exists.
    """
    application = (
        Application.objects.select_related("region", "region__contact")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return False
    region = application.region
    contact = region.contact if region.contact_id and region.contact.is_active else None
    recipient = (contact.email if contact else "") or region.email
    if not recipient:
        logger.warning(
            "training: region %s has no contact address; application %s waits in the staff list",
            region.code,
            application.pk,
        )
        return False
    language = (contact.preferred_language if contact else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "reference": application.reference,
            "region": region,
            "created_at": application.created_at,
            "link": _absolute(reverse("training:application_detail", args=[application.pk])),
            "list_link": _absolute(reverse("training:application_list")),
        }
        subject = render_to_string("training/email/staff_notice_subject.txt", context).strip()
        body = render_to_string("training/email/staff_notice_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return True
