"""The 2017-18 forcing series, read straight from the CSV files (docs/forcing_2017_2018.md).

Sea arrivals on the Greek islands (greece_arrivals_monthly.csv, columns month, arrivals, method,
source_rows), land arrivals over the Evros (greece_land_arrivals_monthly.csv) and arrivals in Bulgaria
from Turkey (bulgaria_land_arrivals_monthly.csv), the last two with columns month, arrivals, derivation,
source. Each annual figure below is the one the series was matched to.
"""

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "model" / "data"
MONTHS = [f"{year}-{month:02d}" for year in (2017, 2018) for month in range(1, 13)]

# file -> (column that says how each figure was derived, column that names its sources)
FILES = {
    "greece_arrivals_monthly.csv": ("method", "source_rows"),
    "greece_land_arrivals_monthly.csv": ("derivation", "source"),
    "bulgaria_land_arrivals_monthly.csv": ("derivation", "source"),
}

SEA_2017 = 29_718  # UNHCR via the Greek Ombudsman collection; cumulative 27,354 to 30 Nov + December 2,364
SEA_2018 = 32_494  # UNHCR Greece sea arrivals dashboard, December 2018
EVROS_2017 = 5_800  # UNHCR: April 2018's 2,900 "equals half the estimated arrivals for 2017"
EVROS_2018 = 15_500  # UNHCR "over 13,700" to 31 Oct + November 750 + December 1,050 (the record's derived row)
BULGARIA_2017 = 2_989  # national apprehensions 2017, Interior Ministry via Xinhua (22 Aug 2018)
BULGARIA_2018 = 2_851  # national apprehensions 2018, Interior Ministry via BGNES (January 2020)


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def series(name: str) -> dict[str, int]:
    return {r["month"]: int(r["arrivals"]) for r in rows(name) if r["month"] in MONTHS}


def year_sum(name: str, year: int) -> int:
    return sum(n for month, n in series(name).items() if month.startswith(str(year)))


@pytest.mark.parametrize("name", FILES)
def test_every_month_of_2017_and_2018_is_there_exactly_once(name):
    months = [r["month"] for r in rows(name)]
    for month in MONTHS:
        assert months.count(month) == 1, f"{name}: {month} appears {months.count(month)} times"
    assert len(months) == len(set(months)), f"{name}: a month appears twice"


@pytest.mark.parametrize("name", FILES)
def test_counts_are_non_negative_integers(name):
    for r in rows(name):
        assert re.fullmatch(r"\d+", r["arrivals"]), f"{name} {r['month']}: {r['arrivals']!r}"


@pytest.mark.parametrize("name", FILES)
def test_every_row_says_how_it_was_derived_and_from_what(name):
    how, source = FILES[name]
    for r in rows(name):
        assert r[how].strip(), f"{name} {r['month']}: no {how}"
        assert r[source].strip(), f"{name} {r['month']}: no {source}"


@pytest.mark.parametrize(("year", "total"), [(2017, SEA_2017), (2018, SEA_2018)])
def test_sea_arrivals_add_up_to_the_annual_figure_within_2_percent(year, total):
    assert year_sum("greece_arrivals_monthly.csv", year) == pytest.approx(total, rel=0.02)


def test_evros_arrivals_add_up_to_the_annual_figures():
    assert year_sum("greece_land_arrivals_monthly.csv", 2017) == pytest.approx(EVROS_2017, rel=0.05)
    assert year_sum("greece_land_arrivals_monthly.csv", 2018) == pytest.approx(EVROS_2018, rel=0.05)


def test_evros_2018_months_keep_unhcrs_cumulative_figures():
    evros = series("greece_land_arrivals_monthly.csv")
    to_end_of = [sum(evros[f"2018-{m:02d}"] for m in range(1, last + 1)) for last in range(13)]
    assert to_end_of[7] == 9_840  # "a total of 9,840 people have crossed into Greece in 2018 so far" (30 Jul)
    assert to_end_of[8] == 10_813  # "over 10,813" (31 Aug)
    assert to_end_of[10] == pytest.approx(13_700, rel=0.01)  # "over 13,700" (31 Oct)


def test_bulgaria_arrivals_add_up_to_the_national_apprehensions():
    assert year_sum("bulgaria_land_arrivals_monthly.csv", 2017) == BULGARIA_2017
    assert year_sum("bulgaria_land_arrivals_monthly.csv", 2018) == BULGARIA_2018


def test_air_arrivals_enter_at_their_airport_with_their_nationality_in_their_period():
    """300 people flown to Belgrade over three days: 100 agents a day land there, all of the named group, none
    outside the period; a bad place is refused with its key."""
    import numpy as np
    import pytest

    from model.enums import Nationality
    from model.model import RouteModel
    from scenarios.loader import ScenarioError, load_scenario

    flights = {"place": "Belgrade", "start": "2016-02-03", "end": "2016-02-05", "people": 300, "nationality": "AFG",
               "source": "test"}  # fmt: skip
    period = {"start_date": "2016-02-01", "end_date": "2016-02-08", "warm_start_from": None, "people_per_agent": 1}
    model = RouteModel(load_scenario("historical", {**period, "air_arrivals": [flights]}), seed=1)
    belgrade, landed = model.graph.index["Belgrade"], []
    for _ in range(8):
        before = model.migrants.n
        model.step()
        here = dict(model.today.arrivals).get(belgrade, 0)
        landed.append(here)
        new = np.arange(before, model.migrants.n)
        at_airport = new[model.migrants.nationality[new] == Nationality.AFG]
        assert at_airport.size >= here
    assert landed == [0, 0, 100, 100, 100, 0, 0, 0]
    with pytest.raises(ScenarioError, match=r"air_arrivals\[0\]\.place: unknown place 'Gotham'"):
        load_scenario("historical", {**period, "air_arrivals": [{**flights, "place": "Gotham"}]})
