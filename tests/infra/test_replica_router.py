"""The read-replica router, with two database aliases on the same PostgreSQL server: the
test database as the primary and a copy of it as the replica. The copy is made before the
test writes, so a row on one and not the other shows which database answered."""

from __future__ import annotations

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Organisation
from peerwork.lib.replica import PIN_COOKIE, replica_alias, replica_reads
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _admin_connection():
    import psycopg2

    settings = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
    )
    admin.autocommit = True
    return admin


@pytest.fixture
def replica(settings):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the replica router is tested with two aliases on one PostgreSQL server: run "
            "with DATABASE_URL set to PostgreSQL"
        )
    OrganisationFactory(name="On both")
    primary_name = connection.settings_dict["NAME"]
    name = f"{primary_name}_replica"
    connection.close()
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        # A template must have no other session: connections left open by earlier tests of
        # this worker (a live server's threads, a job's side connection) are closed first.
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [primary_name],
        )
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{primary_name}"')
    # A connection made here, as Django's test framework allows for aliases it did not set up.
    primary = connections["default"]
    wrapper = type(primary)({**primary.settings_dict, "NAME": name}, alias="replica")
    connections["replica"] = wrapper
    settings.PEERWORK_REPLICA_ALIAS = "replica"
    try:
        yield "replica"
    finally:
        wrapper.close()
        del connections["replica"]
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def names() -> set[str]:
    return set(Organisation.objects.values_list("name", flat=True))


def test_reads_in_a_replica_block_go_to_the_replica_and_others_to_the_primary(replica):
    OrganisationFactory(name="Only on the primary")
    OrganisationFactory.build(name="Only on the replica").save(using=replica)

    assert names() == {"On both", "Only on the primary"}
    with replica_reads():
        assert names() == {"On both", "Only on the replica"}


def test_a_write_pins_the_rest_of_the_block_to_the_primary(replica):
    with replica_reads():
        organisation = Organisation.objects.get(name="On both")
        assert organisation._state.db == replica
        organisation.name = "Renamed"
        organisation.save()  # to the primary, although it was read from the replica
        assert names() == {"Renamed"}  # read your write
    assert Organisation.objects.using(replica).get().name == "On both"


def test_without_a_replica_everything_uses_the_primary(replica, settings):
    settings.PEERWORK_REPLICA_ALIAS = None
    OrganisationFactory.build(name="Only on the replica").save(using=replica)
    assert replica_alias() is None
    with replica_reads():
        assert names() == {"On both"}


def test_the_case_table_reads_from_the_replica_unless_the_browser_just_wrote(
    replica, researcher, client
):
    client.force_login(researcher)
    url = reverse("comparison:case-table")
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connection) as on_primary,
    ):
        assert client.get(url).status_code == 200
    assert len(on_replica) > 0
    primary_tables = " ".join(query["sql"] for query in on_primary.captured_queries)
    assert "comparison_" not in primary_tables  # only the session and the user

    client.cookies[PIN_COOKIE] = "1"
    with CaptureQueriesContext(connections[replica]) as pinned:
        assert client.get(url).status_code == 200
    assert len(pinned) == 0


def test_a_write_request_marks_the_browser_for_the_primary(replica, manager_a, client):
    client.force_login(manager_a)
    response = client.post(reverse("accounts:sign-out-everywhere"))
    assert response.cookies[PIN_COOKIE]["max-age"] == 15


def test_no_mark_without_a_replica(replica, settings, manager_a, client):
    settings.PEERWORK_REPLICA_ALIAS = None
    client.force_login(manager_a)
    response = client.post(reverse("accounts:sign-out-everywhere"))
    assert PIN_COOKIE not in response.cookies
