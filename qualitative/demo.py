"""Demo material for the qualitative corpus: fictional, pseudonymised interview extracts.

Every passage is invented. Each extract is built from passages tied to a theme of the seed
codebook and coded with it by the demo researcher, so the framework matrix has something to
show. Idempotent: sources are found by (project, title); nothing is added twice.
"""

from __future__ import annotations

import datetime as dt
import random

from accounts.models import User
from cases.models import Initiative, PeerWorker
from qualitative.models import (
    CellSummary,
    Excerpt,
    IntervieweeGroup,
    ResearchProject,
    Source,
    Theme,
)
from qualitative.selectors import shared_sessions_for
from qualitative.services import (
    coding_apply,
    replacement_add,
    source_add,
    supervision_offer_create,
)

# Names that appear in the raw demo transcripts and must never be stored.
REPLACEMENTS = [
    ("Jamie", "[peer worker]"),
    ("Sasha", "[supervisor]"),
    ("Morgan", "[service manager]"),
    ("Aire Ward", "[ward]"),
    ("Northvale", "[trust]"),
]

# theme slug → passages (some mention names that the list replaces)
PASSAGES = {
    "recruitment": [
        "We advertised through the user-involvement network, so most applicants already knew the service.",
        "I was asked to apply by someone from my recovery group; there was no open advert.",
        "There was a peer on the interview panel and that changed the questions we asked.",
    ],
    "training": [
        "The induction was the same as for every support worker, nothing about using lived experience.",
        "Our peer training was written by people who had done the job before.",
        "The team had a half-day session before Jamie started, which helped a lot.",
    ],
    "supervision-support": [
        "Supervision with Sasha is mostly about caseload; I take the peer stuff to the network.",
        "Having a supervisor with lived experience makes it safe to talk about disclosure.",
        "The reflective group is where we work out what peer support means here.",
    ],
    "line-management": [
        "My line manager sits in the charity, but day to day I answer to the ward manager.",
        "Morgan manages us directly and protects the time for peer work.",
    ],
    "terms-conditions": [
        "The hours are flexible, which suits me, but it means I miss the team meetings.",
        "We are paid the same band as the support workers, which matters to people.",
    ],
    "role-expectations": [
        "Staff on the Aire Ward expected me to do the observations like everyone else.",
        "Nobody quite knew what a peer worker was for when I started.",
    ],
    "organisational-culture": [
        "The charity is used to people sharing their stories; the trust is more careful.",
        "Everything here runs on risk assessments and the peer role had to fit around that.",
    ],
    "professionalism": [
        "I was told to be professional, which seemed to mean not being a peer.",
        "Being professional for us means being honest and keeping boundaries, not hiding who you are.",
    ],
    "practice-boundaries": [
        "Giving out my number was a big debate; in the end we agreed a work phone.",
        "I can't read the clinical notes, so sometimes I find out about incidents last.",
    ],
    "distinctiveness": [
        "After a year I was basically another support worker doing escorts.",
        "What makes it different is that I have been where they are, and I say so.",
    ],
    "disclosure-risk": [
        "I was advised not to talk about my own history on the ward in case it upset people.",
        "I choose what to share and when; nobody has told me not to.",
    ],
    "team-integration": [
        "At first the nurses talked over me in handover; now they ask what I think.",
        "Because I'm part-time I'm never there for the team meeting, so decisions pass me by.",
    ],
    "strategic-alignment": [
        "The project was funded for two years and nobody at Northvale board level knew it existed.",
        "Peer support is in the trust strategy now, so the posts are permanent.",
    ],
}

GROUPS = [
    IntervieweeGroup.PEER_WORKER,
    IntervieweeGroup.SERVICE_USER,
    IntervieweeGroup.COLLEAGUE,
    IntervieweeGroup.MANAGER,
    IntervieweeGroup.STRATEGIC,
]

SUMMARIES = {
    (
        "P-01",
        "disclosure-risk",
    ): "Caution about risk limited sharing on the ward; the peer worker felt held back.",
    (
        "P-05",
        "distinctiveness",
    ): "Distinct peer practice valued and protected by a peer-led organisation.",
    (
        "P-09",
        "line-management",
    ): "Split management (charity employer, NHS host) created mixed expectations.",
}


def seed(*, stdout=None) -> None:
    project = ResearchProject.objects.filter(receives_supervision_offers=True).first()
    researcher = User.objects.filter(email="researcher@demo.peerwork").first()
    if project is None or researcher is None:
        return
    if Source.objects.filter(project=project, title__startswith="Interview ").exists():
        return
    rng = random.Random(20140601)
    for term, replacement in REPLACEMENTS:
        if not project.replacements.filter(term__iexact=term).exists():
            replacement_add(project=project, term=term, replacement=replacement)
    themes = {theme.slug: theme for theme in Theme.objects.exclude(slug="")}
    initiatives = list(Initiative.objects.filter(status="active").order_by("research_code")[:10])
    number = 0
    for initiative in initiatives:
        for wave in (1, 2):
            for group in rng.sample(GROUPS, k=2):
                number += 1
                chosen = rng.sample(sorted(PASSAGES), k=4)
                passages = [(slug, rng.choice(PASSAGES[slug])) for slug in chosen]
                text = "\n\n".join(
                    f"Interviewer: Can you say more about that?\nRespondent: {passage}"
                    for _slug, passage in passages
                )
                source = source_add(
                    project=project,
                    initiative=initiative,
                    title=f"Interview {number:02d}, {group.label.lower()}",
                    text=text,
                    interviewee_group=group,
                    interviewed_on=dt.date(2012 + wave, 3, 1) + dt.timedelta(days=number * 3),
                    wave=wave,
                    added_by=researcher,
                )
                for slug, _passage in passages:
                    _code_answer(source, themes[slug], researcher)
    for (code, slug), text in SUMMARIES.items():
        initiative = Initiative.objects.filter(research_code=code).first()
        if initiative is not None and slug in themes:
            CellSummary.objects.get_or_create(
                initiative=initiative,
                theme=themes[slug],
                defaults={"text": text, "updated_by": researcher},
            )
    _seed_supervision_offer()
    if stdout is not None:
        stdout.write(
            f"  qualitative: {Source.objects.filter(project=project).count()} sources, "
            f"{Excerpt.objects.filter(source__project=project).count()} coded passages"
        )


def _seed_supervision_offer() -> None:
    """The demo peer worker shares one sentence of a signed supervision summary (if any)."""
    peer_worker = PeerWorker.objects.filter(user__email="peer@demo.peerwork").first()
    if peer_worker is None or peer_worker.research_offers.exists():
        return
    sessions = shared_sessions_for(peer_worker)
    if not sessions:
        return
    session = sessions[0]
    passage = session.shared_summary.split(". ")[0].strip()
    if passage:
        supervision_offer_create(
            peer_worker=peer_worker,
            session=session,
            passage=passage,
            offered_by=peer_worker.user,
        )


def _code_answer(source: Source, theme: Theme, researcher) -> None:
    """Code the n-th respondent answer, where n is the theme's position among the passages."""
    # The stored text is pseudonymised, so find the answers in it rather than the raw text.
    marker = "Respondent: "
    starts = []
    position = source.text.find(marker)
    while position != -1:
        starts.append(position + len(marker))
        position = source.text.find(marker, position + 1)
    coded = set(source.excerpts.values_list("start", flat=True))
    for start in starts:
        if start in coded:
            continue
        end = source.text.find("\n", start)
        end = len(source.text) if end == -1 else end
        coding_apply(source=source, start=start, end=end, themes=[theme], coder=researcher)
        return
