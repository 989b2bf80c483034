"""Erasers for the identifying data held by accounts and cases (see peerwork.lib.erasure)."""

from __future__ import annotations

from django_otp import devices_for_user


def erase_account(*, user, peer_workers, stdout) -> list[str]:
    """Anonymise the account: e-mail, name, password, devices; deactivate it.

    Memberships (which organisation, which role) stay: they are facts comparisons count.
    """
    if user is None:
        return []
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    original_email = user.email
    user.email = f"erased-{user.public_id}@erased.invalid"
    user.full_name = "Erased person"
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.session_epoch += 1
    user.save()
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    sign_ins = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        sign_ins += model.objects.filter(username__iexact=original_email).delete()[0]
    erased = [
        f"account {user.public_id}: e-mail address, name and password removed; account deactivated"
    ]
    if devices:
        erased.append(f"account {user.public_id}: {len(devices)} two-factor devices removed")
    if sign_ins:
        erased.append(f"account {user.public_id}: {sign_ins} sign-in records removed")
    return erased


def erase_peer_worker_names(*, user, peer_workers, stdout) -> list[str]:
    """Replace each peer worker record's name by its pseudonym; dates and role stay."""
    erased = []
    for peer_worker in peer_workers:
        peer_worker.full_name = f"Erased ({peer_worker.pseudonym})"
        peer_worker.save(update_fields=["full_name"])
        erased.append(f"peer worker {peer_worker.pseudonym}: name removed")
    return erased
