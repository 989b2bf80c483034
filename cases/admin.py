from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.models import User
from cases import services
from cases.models import (
    ImplementationMilestone,
    Initiative,
    InitiativePartner,
    Membership,
    MilestoneType,
    Organisation,
    OrganisationMerge,
    PeerWorker,
    PeerWorkerRole,
    RoleFunction,
    ServiceSetting,
    Team,
)


@admin.register(ServiceSetting, RoleFunction)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(MilestoneType)
class MilestoneTypeAdmin(VocabularyAdmin):
    list_display = ["name", "phase", "slug", "position", "is_active"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "kind", "region"]
    list_filter = ["sector", "kind", "region"]
    search_fields = ["name"]
    actions = ["merge_organisations"]

    @admin.action(description=_("Merge two organisations (all records move to the one kept)"))
    def merge_organisations(self, request: HttpRequest, queryset) -> HttpResponse | None:
        organisations = list(queryset.order_by("name"))
        if len(organisations) != 2:
            self.message_user(
                request, _("Select exactly two organisations to merge."), messages.ERROR
            )
            return None
        if "keep" in request.POST:
            keep_id = request.POST["keep"]
            keep = next((o for o in organisations if str(o.public_id) == keep_id), None)
            if keep is None:
                self.message_user(request, _("Choose the organisation to keep."), messages.ERROR)
                return None
            remove = organisations[1] if keep == organisations[0] else organisations[0]
            try:
                merge = services.organisation_merge(
                    keep=keep,
                    remove=remove,
                    merged_by=request.user if isinstance(request.user, User) else None,
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            moved = sum(merge.moved.values())
            self.message_user(
                request,
                _("%(removed)s merged into %(kept)s: %(count)s records moved.")
                % {"removed": merge.removed_name, "kept": keep.name, "count": moved},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/cases/organisation/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge organisations"),
                "organisations": organisations,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(OrganisationMerge)
class OrganisationMergeAdmin(admin.ModelAdmin):
    list_display = ["removed_name", "kept", "merged_by", "merged"]
    readonly_fields = ["kept", "removed_name", "removed_public_id", "moved", "merged_by", "merged"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


class PartnerInline(admin.TabularInline):
    model = InitiativePartner
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "research_code", "context", "status", "started"]
    list_filter = ["context", "status"]
    search_fields = ["name", "research_code"]
    readonly_fields = ["context", "public_id"]
    inlines = [PartnerInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "setting"]
    list_filter = ["setting"]
    search_fields = ["name", "organisation__name"]


@admin.register(PeerWorkerRole)
class PeerWorkerRoleAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "employer", "employment", "pay_band", "hours_per_week"]
    list_filter = ["employment", "contract", "lived_experience_criterion"]
    search_fields = ["title", "initiative__name"]


@admin.register(PeerWorker)
class PeerWorkerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "pseudonym", "role", "started", "ended"]
    search_fields = ["full_name", "pseudonym"]
    list_filter = ["leaving_reason"]


@admin.register(ImplementationMilestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["__str__", "initiative", "phase", "planned", "achieved"]
    list_filter = ["phase"]
