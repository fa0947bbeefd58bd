"""The one place for "which regions does this user see", "show the region column", who hears
of new work in a region, and the private-response headers."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from people.access import access_for
from people.factories import StaffFactory, UserFactory, region
from people.http import make_private, private_response
from people.models import Region
from people.regions import StaffRecipient, staff_recipient
from people.roles import Role

pytestmark = pytest.mark.django_db


def test_regions_visible_to_staff_are_their_own_by_name(staff, antwerpen, limburg):
    assert list(Region.objects.visible_to(staff)) == [antwerpen]
    staff.regions.add(limburg)
    two = StaffFactory(regions=[limburg, antwerpen])
    assert list(Region.objects.visible_to(two)) == [antwerpen, limburg]


def test_administrators_see_every_region(administrator, antwerpen, limburg):
    assert list(Region.objects.visible_to(administrator)) == list(Region.objects.order_by("name"))
    assert Region.objects.visible_to(administrator).count() == Region.objects.count()


def test_anonymous_and_regionless_users_see_no_region(antwerpen, editor):
    assert list(Region.objects.visible_to(None)) == []
    assert list(Region.objects.visible_to(editor)) == []


def test_several_regions_is_true_for_administrators_and_for_more_than_one_region(
    staff, administrator, antwerpen, limburg
):
    assert access_for(staff).sees_several_regions is False
    assert access_for(administrator).sees_several_regions is True
    both = StaffFactory(regions=[antwerpen, limburg])
    assert access_for(both).sees_several_regions is True
    assert access_for(None).sees_several_regions is False


def test_staff_recipient_is_the_active_contact_in_their_language(antwerpen):
    contact = StaffFactory(email="contact@kring.test", regions=[antwerpen], preferred_language="fr")
    antwerpen.contact = contact
    antwerpen.email = "antwerpen@kring.test"
    antwerpen.save()
    assert staff_recipient(antwerpen) == StaffRecipient("contact@kring.test", "fr")

    contact.is_active = False
    contact.save()
    antwerpen.refresh_from_db()
    assert staff_recipient(antwerpen) == StaffRecipient("antwerpen@kring.test", "nl")


def test_staff_recipient_falls_back_to_dutch_for_an_unknown_language(antwerpen):
    antwerpen.contact = UserFactory(
        email="c@kring.test", roles=[Role.REGIONAL_STAFF], preferred_language=""
    )
    antwerpen.save()
    assert staff_recipient(antwerpen) == StaffRecipient("c@kring.test", "nl")


def test_staff_recipient_is_none_when_the_region_has_no_address():
    limburg = region("limburg")
    limburg.contact = None
    limburg.email = ""
    limburg.save()
    assert staff_recipient(limburg) is None


def test_a_private_response_is_not_indexed_nor_stored():
    response = make_private(HttpResponse("x"))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert "Referrer-Policy" not in response
    assert make_private(HttpResponse(), no_referrer=True)["Referrer-Policy"] == "no-referrer"


def test_the_private_decorator_marks_what_the_view_returns():
    @private_response
    def plain(request):
        return HttpResponse("a")

    @private_response(no_referrer=True)
    def secret(request):
        return HttpResponse("b")

    assert plain(None)["X-Robots-Tag"] == "noindex, nofollow"
    assert "Referrer-Policy" not in plain(None)
    assert secret(None)["Referrer-Policy"] == "no-referrer"
    assert secret(None).content == b"b"
