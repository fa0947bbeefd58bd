"""Writes for registrations: storing a submitted registration and the e-mails it causes.

The e-mails leave through the transactional outbox (``people.outbox``): the registration and one
outbox row per e-mail are written in one transaction, so a broker that is down delays the mails
but loses none, and a message is delivered at least once (a copy keeps its Message-ID). The mails carry the reference and a link, never
the family's details.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from people.access import access_for
from people.links import absolute_url
from people.models import User
from people.outbox import outbox_add
from people.regions import contact_for, staff_recipient
from people.roles import Role
from trajects.models.registrations import (
    Channel,
    ReferenceSequence,
    Registration,
    format_reference,
)
from trajects.status.services import status_link_ensure, status_link_mail_url

logger = logging.getLogger(__name__)

# One outbox message per e-mail: if one cannot be sent, the other is not sent again on retry.
TOPIC_CONFIRMATION = "trajects.registration_confirmation"
TOPIC_STAFF_NOTIFICATION = "trajects.registration_staff_notification"


def reference_next(*, year: int) -> str:
    """The next free reference of ``year``; call inside the transaction that uses it.

    The year's sequence row (created on first use) stays locked until that transaction ends,
    so two registrations at the same moment take their numbers in turn.
    """
    ReferenceSequence.objects.get_or_create(year=year)
    sequence = ReferenceSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return format_reference(year, sequence.last)


def _language(code: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


def may_take_registration_calls(user: User, *, region_id: int) -> bool:
    """Whether ``user`` may record a phone registration for the region ``region_id``: regional
    staff for their own regions, administrators for all (the regions whose registrations
    ``Registration.objects.visible_to(user)`` shows them)."""
    access = access_for(user)
    if access.is_administrator:
        return True
    return access.has(Role.REGIONAL_STAFF) and region_id in access.region_ids


def registration_submit(
    *,
    data: Mapping[str, Any],
    submission_token: uuid.UUID,
    language: str,
    channel: str = Channel.FORM,
    taken_by: User | None = None,
) -> tuple[Registration, bool]:
    """Stores a registration from the form's cleaned ``data`` (``form.submitted_data()``);
    returns it and whether it is new. The shape of every public form's submit service (see
    ``cms.form_flow``).

    The same ``submission_token`` (a double click, the back button, two tabs) gives back the
    registration stored the first time: no second row, no second e-mail. Submissions take the
    year's reference in turn, so a twin post that waited for it finds the first one stored
    (and gives its number back).

    A registration received by phone (``channel=Channel.PHONE``) names the staff member who
    took the call (``taken_by``), who must work in the postcode's region (administrators: any).
    It causes the same e-mails: the confirmation only when the caller gave an e-mail address.
    """
    if (channel == Channel.PHONE) != (taken_by is not None):
        raise ValueError("A phone registration names who took the call; a form one nobody.")
    if taken_by is not None and not may_take_registration_calls(
        taken_by, region_id=data["postcode"].region_id
    ):
        raise PermissionDenied("The call taker does not work in the postcode's region.")
    existing = Registration.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    try:
        with transaction.atomic():
            reference = reference_next(year=timezone.localdate(now).year)
            existing = Registration.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                transaction.set_rollback(True)  # the number goes back: references have no gaps
                return existing, False
            registration = Registration.objects.create(
                **data,
                reference=reference,
                submission_token=submission_token,
                language=_language(language),
                region_id=data["postcode"].region_id,
                created_at=now,
                channel=channel,
                taken_by=taken_by,
            )
            status_link_ensure(registration=registration)
            if registration.registrant_email:
                outbox_add(topic=TOPIC_CONFIRMATION, object_id=registration.pk)
            outbox_add(topic=TOPIC_STAFF_NOTIFICATION, object_id=registration.pk)
    except IntegrityError:
        # The database's unique token is the last line of defence against a twin post.
        existing = Registration.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        return existing, False
    logger.info(
        "registration %s stored (region %s, %s)",
        registration.pk,
        registration.region_id,
        registration.channel,
    )
    return registration, True


# --- E-mails (delivered by the outbox handlers in trajects.notifications) ---------------------


def registration_confirmation_send(*, registration_id: int) -> bool:
    """Mails the registrant their reference and what happens next, in the form's language.

    Names nobody and repeats nothing they typed: only the reference, the date, the contact and
    the private link to the status page (``trajects.status``), in the registrant's language.
    """
    registration = Registration.objects.select_related("region").filter(pk=registration_id).first()
    if registration is None or not registration.registrant_email:
        return False
    region = registration.region
    with translation.override(registration.language):
        context = {
            "reference": registration.reference,
            "created_at": registration.created_at,
            "region_name": region.name,
            **contact_for(region),
            "site_url": absolute_url(reverse("wagtail_serve", args=[""])),
            "status_url": status_link_mail_url(registration=registration),
        }
        subject = render_to_string("trajects/email/confirmation_subject.txt", context)
        body = render_to_string("trajects/email/confirmation_message.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [registration.registrant_email],
    )
    return True


def registration_staff_notify(*, registration_id: int) -> bool:
    """Tells the region's staff contact (or the region's address) that a registration came in.

    Only the reference, the date and a link to the staff area: the details are read there,
    after logging in.
    """
    registration = (
        Registration.objects.select_related("region", "region__contact")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    region = registration.region
    recipient = staff_recipient(region)
    if recipient is None:
        logger.warning(
            "registration %s: region %s has no contact address", registration.pk, region.pk
        )
        return False
    with translation.override(recipient.language):
        context = {
            "reference": registration.reference,
            "created_at": registration.created_at,
            "region_name": region.name,
            "link": absolute_url(
                reverse(
                    "trajects:registration_detail", kwargs={"reference": registration.reference}
                )
            ),
        }
        subject = render_to_string("trajects/email/staff_subject.txt", context)
        body = render_to_string("trajects/email/staff_message.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    return True
