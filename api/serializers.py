"""What the API reads and writes. Writes call the owning apps' services, so every rule,
constraint and audit entry applies as for the pages' forms."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import services as cases_services
from cases.access import managed_organisation_ids
from cases.models import (
    ImplementationMilestone,
    Initiative,
    InitiativeStatus,
    LeavingReason,
    MilestoneType,
    Organisation,
    PartnerPart,
    PeerWorker,
    PeerWorkerRole,
    Phase,
    ServiceSetting,
)
from training import services as training_services
from training.models import Enrolment, TrainingProgramme


def _drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(
            {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
        )
    return serializers.ValidationError({"non_field_errors": error.messages})


def managed_initiatives(user) -> QuerySet[Initiative]:
    """Initiatives the user manages (every initiative for an administrator)."""
    if getattr(user, "is_administrator", False):
        return Initiative.objects.all()
    return Initiative.objects.filter(
        partners__organisation_id__in=managed_organisation_ids(user)
    ).distinct()


@extend_schema_field(OpenApiTypes.UUID)
class PublicIdField(serializers.SlugRelatedField):
    """A related record by its public id, chosen from a queryset scoped to the user."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(slug_field="public_id", **kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)


# --- Initiatives --------------------------------------------------------------------------


class PartnerSerializer(serializers.Serializer):
    organisation = serializers.UUIDField(help_text="The organisation's public id.")
    organisation_name = serializers.CharField(read_only=True)
    part = serializers.ChoiceField(choices=PartnerPart.choices)


class InitiativeSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(max_length=200)
    research_code = serializers.RegexField(r"^P-\d{2,4}$", max_length=12)
    status = serializers.ChoiceField(choices=InitiativeStatus.choices)
    started = serializers.DateField(allow_null=True, required=False)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    context = serializers.CharField(read_only=True)
    version = serializers.IntegerField(
        required=False, help_text="The version read; a stale update is refused."
    )
    settings = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=ServiceSetting.objects.all()
    )
    partners = PartnerSerializer(many=True)

    def to_representation(self, initiative: Initiative) -> dict:
        data = super().to_representation(initiative)
        data["settings"] = [setting.slug for setting in initiative.settings.all()]
        data["partners"] = [
            {
                "organisation": str(partner.organisation.public_id),
                "organisation_name": partner.organisation.name,
                "part": partner.part,
            }
            for partner in initiative.partners.all()
        ]
        return data

    def validate_partners(self, partners: list[dict]) -> list[tuple[Organisation, str]]:
        if not partners:
            raise serializers.ValidationError("Add at least one partner organisation.")
        ids = {partner["organisation"] for partner in partners}
        organisations = Organisation.objects.in_bulk(list(ids), field_name="public_id")
        missing = ids - set(organisations)
        if missing:
            raise serializers.ValidationError(
                f"Unknown organisation(s): {', '.join(sorted(map(str, missing)))}."
            )
        pairs = [(organisations[p["organisation"]], p["part"]) for p in partners]
        if len(set(pairs)) != len(pairs):
            raise serializers.ValidationError("A partner is listed twice in the same part.")
        user = self.context["request"].user
        if not getattr(user, "is_administrator", False):
            managed = managed_organisation_ids(user)
            if not any(organisation.pk in managed for organisation, _part in pairs):
                raise serializers.ValidationError(
                    "One of the partners must be an organisation you manage."
                )
        return pairs

    def create(self, validated_data: dict) -> Initiative:
        validated_data.pop("version", None)
        try:
            return cases_services.initiative_create(**validated_data)
        except DjangoValidationError as error:
            raise _drf_error(error) from None

    def update(self, initiative: Initiative, validated_data: dict) -> Initiative:
        partners = validated_data.pop("partners", None)
        if partners is None:
            partners = [
                (partner.organisation, partner.part)
                for partner in initiative.partners.select_related("organisation")
            ]
        settings = validated_data.pop("settings", None)
        if settings is None:
            settings = list(initiative.settings.all())
        # Without a version the update applies to the record as this request read it.
        version = validated_data.pop("version", initiative.version)
        values = {
            field: validated_data.get(field, getattr(initiative, field))
            for field in cases_services.INITIATIVE_FIELDS
        }
        try:
            return cases_services.initiative_update(
                initiative=initiative,
                expected_version=version,
                settings=settings,
                partners=partners,
                **values,
            )
        except DjangoValidationError as error:
            raise _drf_error(error) from None


# --- Roles --------------------------------------------------------------------------------


class RoleSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    initiative = serializers.UUIDField(source="initiative.public_id", read_only=True)
    employer = serializers.CharField(source="employer.name", read_only=True)

    class Meta:
        model = PeerWorkerRole
        fields = [
            "id",
            "initiative",
            "title",
            "employer",
            "lived_experience_criterion",
            "employment",
            "pay_band",
            "pay_grade_other",
            "pay_parity",
            "hours_per_week",
            "has_flexible_hours",
            "contract",
            "funded_headcount",
            "funded_wte",
            "is_jd_coproduced",
            "sharing_expectation",
        ]
        read_only_fields = fields


# --- Peer workers -------------------------------------------------------------------------


def _managed_roles(user) -> QuerySet[PeerWorkerRole]:
    return PeerWorkerRole.objects.filter(initiative__in=managed_initiatives(user).values("pk"))


class PeerWorkerSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    role = PublicIdField(_managed_roles, help_text="The role's public id.")
    initiative = serializers.CharField(source="role.initiative.research_code", read_only=True)
    leaving_reason = serializers.ChoiceField(
        choices=LeavingReason.choices, required=False, allow_blank=True, default=""
    )

    class Meta:
        model = PeerWorker
        fields = [
            "id",
            "role",
            "initiative",
            "full_name",
            "pseudonym",
            "started",
            "ended",
            "leaving_reason",
        ]

    def create(self, validated_data: dict) -> PeerWorker:
        try:
            return cases_services.peer_worker_save(peer_worker=PeerWorker(**validated_data))
        except DjangoValidationError as error:
            raise _drf_error(error) from None

    def update(self, peer_worker: PeerWorker, validated_data: dict) -> PeerWorker:
        for field, value in validated_data.items():
            setattr(peer_worker, field, value)
        try:
            return cases_services.peer_worker_save(peer_worker=peer_worker)
        except DjangoValidationError as error:
            raise _drf_error(error) from None


# --- Training records ---------------------------------------------------------------------


def _managed_workers(user) -> QuerySet[PeerWorker]:
    return PeerWorker.objects.filter(role__in=_managed_roles(user)).select_related("role")


def _managed_programmes(user) -> QuerySet[TrainingProgramme]:
    if getattr(user, "is_administrator", False):
        return TrainingProgramme.objects.all()
    return TrainingProgramme.objects.filter(organisation_id__in=managed_organisation_ids(user))


class TrainingRecordSerializer(serializers.Serializer):
    """A completion of a programme by a peer worker, with any certificate."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    peer_worker = PublicIdField(_managed_workers, help_text="The peer worker's public id.")
    pseudonym = serializers.CharField(source="peer_worker.pseudonym", read_only=True)
    programme = PublicIdField(_managed_programmes, help_text="The programme's public id.")
    programme_title = serializers.CharField(source="programme.title", read_only=True)
    completed_on = serializers.DateField()
    certificate_issued_on = serializers.DateField(required=False, allow_null=True)
    certificate_expires_on = serializers.DateField(required=False, allow_null=True)
    certificate_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )

    def to_representation(self, enrolment: Enrolment) -> dict:
        return {
            "id": str(enrolment.public_id),
            "peer_worker": str(enrolment.peer_worker.public_id),
            "pseudonym": enrolment.peer_worker.pseudonym,
            "programme": str(enrolment.session.programme.public_id),
            "programme_title": enrolment.session.programme.title,
            "completed_on": enrolment.completed_on.isoformat() if enrolment.completed_on else None,
            "certificate_issued_on": enrolment.certificate_issued_on.isoformat()
            if enrolment.certificate_issued_on
            else None,
            "certificate_expires_on": enrolment.certificate_expires_on.isoformat()
            if enrolment.certificate_expires_on
            else None,
            "certificate_number": enrolment.certificate_number,
        }

    def create(self, validated_data: dict) -> Enrolment:
        record = training_services.CompletionRecord(
            peer_worker=validated_data["peer_worker"],
            programme=validated_data["programme"],
            completed_on=validated_data["completed_on"],
            certificate_issued_on=validated_data.get("certificate_issued_on"),
            certificate_expires_on=validated_data.get("certificate_expires_on"),
            certificate_number=validated_data.get("certificate_number", ""),
        )
        try:
            training_services.completions_record(records=[record])
        except DjangoValidationError as error:
            raise _drf_error(error) from None
        return (
            Enrolment.objects.select_related("peer_worker", "session__programme")
            .filter(
                peer_worker=record.peer_worker,
                session__programme=record.programme,
                completed_on=record.completed_on,
            )
            .latest("pk")
        )


# --- Milestones ---------------------------------------------------------------------------


class MilestoneSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    initiative = PublicIdField(managed_initiatives, help_text="The initiative's public id.")
    milestone_type = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=MilestoneType.objects.all(),
        required=False,
        allow_null=True,
        help_text="A standard milestone's slug, or leave empty and give custom_title.",
    )
    phase = serializers.ChoiceField(choices=Phase.choices, required=False, allow_blank=True)
    title = serializers.CharField(read_only=True)

    class Meta:
        model = ImplementationMilestone
        fields = [
            "id",
            "initiative",
            "title",
            "milestone_type",
            "custom_title",
            "phase",
            "planned",
            "achieved",
            "note",
        ]

    def validate(self, data: dict) -> dict:
        instance = self.instance
        milestone_type = data.get("milestone_type", getattr(instance, "milestone_type", None))
        custom_title = data.get("custom_title", getattr(instance, "custom_title", ""))
        if not milestone_type and not custom_title:
            raise serializers.ValidationError(
                {"milestone_type": "Choose a milestone or name one of your own (custom_title)."}
            )
        planned = data.get("planned", getattr(instance, "planned", None))
        achieved = data.get("achieved", getattr(instance, "achieved", None))
        if not planned and not achieved:
            raise serializers.ValidationError(
                {"planned": "Give a planned date, an achieved date, or both."}
            )
        if not data.get("phase") and not getattr(instance, "phase", ""):
            if milestone_type is None:
                raise serializers.ValidationError(
                    {"phase": "Give the phase of your own milestone."}
                )
            data["phase"] = milestone_type.phase
        return data

    def _save(self, milestone: ImplementationMilestone) -> ImplementationMilestone:
        try:
            return cases_services.milestone_save(milestone=milestone)
        except DjangoValidationError as error:
            raise _drf_error(error) from None

    def create(self, validated_data: dict) -> ImplementationMilestone:
        return self._save(ImplementationMilestone(**validated_data))

    def update(self, milestone, validated_data: dict) -> ImplementationMilestone:
        validated_data.pop("initiative", None)  # a milestone stays with its initiative
        for field, value in validated_data.items():
            setattr(milestone, field, value)
        return self._save(milestone)


# --- Research and supervision -----------------------------------------------------------------


class RowSerializer(serializers.Serializer):
    """One row of a research table: column name → value (see the data dictionary)."""

    def to_representation(self, row: dict) -> dict:
        return row


class SupervisionRecordSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    held_on = serializers.DateField()
    duration_minutes = serializers.IntegerField()
    mode = serializers.CharField()
    status = serializers.CharField()
    supervision_type = serializers.CharField()
    supervisor = serializers.CharField(source="arrangement.supervisor.full_name")
    peer_worker = serializers.CharField(source="arrangement.peer_worker.full_name")
    shared_summary = serializers.CharField()
    private_reflection = serializers.SerializerMethodField(
        help_text="Your own private reflection; empty on records you did not write."
    )

    def get_private_reflection(self, session) -> str:
        return session.reflection_for(self.context["request"].user)


class FidelityWaveSerializer(serializers.Serializer):
    """A wave of the fidelity study: its dates, instrument version and progress."""

    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    instrument = serializers.CharField(source="instrument.name")
    instrument_version = serializers.IntegerField(source="instrument.version")
    illustrative_items = serializers.BooleanField(source="instrument.is_illustrative")
    sites = serializers.IntegerField(source="site_count")
    interviews = serializers.IntegerField(source="interview_count")
    interviews_with_consensus = serializers.IntegerField(source="consensus_count")
    published_to_sites = serializers.DateTimeField(source="published", allow_null=True)
