from django.contrib import admin

from cases.models import (
    ImplementationMilestone,
    Initiative,
    InitiativePartner,
    Membership,
    MilestoneType,
    Organisation,
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
