"""Database constraints that keep recruitment records consistent whatever writes them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from recruitment.models import IDENTIFYING_FIELDS, Application, EndReason, Stage
from tests.recruitment.factories import ApplicationFactory, CampaignFactory


def test_identifying_fields_are_blankable_text_fields():
    for name in IDENTIFYING_FIELDS:
        field = Application._meta.get_field(name)
        assert field.blank and not field.null, name
        assert field.get_internal_type() in {"CharField", "TextField"}, name


@pytest.mark.parametrize(
    ("stage", "reason"),
    [
        (Stage.WITHDRAWN, ""),
        (Stage.WITHDRAWN, EndReason.INTERVIEW),
        (Stage.NOT_APPOINTED, EndReason.HEALTH),
        (Stage.SHORTLISTED, EndReason.HEALTH),
    ],
)
def test_end_reason_must_match_the_stage(role_a, stage, reason):
    campaign = CampaignFactory(role=role_a)
    with pytest.raises(IntegrityError, match="end_reason_matches_stage"), transaction.atomic():
        ApplicationFactory(campaign=campaign, stage=stage, end_reason=reason)


def test_an_application_has_a_name_until_it_is_erased(role_a):
    campaign = CampaignFactory(role=role_a)
    with pytest.raises(IntegrityError, match="named_unless_erased"), transaction.atomic():
        ApplicationFactory(campaign=campaign, full_name="")
