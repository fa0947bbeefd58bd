"""Who may do what in the training app: one place for the rules every view, table and page
asks. Built on ``people.access`` (roles and regions); the QuerySets' ``visible_to(user)`` use
the same rules for lists. Out-of-scope objects answer 404 in the views.
"""

from __future__ import annotations

from django.db.models import QuerySet

from people.access import access_for, coordinators_of
from people.models import User
from people.roles import Role

# Who may read the training content: volunteers, coaches, staff, editors, administrators.
LEARNING_ROLES = (
    Role.COORDINATOR,
    Role.COACH,
    Role.REGIONAL_STAFF,
    Role.EDITOR,
    Role.ADMINISTRATOR,
)
# Who has a portal (home, training days): those who follow the training (and administrators).
PORTAL_ROLES = (Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
# Who may open every module, locked or not, to check the content.
PREVIEW_ROLES = (Role.EDITOR, Role.REGIONAL_STAFF, Role.ADMINISTRATOR)


# --- The e-learning -----------------------------------------------------------------------------


def may_preview_everything(user) -> bool:
    return access_for(user).has(*PREVIEW_ROLES)


# --- Training days ------------------------------------------------------------------------------


def can_manage_day(user, day) -> bool:
    """Administrators, and regional staff of the day's region, create and edit days."""
    access = access_for(user)
    if access.is_administrator:
        return True
    return access.has(Role.REGIONAL_STAFF) and day.region_id in access.region_ids


def can_record_attendance(user, day) -> bool:
    """The day's trainer, staff of its region and administrators."""
    return (day.trainer_id is not None and day.trainer_id == user.pk) or can_manage_day(user, day)


def can_create_days(user) -> bool:
    access = access_for(user)
    return access.is_administrator or (access.has(Role.REGIONAL_STAFF) and bool(access.region_ids))


def may_list_training_days(user, days_given: QuerySet) -> bool:
    """The staff list of days: administrators, regional staff, and anyone who gives a day
    (``days_given``: the days the user gives, asked only for the others)."""
    access = access_for(user)
    return access.is_administrator or access.has(Role.REGIONAL_STAFF) or days_given.exists()


# --- Volunteers and their certificates ----------------------------------------------------------


def is_staff_of(volunteer, user) -> bool:
    """Staff of one of the volunteer's regions, or an administrator."""
    access = access_for(user)
    if access.is_administrator:
        return True
    if not access.has(Role.REGIONAL_STAFF):
        return False
    prefetched = getattr(volunteer, "_prefetched_objects_cache", {}).get("regions")
    if prefetched is not None:  # the regions read with the volunteer: no query
        return any(region.pk in access.region_ids for region in prefetched)
    return volunteer.regions.filter(pk__in=access.region_ids).exists()


def volunteer_visible_to(volunteer, user) -> bool:
    """Whether ``user`` may follow ``volunteer``'s training: staff of one of the volunteer's
    regions, the volunteer's current coach, administrators."""
    if is_staff_of(volunteer, user):
        return True
    access = access_for(user)
    return access.has(Role.COACH) and coordinators_of(user).filter(pk=volunteer.pk).exists()


def may_sign_off(volunteer, user) -> bool:
    """Who may record a sign-off: the same people who may see the volunteer's training."""
    return volunteer_visible_to(volunteer, user)


def may_revoke_certificate_of(volunteer, user) -> bool:
    """Staff of one of the holder's regions and administrators; not a coach for coaching them."""
    return is_staff_of(volunteer, user)


# --- The volunteer lists ------------------------------------------------------------------------


def volunteers_for_staff(user) -> QuerySet[User]:
    """The coordinators in the staff's list: those working in one of the user's regions (the
    volunteers ``is_staff_of`` lets them open); administrators all. Nobody for anyone else."""
    access = access_for(user)
    if access.is_administrator:
        return User.objects.coordinators()
    if not access.has(Role.REGIONAL_STAFF):
        return User.objects.none()
    in_regions = User.regions.through.objects.filter(region_id__in=access.region_ids)
    return User.objects.coordinators().filter(pk__in=in_regions.values("user_id"))


def volunteers_for_coach(coach) -> QuerySet[User]:
    """The coordinators in a coach's list: those they coach today."""
    return User.objects.coordinators().filter(pk__in=coordinators_of(coach).values("pk"))


def volunteer_list_shows_region(user) -> bool:
    """Whether the staff's volunteer list shows a region column and a region filter: for those
    who see volunteers of more than one region."""
    return access_for(user).sees_several_regions
