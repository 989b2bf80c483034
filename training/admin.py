from django.contrib import admin

from training.models import (
    Colleague,
    CompetenceDomain,
    Enrolment,
    Feedback,
    ReminderLog,
    RequiredTraining,
    Session,
    TrainingProgramme,
)


@admin.register(CompetenceDomain)
class CompetenceDomainAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "slug"]


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "audience", "category", "total_hours", "is_active"]
    list_filter = ["audience", "category", "is_active", "lived_experience_delivery"]
    search_fields = ["title", "organisation__name", "provider_name"]
    filter_horizontal = ["domains"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["programme", "starts_on", "mode", "place"]
    list_filter = ["mode"]
    search_fields = ["programme__title", "place"]
    date_hierarchy = "starts_on"


@admin.register(Colleague)
class ColleagueAdmin(admin.ModelAdmin):
    list_display = ["full_name", "team"]
    search_fields = ["full_name", "team__name"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = [
        "session",
        "peer_worker",
        "colleague",
        "attendance",
        "completed_on",
        "certificate_expires_on",
    ]
    list_filter = ["attendance"]
    search_fields = ["peer_worker__full_name", "colleague__full_name", "session__programme__title"]
    list_select_related = ["session__programme", "peer_worker", "colleague__team"]
    raw_id_fields = ["session", "peer_worker", "colleague"]


@admin.register(RequiredTraining)
class RequiredTrainingAdmin(admin.ModelAdmin):
    list_display = ["role", "programme", "renewal_months"]
    search_fields = ["role__title", "programme__title", "role__initiative__name"]
    list_select_related = ["role", "programme"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["programme", "rating", "created"]
    search_fields = ["programme__title"]
    # The author stays out of the list: feedback is read without names.
    exclude = ["author"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "day", "sent"]
    list_filter = ["kind"]
    date_hierarchy = "day"
