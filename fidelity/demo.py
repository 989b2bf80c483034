"""Demo fidelity data: two waves rated with the illustrative instrument by two researchers.

A second demo researcher (``researcher2@demo.peerwork``, same password and authenticator as the
first) rates blind after the first; most interviews have a consensus, one pair waits for it and
one interview has only its first rating, so every state of the workflow shows. The first wave is
published to site managers. Written through the services (audited); idempotent by wave name.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_TOTP_KEY_HEX
from accounts.models import PlatformRole, User
from cases.demo import PASSWORD
from cases.models import Initiative
from fidelity import services
from fidelity.models import InformantType, Instrument, Interview, Wave
from fidelity.vocabularies import ILLUSTRATIVE_SLUG, seed_instrument

WAVES = ("Wave 1 (demo)", "Wave 2 (demo)")
SECOND_RESEARCHER = "researcher2@demo.peerwork"


def _second_researcher() -> User:
    user, created = User.objects.get_or_create(
        email=SECOND_RESEARCHER,
        defaults={"full_name": "Tomi Okafor", "platform_role": PlatformRole.RESEARCHER},
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    TOTPDevice.objects.get_or_create(
        user=user,
        name="Demo authenticator",
        defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True},
    )
    return user


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def seed(*, stdout: Any = None) -> None:
    first = User.objects.filter(email="researcher@demo.peerwork").first()
    if first is None or Wave.objects.filter(name__in=WAVES).exists():
        return
    second = _second_researcher()
    seed_instrument()
    instrument = Instrument.objects.get(slug=ILLUSTRATIVE_SLUG, version=1)
    rng = random.Random(20210601)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    dates = [
        (today - dt.timedelta(days=430), today - dt.timedelta(days=340)),
        (today - dt.timedelta(days=150), today - dt.timedelta(days=60)),
    ]
    sites = list(
        Initiative.objects.filter(status="active", started__lte=dates[0][0]).order_by(
            "research_code"
        )[:8]
    )
    base = {site.pk: rng.uniform(2.2, 3.6) for site in sites}
    change = {site.pk: rng.choice([-0.9, -0.6, -0.1, 0.0, 0.2, 0.4]) for site in sites}
    low, high = instrument.scale_min, instrument.scale_max
    interviews = 0
    for number, (name, (starts_on, ends_on)) in enumerate(zip(WAVES, dates, strict=True)):
        wave = services.wave_create(
            name=name, starts_on=starts_on, ends_on=ends_on, instrument=instrument
        )
        for site_index, site in enumerate(sites):
            level = base[site.pk] + (change[site.pk] if number else 0)
            for informant_index, informant in enumerate(InformantType.values):
                interviews += 1
                interview = services.interview_add(
                    wave=wave,
                    initiative=site,
                    informant_type=informant,
                    reference=f"{site.research_code}-W{number + 1}-{informant_index + 1}",
                    interviewed_on=starts_on + dt.timedelta(days=7 * site_index + informant_index),
                    source=None,
                    added_by=first,
                )
                _rate(interview, first, second, level, low, high, rng, wave_number=number)
        if number == 0:
            services.wave_publish(wave=wave, published_by=first)
    if stdout is not None:
        stdout.write(
            f"  fidelity: {len(WAVES)} waves, {interviews} interviews double-rated by "
            f"researcher@ and {SECOND_RESEARCHER}"
        )


def _rate(
    interview: Interview,
    first: User,
    second: User,
    level: float,
    low: int,
    high: int,
    rng: random.Random,
    *,
    wave_number: int,
) -> None:
    items = services.applicable_items(interview)
    one = {item.pk: _clamp(level + rng.gauss(0, 0.6), low, high) for item in items}
    two = {
        pk: (_clamp(score + rng.choice([-1, 1]), low, high) if rng.random() < 0.25 else score)
        for pk, score in one.items()
    }
    rating = services.rating_start(interview=interview, rater=first)
    services.rating_save(
        rating=rating, scores=one, notes={}, submit=True, expected_version=rating.version
    )
    last_of_wave_two = wave_number == 1 and interview.reference.endswith("-3")
    if last_of_wave_two and interview.initiative.research_code.endswith("1"):
        return  # the second rater has not rated this one yet
    rating = services.rating_start(interview=interview, rater=second)
    services.rating_save(
        rating=rating, scores=two, notes={}, submit=True, expected_version=rating.version
    )
    if last_of_wave_two and interview.initiative.research_code.endswith("2"):
        return  # both ratings in; the consensus is still to be agreed
    services.consensus_record(
        interview=interview,
        scores={pk: score for pk, score in one.items() if two[pk] != score},
        notes={},
        agreed_by=[first, second],
        recorded_by=first,
    )
