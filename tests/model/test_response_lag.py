"""When the flow 'reaches' a mission's country (model.summary.flow_triggers): the first week its entries
pass the threshold after staying below it, and again after each major shift, with exact days."""

import numpy as np

from model.summary import flow_triggers

THRESHOLD, QUIET = 1000.0, 28


def _weekly(*spans):
    """Weekly entries over 200 days: ``(first, last, value)`` spans, 0 elsewhere."""
    weekly = np.zeros(200)
    for first, last, value in spans:
        weekly[first : last + 1] = value
    return weekly


def test_the_first_week_over_the_threshold_after_a_quiet_start_is_the_trigger():
    assert flow_triggers(_weekly((40, 120, 1500)), THRESHOLD, QUIET) == [40]


def test_a_flow_already_over_the_threshold_on_the_first_days_is_no_trigger():
    assert flow_triggers(_weekly((0, 199, 5000)), THRESHOLD, QUIET) == []
    assert flow_triggers(_weekly((3, 199, 5000)), THRESHOLD, QUIET) == []  # not a full week measured yet


def test_a_new_episode_starts_only_after_the_flow_stayed_below_for_the_quiet_days():
    brief_dip = _weekly((40, 80, 1500), (90, 150, 1500))  # 9 days below: the same episode
    long_dip = _weekly((40, 80, 1500), (120, 150, 1500))  # 39 days below: a new shift
    assert flow_triggers(brief_dip, THRESHOLD, QUIET) == [40]
    assert flow_triggers(long_dip, THRESHOLD, QUIET) == [40, 120]


def test_a_flow_that_never_reaches_the_threshold_has_no_episode():
    assert flow_triggers(_weekly((10, 199, 999.0)), THRESHOLD, QUIET) == []
