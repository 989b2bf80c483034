"""Erasure of a person's identifying data on request (UK GDPR article 17).

Each app registers an *eraser* for the identifying data it holds::

    from peerwork.lib.erasure import register_eraser

    @register_eraser
    def erase_applicants(*, user, peer_workers, stdout) -> list[str]:
        ...  # overwrite names, contacts and free text; keep dates, stages and types
        return ["applicant a1b2… in campaign C-3: name, e-mail, telephone, notes"]

``user`` is the person's account (or None), ``peer_workers`` their ``PeerWorker`` records
(possibly empty). An eraser that also declares ``email`` receives the address given to
``erase_person`` even when no account uses it (applicants usually have none). An eraser that
declares ``names`` receives the person's names as they were before any eraser ran (the
account's and the peer worker records' names), to find records that hold the name only as
text (e.g. a training colleague). An eraser changes records with ordinary ``save()`` calls so the audit log
records that they were erased; ``erase_person`` then overwrites the erased values in the
whole history of those records, so the log keeps the fact of each change but no longer
holds the person's data. Descriptions must not contain the erased data (use public ids).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.signals import post_log
from django.db import transaction

from peerwork.lib.audit import ERASED, scrub_entries, scrub_strings

# Called with keywords ``user``, ``peer_workers`` and ``stdout`` (plus ``email`` and
# ``names`` for erasers that declare them); returns lines saying what was erased.
Eraser = Callable[..., list[str]]


_erasers: list[Callable[..., list[str]]] = []


def register_eraser(eraser: Eraser) -> Eraser:
    """Add an eraser (idempotent); usable as a decorator. Call it from AppConfig.ready()."""
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def registered_erasers() -> list[Callable[..., list[str]]]:
    return list(_erasers)


@dataclass
class _Touched:
    """Records changed or deleted during an erasure, keyed by (content type, pk)."""

    fields: dict[tuple[int, str], set[str] | None] = field(default_factory=dict)
    reprs: dict[tuple[int, str], str] = field(default_factory=dict)

    def add(self, entry: LogEntry) -> None:
        key = (entry.content_type_id, entry.object_pk)
        if entry.action == LogEntry.Action.DELETE:
            self.fields[key] = None
        elif self.fields.get(key, set()) is not None:
            fields = self.fields.setdefault(key, set())
            assert fields is not None
            fields.update((entry.changes or {}).keys())
        self.reprs[key] = entry.object_repr


def _accepts(eraser: Callable[..., Any], keyword: str) -> bool:
    parameters = inspect.signature(eraser).parameters
    return keyword in parameters or any(
        parameter.kind is inspect.Parameter.VAR_KEYWORD for parameter in parameters.values()
    )


def _accepts_email(eraser: Callable[..., Any]) -> bool:
    return _accepts(eraser, "email")


def erasers_accept_email() -> bool:
    """True when some eraser can act on an e-mail address that has no account (applicants)."""
    return any(_accepts_email(eraser) for eraser in _erasers)


@transaction.atomic
def erase_person(
    *,
    user: Any = None,
    peer_workers: Iterable[Any] = (),
    email: str | None = None,
    actor: Any = None,
    stdout: Any = None,
    dry_run: bool = False,
) -> list[str]:
    """Run every registered eraser for one person; returns what was erased.

    Peer worker records of ``user`` are added, and the account of the given peer worker
    records is added when ``user`` is None. ``email`` (defaulting to the account's) is passed
    to erasers that accept an ``email`` keyword, for records of people without an account
    (e.g. applicants). Everything is one transaction; with ``dry_run`` it is rolled back
    after the report is made.
    """
    peer_workers = list(peer_workers)
    if user is not None:
        peer_workers += [post for post in user.peer_worker_posts.all() if post not in peer_workers]
    elif peer_workers:
        linked = {post.user for post in peer_workers if post.user_id is not None}
        if len(linked) > 1:
            raise ValueError("These peer worker records belong to different accounts.")
        user = linked.pop() if linked else None
    if user is None and not peer_workers and not (email and erasers_accept_email()):
        raise ValueError("Nobody to erase: give an account or peer worker records.")
    email = email or getattr(user, "email", None)

    touched = _Touched()
    names = frozenset(
        name.strip()
        for name in (
            getattr(user, "full_name", ""),
            *(peer_worker.full_name for peer_worker in peer_workers),
        )
        if name and name.strip()
    )
    identifying = {
        value
        for value in (
            email,
            getattr(user, "full_name", ""),
            getattr(user, "email", ""),
            *(peer_worker.full_name for peer_worker in peer_workers),
        )
        if value
    }

    def collect(sender: Any, log_entry: LogEntry | None = None, **kwargs: Any) -> None:
        if log_entry is not None:
            touched.add(log_entry)

    erased: list[str] = []
    post_log.connect(collect, dispatch_uid="peerwork-erasure-collect")
    try:
        with set_actor(actor) if actor is not None else nullcontext():
            for eraser in _erasers:
                extra = {"email": email} if _accepts_email(eraser) else {}
                if _accepts(eraser, "names"):
                    extra["names"] = names
                erased += eraser(user=user, peer_workers=peer_workers, stdout=stdout, **extra)
    finally:
        post_log.disconnect(dispatch_uid="peerwork-erasure-collect")
    if user is None and not peer_workers and not erased:
        # Only an address was given and no eraser found anything for it.
        raise ValueError(f"No account or record uses {email}.")

    scrubbed = 0
    for (content_type_id, object_pk), fields in touched.fields.items():
        entries = LogEntry.objects.filter(content_type_id=content_type_id, object_pk=object_pk)
        # What these records were called before (e.g. an applicant's name) is identifying too.
        identifying.update(
            entries.exclude(object_repr=touched.reprs[(content_type_id, object_pk)]).values_list(
                "object_repr", flat=True
            )
        )
        scrubbed += scrub_entries(
            entries, fields=fields, object_repr=touched.reprs[(content_type_id, object_pk)]
        )
    scrubbed += scrub_strings(identifying)
    if user is not None:
        LogEntry.objects.filter(actor=user).update(actor_email=ERASED)
    if scrubbed:
        erased.append(f"audit log: {scrubbed} entries no longer show the erased values")
    subject = user if user is not None else (peer_workers[0] if peer_workers else None)
    with set_actor(actor) if actor is not None else nullcontext():
        if subject is not None:
            LogEntry.objects.log_create(
                subject,
                action=LogEntry.Action.UPDATE,
                changes={"erasure": ["", "personal data erased on request"]},
                force_log=True,
                additional_data={"erased": erased},
            )
    if dry_run:
        transaction.set_rollback(True)
    return erased
