"""IDOR sweep: people of another organisation try every public id on every URL that takes one.

Generic over the URL resolver and every model with a ``public_id``, so the URLs of apps that
land later are swept too. The rule checked: an outsider's request for a real record gets the
same refusal (404, or 403/405 that does not depend on the record) as a request for an id that
does not exist — never a page or a redirect.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from tests.trust.urlmap import all_candidates, assignments, not_owned_by, uuid_routes

REFUSALS = {403, 404, 405}


def sweep(attackers: list, *, namespaces: set[str] | None = None) -> tuple[list[str], list[str]]:
    """Returns (findings, covered route names)."""
    candidates = all_candidates()
    findings, covered = [], []
    clients = []
    for attacker in attackers:
        client = Client(raise_request_exception=False)  # a server error is a finding too
        client.force_login(attacker)
        clients.append((attacker, client))
    for route in uuid_routes():
        if namespaces is not None and route.name.split(":")[0] not in namespaces:
            continue
        covered.append(route.name)
        random_url = route.url(**{kwarg: uuid.uuid4() for kwarg in route.uuid_kwargs})
        for attacker, client in clients:
            foreign = not_owned_by(attacker, candidates)
            baseline = {
                method: getattr(client, method)(random_url).status_code
                for method in ("get", "post")
            }
            for kwargs in assignments(route, foreign, limit=12):
                url = route.url(**kwargs)
                for method in ("get", "post"):
                    status = getattr(client, method)(url).status_code
                    if status not in REFUSALS or status != baseline[method]:
                        findings.append(
                            f"{attacker.email} {method.upper()} {url} ({route.name}) "
                            f"→ {status}, unknown id → {baseline[method]}"
                        )
    return findings, covered


@pytest.mark.django_db
def test_outsiders_never_reach_another_organisations_records(world, manager_b, empty_manager):
    findings, covered = sweep([manager_b, empty_manager])
    assert findings == []
    print(f"IDOR sweep covered {len(covered)} URL patterns: {', '.join(covered) or 'none yet'}")
    print(f"objects built from app factories: {', '.join(world['built']) or 'none'}")


@pytest.mark.django_db
@pytest.mark.urls("tests.trust.idor_urls")
def test_the_sweep_catches_a_leaky_view(world, manager_b, empty_manager):
    findings, covered = sweep([manager_b, empty_manager])
    assert covered == ["guarded:initiative-detail", "leaky:initiative-detail"]
    assert findings
    assert all("leaky:initiative-detail" in finding for finding in findings)
