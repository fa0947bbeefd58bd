"""Form fields for people's details: Belgian postcodes, phone numbers."""

import pytest
from django.core.exceptions import ValidationError

from people.forms import PhoneField, PostcodeField, format_phone


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2000", " 2000 ", "20 00"])
def test_an_existing_postcode_cleans_to_its_region(value):
    postcode = PostcodeField().clean(value)
    assert postcode.code == "2000"
    assert postcode.region.code == "antwerpen"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "code"),
    [("9999", "unknown"), ("0612", "unknown"), ("abcd", "invalid"), ("200", "invalid")],
)
def test_a_postcode_that_does_not_exist_is_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        PostcodeField().clean(value)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("0470 12 34 56", "+32470123456"),
        ("03/123.45.67", "+3231234567"),
        ("+31 20 123 4567", "+31201234567"),
    ],
)
def test_phone_numbers_are_stored_in_one_format(value, stored):
    assert PhoneField().clean(value) == stored


@pytest.mark.parametrize("value", ["123", "abc", "0470 12 34 56 78 90 12", "<script>"])
def test_a_phone_number_nobody_can_call_is_refused(value):
    with pytest.raises(ValidationError):
        PhoneField().clean(value)


def test_phone_numbers_read_as_people_write_them():
    assert format_phone("+32470123456") == "0470 12 34 56"
    assert format_phone("not a number") == "not a number"
