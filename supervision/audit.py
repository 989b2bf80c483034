"""Who may read supervision values in the audit log: only the record's two parties.

The shared summary, the actions, the addenda and the workflow comments of a supervision record
are read in the app by the peer worker and the supervisor alone (managers see dates and
statuses; administrators are not parties). The log keeps their history for the parties; for
everyone else ``peerwork.lib.audit`` shows that the field changed, not what it says.
"""

from __future__ import annotations

from auditlog.models import LogEntry

from supervision.models import SessionAction, SessionAddendum, SessionEvent, SupervisionSession

RESTRICTED = {
    SupervisionSession: ("", ["shared_summary"]),
    SessionAction: ("session__", ["text"]),
    SessionAddendum: ("session__", ["text"]),
    SessionEvent: ("session__", ["comment"]),
}


def _party_check(model, prefix: str):
    def may_read(viewer, entry: LogEntry) -> bool:
        parties = (
            model._default_manager.filter(pk=entry.object_pk)
            .values_list(
                f"{prefix}arrangement__peer_worker__user_id", f"{prefix}arrangement__supervisor_id"
            )
            .first()
        )
        return parties is not None and viewer.pk in parties

    return may_read


def register() -> None:
    from peerwork.lib.audit import register_audience

    for model, (prefix, fields) in RESTRICTED.items():
        register_audience(model._meta.label_lower, fields, _party_check(model, prefix))
