"""Writes: identified-access grants for researchers (recorded with who, when and why)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Initiative
from comparison.models import IdentifiedAccessGrant


@transaction.atomic
def identified_access_grant(
    *, researcher: User, initiative: Initiative, reason: str, granted_by: User
) -> IdentifiedAccessGrant:
    if not getattr(granted_by, "is_administrator", False):
        raise ValidationError(_("Only an administrator can grant identified access."))
    if not researcher.is_researcher:
        raise ValidationError(_("Identified access can only be granted to a researcher."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the grant."))
    if (
        IdentifiedAccessGrant.objects.active()
        .filter(researcher=researcher, initiative=initiative)
        .exists()
    ):
        raise ValidationError(
            _("%(researcher)s already has identified access to %(code)s.")
            % {"researcher": researcher.full_name, "code": initiative.research_code}
        )
    try:
        with transaction.atomic():
            return IdentifiedAccessGrant.objects.create(
                researcher=researcher,
                initiative=initiative,
                reason=reason,
                granted_by=granted_by,
                granted=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(_("This researcher already has identified access to it.")) from None


@transaction.atomic
def identified_access_revoke(
    *, grant: IdentifiedAccessGrant, revoked_by: User
) -> IdentifiedAccessGrant:
    if not getattr(revoked_by, "is_administrator", False):
        raise ValidationError(_("Only an administrator can revoke identified access."))
    # Re-read under a lock and save(), never update(): the audit log records the revocation.
    current = IdentifiedAccessGrant.objects.select_for_update().filter(pk=grant.pk).first()
    if current is None or current.revoked is not None:
        raise ValidationError(_("This grant has already been revoked."))
    current.revoked = timezone.now()
    current.revoked_by = revoked_by
    current.save(update_fields=["revoked", "revoked_by"])
    grant.refresh_from_db()
    return grant
