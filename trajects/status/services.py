"""Writes for the registrant's status link: making it when a registration is stored, revoking it.

``status_link_ensure`` is idempotent and never replaces a revoked link: once staff revoke a
link, the registrant has none until staff decide otherwise.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from people.links import absolute_url
from people.models import User
from trajects.models.registrations import Registration
from trajects.status.models import StatusLink, new_token

logger = logging.getLogger(__name__)


def status_link_ensure(*, registration: Registration) -> StatusLink:
    """The registration's status link, made now if it has none (a revoked one is returned as
    it is). Called inside ``registration_submit``'s transaction."""
    with transaction.atomic():
        link, _created = StatusLink.objects.get_or_create(
            registration=registration, defaults={"token": new_token()}
        )
    return link


def status_link_mail_url(*, registration: Registration) -> str:
    """The link's full address for the confirmation e-mail, in the active language (the
    caller overrides it with the registrant's); "" once the link has been revoked."""
    link = status_link_ensure(registration=registration)
    if link.is_revoked:
        return ""
    return absolute_url(reverse("trajects:status_page", kwargs={"token": link.token}))


def status_link_revoke(*, registration: Registration, by: User) -> StatusLink:
    """Staff revoke the registration's status link: from now on it answers 404, and no new
    link is made."""
    with transaction.atomic():
        link = StatusLink.objects.select_for_update().filter(registration=registration).first()
        if link is None:
            raise ValidationError(_("This registration has no status link."))
        if link.is_revoked:
            raise ValidationError(_("The status link had already been revoked."))
        link.revoked_at, link.revoked_by = timezone.now(), by
        link.save(update_fields=["revoked_at", "revoked_by"])
    logger.info("status link of registration %s revoked by user %s", registration.pk, by.pk)
    return link
