from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "platform_role")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "platform_role", "is_active", "is_staff"]
    list_filter = ["platform_role", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["public_id", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password", "public_id")}),
        (_("Person"), {"fields": ("full_name", "platform_role")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "platform_role",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


# --- Security actions -----------------------------------------------------------------------
# Defined after the ModelAdmin so the class body above stays a plain listing configuration.


@admin.action(description=_("Reset two-factor sign-in (removes devices, signs out)"))
def reset_two_factor(modeladmin, request, queryset):
    from peerwork.lib.two_factor import two_factor_reset

    for user in queryset:
        removed = two_factor_reset(user=user)
        modeladmin.message_user(
            request,
            _("%(user)s: %(count)d two-factor devices removed; they enrol again at next sign-in.")
            % {"user": user.email, "count": removed},
            messages.SUCCESS,
        )


@admin.action(description=_("Erase personal data (cannot be undone)"))
def erase_personal_data(modeladmin, request, queryset):
    from peerwork.lib.erasure import erase_person

    if not request.user.is_superuser:
        modeladmin.message_user(request, _("Only superusers may erase people."), messages.ERROR)
        return None
    if request.POST.get("confirm") != "yes":
        return TemplateResponse(
            request,
            "admin/accounts/user/erase_confirmation.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "users": queryset,
                "opts": modeladmin.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )
    for user in queryset:
        if user.pk == request.user.pk:
            modeladmin.message_user(
                request, _("You cannot erase your own account."), messages.ERROR
            )
            continue
        for line in erase_person(user=user, actor=request.user):
            modeladmin.message_user(request, line, messages.SUCCESS)
    return None


UserAdmin.actions = [reset_two_factor, erase_personal_data]
