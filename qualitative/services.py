"""Writes to the qualitative corpus. Every function is atomic and validates its input."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Initiative, PeerWorker
from peerwork.lib.concurrency import save_if_current, save_new_version
from peerwork.lib.uploads import check_zip_bounds
from qualitative.models import (
    CellSummary,
    Coding,
    Excerpt,
    IntervieweeGroup,
    Replacement,
    ResearchProject,
    Source,
    SourceKind,
    SupervisionOffer,
    Theme,
)
from qualitative.pseudonymise import (
    contains_term,
    move_offset,
    normalise_newlines,
    pseudonymise,
)
from qualitative.vocabularies import seed_codebook

STALE_EDIT = "This record was changed by someone else while you were editing. Your text is kept below: review the current version and save again."


def max_upload_bytes() -> int:
    return getattr(settings, "PEERWORK_QUALITATIVE_MAX_UPLOAD_BYTES", 1_048_576)


def max_unpacked_bytes() -> int:
    """The most a .docx may unpack to (all its parts together)."""
    return getattr(settings, "PEERWORK_QUALITATIVE_MAX_UNPACKED_BYTES", 20 * 1_048_576)


def max_text_characters() -> int:
    """The longest text a source may hold."""
    return getattr(settings, "PEERWORK_QUALITATIVE_MAX_TEXT_CHARACTERS", 1_000_000)


def _too_long(length: int) -> ValidationError:
    return ValidationError(
        _(
            "The file holds %(length)s characters of text; a source can hold at most "
            "%(limit)s. Split the transcript into parts and add each as its own source."
        )
        % {"length": f"{length:,}", "limit": f"{max_text_characters():,}"},
        code="too_long",
    )


# --- Intake ---------------------------------------------------------------------------


def text_from_upload(*, name: str, content: bytes, size: int | None = None) -> str:
    """Plain text of an uploaded .txt or .docx file; anything else raises ValidationError.

    ``size`` is the file's full size when ``content`` may have been read only in part.
    """
    limit = max_upload_bytes()
    size = max(size or 0, len(content))
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s KB; the limit is %(limit)s KB.")
            % {"size": size // 1024, "limit": limit // 1024},
            code="too_large",
        )
    lower = name.lower()
    if lower.endswith(".txt"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The .txt file is not UTF-8 text. Save it as UTF-8 and upload it again."),
                code="not_utf8",
            ) from None
        if len(text) > max_text_characters():
            raise _too_long(len(text))
        return text
    if lower.endswith(".docx"):
        from docx import Document

        # Unpacked in counted chunks first: a small .docx can hold a bomb of text.
        unreadable = ValidationError(
            _("This is not a readable Word (.docx) document."), code="bad_docx"
        )
        try:
            check_zip_bounds(content, max_bytes=max_unpacked_bytes())
        except ValidationError as error:
            if error.code == "bad_zip":
                raise unreadable from None
            raise
        try:
            document = Document(io.BytesIO(content))
        except Exception:
            # python-docx raises zip, XML and package errors of its own for damaged files.
            raise unreadable from None
        paragraphs, length = [], 0
        for paragraph in document.paragraphs:
            paragraphs.append(paragraph.text)
            length += len(paragraphs[-1]) + 1
            if length > max_text_characters() + 1:
                raise _too_long(length - 1)
        return "\n".join(paragraphs)
    raise ValidationError(
        _("Only plain text (.txt) and Word (.docx) files can be added."), code="bad_type"
    )


def _replacement_pairs(project: ResearchProject) -> list[tuple[str, str]]:
    return list(project.replacements.values_list("term", "replacement"))


@transaction.atomic
def source_add(
    *,
    project: ResearchProject,
    initiative: Initiative,
    title: str,
    text: str,
    interviewee_group: str,
    interviewed_on: dt.date | None = None,
    wave: int | None = None,
    kind: str = SourceKind.TRANSCRIPT,
    added_by: User | None = None,
) -> Source:
    """Pseudonymise ``text`` with the project's list and store only the result."""
    text = normalise_newlines(text).strip("\n")
    if not text.strip():
        raise ValidationError({"text": _("The source has no text.")})
    if interviewee_group not in IntervieweeGroup.values:
        raise ValidationError({"interviewee_group": _("Choose an interviewee group.")})
    pairs = _replacement_pairs(project)
    pseudonymised, _spans = pseudonymise(text, pairs)
    title_pseudonymised, _title_spans = pseudonymise(title, pairs)
    return Source.objects.create(
        project=project,
        initiative=initiative,
        title=title_pseudonymised[:200],
        text=pseudonymised,
        interviewee_group=interviewee_group,
        interviewed_on=interviewed_on,
        wave=wave,
        kind=kind,
        added_by=added_by,
    )


@transaction.atomic
def source_delete(*, source: Source) -> None:
    """Remove a source with its excerpts and codings (e.g. added by mistake).

    A passage offered from a supervision record is the peer worker's to withdraw, not ours
    to delete: its consent record must say what happened.
    """
    if SupervisionOffer.objects.filter(source=source).exists():
        raise ValidationError(
            _("This passage was shared by a peer worker; only they can withdraw it.")
        )
    Coding.objects.filter(excerpt__source=source).delete()
    source.delete()


def _repseudonymise_source(source: Source, pairs: list[tuple[str, str]]) -> bool:
    """Apply ``pairs`` to one source, moving its excerpts with the text. True if changed."""
    new_text, spans = pseudonymise(source.text, pairs)
    new_title, _title_spans = pseudonymise(source.title, pairs)
    if not spans and new_title == source.title:
        return False
    excerpts = list(source.excerpts.all())
    moved: dict[tuple[int, int], Excerpt] = {}
    for excerpt in excerpts:
        excerpt.start = move_offset(excerpt.start, spans, is_end=False)
        excerpt.end = move_offset(excerpt.end, spans, is_end=True)
        survivor = moved.get((excerpt.start, excerpt.end))
        if survivor is None:
            moved[(excerpt.start, excerpt.end)] = excerpt
            continue
        # Two excerpts now cover the same words: keep one, carrying the other's codings.
        for coding in excerpt.codings.exclude(theme__in=survivor.codings.values("theme")):
            coding.excerpt = survivor
            coding.save(update_fields=["excerpt"])
        excerpt.delete()
    source.text = new_text
    source.title = new_title[:200]
    source.save(update_fields=["text", "title"])
    # Offsets are moved in two passes so no intermediate state breaks the unique span rule.
    survivors = list(moved.values())
    Excerpt.objects.filter(pk__in=[e.pk for e in survivors]).update(
        start=F("start") + 10_000_000, end=F("end") + 10_000_000
    )
    Excerpt.objects.bulk_update(survivors, ["start", "end"])
    return True


@transaction.atomic
def replacement_add(
    *, project: ResearchProject, term: str, replacement: str, created_by: User | None = None
) -> tuple[Replacement, int]:
    """Add a name or place to the list and apply it to every source of the project.

    Returns the new entry and the number of sources that changed.
    """
    term = " ".join(term.split())
    replacement = replacement.strip()
    if not term:
        raise ValidationError({"term": _("Enter the name or place to replace.")})
    if not replacement:
        raise ValidationError({"replacement": _("Enter what replaces it.")})
    existing = _replacement_pairs(project)
    if contains_term(replacement, [term] + [t for t, _r in existing]):
        raise ValidationError(
            {"replacement": _("The replacement must not itself contain a listed name or place.")}
        )
    if any(contains_term(other, [term]) for _t, other in existing):
        raise ValidationError(
            {"term": _("An existing replacement contains this word; change that entry first.")}
        )
    try:
        with transaction.atomic():
            entry = Replacement.objects.create(
                project=project, term=term, replacement=replacement, created_by=created_by
            )
    except IntegrityError:
        raise ValidationError({"term": _("This name or place is already on the list.")}) from None
    changed = 0
    for source in project.sources.select_for_update().order_by("pk"):
        if _repseudonymise_source(source, [(term, replacement)]):
            changed += 1
    return entry, changed


# --- Codebook -------------------------------------------------------------------------


def _check_name_free(*, name: str, parent: Theme | None, exclude: Theme | None = None) -> None:
    siblings = Theme.objects.filter(parent=parent, name__iexact=name)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    if siblings.exists():
        raise ValidationError({"name": _("A theme with this name already exists here.")})


@transaction.atomic
def theme_create(
    *, name: str, parent: Theme | None = None, definition: str = "", memo: str = ""
) -> Theme:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    _check_name_free(name=name, parent=parent)
    position = Theme.objects.filter(parent=parent).count()
    return Theme.objects.create(
        name=name, parent=parent, definition=definition, memo=memo, position=position
    )


@transaction.atomic
def theme_update(
    *, theme: Theme, name: str, definition: str, memo: str, parent: Theme | None
) -> Theme:
    """Rename, redefine and/or move a theme (its subtree moves with it)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    if parent is not None and parent.path.startswith(theme.path):
        raise ValidationError(
            {"parent": _("A theme cannot move under itself or its own sub-theme.")}
        )
    _check_name_free(name=name, parent=parent, exclude=theme)
    if parent != theme.parent:
        old_path = theme.path
        new_path = f"{parent.path if parent else ''}{theme.public_id.hex}/"
        depth_change = (parent.depth + 1 if parent else 0) - theme.depth
        Theme.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_change,
        )
        theme.refresh_from_db(fields=["path", "depth"])
        theme.parent = parent
        theme.position = Theme.objects.filter(parent=parent).exclude(pk=theme.pk).count()
    theme.name = name
    theme.definition = definition
    theme.memo = memo
    theme.save(update_fields=["name", "definition", "memo", "parent", "position"])
    return theme


@transaction.atomic
def theme_merge(*, theme: Theme, into: Theme) -> int:
    """Merge ``theme`` into ``into``: its codings and sub-themes move, then it is deleted.

    An excerpt already coded with ``into`` keeps that one coding (memos are joined), so no
    duplicates arise. Returns the number of codings moved.
    """
    if into.pk == theme.pk or into.path.startswith(theme.path):
        raise ValidationError({"into": _("Choose a theme outside the one being merged.")})
    moved = 0
    for coding in theme.codings.select_related("excerpt").order_by("pk"):
        duplicate = Coding.objects.filter(excerpt_id=coding.excerpt_id, theme=into).first()
        if duplicate is None:
            coding.theme = into
            coding.save(update_fields=["theme"])
            moved += 1
            continue
        if coding.memo:
            duplicate.memo = "\n\n".join(memo for memo in (duplicate.memo, coding.memo) if memo)
            duplicate.save(update_fields=["memo"])
        coding.delete()
    for summary in CellSummary.objects.filter(theme=theme):
        kept, _created = CellSummary.objects.get_or_create(
            initiative_id=summary.initiative_id, theme=into
        )
        if summary.text:
            merged = "\n\n".join(text for text in (kept.text, summary.text) if text)
            save_new_version(kept, {"text": merged})
        summary.delete()
    for child in theme.children.order_by("position"):
        name = child.name
        if Theme.objects.filter(parent=into, name__iexact=name).exists():
            theme_merge(theme=child, into=Theme.objects.get(parent=into, name__iexact=name))
            continue
        theme_update(
            theme=child, name=name, definition=child.definition, memo=child.memo, parent=into
        )
    if theme.memo:
        into.memo = "\n\n".join(memo for memo in (into.memo, theme.memo) if memo)
        into.save(update_fields=["memo"])
    theme.delete()
    return moved


# --- Coding ---------------------------------------------------------------------------


@transaction.atomic
def coding_apply(
    *,
    source: Source,
    start: int,
    end: int,
    themes: list[Theme],
    coder: User,
    memo: str = "",
    quote: str | None = None,
) -> list[Coding]:
    """Code ``source.text[start:end]`` with each theme; themes already applied are skipped.

    ``quote`` (what the coder saw selected) guards against offsets that no longer match,
    e.g. when the text was re-pseudonymised while the page was open.
    """
    source = Source.objects.select_for_update().get(pk=source.pk)
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    if not (0 <= start < end <= len(source.text)):
        raise ValidationError(_("Select a passage of the text first."))
    if quote is not None and normalise_newlines(quote).strip() != source.text[start:end].strip():
        raise ValidationError(
            _("The text changed since the page was opened; reload the page and select again.")
        )
    excerpt, _created = Excerpt.objects.get_or_create(
        source=source, start=start, end=end, defaults={"created_by": coder}
    )
    already = set(excerpt.codings.values_list("theme_id", flat=True))
    codings = [
        Coding.objects.create(excerpt=excerpt, theme=theme, coder=coder, memo=memo)
        for theme in themes
        if theme.pk not in already
    ]
    return codings


@transaction.atomic
def coding_remove(*, coding: Coding) -> None:
    excerpt = coding.excerpt
    coding.delete()
    if not excerpt.codings.exists():
        excerpt.delete()


@transaction.atomic
def coding_memo_update(*, coding: Coding, memo: str) -> Coding:
    coding.memo = memo
    coding.save(update_fields=["memo"])
    return coding


@transaction.atomic
def cell_summary_save(
    *, initiative: Initiative, theme: Theme, text: str, version: int, updated_by: User
) -> CellSummary | None:
    """Save a framework cell; a stale ``version`` (someone saved meanwhile) is refused.

    Saving a cell unchanged writes nothing: an empty cell stays without a summary, and a
    summary whose text is the same keeps its version, author and time.
    """
    existing = CellSummary.objects.filter(initiative=initiative, theme=theme).first()
    if existing is None and not text.strip():
        return None
    if existing is not None and existing.version == version and existing.text == text:
        return existing
    summary, created = CellSummary.objects.get_or_create(initiative=initiative, theme=theme)
    if created and version == 0:
        version = summary.version
    summary.text = text
    summary.updated_by = updated_by
    summary.updated = timezone.now()
    save_if_current(
        summary,
        expected_version=version,
        fields=["text", "updated_by", "updated"],
        stale=_stale_edit,
    )
    return summary


def _stale_edit(current: CellSummary | None) -> ValidationError:
    return ValidationError(_(STALE_EDIT), code="stale")


# --- Consent bridge from supervision --------------------------------------------------


@dataclass(frozen=True)
class SharedSession:
    """What research may read of a supervision session: never the private reflection."""

    public_id: UUID
    held_on: dt.date | None
    shared_summary: str
    # Other people named on the record (e.g. the supervisor), replaced before sharing.
    other_people: tuple[tuple[str, str], ...] = ()


def _name_pairs(full_name: str, replacement: str) -> list[tuple[str, str]]:
    """A person's full name and first name, both to ``replacement``."""
    full_name = " ".join(full_name.split())
    if not full_name:
        return []
    pairs = [(full_name, replacement)]
    first = full_name.split()[0]
    if len(first) > 1 and first != full_name:
        pairs.append((first, replacement))
    return pairs


def worker_replacements(peer_worker: PeerWorker) -> list[tuple[str, str]]:
    """The worker's own name always becomes their research code."""
    return _name_pairs(peer_worker.full_name, f"[{peer_worker.pseudonym}]")


def offer_target_project() -> ResearchProject:
    project = ResearchProject.objects.filter(receives_supervision_offers=True).first()
    if project is None:
        seed_codebook()
        project = ResearchProject.objects.get(receives_supervision_offers=True)
    return project


def offer_preview(*, peer_worker: PeerWorker, session: SharedSession, passage: str) -> str:
    """Exactly the text research would receive for ``passage``, after checks."""
    passage = normalise_newlines(passage).strip()
    if not passage:
        raise ValidationError({"passage": _("Select or paste the passage you want to share.")})
    if passage not in normalise_newlines(session.shared_summary):
        raise ValidationError(
            {
                "passage": _(
                    "Only words from the shared summary of this session can be offered. "
                    "Private reflections are never shared."
                )
            }
        )
    project = offer_target_project()
    people = [
        pair
        for full_name, replacement in session.other_people
        for pair in _name_pairs(full_name, replacement)
    ]
    text, _spans = pseudonymise(
        passage, _replacement_pairs(project) + worker_replacements(peer_worker) + people
    )
    return text


@transaction.atomic
def supervision_offer_create(
    *, peer_worker: PeerWorker, session: SharedSession, passage: str, offered_by: User
) -> SupervisionOffer:
    """Record the consent and add the pseudonymised passage to the corpus."""
    preview = offer_preview(peer_worker=peer_worker, session=session, passage=passage)
    initiative = peer_worker.role.initiative
    source = Source.objects.create(
        project=offer_target_project(),
        initiative=initiative,
        title=_("Supervision record excerpt, %(code)s") % {"code": initiative.research_code},
        text=preview,
        kind=SourceKind.SUPERVISION,
        interviewee_group=IntervieweeGroup.SUPERVISION_RECORD,
        interviewed_on=session.held_on,
        added_by=offered_by,
    )
    return SupervisionOffer.objects.create(
        peer_worker=peer_worker,
        session_public_id=session.public_id,
        session_date=session.held_on,
        source=source,
        offered_by=offered_by,
    )


@transaction.atomic
def supervision_offer_withdraw(*, offer: SupervisionOffer) -> SupervisionOffer:
    """Withdraw consent: the excerpt, its codings and its text leave the corpus at once."""
    offer = SupervisionOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.withdrawn is not None:
        return offer
    source_id = offer.source_id
    offer.source = None
    offer.withdrawn = timezone.now()
    offer.save(update_fields=["source", "withdrawn"])
    if source_id is not None:
        Coding.objects.filter(excerpt__source_id=source_id).delete()
        Source.objects.filter(pk=source_id).delete()
    return offer
