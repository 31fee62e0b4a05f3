"""The calibration's error on the figures beyond the corridor: a factor off, on a log scale."""

import math

import pandas as pd
import pytest

from analysis.calibration_trials import BRANCH_FLOOR_PEOPLE, branch_log2_error
from analysis.observations import LOWER, POINT


def _table(rows):
    return pd.DataFrame(rows, columns=["group", "status", "observed", "simulated", "bound"])


def test_the_branch_later_and_added_figures_count_by_the_factor_they_are_off_and_the_corridor_not():
    f = BRANCH_FLOOR_PEOPLE
    table = _table(
        [
            ("branches", "compared", 400 - f, 800 - f, POINT),  # twice: 1
            ("later", "compared", 800 - f, 200 - f, POINT),  # a quarter: 2
            ("added", "compared", 1000 - f, 4000 - f, LOWER),  # above a lower bound: 0
            ("corridor", "compared", 100, 100_000, POINT),  # fitted by the metric, not here
            ("later", "skipped", 100, 0, POINT),
        ]
    )
    assert branch_log2_error(table) == pytest.approx((1 + 2 + 0) / 3)


def test_no_figure_beyond_the_corridor_gives_nan():
    assert math.isnan(branch_log2_error(_table([("corridor", "compared", 1, 2, POINT)])))
