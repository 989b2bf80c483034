"""The partner picker narrows as a manager types (htmx), and a missing partner is added
from the same page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Organisation, Sector
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


def test_partner_picker_narrows_and_a_partner_is_added(page, live_server, login, manager_a, org_a):
    OrganisationFactory(name="Harbour Peer Network", sector=Sector.VOLUNTARY)
    OrganisationFactory(name="Zeta Housing", sector=Sector.VOLUNTARY)
    login(page, live_server, manager_a)
    page.goto(live_server.url + reverse("cases:initiative-create"))
    select = page.locator("#id_partners-0-organisation")
    expect(select.locator("option", has_text="Zeta Housing")).to_have_count(1)
    page.locator("#organisation-filter-0").fill("harbour")
    page.wait_for_function(
        "() => !document.querySelector('#id_partners-0-organisation').textContent.includes('Zeta')"
    )
    expect(select.locator("option", has_text="Harbour Peer Network — Voluntary")).to_have_count(1)

    page.get_by_text("Partner not listed? Add the organisation").click()
    form = page.locator("#organisation-add")
    form.get_by_label("Name").fill("Harbour Peer Network Ltd")
    form.get_by_label("Sector").select_option("voluntary")
    form.get_by_label("Kind").select_option("charity")
    form.get_by_label("NHS England region").select_option("london")
    form.get_by_role("button", name="Add organisation").click()
    page.wait_for_selector("#organisation-add .alert-danger, #organisation-add .invalid-feedback")
    expect(page.locator("#organisation-add")).to_contain_text("already in peerwork")
    assert not Organisation.objects.filter(name="Harbour Peer Network Ltd").exists()
