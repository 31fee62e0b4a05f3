"""``model.crossing.process_borders`` on the tiny graph (tests/model/conftest.py): who crosses, who is
refused, who goes on with a smuggler, who is detected or identified, with exact counts.

Every rule here is deterministic once the chances are 0 or 1; the only draw left is the order among
migrants who joined a queue on the same day, and no test depends on it.
"""

import numpy as np
import pytest

from model.crossing import process_borders
from model.enums import Nationality, Status

TRIP_DAYS = 3
MAIN, BRANCH = "Idomeni-Skopje", "Idomeni-Sofia"


@pytest.fixture
def cross(tiny_graph, tiny_migrants):
    """``cross(borders, day=0)``: process today's queues and smuggled crossings; returns the BorderDay."""

    def run(borders, day: int = 0):
        return process_borders(tiny_migrants, tiny_graph, np.random.default_rng(0), day, borders, TRIP_DAYS)

    return run


@pytest.fixture
def at_border(tiny_graph, tiny_migrants, add_migrants):
    """``at_border(count, status, border=MAIN, **attributes)``: migrants at the near side of a border,
    queued there, refused there or with a smuggler across it."""

    def add(count, status=Status.QUEUED, border=MAIN, **attributes):
        b = tiny_graph.border_index[border]
        node = tiny_graph.names[tiny_graph.borders[b].from_node]
        return add_migrants(tiny_migrants, count, node, status=status, border=b, **attributes)

    return add


def test_a_border_admits_the_longest_waiting_first_up_to_its_limit(
    tiny_graph, tiny_migrants, at_border, border_arrays, cross
):
    m, b = tiny_migrants, tiny_graph.border_index[MAIN]
    since = np.random.default_rng(1).permutation(10)
    idx = at_border(10, since=since)
    borders = border_arrays()
    borders.limit_agents[b] = 4
    day = cross(borders, day=12)

    crossed = idx[m.status[idx] == Status.EN_ROUTE]
    assert sorted(m.since[crossed]) == [0, 1, 2, 3]
    assert np.all(m.status[idx[since >= 4]] == Status.QUEUED)
    arc = tiny_graph.borders_arc[b]
    assert np.all(m.edge[crossed] == arc)
    assert np.all(m.km_left[crossed] == tiny_graph.arc_km[arc])
    assert np.all(m.border[crossed] == -1)
    assert day.crossings[b] == 4 and day.crossings.sum() == 4 and day.refused.sum() == 0


def test_each_border_fills_its_own_limit(tiny_graph, tiny_migrants, at_border, border_arrays, cross):
    main, branch = at_border(10, border=MAIN), at_border(10, border=BRANCH)
    borders = border_arrays()
    borders.limit_agents[tiny_graph.border_index[MAIN]] = 3
    borders.limit_agents[tiny_graph.border_index[BRANCH]] = 7
    day = cross(borders)
    status = tiny_migrants.status
    assert (status[main] == Status.EN_ROUTE).sum() == 3
    assert (status[branch] == Status.EN_ROUTE).sum() == 7
    assert day.crossings[tiny_graph.border_index[MAIN]] == 3
    assert day.crossings[tiny_graph.border_index[BRANCH]] == 7


def test_a_closed_border_strands_everyone_queued_there(tiny_graph, tiny_migrants, at_border, border_arrays, cross):
    m, b = tiny_migrants, tiny_graph.border_index[MAIN]
    idx = at_border(10, days_waiting=5)
    borders = border_arrays()
    borders.admits[b] = False
    day = cross(borders)
    assert np.all(m.status[idx] == Status.STRANDED)
    assert np.all(m.ever_refused[idx])
    assert np.all(m.days_waiting[idx] == 0)
    assert np.all(m.border[idx] == b) and np.all(m.node[idx] == tiny_graph.index["Idomeni"])
    assert day.refused[b] == 10 and day.crossings.sum() == 0


def test_a_filter_admits_only_the_allowed_nationality(tiny_graph, tiny_migrants, at_border, border_arrays, cross):
    m, b = tiny_migrants, tiny_graph.border_index[MAIN]
    idx = at_border(12, nationality=np.arange(12) % 4)  # three of each group
    borders = border_arrays()
    borders.admits[b] = np.arange(len(Nationality)) == Nationality.SYR
    day = cross(borders)
    syrian = m.nationality[idx] == Nationality.SYR
    assert np.all(m.status[idx[syrian]] == Status.EN_ROUTE)
    assert np.all(m.status[idx[~syrian]] == Status.STRANDED)
    assert (day.crossings[b], day.refused[b]) == (3, 9)


def test_smugglers_get_everyone_caught_when_detection_is_certain(
    tiny_graph, tiny_migrants, at_border, border_arrays, cross
):
    m, b = tiny_migrants, tiny_graph.border_index[MAIN]
    idx = at_border(8, status=Status.SMUGGLED, smuggle_left=1, package_left=3)
    borders = border_arrays()
    borders.admits[b], borders.p_detect[b] = False, 1.0
    day = cross(borders)
    assert np.all(m.status[idx] == Status.STRANDED)
    assert np.all(m.package_left[idx] == 0)  # the smuggler does not come back for people caught
    assert np.all(m.node[idx] == tiny_graph.index["Idomeni"]) and np.all(m.edge[idx] == -1)
    assert (day.detected[b], day.smuggled[b], day.crossings[b]) == (8, 0, 0)


def test_smuggled_migrants_cross_when_never_detected(tiny_graph, tiny_migrants, at_border, border_arrays, cross):
    m, b = tiny_migrants, tiny_graph.border_index[MAIN]
    idx = at_border(8, status=Status.SMUGGLED, smuggle_left=1)
    borders = border_arrays()
    borders.admits[b] = False
    day = cross(borders)
    arc = tiny_graph.borders_arc[b]
    assert np.all(m.status[idx] == Status.EN_ROUTE)
    assert np.all(m.edge[idx] == arc) and np.all(m.km_left[idx] == tiny_graph.arc_km[arc])
    assert np.all(m.border[idx] == -1)
    assert (day.smuggled[b], day.detected[b], day.crossings[b]) == (8, 0, 0)


def test_a_smuggling_trip_takes_its_days_before_the_crossing(tiny_migrants, at_border, border_arrays, cross):
    m = tiny_migrants
    idx = at_border(5, status=Status.SMUGGLED, smuggle_left=TRIP_DAYS)
    borders = border_arrays()
    borders.admits[:] = False
    for today in range(TRIP_DAYS - 1):
        day = cross(borders, day=today)
        assert np.all(m.status[idx] == Status.SMUGGLED) and day.smuggled.sum() == 0
    assert np.all(m.smuggle_left[idx] == 1)
    assert cross(borders, day=TRIP_DAYS - 1).smuggled.sum() == 5


def test_a_paid_package_carries_a_refused_migrant_past_a_closed_border(
    tiny_graph, tiny_migrants, at_border, border_arrays, cross
):
    m, b = tiny_migrants, tiny_graph.border_index[MAIN]
    paid = at_border(4, package_left=2)
    unpaid = at_border(6, package_left=0)
    borders = border_arrays()
    borders.admits[b] = False
    day = cross(borders)
    assert np.all(m.status[paid] == Status.SMUGGLED)
    assert np.all(m.smuggle_left[paid] == TRIP_DAYS) and np.all(m.package_left[paid] == 1)
    assert np.all(m.ever_smuggled[paid]) and not np.any(m.ever_refused[paid])
    assert np.all(m.status[unpaid] == Status.STRANDED)
    assert day.refused[b] == 6  # those going on with the smuggler are not counted as refused


@pytest.mark.parametrize("p_identify, found", [(1.0, 9), (0.0, 0)])
def test_exploited_migrants_screened_at_a_border_are_identified_as_likely_as_p_identify(
    tiny_graph, tiny_migrants, at_border, border_arrays, cross, p_identify, found
):
    m = tiny_migrants
    main, branch = tiny_graph.border_index[MAIN], tiny_graph.border_index[BRANCH]
    admitted = at_border(3, border=BRANCH, exploited=True)
    refused = at_border(3, border=MAIN, exploited=True)
    detected = at_border(3, border=MAIN, status=Status.SMUGGLED, smuggle_left=1, exploited=True)
    not_victims = at_border(5, border=BRANCH)
    borders = border_arrays()
    borders.admits[main], borders.p_detect[main], borders.p_identify[:] = False, 1.0, p_identify
    day = cross(borders)
    victims = np.concatenate([admitted, refused, detected])
    assert m.identified[victims].sum() == found and not m.identified[not_victims].any()
    assert day.identified[main] == 2 * found // 3 and day.identified[branch] == found // 3


def test_exploited_migrants_whom_a_smuggler_gets_across_are_never_screened(
    tiny_migrants, at_border, border_arrays, cross
):
    idx = at_border(6, status=Status.SMUGGLED, smuggle_left=1, exploited=True)
    borders = border_arrays()
    borders.p_identify[:] = 1.0
    day = cross(borders)
    assert not tiny_migrants.identified[idx].any() and day.identified.sum() == 0 and day.smuggled.sum() == 6


def test_the_days_counts_add_up_to_what_happened_at_each_border(
    tiny_graph, tiny_migrants, at_border, border_arrays, cross
):
    main, branch = tiny_graph.border_index[MAIN], tiny_graph.border_index[BRANCH]
    at_border(7, border=BRANCH)  # 5 admitted, 2 left queued
    at_border(4, border=MAIN)  # refused
    at_border(3, border=MAIN, status=Status.SMUGGLED, smuggle_left=1)  # detected
    at_border(2, border=BRANCH, status=Status.SMUGGLED, smuggle_left=1)  # across with a smuggler
    at_border(2, border=BRANCH, status=Status.SMUGGLED, smuggle_left=2)  # still on the way
    borders = border_arrays()
    borders.limit_agents[branch] = 5
    borders.admits[main], borders.p_detect[main] = False, 1.0
    day = cross(borders)
    expected = {"crossings": (0, 5), "refused": (4, 0), "smuggled": (0, 2), "detected": (3, 0), "identified": (0, 0)}
    for name, (at_main, at_branch) in expected.items():
        counts = getattr(day, name)
        assert (counts[main], counts[branch], counts.sum()) == (at_main, at_branch, at_main + at_branch), name
    assert (tiny_migrants.status == Status.QUEUED).sum() == 2


def test_those_further_back_than_their_patience_are_turned_away_and_the_rest_keep_their_place(
    tiny_graph, tiny_migrants, at_border, border_arrays
):
    m, b = tiny_migrants, tiny_graph.border_index[MAIN]
    idx = at_border(10, since=np.arange(10))
    borders = border_arrays()
    borders.limit_agents[b], borders.rate_agents[b] = 2, 2.0
    day = process_borders(m, tiny_graph, np.random.default_rng(0), 12, borders, TRIP_DAYS, patience_days=2.0)
    # two cross today; four more would cross within two days; the last four are turned away
    assert np.all(m.status[idx[:2]] == Status.EN_ROUTE)
    assert np.all(m.status[idx[2:6]] == Status.QUEUED)
    assert np.all(m.status[idx[6:]] == Status.STRANDED) and np.all(m.border[idx[6:]] == b)
    assert day.crossings[b] == 2 and day.refused[b] == 4
