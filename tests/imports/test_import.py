"""Spreadsheet import: templates round-trip, bad rows refuse the whole file, scope holds."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import ImplementationMilestone, Organisation, PeerWorker
from imports.kinds import KINDS
from imports.models import ImportJob, ImportStatus
from peerwork.lib.exports import csv_text
from tests.factories import ImplementationMilestoneFactory, OrganisationFactory, PeerWorkerFactory
from tests.training.factories import TrainingProgrammeFactory, complete
from training.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_a(org_a):
    return TrainingProgrammeFactory(
        organisation=org_a, title="Peer support foundations", has_certificate=True
    )


@pytest.fixture
def records(initiative_a, role_a, peer_worker_a, programme_a, org_a, supervisor_a):
    from tests.supervision.factories import ArrangementFactory

    ArrangementFactory(
        peer_worker=peer_worker_a,
        supervisor=supervisor_a,
        supervisor_organisation=org_a,
        started=dt.date(2024, 3, 1),
    )
    second = PeerWorkerFactory(role=role_a, full_name='=HYPERLINK("x")', pseudonym="P-01-W02")
    complete(peer_worker_a, programme_a, dt.date(2025, 2, 3), expires=dt.date(2027, 2, 3))
    complete(second, programme_a, dt.date(2025, 3, 4))
    ImplementationMilestoneFactory(initiative=initiative_a)
    return {"second": second}


def upload(client, kind: str, name: str, content: bytes):
    return client.post(
        reverse("imports:index"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def job_of(response) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(public_id=response.url.rstrip("/").split("/")[-1])


def csv_file(header, rows) -> bytes:
    return csv_text(header, rows).encode()


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_each_template_round_trips(kind, extension, records, manager_a, client_for):
    client = client_for(manager_a)
    template = client.get(reverse("imports:template", args=[kind, extension]))
    assert template.status_code == 200
    job = job_of(upload(client, kind, f"template.{extension}", template.content))
    assert job.status == ImportStatus.CHECKED
    assert job.refused_count == 0, job.results
    assert job.created_count == job.updated_count == 0, job.results
    assert job.unchanged_count == job.total_rows > 0


def test_manager_imports_completions_with_uk_dates_and_the_audit_log_names_them(
    records, manager_a, peer_worker_a, programme_a, client_for
):
    client = client_for(manager_a)
    content = csv_file(
        KINDS["training-completions"].column_names,
        [["P-01-W01", "peer support FOUNDATIONS", "15/01/2025", "15/01/2025", "", "C-9"]],
    )
    job = job_of(upload(client, "training-completions", "c.csv", content))
    assert (job.created_count, job.refused_count) == (1, 0)
    page = client.get(reverse("imports:job", args=[job.public_id]))
    assert b"Confirm: add 1 and update 0" in page.content
    client.post(reverse("imports:job-confirm", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.rows == []
    enrolment = Enrolment.objects.get(peer_worker=peer_worker_a, completed_on=dt.date(2025, 1, 15))
    assert enrolment.certificate_number == "C-9"
    assert LogEntry.objects.get_for_object(enrolment).get().actor == manager_a


def test_one_bad_row_refuses_the_file_with_row_and_column_and_writes_nothing(
    records, manager_a, client_for
):
    client = client_for(manager_a)
    before = Enrolment.objects.count()
    content = csv_file(
        KINDS["training-completions"].column_names,
        [
            ["P-01-W01", "Peer support foundations", "2025-01-20", "", "", ""],
            ["P-01-W01", "Peer support foundations", "31/02/2025", "", "", ""],
            ["P-99-W99", "Unknown course", "2025-01-20", "", "", ""],
        ],
    )
    job = job_of(upload(client, "training-completions", "c.csv", content))
    assert (job.created_count, job.refused_count) == (1, 2)
    refused = {row: errors for row, action, _key, errors in job.results if action == "refuse"}
    assert refused[3] == {"completed_on": "“31/02/2025” is not a day of the calendar."}
    assert "No peer worker with the code P-99-W99" in refused[4]["peer_worker_code"]
    assert "No programme called “Unknown course”" in refused[4]["programme"]
    page = client.get(reverse("imports:job", args=[job.public_id])).content.decode()
    assert "Confirm" not in page and "31/02/2025" in page
    response = client.post(reverse("imports:job-confirm", args=[job.public_id]))
    assert response.status_code == 302
    assert Enrolment.objects.count() == before


def test_a_manager_cannot_import_into_another_organisation(records, manager_b, client_for):
    OrganisationFactory(name="Beacon extra")
    content = csv_file(
        KINDS["training-completions"].column_names,
        [["P-01-W01", "Peer support foundations", "2025-01-20", "", "", ""]],
    )
    job = job_of(upload(client_for(manager_b), "training-completions", "c.csv", content))
    assert job.refused_count == 1
    peer_content = csv_file(
        KINDS["peer-workers"].column_names,
        [["P-01-W01", "Renamed", "P-01", "Peer support worker", "2024-01-01", "", ""]],
    )
    job = job_of(upload(client_for(manager_b), "peer-workers", "p.csv", peer_content))
    assert job.refused_count == 1
    assert "another organisation" in job.results[0][3]["code"]
    assert PeerWorker.objects.get(pseudonym="P-01-W01").full_name != "Renamed"


def test_bad_header_names_the_expected_columns(manager_a, client_for):
    response = upload(client_for(manager_a), "milestones", "m.csv", b"initiative,title\nP-01,x\n")
    assert response.status_code == 400
    html = response.content.decode()
    assert "missing milestone" in html and "not expected title" in html
    assert "initiative, milestone, phase, planned, achieved, note" in html


def test_formulas_are_read_as_their_value_never_run(records, manager_a, client_for):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(KINDS["peer-workers"].column_names)
    sheet.append(
        ["P-01-W07", "=1+1", "P-01", "Peer support worker", dt.date(2024, 5, 1), None, None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = job_of(upload(client_for(manager_a), "peer-workers", "p.xlsx", buffer.getvalue()))
    # openpyxl saved no calculated value: the cell reads as empty, never as 2 or as "=1+1".
    assert job.refused_count == 1
    assert job.results[0][3] == {"name": "This column cannot be empty."}


def test_formula_like_text_in_csv_stays_text_and_is_neutralised_on_export(
    records, manager_a, client_for
):
    client = client_for(manager_a)
    content = csv_file(
        KINDS["peer-workers"].column_names,
        [["P-01-W08", "=cmd|' /C calc'!A0", "P-01", "Peer support worker", "01/05/2024", "", ""]],
    )
    job = job_of(upload(client, "peer-workers", "p.csv", content))
    client.post(reverse("imports:job-confirm", args=[job.public_id]))
    assert PeerWorker.objects.get(pseudonym="P-01-W08").full_name == "=cmd|' /C calc'!A0"
    exported = client.get(reverse("imports:template", args=["peer-workers", "csv"])).content
    assert b"'=cmd|" in exported


def test_organisation_import_refuses_a_changed_existing_one_and_adds_new(
    org_a, manager_a, client_for
):
    content = csv_file(
        KINDS["organisations"].column_names,
        [
            ["ALDERBANK N.H.S. TRUST", "Voluntary", "Charity", "London"],
            ["Harbour Peers", "voluntary", "charity", "south_west"],
        ],
    )
    client = client_for(manager_a)
    job = job_of(upload(client, "organisations", "o.csv", content))
    assert (job.created_count, job.refused_count) == (1, 1)
    assert "Already in peerwork as “Alderbank NHS Trust”" in job.results[0][3]["name"]
    assert not Organisation.objects.filter(name="Harbour Peers").exists()


def test_milestones_import_updates_by_key(initiative_a, manager_a, client_for):
    milestone = ImplementationMilestoneFactory(initiative=initiative_a)
    content = csv_file(
        KINDS["milestones"].column_names,
        [["P-01", milestone.title, "", "2024-01-01", "2024-02-01", "Done"]],
    )
    client = client_for(manager_a)
    job = job_of(upload(client, "milestones", "m.csv", content))
    assert job.updated_count == 1, job.results
    client.post(reverse("imports:job-confirm", args=[job.public_id]))
    milestone.refresh_from_db()
    assert milestone.achieved == dt.date(2024, 2, 1) and milestone.note == "Done"
    assert ImplementationMilestone.objects.count() == 1


def test_row_cap_is_stated_and_enforced(manager_a, client_for, settings):
    settings.PEERWORK_IMPORT_MAX_ROWS = 3
    client = client_for(manager_a)
    assert "3 rows per file" in client.get(reverse("imports:index")).content.decode()
    rows = [["P-01", f"M{n}", "preparation", "2024-01-01", "", ""] for n in range(4)]
    response = upload(
        client, "milestones", "m.csv", csv_file(KINDS["milestones"].column_names, rows)
    )
    assert response.status_code == 400
    assert "The file has 4 rows; at most 3 can be imported at once." in response.content.decode()


def test_xlsx_template_holds_no_formula(records, manager_a, client_for):
    from openpyxl import load_workbook

    content = (
        client_for(manager_a)
        .get(reverse("imports:template", args=["peer-workers", "xlsx"]))
        .content
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("manager_a", 200),
        ("manager_b", 200),
        ("administrator", 200),
        ("supervisor_a", 403),
        ("peer_a", 403),
        ("researcher", 403),
        ("anonymous", 302),
    ],
)
def test_who_may_import(persona, expected, personas, client_for):
    client = client_for(personas[persona])
    assert client.get(reverse("imports:index")).status_code == expected
    template = reverse("imports:template", args=["milestones", "csv"])
    assert client.get(template).status_code == expected


def test_another_users_import_is_not_found(records, manager_a, manager_b, client_for):
    content = csv_file(
        KINDS["milestones"].column_names, [["P-01", "X", "preparation", "2024-01-01", "", ""]]
    )
    job = job_of(upload(client_for(manager_a), "milestones", "m.csv", content))
    other = client_for(manager_b)
    for name in ("imports:job", "imports:job-progress"):
        assert other.get(reverse(name, args=[job.public_id])).status_code == 404
    assert other.post(reverse("imports:job-confirm", args=[job.public_id])).status_code == 404


def test_progress_is_polled_until_done(records, manager_a, client_for):
    content = csv_file(
        KINDS["milestones"].column_names, [["P-01", "X", "preparation", "2024-01-01", "", ""]]
    )
    client = client_for(manager_a)
    job = job_of(upload(client, "milestones", "m.csv", content))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, processed_rows=0)
    page = client.get(reverse("imports:job", args=[job.public_id])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "0 of 1 rows" in page
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKED, processed_rows=1)
    response = client.get(
        reverse("imports:job-progress", args=[job.public_id]), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"
    assert "every 1s" not in response.content.decode()


def test_initiatives_import_with_partners_and_scope(
    org_a, org_b, initiative_a, manager_a, client_for
):
    client = client_for(manager_a)
    content = csv_file(
        KINDS["initiatives"].column_names,
        [
            [
                "P-20",
                "Harbour peers",
                "Active",
                "01/04/2024",
                "",
                "Alderbank NHS Trust (Lead); Beacon Voices Charity (employer)",
                "",
            ],
            ["P-21", "Not ours", "Active", "", "", "Beacon Voices Charity (Lead)", ""],
            ["P-22", "Odd partner", "Active", "", "", "Nowhere Trust (Lead)", ""],
        ],
    )
    job = job_of(upload(client, "initiatives", "i.csv", content))
    assert (job.created_count, job.refused_count) == (1, 2)
    refused = {row: errors for row, action, _key, errors in job.results if action == "refuse"}
    assert "must be an organisation you manage" in refused[3]["partners"]
    assert "“Nowhere Trust” is not in peerwork" in refused[4]["partners"]


def test_roles_import_records_a_change_of_terms(initiative_a, role_a, org_a, manager_a, client_for):
    from cases.models import RoleTerms

    RoleTerms.objects.create(
        role=role_a, effective_from=dt.date(2024, 1, 1), **role_a.terms_values()
    )
    client = client_for(manager_a)
    template = client.get(reverse("imports:template", args=["roles", "csv"])).content.decode()
    header, row = template.splitlines()[:2]
    cells = row.split(",")
    columns = header.split(",")
    cells[columns.index("hours_per_week")] = "18.75"
    cells[columns.index("terms_from")] = dt.date.today().isoformat()
    content = (header + "\n" + ",".join(cells) + "\n").encode()
    job = job_of(upload(client, "roles", "r.csv", content))
    assert job.updated_count == 1, job.results
    client.post(reverse("imports:job-confirm", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    role_a.refresh_from_db()
    assert str(role_a.hours_per_week) == "18.75"
    assert RoleTerms.objects.filter(role=role_a).count() == 2


def test_arrangements_import_checks_the_supervisor(
    initiative_a, peer_worker_a, supervisor_a, manager_b, manager_a, client_for
):
    from supervision.models import SupervisionArrangement

    content = csv_file(
        KINDS["supervision-arrangements"].column_names,
        [
            ["P-01-W01", "supervisor.a@example.org", "peer", "2025-01-06", "14", "yes", "", ""],
            ["P-01-W01", "manager.b@example.org", "clinical", "2025-01-06", "", "", "", ""],
        ],
    )
    client = client_for(manager_a)
    job = job_of(upload(client, "supervision-arrangements", "s.csv", content))
    assert (job.created_count, job.refused_count) == (1, 1)
    assert "not a supervisor or manager at a partner" in job.results[1][3]["supervisor_email"]
    assert not SupervisionArrangement.objects.exists()
