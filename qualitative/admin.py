"""Admin for the qualitative corpus.

Source texts are pseudonymised research material; consent records are read-only here so that
withdrawal always goes through the service that removes the excerpt everywhere.
"""

from django.contrib import admin

from qualitative.models import (
    CellSummary,
    Coding,
    Replacement,
    ResearchProject,
    Source,
    SupervisionOffer,
    Theme,
)


@admin.register(ResearchProject)
class ResearchProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "receives_supervision_offers", "created"]
    search_fields = ["name"]


@admin.register(Replacement)
class ReplacementAdmin(admin.ModelAdmin):
    list_display = ["term", "replacement", "project", "created"]
    search_fields = ["term", "replacement"]
    list_filter = ["project"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "interviewee_group", "wave", "kind", "created"]
    list_filter = ["interviewee_group", "wave", "kind", "project"]
    search_fields = ["title", "initiative__research_code"]
    # Text is edited only through intake (pseudonymisation) so offsets stay valid.
    readonly_fields = ["text"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "depth", "slug"]
    search_fields = ["name", "definition"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a theme must move its subtree's paths too: use the codebook page for that.
        return ["path", "depth", "parent"] if obj is not None else ["path", "depth"]


@admin.register(Coding)
class CodingAdmin(admin.ModelAdmin):
    list_display = ["theme", "excerpt", "coder", "created"]
    list_filter = ["theme"]
    search_fields = ["theme__name", "coder__email"]
    raw_id_fields = ["excerpt"]


@admin.register(CellSummary)
class CellSummaryAdmin(admin.ModelAdmin):
    list_display = ["initiative", "theme", "updated_by", "updated"]
    search_fields = ["initiative__research_code", "theme__name"]


@admin.register(SupervisionOffer)
class SupervisionOfferAdmin(admin.ModelAdmin):
    list_display = ["peer_worker", "session_date", "offered", "withdrawn"]
    list_filter = ["withdrawn"]
    search_fields = ["peer_worker__pseudonym"]
    exclude = ["source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
