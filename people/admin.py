"""The Django admin (/django-admin/) is for administrators: accounts, regions, coach assignments."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from people import services
from people.models import CoachAssignment, Place, Postcode, Region, User


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
