"""The Django admin (/django-admin/) is for administrators: accounts, regions, coach assignments."""

# allauth's own admins register at import; import them here first, so that the ones below,
# which show no secret and no address, replace them (people comes before allauth in
# INSTALLED_APPS, so autodiscovery would import them later and find them already loaded).
import allauth.mfa.admin
import allauth.usersessions.admin  # noqa: F401
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from people import outbox, services
from people.access import require_reauthentication
from people.models import (
    CoachAssignment,
    OutboxAttempt,
    OutboxMessage,
    Place,
    Postcode,
    Region,
    User,
)


class UserCreateForm(UserCreationForm):
    """Create an account without a password: the person chooses one through the invitation."""

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("password1", "password2", "usable_password"):
            self.fields.pop(name, None)

    def save(self, commit=True):
        """The account is made by ``people.services.user_create`` (lower-case e-mail, no usable
        password, a verified address), as everywhere else; the admin then sends the invitation."""
        data = self.cleaned_data
        self.instance = services.user_create(
            email=data["email"], first_name=data["first_name"], last_name=data["last_name"]
        )
        self.save_m2m = lambda: None  # the add form has no many-to-many fields
        return self.instance


class CoachAssignmentInline(admin.TabularInline):
    model = CoachAssignment
    fk_name = "coordinator"
    extra = 0
    autocomplete_fields = ["coach"]
    verbose_name = _("coach")
    verbose_name_plural = _("coaches (history)")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreateForm
    ordering = ["last_name", "first_name", "email"]
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["groups", "regions", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["groups", "regions"]
    autocomplete_fields = ["postcode"]
    inlines = [CoachAssignmentInline]
    actions = ["send_invitation"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Person"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "phone",
                    "postcode",
                    "languages",
                    "preferred_language",
                )
            },
        ),
        (
            _("Roles and regions"),
            {"fields": ("is_active", "groups", "regions", "is_staff", "is_superuser")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name")}),
    )

    @admin.action(description=_("Send an invitation to choose a password"))
    def send_invitation(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True):
            services.user_invite(user=user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d invitation will be sent.", "%(count)d invitations will be sent.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def add_view(self, request, form_url="", extra_context=None):
        """Making an account: the administrator gives their password again first."""
        require_reauthentication(request)
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.user_invite(user=obj)
            self.message_user(
                request,
                _("The account was created and an invitation to choose a password will be sent."),
            )


class PostcodeInline(admin.TabularInline):
    model = Postcode
    extra = 0
    fields = ["code", "outside_service_area"]
    readonly_fields = ["code"]
    can_delete = False
    show_change_link = True


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "email", "phone", "contact"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["contact"]
    prepopulated_fields = {"code": ["name"]}


class PlaceInline(admin.TabularInline):
    model = Place
    extra = 0


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["code", "region", "outside_service_area"]
    list_filter = ["region", "outside_service_area"]
    search_fields = ["code", "places__name"]
    inlines = [PlaceInline]


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    list_display = ["coordinator", "coach", "starts_on", "ends_on"]
    list_filter = [("ends_on", admin.EmptyFieldListFilter)]
    search_fields = [
        "coordinator__email",
        "coordinator__last_name",
        "coach__email",
        "coach__last_name",
    ]
    autocomplete_fields = ["coordinator", "coach"]
    list_select_related = ["coordinator", "coach"]


class OutboxStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("Failed: waits for an administrator")),
            ("waiting", _("Not sent yet")),
            ("sent", _("Sent")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=False)
        if self.value() == "waiting":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


class OutboxAttemptInline(admin.TabularInline):
    model = OutboxAttempt
    extra = 0
    can_delete = False
    fields = readonly_fields = ("started_at", "succeeded", "error")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """E-mails and other work waiting to go out, with every attempt and its error (addresses
    blanked). A failed message waits here until an administrator sends it again."""

    list_display = ["topic", "object_id", "created_at", "attempts", "sent_at", "failed_at"]
    list_filter = [OutboxStateFilter, "topic"]
    search_fields = ["topic"]
    readonly_fields = (
        "topic",
        "object_id",
        "created_at",
        "attempts",
        "sent_at",
        "next_attempt_at",
        "failed_at",
        "last_error",
    )
    fields = readonly_fields
    inlines = [OutboxAttemptInline]
    actions = ["retry"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send these messages again now"), permissions=["view"])
    def retry(self, request, queryset):
        count = outbox.outbox_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent again now.",
                "%(count)d messages will be sent again now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


admin.site.unregister(Authenticator)
admin.site.unregister(UserSession)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who has which second factor, never its secret (``data`` is not shown). Deleting one lets
    a person who lost their phone set up a new one."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _Named:
    def __init__(self, *, pk, name: str):
        self.pk = pk
        self.name = name

    def __str__(self) -> str:
        return self.name


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Everyone's open sessions, for administrators to end (lost laptop, someone leaving).
    The address and browser are not shown here; the person sees them on their own page."""

    list_display = ["user", "created_at", "last_seen_at"]
    list_display_links = None
    search_fields = ["user__email"]
    list_select_related = ["user"]
    actions = ["end_sessions"]

    def action_checkbox(self, obj):
        # The checkbox's label would be the session's own name: its address and browser.
        return super().action_checkbox(_Named(pk=obj.pk, name=str(obj.user)))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Its title would be the session's name too: the list is all there is.
        return redirect("admin:usersessions_usersession_changelist")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting the row would leave the session itself open: the action ends both.
        return False

    @admin.action(description=_("End these sessions (log out)"), permissions=["view"])
    def end_sessions(self, request, queryset):
        count = 0
        for session in queryset:
            session.end()
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d session was ended.", "%(count)d sessions were ended.", count)
            % {"count": count},
            messages.SUCCESS,
        )
