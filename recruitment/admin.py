"""Admin for recruitment. Applicants' identifying fields (IDENTIFYING_FIELDS) are never shown:
applicant data is for the partner organisations' service managers only."""

from django.contrib import admin

from recruitment.models import (
    Campaign,
    Interview,
    PanelMember,
    SelectionCriterion,
    StageChange,
)


class SelectionCriterionInline(admin.TabularInline):
    model = SelectionCriterion
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "role", "status", "vacancies", "route", "opened", "closes_on"]
    list_filter = ["status", "route", "lived_experience_criterion"]
    search_fields = ["title", "role__title", "role__initiative__name"]
    readonly_fields = ["public_id", "closed_on", "version", "created"]
    inlines = [SelectionCriterionInline]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    """The history holds no identifying data once notes are left out."""

    list_display = ["application_id", "from_stage", "to_stage", "end_reason", "changed_at"]
    list_filter = ["to_stage", "end_reason"]
    exclude = ["note"]
    search_fields = ["application__campaign__title"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    extra = 0


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["public_id", "held_on", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["application__campaign__title"]
    exclude = ["application"]
    inlines = [PanelMemberInline]


# Application is deliberately not registered: every field besides the stage is either
# identifying (see IDENTIFYING_FIELDS) or reachable through the managers' own pages.
