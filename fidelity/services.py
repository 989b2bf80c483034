"""Writes of the fidelity app: instruments and their versions, waves, interviews, ratings,
consensus and publication to site managers.

Every function is keyword-only, runs in one transaction and writes through ``save()`` so the
audit log records it. Bad input raises ``ValidationError`` with a message a researcher
understands, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Initiative
from fidelity.models import (
    INFORMANT_FIELDS,
    Anchor,
    Consensus,
    ConsensusScore,
    Domain,
    InformantType,
    Instrument,
    Interview,
    Item,
    ItemRating,
    Rating,
    RatingStatus,
    ScalePoint,
    Wave,
    WaveSite,
)
from peerwork.lib.concurrency import save_if_current
from qualitative.models import Source

# --- Instruments -------------------------------------------------------------------------------


def instrument_in_use(instrument: Instrument) -> Wave | None:
    """The first wave that rates with this version (then it may not change), or None."""
    return instrument.waves.order_by("starts_on").first()


def _refuse_if_in_use(instrument: Instrument) -> None:
    wave = instrument_in_use(instrument)
    if wave is not None:
        raise ValidationError(
            _(
                "Version %(version)s of “%(name)s” is in use by the wave “%(wave)s” and cannot "
                "change. Make a new version and edit that."
            )
            % {"version": instrument.version, "name": instrument.name, "wave": wave.name}
        )


@transaction.atomic
def instrument_create(
    *,
    name: str,
    citation: str,
    licence_note: str,
    scale_labels: Sequence[tuple[int, str]],
    created_by: Any,
) -> Instrument:
    """Version 1 of a new instrument with its scale; domains and items are imported after."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the instrument a name.")})
    if Instrument.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("An instrument of this name exists; make a new version of it instead.")}
        )
    values = sorted(value for value, _label in scale_labels)
    if len(values) < 2 or values != list(range(values[0], values[0] + len(values))):
        raise ValidationError(
            {"scale": _("The scale needs at least two consecutive points, e.g. 1 to 4.")}
        )
    if values[0] < 0 or values[-1] > 10:
        raise ValidationError({"scale": _("Scale points run from 0 to 10 at most.")})
    instrument = Instrument(
        name=name,
        citation=citation,
        licence_note=licence_note,
        scale_min=values[0],
        scale_max=values[-1],
        created_by=created_by,
    )
    instrument.save()
    for value, label in sorted(scale_labels):
        ScalePoint(instrument=instrument, value=value, label=label.strip() or str(value)).save()
    return instrument


@transaction.atomic
def instrument_new_version(*, instrument: Instrument, created_by: Any) -> Instrument:
    """A copy of ``instrument`` as the next version of its name, free to edit."""
    latest = Instrument.objects.filter(name=instrument.name).aggregate(Max("version"))
    copy = Instrument(
        name=instrument.name,
        version=(latest["version__max"] or instrument.version) + 1,
        citation=instrument.citation,
        licence_note=instrument.licence_note,
        is_illustrative=instrument.is_illustrative,
        scale_min=instrument.scale_min,
        scale_max=instrument.scale_max,
        slug=instrument.slug,
        previous=instrument,
        created_by=created_by,
    )
    copy.save()
    for point in instrument.points.all():
        ScalePoint(instrument=copy, value=point.value, label=point.label).save()
    domains = {}
    for domain in instrument.domains.all():
        domains[domain.pk] = Domain(
            instrument=copy, key=domain.key, name=domain.name, position=domain.position
        )
        domains[domain.pk].save()
    for item in instrument.items.prefetch_related("anchors"):
        new_item = Item(
            instrument=copy,
            domain=domains[item.domain_id],
            code=item.code,
            text=item.text,
            position=item.position,
            for_peer_worker=item.for_peer_worker,
            for_supervisor=item.for_supervisor,
            for_person_supported=item.for_person_supported,
        )
        new_item.save()
        for anchor in item.anchors.all():
            Anchor(item=new_item, value=anchor.value, text=anchor.text).save()
    return copy


IMPORT_COLUMNS = [
    "domain_key",
    "domain",
    "code",
    "item",
    "peer_worker",
    "supervisor",
    "person_supported",
]
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class ImportProblem:
    row: int  # 1 is the header; data from 2
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def import_columns(instrument: Instrument) -> list[str]:
    """The header of an item file for ``instrument``: the fixed columns, then one anchor column
    per scale point."""
    return [*IMPORT_COLUMNS, *(f"anchor_{value}" for value in instrument.scale)]


@transaction.atomic
def instrument_import_items(
    *, instrument: Instrument, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """Replace the domains, items and anchors of an unused version with those of a file.

    All or nothing: any bad row refuses the whole file with every problem listed by row and
    column. Returns the number of items.
    """
    _refuse_if_in_use(instrument)
    expected = import_columns(instrument)
    names = [str(name or "").strip().lower() for name in header]
    missing = [column for column in expected if column not in names]
    if missing:
        raise ValidationError(
            _("The file's first row must name the columns %(expected)s; missing: %(missing)s.")
            % {"expected": ", ".join(expected), "missing": ", ".join(missing)}
        )
    position = {name: names.index(name) for name in expected}
    problems: list[ImportProblem] = []
    domains: dict[str, str] = {}
    parsed: list[dict[str, Any]] = []
    codes: set[str] = set()
    for number, raw in enumerate(rows, start=2):
        cells = [str(cell).strip() if cell is not None else "" for cell in raw]
        if not any(cells):
            continue
        cells += [""] * (len(names) - len(cells))

        def cell(column: str, cells: list[str] = cells) -> str:
            return cells[position[column]]

        key, domain_name, code, text = (cell(c) for c in ("domain_key", "domain", "code", "item"))
        row_problems = []
        if not key or not key.replace("-", "").replace("_", "").isalnum():
            row_problems.append(
                ImportProblem(number, "domain_key", _("use letters, digits, - or _"))
            )
        if not domain_name:
            row_problems.append(ImportProblem(number, "domain", _("name the domain")))
        elif key in domains and domains[key] != domain_name:
            row_problems.append(
                ImportProblem(
                    number,
                    "domain",
                    _("domain %(key)s is called “%(name)s” on an earlier row")
                    % {"key": key, "name": domains[key]},
                )
            )
        if not code:
            row_problems.append(ImportProblem(number, "code", _("give the item a code")))
        elif code.lower() in codes:
            row_problems.append(ImportProblem(number, "code", _("this code is used twice")))
        if not text:
            row_problems.append(ImportProblem(number, "item", _("the item text is empty")))
        informants = {}
        for informant, field in INFORMANT_FIELDS.items():
            value = cell(informant).lower()
            if value in YES:
                informants[field] = True
            elif value in NO:
                informants[field] = False
            else:
                row_problems.append(ImportProblem(number, informant, _("write yes or no")))
        if informants and not any(informants.values()) and len(informants) == 3:
            row_problems.append(
                ImportProblem(
                    number, "peer_worker", _("the item must apply to at least one informant")
                )
            )
        anchors = {value: cell(f"anchor_{value}") for value in instrument.scale}
        problems += row_problems
        if not row_problems:
            domains.setdefault(key, domain_name)
            codes.add(code.lower())
            parsed.append(
                {"key": key, "code": code, "text": text, "anchors": anchors, **informants}
            )
    if not parsed and not problems:
        raise ValidationError(_("The file has no items."))
    if problems:
        raise ValidationError([str(problem) for problem in problems])
    instrument.items.all().delete()
    instrument.domains.all().delete()
    domain_records: dict[str, Domain] = {}
    for domain_position, (key, name) in enumerate(domains.items()):
        domain_records[key] = Domain(
            instrument=instrument, key=key, name=name, position=domain_position
        )
        domain_records[key].save()
    for item_position, entry in enumerate(parsed):
        item = Item(
            instrument=instrument,
            domain=domain_records[entry["key"]],
            code=entry["code"],
            text=entry["text"],
            position=item_position,
            **{field: entry[field] for field in INFORMANT_FIELDS.values()},
        )
        item.save()
        for value, text in entry["anchors"].items():
            if text:
                Anchor(item=item, value=value, text=text).save()
    return len(parsed)


@transaction.atomic
def item_add(
    *,
    instrument: Instrument,
    domain_key: str,
    domain_name: str,
    code: str,
    text: str,
    informant_types: Sequence[str],
    anchors: Mapping[int, str],
) -> Item:
    """Add one item (and its domain, if new) to a version no wave uses yet."""
    _refuse_if_in_use(instrument)
    domain_key, domain_name = domain_key.strip(), domain_name.strip()
    code, text = code.strip(), text.strip()
    errors: dict[str, str] = {}
    if not domain_key or not domain_key.replace("-", "").replace("_", "").isalnum():
        errors["domain_key"] = _("Use letters, digits, - or _.")
    if not code:
        errors["code"] = _("Give the item a code.")
    elif instrument.items.filter(code__iexact=code).exists():
        errors["code"] = _("This version already has an item %(code)s.") % {"code": code}
    if not text:
        errors["text"] = _("Write the item.")
    if not informant_types or set(informant_types) - set(InformantType.values):
        errors["informant_types"] = _("Choose who the item is rated from.")
    outside = [value for value in anchors if value not in instrument.scale]
    if outside:
        errors["anchors"] = _("Anchors are for the scale points %(low)s to %(high)s.") % {
            "low": instrument.scale_min,
            "high": instrument.scale_max,
        }
    domain = instrument.domains.filter(key=domain_key).first() if domain_key else None
    if domain is None and not domain_name and "domain_key" not in errors:
        errors["domain_name"] = _("Name the new domain.")
    if errors:
        raise ValidationError(errors)
    if domain is None:
        domain = Domain(
            instrument=instrument,
            key=domain_key,
            name=domain_name,
            position=instrument.domains.count(),
        )
        domain.save()
    item = Item(
        instrument=instrument,
        domain=domain,
        code=code,
        text=text,
        position=domain.items.count(),
        **{field: informant in informant_types for informant, field in INFORMANT_FIELDS.items()},
    )
    item.save()
    for value, anchor in sorted(anchors.items()):
        if anchor.strip():
            Anchor(item=item, value=value, text=anchor.strip()).save()
    return item


# --- Waves, sites and interviews --------------------------------------------------------------


def _overlapping_wave(
    initiative: Initiative, starts_on: dt.date, ends_on: dt.date, *, excluding: Wave | None
) -> Wave | None:
    waves = Wave.objects.filter(
        sites__initiative=initiative, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if excluding is not None and excluding.pk:
        waves = waves.exclude(pk=excluding.pk)
    return waves.order_by("starts_on").first()


def _check_dates(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day is before the first day.")})


@transaction.atomic
def wave_create(*, name: str, starts_on: dt.date, ends_on: dt.date, instrument: Instrument) -> Wave:
    _check_dates(starts_on, ends_on)
    if Wave.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("A wave of this name exists.")})
    wave = Wave(name=name.strip(), starts_on=starts_on, ends_on=ends_on, instrument=instrument)
    wave.save()
    return wave


@transaction.atomic
def wave_update(*, wave: Wave, name: str, starts_on: dt.date, ends_on: dt.date) -> Wave:
    """Rename or re-date a wave; refused when the new dates overlap another wave of one of its
    sites, or leave out an interview's date."""
    _check_dates(starts_on, ends_on)
    if Wave.objects.filter(name__iexact=name.strip()).exclude(pk=wave.pk).exists():
        raise ValidationError({"name": _("A wave of this name exists.")})
    for site in wave.sites.select_related("initiative"):
        clash = _overlapping_wave(site.initiative, starts_on, ends_on, excluding=wave)
        if clash is not None:
            raise ValidationError(_overlap_message(site.initiative, clash))
    outside = wave.interviews.exclude(interviewed_on__isnull=True).exclude(
        interviewed_on__range=(starts_on, ends_on)
    )
    if outside.exists():
        raise ValidationError(
            _("Interview %(reference)s took place outside these dates.")
            % {"reference": outside.order_by("interviewed_on").first()}
        )
    wave.name, wave.starts_on, wave.ends_on = name.strip(), starts_on, ends_on
    wave.save(update_fields=["name", "starts_on", "ends_on"])
    return wave


def _overlap_message(initiative: Initiative, clash: Wave) -> str:
    return _(
        "%(code)s already takes part in the wave “%(wave)s” (%(first)s to %(last)s); a site's "
        "waves may not overlap in time."
    ) % {
        "code": initiative.research_code,
        "wave": clash.name,
        "first": clash.starts_on.isoformat(),
        "last": clash.ends_on.isoformat(),
    }


@transaction.atomic
def wave_site_add(*, wave: Wave, initiative: Initiative) -> WaveSite:
    existing = WaveSite.objects.filter(wave=wave, initiative=initiative).first()
    if existing is not None:
        return existing
    clash = _overlapping_wave(initiative, wave.starts_on, wave.ends_on, excluding=wave)
    if clash is not None:
        raise ValidationError(_overlap_message(initiative, clash))
    site = WaveSite(wave=wave, initiative=initiative)
    site.save()
    return site


@transaction.atomic
def interview_add(
    *,
    wave: Wave,
    initiative: Initiative,
    informant_type: str,
    reference: str,
    interviewed_on: dt.date | None,
    source: Source | None,
    added_by: Any,
) -> Interview:
    """An interview to rate; the site joins the wave if it has not yet."""
    reference = reference.strip()
    if informant_type not in InformantType.values:
        raise ValidationError({"informant_type": _("Choose the informant.")})
    if not reference:
        raise ValidationError({"reference": _("Give the interview a pseudonymous reference.")})
    if Interview.objects.filter(wave=wave, reference__iexact=reference).exists():
        raise ValidationError(
            {"reference": _("This wave already has an interview %(ref)s.") % {"ref": reference}}
        )
    if interviewed_on is not None and not wave.starts_on <= interviewed_on <= wave.ends_on:
        raise ValidationError(
            {
                "interviewed_on": _("The wave runs from %(first)s to %(last)s.")
                % {"first": wave.starts_on.isoformat(), "last": wave.ends_on.isoformat()}
            }
        )
    if source is not None and source.initiative_id != initiative.pk:
        raise ValidationError({"source": _("This transcript belongs to another site.")})
    wave_site_add(wave=wave, initiative=initiative)
    interview = Interview(
        wave=wave,
        initiative=initiative,
        informant_type=informant_type,
        reference=reference,
        interviewed_on=interviewed_on,
        source=source,
        added_by=added_by,
    )
    interview.save()
    return interview


# --- Ratings -----------------------------------------------------------------------------------


def _refuse_if_settled(interview: Interview) -> None:
    if Consensus.objects.filter(interview=interview).exists():
        raise ValidationError(
            _("A consensus has been recorded for %(ref)s; its ratings can no longer change.")
            % {"ref": interview.reference}
        )


@transaction.atomic
def rating_start(*, interview: Interview, rater: Any) -> Rating:
    """Open the rater's (empty) rating of an interview: the first or the blind second."""
    if not getattr(rater, "is_researcher", False):
        raise ValidationError(_("Only researchers rate interviews."))
    Interview.objects.select_for_update().filter(pk=interview.pk).first()
    _refuse_if_settled(interview)
    if Rating.objects.filter(interview=interview, rater=rater).exists():
        raise ValidationError(
            _("You have already rated %(ref)s; a second rating must come from another researcher.")
            % {"ref": interview.reference}
        )
    if Rating.objects.filter(interview=interview).count() >= 2:
        raise ValidationError(_("%(ref)s already has two raters.") % {"ref": interview.reference})
    rating = Rating(interview=interview, rater=rater)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise ValidationError(
            _("You have already rated %(ref)s.") % {"ref": interview.reference}
        ) from None
    return rating


def applicable_items(interview: Interview) -> list[Item]:
    return list(
        Item.objects.filter(instrument_id=interview.wave.instrument_id)
        .for_informant(interview.informant_type)
        .select_related("domain")
        .order_by("domain__position", "position", "code")
    )


def _is_unchanged(
    rating: Rating, *, scores: Mapping[int, int | None], notes: Mapping[int, str], submit: bool
) -> bool:
    if submit and not rating.is_submitted:
        return False
    stored = {entry.item_id: entry for entry in rating.scores.all()}
    for item_id in set(scores) | set(notes):
        entry = stored.get(item_id)
        score = scores.get(item_id, entry.score if entry else None)
        note = notes.get(item_id, entry.note if entry else "").strip()
        if entry is None:
            if score is not None or note:
                return False
        elif entry.score != score or entry.note != note:
            return False
    return True


@transaction.atomic
def rating_save(
    *,
    rating: Rating,
    scores: Mapping[int, int | None],
    notes: Mapping[int, str],
    submit: bool,
    expected_version: int | None,
) -> Rating:
    """Save the rater's scores (by item id) and notes; ``submit`` needs every applicable item.

    Refused: a score outside the scale, an item of another instrument or not rated for this
    informant, any change once both ratings are submitted or a consensus is recorded.
    """
    interview = rating.interview
    instrument = interview.wave.instrument
    if _is_unchanged(rating, scores=scores, notes=notes, submit=submit):
        return rating  # a sheet saved as it was changes nothing, settled or not
    _refuse_if_settled(interview)
    # A submitted rating stays complete: changing it (before the other is in) keeps every item.
    submit = submit or rating.is_submitted
    other = Rating.objects.filter(interview=interview).exclude(pk=rating.pk).first()
    if rating.is_submitted and other is not None and other.is_submitted:
        raise ValidationError(
            _("Both ratings of %(ref)s are in; differences are settled in the consensus.")
            % {"ref": interview.reference}
        )
    items = {item.pk: item for item in Item.objects.filter(instrument=instrument)}
    errors: list[str] = []
    for item_id, score in scores.items():
        item = items.get(item_id)
        if item is None:
            errors.append(_("An item of another instrument cannot be rated here."))
            continue
        if not item.applies_to(interview.informant_type):
            errors.append(
                _("Item %(code)s is not rated from an interview with a %(informant)s.")
                % {
                    "code": item.code,
                    "informant": InformantType(interview.informant_type).label.lower(),
                }
            )
        if score is not None and not instrument.scale_min <= score <= instrument.scale_max:
            errors.append(
                _("Item %(code)s: %(score)s is outside the scale %(low)s–%(high)s.")
                % {
                    "code": item.code,
                    "score": score,
                    "low": instrument.scale_min,
                    "high": instrument.scale_max,
                }
            )
    for item_id in notes:
        if item_id not in items:
            errors.append(_("An item of another instrument cannot be rated here."))
    if submit and not errors:
        required = [item for item in items.values() if item.applies_to(interview.informant_type)]
        stored = dict(rating.scores.values_list("item_id", "score"))
        unscored = [
            item.code
            for item in required
            if (scores[item.pk] if item.pk in scores else stored.get(item.pk)) is None
        ]
        if unscored:
            errors.append(
                _("Score every item before submitting; missing: %(codes)s.")
                % {"codes": ", ".join(sorted(unscored))}
            )
    if errors:
        raise ValidationError(errors)
    existing = {score.item_id: score for score in rating.scores.all()}
    for item_id in set(scores) | set(notes):
        entry = existing.get(item_id) or ItemRating(rating=rating, item_id=item_id)
        new_score = scores.get(item_id, entry.score)
        new_note = notes.get(item_id, entry.note).strip()
        if entry.pk and entry.score == new_score and entry.note == new_note:
            continue
        entry.score, entry.note = new_score, new_note
        entry.save()
    fields = []
    if submit and not rating.is_submitted:
        rating.status = RatingStatus.SUBMITTED
        rating.submitted = timezone.now()
        fields = ["status", "submitted"]
    save_if_current(rating, expected_version=expected_version, fields=fields)
    return rating


# --- Consensus --------------------------------------------------------------------------------


@transaction.atomic
def consensus_record(
    *,
    interview: Interview,
    scores: Mapping[int, int],
    notes: Mapping[int, str],
    agreed_by: Iterable[Any],
    recorded_by: Any,
    note: str = "",
) -> Consensus:
    """Record the agreed score of every applicable item once both ratings are submitted.

    Items the raters agreed on keep their score unless ``scores`` says otherwise; every item
    they disagreed on needs a score. ``agreed_by`` are the researchers who agreed it.
    """
    Interview.objects.select_for_update().filter(pk=interview.pk).first()
    _refuse_if_settled(interview)
    ratings = list(
        Rating.objects.filter(interview=interview, status=RatingStatus.SUBMITTED).prefetch_related(
            "scores"
        )
    )
    if len(ratings) < 2:
        raise ValidationError(
            _("Both ratings of %(ref)s must be submitted before a consensus.")
            % {"ref": interview.reference}
        )
    if getattr(recorded_by, "pk", None) not in {rating.rater_id for rating in ratings}:
        raise ValidationError(_("The consensus is recorded by one of the two raters."))
    agreed = [user for user in agreed_by if getattr(user, "is_researcher", False)]
    if not agreed:
        raise ValidationError({"agreed_by": _("Say who agreed the consensus.")})
    instrument = interview.wave.instrument
    first = {score.item_id: score.score for score in ratings[0].scores.all()}
    second = {score.item_id: score.score for score in ratings[1].scores.all()}
    errors = []
    final: dict[int, int] = {}
    for item in applicable_items(interview):
        score = scores.get(item.pk)
        if score is None and first.get(item.pk) == second.get(item.pk):
            score = first.get(item.pk)
        if score is None:
            errors.append(
                _("Item %(code)s: the raters differ; choose the agreed score.")
                % {"code": item.code}
            )
            continue
        if not instrument.scale_min <= score <= instrument.scale_max:
            errors.append(
                _("Item %(code)s: %(score)s is outside the scale %(low)s–%(high)s.")
                % {
                    "code": item.code,
                    "score": score,
                    "low": instrument.scale_min,
                    "high": instrument.scale_max,
                }
            )
            continue
        final[item.pk] = score
    unknown = set(scores) - {item.pk for item in applicable_items(interview)}
    if unknown:
        errors.append(_("A score was given for an item not rated from this interview."))
    if errors:
        raise ValidationError(errors)
    consensus = Consensus(interview=interview, recorded_by=recorded_by, note=note.strip())
    consensus.save()
    consensus.agreed_by.set(agreed)
    for item_id, score in final.items():
        ConsensusScore(
            consensus=consensus, item_id=item_id, score=score, note=notes.get(item_id, "").strip()
        ).save()
    return consensus


# --- Publication to site managers --------------------------------------------------------------


@transaction.atomic
def wave_publish(*, wave: Wave, published_by: Any) -> Wave:
    """Let each site's managers see their own site's consensus scores for this wave."""
    if wave.published is not None:
        raise ValidationError(_("This wave is already published to site managers."))
    wave.published = timezone.now()
    wave.published_by = published_by
    wave.save(update_fields=["published", "published_by"])
    return wave


@transaction.atomic
def wave_unpublish(*, wave: Wave) -> Wave:
    if wave.published is None:
        raise ValidationError(_("This wave is not published."))
    wave.published = None
    wave.published_by = None
    wave.save(update_fields=["published", "published_by"])
    return wave
