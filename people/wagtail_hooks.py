"""people in Wagtail's admin: making an account there asks for the password again, as the Django
admin and the staff pages do (people.access.require_reauthentication)."""

from wagtail import hooks

from people.access import require_reauthentication


@hooks.register("before_create_user")
def reauthenticate_before_making_an_account(request):
    """Wagtail's "Add a user" (/admin/users/new/): allauth asks for the password (or the second
    factor) first when it was not given in the last minutes, then sends the administrator back."""
    require_reauthentication(request)
