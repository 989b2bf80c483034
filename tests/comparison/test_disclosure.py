"""Disclosure control of people figures, tested against an independent attacker.

Every view of the comparison (by context, by initiative, any filter, any page, any period, the
page or its export) shows a projection of one published table per year. So what any pair of
views — indeed all of them together — discloses is at most that table plus the year before's.
These tests generate landscapes, protect them as publication does, and let an attacker who holds
every published figure (and, being a service manager, knows one initiative's own figures) try
to work out a hidden count from fewer than k people: by subtraction within a year, from last
year's headcount and this year's flows, and from the people who started last year.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparison.disclosure import (
    MEASURES,
    Figure,
    Kind,
    State,
    add,
    count_figure,
    passes,
    protect,
    revealed,
    share_figure,
)

K = 5
ALL = ("all", "")


@st.composite
def initiatives(draw):
    """One initiative over two years, its people figures consistent from one year to the next."""
    recorded = draw(st.booleans()) or draw(st.booleans())
    h0 = draw(st.integers(0, 14))
    s1 = draw(st.integers(0, 8))
    l1 = draw(st.integers(0, h0 + s1))
    s0 = draw(st.integers(0, 8))

    def share(whole_max=14):
        whole = draw(st.integers(0, whole_max))
        return draw(st.integers(0, whole)), whole

    year0 = {
        "headcount": (h0,),
        "starters": (s0,),
        "leavers": (draw(st.integers(0, 6)),),
        "retention_6": share(),
        "retention_12": share(),
        "training": share(),
        "supervision": share(),
    }
    retained = draw(st.integers(0, s0))
    year1 = {
        "headcount": (h0 + s1 - l1,),
        "starters": (s1,),
        "leavers": (l1,),
        "retention_6": share(),
        "retention_12": (retained, s0),  # last year's starters, a year on
        "training": share(),
        "supervision": share(),
    }
    return recorded, year0, year1


def _figures(recorded: bool, values: dict) -> dict[str, Figure]:
    figures = {}
    for measure in MEASURES:
        numbers = values[measure.key]
        if measure.kind == Kind.COUNT:
            wte = Decimal(numbers[0]) * Decimal("0.8") if measure.key == "headcount" else None
            figures[measure.key] = count_figure(numbers[0], recorded=recorded, wte=wte)
        else:
            figures[measure.key] = share_figure(*numbers, recorded=recorded)
    return figures


@st.composite
def landscapes(draw):
    contexts = draw(
        st.lists(
            st.sampled_from(["statutory", "voluntary", "partnership"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    members = {
        context: draw(st.lists(initiatives(), min_size=1, max_size=6)) for context in contexts
    }
    return members


def _tables(members):
    raw0, raw1 = {}, {}
    hierarchy = {ALL: []}
    number = 0
    for context, rows in members.items():
        column = ("context", context)
        hierarchy[ALL].append(column)
        hierarchy[column] = []
        for recorded, year0, year1 in rows:
            number += 1
            key = ("initiative", number)
            hierarchy[column].append(key)
            raw0[key] = _figures(recorded, year0)
            raw1[key] = _figures(recorded, year1)
    for raw in (raw0, raw1):
        for total, parts in list(hierarchy.items()):
            if total == ALL:
                continue
            raw[total] = {m.key: add([raw[p][m.key] for p in parts], m.kind) for m in MEASURES}
        raw[ALL] = {m.key: add([raw[p][m.key] for p in hierarchy[ALL]], m.kind) for m in MEASURES}
    return raw0, raw1, hierarchy


def _flat(table):
    return {
        (column, measure): figure
        for column, figures in table.items()
        for measure, figure in figures.items()
    }


def _stock_flow_leaks(published0, published1, raw0, raw1) -> list[str]:
    """Headcount(Y) = headcount(Y-1) + starters(Y) - leavers(Y): one unknown is solvable."""
    leaks = []
    for column in published1:
        before = published0[column]["headcount"]
        figures = published1[column]
        terms = {
            "headcount": figures["headcount"],
            "starters": figures["starters"],
            "leavers": figures["leavers"],
        }
        if before.is_hidden or not before.is_counted:
            continue
        hidden = [name for name, figure in terms.items() if figure.is_hidden]
        if len(hidden) != 1:
            continue
        name = hidden[0]
        truth = raw1[column][name].numerator or 0
        if not passes([truth], K):
            leaks.append(f"{name} of {column} follows from last year's headcount: {truth}")
    return leaks


def _cohort_leaks(published0, published1) -> list[str]:
    """12-month retention this year is of last year's starters: it must not show them."""
    return [
        f"retention_12 of {column} shows last year's hidden starters"
        for column in published1
        if published0[column]["starters"].is_hidden
        and not published1[column]["retention_12"].is_hidden
        and published1[column]["retention_12"].is_counted
    ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(landscapes())
def test_no_published_figure_can_be_worked_out_below_k(members):
    raw0, raw1, hierarchy = _tables(members)
    published0 = protect(raw0, hierarchy=hierarchy, k=K)
    published1 = protect(raw1, hierarchy=hierarchy, k=K, previous=published0)

    leaks = []
    for raw, published in ((raw0, published0), (raw1, published1)):
        leaks += revealed(_flat(published), _flat(raw), hierarchy=hierarchy, k=K)
    leaks += _stock_flow_leaks(published0, published1, raw0, raw1)
    leaks += _cohort_leaks(published0, published1)

    assert leaks == []


@settings(max_examples=150, deadline=None)
@given(landscapes())
def test_what_is_shown_is_true_and_only_what_was_counted_is_hidden(members):
    raw0, _raw1, hierarchy = _tables(members)
    published = protect(raw0, hierarchy=hierarchy, k=K)
    for column, figures in published.items():
        for measure, figure in figures.items():
            original = raw0[column][measure]
            if figure.is_hidden:
                assert original.is_counted  # "no data" and "not applicable" are never hidden
                assert figure.numerator is None and figure.denominator is None
            else:
                assert figure == original


def test_a_single_small_count_is_suppressed_and_so_is_what_would_give_it_back():
    raw = {
        ("initiative", 1): {"leavers": count_figure(2, recorded=True)},
        ("initiative", 2): {"leavers": count_figure(9, recorded=True)},
        ("initiative", 3): {"leavers": count_figure(8, recorded=True)},
        ("context", "voluntary"): {"leavers": count_figure(19, recorded=True)},
    }
    hierarchy = {
        ("context", "voluntary"): [("initiative", 1), ("initiative", 2), ("initiative", 3)]
    }

    published = protect(raw, hierarchy=hierarchy, k=K)

    assert [published[("initiative", n)]["leavers"].state for n in (1, 2, 3)] == [
        State.SUPPRESSED
    ] * 3  # 19 - 9 - 8 would give the 2 back; so would 19 - 8 to initiative 2's manager
    assert published[("context", "voluntary")]["leavers"].numerator == 19


def test_with_two_initiatives_a_context_total_would_give_each_to_the_other():
    raw = {
        ("initiative", 1): {"leavers": count_figure(2, recorded=True)},
        ("initiative", 2): {"leavers": count_figure(9, recorded=True)},
        ("context", "voluntary"): {"leavers": count_figure(11, recorded=True)},
    }
    hierarchy = {("context", "voluntary"): [("initiative", 1), ("initiative", 2)]}

    published = protect(raw, hierarchy=hierarchy, k=K)

    assert all(figures["leavers"].is_hidden for figures in published.values())


def test_a_share_is_suppressed_when_those_without_it_are_fewer_than_k():
    # "6 of 7 retained" tells everyone that one person left.
    figure = share_figure(6, 7, recorded=True)
    published = protect({("initiative", 1): {"retention_12": figure}}, hierarchy={}, k=K)

    assert published[("initiative", 1)]["retention_12"].is_hidden
    assert not protect(
        {("initiative", 1): {"retention_12": share_figure(10, 15, recorded=True)}},
        hierarchy={},
        k=K,
    )[("initiative", 1)]["retention_12"].is_hidden


def test_a_manager_who_knows_their_own_figure_cannot_work_out_another():
    # Own initiative 3 people (hidden), another 2 (hidden), a third 10: total 15 shown.
    raw = {
        ("initiative", 1): {"headcount": count_figure(3, recorded=True)},
        ("initiative", 2): {"headcount": count_figure(2, recorded=True)},
        ("initiative", 3): {"headcount": count_figure(10, recorded=True)},
        ("context", "statutory"): {"headcount": count_figure(15, recorded=True)},
    }
    hierarchy = {
        ("context", "statutory"): [("initiative", 1), ("initiative", 2), ("initiative", 3)]
    }

    published = protect(raw, hierarchy=hierarchy, k=K)

    # 15 - 10 = 5 passes on its own, but initiative 1's manager would subtract their 3 and
    # find the other's 2: so the 10 is hidden too.
    assert published[("initiative", 3)]["headcount"].is_hidden
    assert revealed(_flat(published), _flat(raw), hierarchy=hierarchy, k=K) == []


def test_no_data_and_not_applicable_are_never_counted_as_people():
    assert count_figure(0, recorded=False).state == State.NO_DATA
    assert share_figure(0, 0, recorded=True).state == State.NOT_APPLICABLE
    assert share_figure(0, 8, recorded=True).state == State.NONE
    assert add([count_figure(0, recorded=False)], Kind.COUNT).state == State.NO_DATA
    assert add([share_figure(0, 0, recorded=True)], Kind.SHARE).state == State.NOT_APPLICABLE
