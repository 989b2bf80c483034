"""Fidelity assessment: instruments as data, waves of interviews, blind double ratings and the
consensus that settles them.

An instrument version in use by a wave is immutable (``fidelity.services`` refuses every edit);
changes make a new version. Interviews are identified by a pseudonymous reference, never a
name. Each interview is rated by at most two researchers; neither sees the other's rating
until both are submitted (``Rating.objects.visible_to``), and once a consensus is recorded the
ratings are locked.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InformantType(models.TextChoices):
    PEER_WORKER = "peer_worker", _("Peer worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    PERSON_SUPPORTED = "person_supported", _("Person supported")


class RatingStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


# --- Instruments -----------------------------------------------------------------------------


class Instrument(models.Model):
    """One version of a structured assessment instrument: its scale, domains and items."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    citation = models.TextField(_("citation"), blank=True)
    licence_note = models.TextField(
        _("licence note"),
        blank=True,
        help_text=_("Who holds the rights to the item texts and on what terms they are used."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative items"),
        default=False,
        help_text=_(
            "The item texts are illustrations written for peerwork, not the published items."
        ),
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest scale point"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest scale point"), default=4)
    slug = models.SlugField(max_length=60, blank=True, help_text=_("Set for seeded instruments."))
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
        verbose_name=_("previous version"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="fidelity_instrument_version"),
            models.UniqueConstraint(
                fields=["slug", "version"],
                condition=~Q(slug=""),
                name="fidelity_instrument_slug_version",
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")) & Q(scale_max__lte=10),
                name="fidelity_instrument_scale_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def scale(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class ScalePoint(models.Model):
    """The label of one point of an instrument's scale (e.g. 4 = "fully present")."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="points")
    value = models.PositiveSmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=120)

    class Meta:
        ordering = ["instrument", "value"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "value"], name="fidelity_scalepoint_once")
        ]

    def __str__(self) -> str:
        return f"{self.value} = {self.label}"


class Domain(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["instrument", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="fidelity_domain_key"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemQuerySet(models.QuerySet["Item"]):
    def for_informant(self, informant_type: str) -> ItemQuerySet:
        return self.filter(**{INFORMANT_FIELDS[informant_type]: True})


class Item(models.Model):
    """One rated item of a domain, with the informant types it is rated for."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20, help_text=_("For example T1 or R3."))
    text = models.TextField(_("item"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    for_peer_worker = models.BooleanField(_("rated from the peer worker's interview"), default=True)
    for_supervisor = models.BooleanField(_("rated from the supervisor's interview"), default=True)
    for_person_supported = models.BooleanField(
        _("rated from the interview with the person supported"), default=True
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "domain__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="fidelity_item_code"),
            models.CheckConstraint(
                condition=Q(for_peer_worker=True)
                | Q(for_supervisor=True)
                | Q(for_person_supported=True),
                name="fidelity_item_applies_to_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    def applies_to(self, informant_type: str) -> bool:
        return bool(getattr(self, INFORMANT_FIELDS[informant_type]))

    @property
    def informant_types(self) -> list[str]:
        return [value for value, name in INFORMANT_FIELDS.items() if getattr(self, name)]


INFORMANT_FIELDS: dict[str, str] = {
    InformantType.PEER_WORKER: "for_peer_worker",
    InformantType.SUPERVISOR: "for_supervisor",
    InformantType.PERSON_SUPPORTED: "for_person_supported",
}


class Anchor(models.Model):
    """What one scale point means for one item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="anchors")
    value = models.PositiveSmallIntegerField(_("value"))
    text = models.TextField(_("anchor"))

    class Meta:
        ordering = ["item", "value"]
        constraints = [
            models.UniqueConstraint(fields=["item", "value"], name="fidelity_anchor_once")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.value}: {self.text[:40]}"


# --- Waves and interviews --------------------------------------------------------------------


class Wave(models.Model):
    """A named data-collection round, with its dates and the instrument version it rates with."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="waves", verbose_name=_("instrument")
    )
    published = models.DateTimeField(
        _("published to site managers"),
        null=True,
        blank=True,
        help_text=_("When the research team let each site's managers see its consensus scores."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="fidelity_wave_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.name


class WaveSite(models.Model):
    """An initiative taking part in a wave; a site's waves never overlap in time."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="sites")
    initiative = models.ForeignKey(
        "cases.Initiative", on_delete=models.PROTECT, related_name="fidelity_waves"
    )

    class Meta:
        ordering = ["wave", "initiative__research_code"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "initiative"], name="fidelity_wavesite_once")
        ]

    def __str__(self) -> str:
        return f"{self.initiative.research_code} in {self.wave}"


class InterviewQuerySet(models.QuerySet["Interview"]):
    def with_progress(self) -> InterviewQuerySet:
        return self.annotate(
            rating_count=Count("ratings", distinct=True),
            submitted_count=Count(
                "ratings", filter=Q(ratings__status=RatingStatus.SUBMITTED), distinct=True
            ),
        )


class Interview(models.Model):
    """One informant's interview at one site in one wave, the unit that is rated."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="interviews")
    initiative = models.ForeignKey(
        "cases.Initiative", on_delete=models.PROTECT, related_name="fidelity_interviews"
    )
    informant_type = models.CharField(_("informant"), max_length=20, choices=InformantType.choices)
    reference = models.CharField(
        _("reference"),
        max_length=40,
        help_text=_("A pseudonymous code for the interview, e.g. P-03-SUP-1. Never a name."),
    )
    interviewed_on = models.DateField(_("date of interview"), null=True, blank=True)
    source = models.ForeignKey(
        "qualitative.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fidelity_interviews",
        verbose_name=_("transcript in the qualitative corpus"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["wave", "initiative__research_code", "informant_type", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "reference"], name="fidelity_interview_reference_once"
            ),
            models.CheckConstraint(
                condition=Q(informant_type__in=InformantType.values),
                name="fidelity_interview_informant_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class RatingQuerySet(models.QuerySet["Rating"]):
    def complete_pairs(self) -> RatingQuerySet:
        """Submitted ratings of interviews whose two ratings are both submitted."""
        return self.filter(status=RatingStatus.SUBMITTED, interview__in=paired_interviews())

    def visible_to(self, user: Any) -> RatingQuerySet:
        """The blind rule: a researcher sees their own ratings, and anyone's only once both
        ratings of the interview are submitted."""
        if not getattr(user, "is_researcher", False):
            return self.none()
        return self.filter(Q(rater=user) | Q(pk__in=self.model.objects.complete_pairs()))


def paired_interviews() -> InterviewQuerySet:
    """Interviews whose two ratings are both submitted (a subquery, not evaluated)."""
    return Interview.objects.annotate(
        submitted=Count("ratings", filter=Q(ratings__status=RatingStatus.SUBMITTED))
    ).filter(submitted__gte=2)


class Rating(models.Model):
    """One researcher's rating of one interview, item by item."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fidelity_ratings"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RatingStatus.choices, default=RatingStatus.DRAFT
    )
    started = models.DateTimeField(default=timezone.now)
    submitted = models.DateTimeField(_("submitted"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "started", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "rater"], name="fidelity_rating_one_per_rater"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RatingStatus.values), name="fidelity_rating_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=RatingStatus.DRAFT, submitted__isnull=True)
                | Q(status=RatingStatus.SUBMITTED, submitted__isnull=False),
                name="fidelity_rating_submitted_when_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interview} rated by {self.rater}"

    @property
    def is_submitted(self) -> bool:
        return self.status == RatingStatus.SUBMITTED


class ItemRating(models.Model):
    """One score (and note) a rater gave one item."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["rating", "item__domain__position", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "item"], name="fidelity_itemrating_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=10),
                name="fidelity_itemrating_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"


class Consensus(models.Model):
    """The score the raters agreed for each item of an interview, and who agreed it."""

    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="consensus")
    agreed_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="fidelity_consensus", verbose_name=_("agreed by")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["interview"]
        verbose_name_plural = _("consensus ratings")

    def __str__(self) -> str:
        return f"Consensus on {self.interview}"


class ConsensusScore(models.Model):
    consensus = models.ForeignKey(Consensus, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="consensus_scores")
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["consensus", "item__domain__position", "item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consensus", "item"], name="fidelity_consensusscore_once"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=10), name="fidelity_consensusscore_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"
