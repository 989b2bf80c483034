"""The REFI-QDA project export as a background job (registered by QualitativeConfig.ready())."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.registry import JobOutput, Progress
from peerwork.lib.exports import dated_filename
from peerwork.lib.replica import replica_reads
from qualitative.models import ResearchProject, Source
from qualitative.refi import project_qdpx

QDPX_KIND = "qualitative-qdpx"


def qdpx_filename(project: ResearchProject) -> str:
    """``peerwork-<project>-<date>.qdpx``."""
    return dated_filename(slugify(project.name) or "project", ext="qdpx")


def qdpx_run(job: Job, progress: Progress) -> JobOutput:
    owner = job.owner
    if not (getattr(owner, "is_researcher", False) or getattr(owner, "is_administrator", False)):
        raise PermissionDenied
    with replica_reads():
        project = ResearchProject.objects.get(public_id=job.params["project"])
        sources = Source.objects.filter(project=project).count()
        progress.step(_("Writing %(sources)s sources") % {"sources": sources}, 0, sources)
        content = project_qdpx(project)
    progress.step(_("Writing %(sources)s sources") % {"sources": sources}, sources, sources)
    return JobOutput(
        filename=qdpx_filename(project),
        content=content,
        content_type="application/zip",
        summary=_("%(sources)s sources.") % {"sources": sources},
    )
