"""Writes of the import: start an import from a file, check its rows (the preview), and
write them all or none. Records are written by their owning apps' services, so every rule,
constraint and audit entry applies as for a form; the audit log names the importing user.

Files of more than ``PEERWORK_IMPORT_BACKGROUND_ROWS`` rows are checked and written in a
background thread of the web process; the page polls the job's stored progress.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from imports.kinds import Checked, Kind, Scope, kind_for
from imports.models import ImportJob, ImportStatus, RowAction
from imports.reading import read_sheet

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500


def _check_header(header: list[str], kind_slug: str) -> None:
    kind = kind_for(kind_slug)
    expected = kind.column_names
    missing = [c.name for c in kind.columns if c.required and c.name not in header]
    unknown = [name for name in header if name and name not in expected]
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if missing or unknown or duplicated:
        problems = []
        if missing:
            problems.append(_("missing %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(_("not expected %(columns)s") % {"columns": ", ".join(unknown)})
        if duplicated:
            problems.append(_("twice %(columns)s") % {"columns": ", ".join(duplicated)})
        raise ValidationError(
            _(
                "The header row does not match (%(problems)s). The expected columns are: "
                "%(expected)s."
            )
            % {"problems": "; ".join(problems), "expected": ", ".join(expected)}
        )


@transaction.atomic
def import_start(*, owner: User, kind: str, file_name: str, content: bytes) -> ImportJob:
    """Read the file and keep its rows for checking; ``ValidationError`` when the file
    cannot be read, is too large or too long, or its header is not the kind's."""
    sheet = read_sheet(name=file_name, content=content)
    _check_header(sheet.header, kind)
    width = len(sheet.header)
    rows = [(row + [""] * width)[:width] for row in sheet.rows]
    return ImportJob.objects.create(
        owner=owner,
        kind=kind,
        file_name=file_name[:255],
        header=sheet.header,
        rows=rows,
        total_rows=len(rows),
    )


def _progress_reporter(job: ImportJob) -> tuple[Callable[[int], None], Callable[[], None]]:
    """``(report, close)``: ``report(n)`` stores how many rows are done where a polling page
    sees it at once. On PostgreSQL it uses a connection of its own, outside the transaction
    that writes the rows; elsewhere the progress becomes visible when the work ends."""
    table = ImportJob._meta.db_table
    if connection.vendor != "postgresql":

        def report_here(done: int) -> None:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=min(done, job.total_rows))

        return report_here, lambda: None
    side = connections.create_connection(DEFAULT_DB_ALIAS)

    def report(done: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET processed_rows = %s WHERE id = %s",  # noqa: S608 - model's own table
                [min(done, job.total_rows), job.pk],
            )

    return report, side.close


def _checked_rows(job: ImportJob, report: Callable[[int], None]) -> tuple[Kind, Any, list[Checked]]:
    kind = kind_for(job.kind)
    lookups = kind.prepare(Scope.for_user(job.owner))
    results = []
    for index, row in enumerate(job.rows):
        values = dict(zip(job.header, row, strict=False))
        values["_row"] = index + 2  # the spreadsheet's row number: the header is row 1
        results.append(kind.check(values, lookups))
        if (index + 1) % PROGRESS_EVERY == 0:
            report(index + 1)
    return kind, lookups, results


def import_check(*, job: ImportJob) -> ImportJob:
    """Check every row and store the preview: what each row would do, or why it is refused."""
    report, close = _progress_reporter(job)
    try:
        _kind, _lookups, results = _checked_rows(job, report)
    finally:
        close()
    counts = dict.fromkeys(RowAction.values, 0)
    stored = []
    for index, checked in enumerate(results):
        counts[checked.action] += 1
        stored.append([index + 2, checked.action, checked.key, checked.errors])
    job.results = stored
    job.created_count = counts[RowAction.CREATE]
    job.updated_count = counts[RowAction.UPDATE]
    job.unchanged_count = counts[RowAction.UNCHANGED]
    job.refused_count = counts[RowAction.REFUSE]
    job.processed_rows = job.total_rows
    job.status = ImportStatus.CHECKED
    job.save()
    return job


def import_confirm(*, job: ImportJob) -> ImportJob:
    """Write every row, or none: the rows are checked again inside the transaction (the
    records may have changed since the preview), and any refusal writes nothing."""
    if job.status not in {ImportStatus.CHECKED, ImportStatus.WRITING}:
        raise ValidationError(_("This import has already been written or abandoned."))
    if job.refused_count:
        raise ValidationError(
            _("Nothing was imported: correct the refused rows and upload the file again.")
        )
    report, close = _progress_reporter(job)
    report(0)
    try:
        with set_actor(job.owner), transaction.atomic():
            kind, lookups, results = _checked_rows(job, lambda done: None)
            refused = [
                (index + 2, checked)
                for index, checked in enumerate(results)
                if checked.action == RowAction.REFUSE
            ]
            if refused:
                row, checked = refused[0]
                raise ValidationError(
                    _(
                        "Nothing was imported: the records changed since the preview and row "
                        "%(row)s is now refused (%(problems)s). Upload the file again."
                    )
                    % {"row": row, "problems": " ".join(checked.errors.values())}
                )
            payloads = [
                checked.payload
                for checked in results
                if checked.action in {RowAction.CREATE, RowAction.UPDATE}
            ]
            kind.write(payloads, lookups, report)
    except ValidationError as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, message=" ".join(error.messages), finished=timezone.now()
        )
        job.refresh_from_db()
        raise
    finally:
        close()
    job.status = ImportStatus.DONE
    job.processed_rows = job.total_rows
    job.finished = timezone.now()
    job.rows = []  # the people's data stays only in the records written
    job.save()
    return job


def _run(job_pk: int, phase: str, *, in_thread: bool) -> None:
    try:
        job = ImportJob.objects.get(pk=job_pk)
        if phase == "check":
            import_check(job=job)
        else:
            import_confirm(job=job)
    except ValidationError:
        pass  # stored on the job by import_confirm
    except Exception:
        logger.exception("Import %s failed while %s", job_pk, phase)
        ImportJob.objects.filter(pk=job_pk).update(
            status=ImportStatus.FAILED,
            message=_("The import stopped on an unexpected error; nothing was written."),
            finished=timezone.now(),
        )
        if not in_thread:
            raise
    finally:
        if in_thread:
            connection.close()


def import_dispatch(*, job: ImportJob, phase: str) -> None:
    """Check (``phase="check"``) or write (``"write"``) now, or in the background for a
    large file; the job's status says when it is done."""
    if phase == "write":
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.WRITING, processed_rows=0)
    if job.total_rows <= settings.PEERWORK_IMPORT_BACKGROUND_ROWS:
        _run(job.pk, phase, in_thread=False)
        return
    transaction.on_commit(
        lambda: threading.Thread(
            target=_run, args=(job.pk, phase), kwargs={"in_thread": True}, daemon=True
        ).start()
    )
