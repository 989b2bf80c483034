import pytest

from cases import services
from cases.models import Context, Initiative, InitiativePartner, PartnerPart, Sector
from tests.factories import InitiativeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_all_statutory_partners_make_a_statutory_initiative():
    trust = OrganisationFactory(sector=Sector.STATUTORY)
    council = OrganisationFactory(sector=Sector.STATUTORY)
    initiative = InitiativeFactory(
        partners=[(trust, PartnerPart.LEAD), (council, PartnerPart.FUNDER)]
    )
    assert initiative.context == Context.STATUTORY


def test_all_voluntary_partners_make_a_voluntary_initiative():
    charity = OrganisationFactory(sector=Sector.VOLUNTARY)
    initiative = InitiativeFactory(
        partners=[(charity, PartnerPart.LEAD), (charity, PartnerPart.EMPLOYER)]
    )
    assert initiative.context == Context.VOLUNTARY


def test_mixed_sectors_make_a_partnership_and_the_column_is_stored():
    trust = OrganisationFactory(sector=Sector.STATUTORY)
    charity = OrganisationFactory(sector=Sector.VOLUNTARY)
    initiative = InitiativeFactory(
        partners=[(trust, PartnerPart.HOST), (charity, PartnerPart.EMPLOYER)]
    )
    assert Initiative.objects.filter(context=Context.PARTNERSHIP).get() == initiative


def test_adding_and_removing_a_partner_keeps_the_context_in_step():
    trust = OrganisationFactory(sector=Sector.STATUTORY)
    charity = OrganisationFactory(sector=Sector.VOLUNTARY)
    initiative = InitiativeFactory(partners=[(trust, PartnerPart.LEAD)])
    partner = InitiativePartner.objects.create(
        initiative=initiative, organisation=charity, part=PartnerPart.EMPLOYER
    )
    initiative.refresh_from_db()
    assert initiative.context == Context.PARTNERSHIP
    partner.delete()
    initiative.refresh_from_db()
    assert initiative.context == Context.STATUTORY
    InitiativePartner.objects.filter(
        initiative=initiative
    ).delete()  # queryset delete sends signals too
    initiative.refresh_from_db()
    assert initiative.context == ""


def test_replacing_partners_through_the_service_rederives_context():
    trust = OrganisationFactory(sector=Sector.STATUTORY)
    charity = OrganisationFactory(sector=Sector.VOLUNTARY)
    initiative = InitiativeFactory(partners=[(trust, PartnerPart.LEAD)])
    services.initiative_update(
        initiative=initiative,
        expected_version=initiative.version,
        settings=[],
        partners=[(charity, PartnerPart.LEAD)],
        **{field: getattr(initiative, field) for field in services.INITIATIVE_FIELDS},
    )
    initiative.refresh_from_db()
    assert initiative.context == Context.VOLUNTARY
    assert list(initiative.partners.values_list("organisation", flat=True)) == [charity.pk]


def test_changing_an_organisations_sector_updates_its_initiatives():
    trust = OrganisationFactory(sector=Sector.STATUTORY)
    other_trust = OrganisationFactory(sector=Sector.STATUTORY)
    initiative = InitiativeFactory(
        partners=[(trust, PartnerPart.LEAD), (other_trust, PartnerPart.HOST)]
    )
    assert initiative.context == Context.STATUTORY
    other_trust.sector = Sector.VOLUNTARY
    other_trust.save()
    initiative.refresh_from_db()
    assert initiative.context == Context.PARTNERSHIP


@pytest.mark.parametrize(
    ("sectors", "expected"),
    [
        (set(), ""),
        ({"statutory"}, "statutory"),
        ({"voluntary"}, "voluntary"),
        ({"statutory", "voluntary"}, "partnership"),
    ],
)
def test_context_rule(sectors, expected):
    assert Initiative.context_for_sectors(sectors) == expected
