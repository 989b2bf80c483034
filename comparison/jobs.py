"""The comparison's work that runs in the background (registered by ComparisonConfig.ready()):
exports too large for a request, and the rebuild of practice profiles."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils.translation import gettext as _

from comparison import exports, selectors
from comparison.access import Audience, audience_for, own_profiles
from comparison.facts import FACTS
from comparison.forms import ComparisonForm
from comparison.services import profiles_rebuild
from jobs.models import Job
from jobs.registry import JobOutput, Progress
from peerwork.lib.dates import quarters_between
from peerwork.lib.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Row,
    Table,
    csv_text,
    xlsx_bytes,
)
from peerwork.lib.replica import replica_reads

EXPORT_KIND = "comparison-export"
REBUILD_KIND = "profiles-rebuild"
# Progress is written every this many rows.
PROGRESS_EVERY = 500


def estimated_rows(view: str, selection: selectors.Selection) -> int:
    """Rows the main table of an export will have, from one query (the places)."""
    if view in ("context", "dictionary"):
        return 0  # a few hundred rows whatever the data
    initiatives = len(selectors.selected_places(selection, selectors.places(selection.last)))
    if view == "initiative":
        return initiatives * len(FACTS)
    if view == "profiles":
        return initiatives * len(quarters_between(selection.first, selection.last))
    return initiatives


def export_params(view: str, export_format: str, selection: selectors.Selection) -> dict[str, Any]:
    return {"view": view, "format": export_format, "query": selection.as_query()}


def _selection_from(query: dict[str, Any]) -> selectors.Selection:
    data = QueryDict(mutable=True)
    for key, value in query.items():
        data.setlist(
            key, [str(item) for item in value] if isinstance(value, list) else [str(value)]
        )
    form = ComparisonForm(
        data,
        quarters=selectors.available_quarters(),
        years=selectors.published_years(),
        k=selectors.threshold(),
    )
    if not form.is_valid():
        from django.core.exceptions import ValidationError

        raise ValidationError(
            _("The period or the filters of this export are no longer available: %(errors)s")
            % {"errors": " ".join(str(error) for error in form.errors.values())}
        )
    return form.selection(page=1)


def _counted(
    rows: Sequence[Row], progress: Progress, label: str, total: int, start: int
) -> Iterator[Row]:
    for index, row in enumerate(rows, start=1):
        if index % PROGRESS_EVERY == 0:
            progress.step(label, start + index, total)
        yield row


def export_run(job: Job, progress: Progress) -> JobOutput:
    """Build the same file the export view builds, as its owner may see it now."""
    params = job.params
    view, export_format = params["view"], params["format"]
    user = job.owner
    with replica_reads():
        audience = audience_for(user)  # 403 (PermissionDenied) if they lost their standing
        if audience == Audience.MANAGER and view not in ("context", "dictionary"):
            raise PermissionDenied
        progress.step(_("Reading the figures"), 0, 1)
        selection = _selection_from(params["query"])
        own = own_profiles(user, selection.last) if audience == Audience.MANAGER else ()
        tables = exports.tables_for(view, selection, user, own=own)
    tables = [Table(table.title, table.header, list(table.rows)) for table in tables]
    if export_format == "csv":
        tables = tables[:1]
    total = sum(len(table.rows) for table in tables)  # type: ignore[arg-type]
    label = _("Writing rows")
    progress.step(label, 0, total)
    written = 0
    counted = []
    for table in tables:
        rows = list(table.rows)
        counted.append(
            Table(table.title, table.header, _counted(rows, progress, label, total, written))
        )
        written += len(rows)
    stem = f"peerwork-{view}-{selection.slug()}-{job.created.date().isoformat()}"
    if export_format == "xlsx":
        content = xlsx_bytes(counted)
        output = JobOutput(f"{stem}.xlsx", content, XLSX_CONTENT_TYPE)
    else:
        first = counted[0]
        content = csv_text(first.header, first.rows).encode("utf-8")
        output = JobOutput(f"{stem}.csv", content, CSV_CONTENT_TYPE)
    progress.step(label, total, total)
    return JobOutput(
        output.filename,
        output.content,
        output.content_type,
        summary=_("%(rows)s rows.") % {"rows": total},
    )


def rebuild_run(job: Job, progress: Progress) -> JobOutput:
    """Recompute practice profiles; safe to run again (each quarter is rewritten whole)."""
    if not getattr(job.owner, "is_administrator", False):
        raise PermissionDenied
    report = profiles_rebuild(force=bool(job.params.get("force")), progress=progress.step)
    summary = _(
        "%(profiles)s profiles over %(quarters)s quarters; %(changes)s changes to frozen quarters."
    ) % {"profiles": report.profiles, "quarters": report.quarters, "changes": len(report.changes)}
    if not report.changes:
        return JobOutput(summary=summary)
    lines = "\n".join(report.changes) + "\n"
    return JobOutput(
        filename="profile-changes.txt",
        content=lines.encode("utf-8"),
        content_type="text/plain; charset=utf-8",
        summary=summary,
    )
