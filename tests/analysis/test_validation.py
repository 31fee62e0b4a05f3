"""Validation against the record: each observation is matched to the simulated quantity over the same days.

Synthetic runs with constant daily flows make every expected value a multiplication: run "slow" lets
10 people a day into Serbia (1 of them smuggled), run "fast" 20 (1 smuggled), both over June 2015.
"""

import argparse
import json

import numpy as np
import pandas as pd
import pytest

from analysis.observations import read_observations
from analysis.validation import averaged_relative_difference, validate
from cli import validate as cli_validate
from runs import plan_runs, run_batch

DATES = pd.date_range("2015-06-01", "2015-06-30")
RATE = {"slow": 10, "fast": 20}  # people entering Serbia per day
SMUGGLED_PER_DAY = 1
TRANSIT_HEADER = "country,period_start,period_end,value,measure,confidence,note,source\n"
POST_HEADER = "date,location,metric,value,confidence,note,source\n"


def _synthetic_tables() -> dict[str, pd.DataFrame]:
    countries, borders, statuses = [], [], []
    for run, rate in RATE.items():
        for day, date in enumerate(DATES):
            common = {"run_id": run, "scenario": "historical", "seed": 0, "date": date}
            for code, present in (("RS", 1000 + 100 * day), ("GR", 5000 - 10 * day)):
                countries.append(
                    {
                        **common,
                        "country": code,
                        "entered": rate if code == "RS" else 0,
                        "exited": 0,
                        "present": present * (2 if run == "fast" else 1),
                        "stranded": 0,
                        "asylum_claims": 0,
                        "smuggled_entries": SMUGGLED_PER_DAY if code == "RS" else 0,
                        "registered": rate - SMUGGLED_PER_DAY if code == "RS" else 0,
                    }
                )
            borders.append({**common, "border": "Idomeni-Gevgelija", "crossings": rate + day, "queue": 0})
            statuses.append({**common, "returned": day})
    summary = pd.DataFrame({"run_id": list(RATE), "scenario": "historical", "point": ""})
    return {
        "countries": pd.DataFrame(countries),
        "borders": pd.DataFrame(borders),
        "statuses": pd.DataFrame(statuses),
        "summary": summary,
    }


def _write_sources(folder, transit_rows: list[str], post_rows: list[str]):
    (folder / "transit_by_country.csv").write_text(TRANSIT_HEADER + "\n".join(transit_rows) + "\n")
    (folder / "post_closure.csv").write_text(POST_HEADER + "\n".join(post_rows) + "\n")
    return read_observations(folder)


@pytest.fixture
def checked(tmp_path):
    observations = _write_sources(
        tmp_path,
        [
            "Serbia,2015-06-05,2015-06-14,150,monthly_arrivals,high,,s",  # 1: a period total
            "Serbia,2015-01-01,2015-06-10,5000,cumulative_intent_to_seek_asylum,high,,s",  # 2: base
            "Serbia,2015-01-01,2015-06-20,5300,cumulative_registered,high,,s",  # 3: increment over 11-20 Jun
            "North Macedonia,2015-06-07,2015-06-07,40,daily_crossings_GR_to_MK,high,,s",  # 4: one day
            "Hungary,2015-01-01,2015-06-25,9000,intercepted_from_Serbia_approx,low,,s",  # 5: no base
            "Serbia,2015-07-01,2015-07-31,100,monthly_arrivals,high,,s",  # 6: after the run
            "Serbia,2015-06-19,,100,cumulative_certificates,low,,s",  # 7: end date unknown
        ],
        [
            "2015-06-10,Serbia,present_in_country,2000,high,,s",  # 1
            "2015-06-10,Greece,remaining_in_camps,6000,high,,s",  # 2: same date, another place
            "2015-06-20,Serbia,present_in_country,4000,high,,s",  # 3
            "2015-06-30,Greece->Turkey,readmitted_total,29,high,,s",  # 4: a cumulative level
            "2015-06-15,Evzoni (GR),smuggling_price_EUR,700,medium,,s",  # 5: a price, not in these tables
        ],
    )
    table, metrics = validate(_synthetic_tables(), observations)
    return table.set_index(["source_file", "row"]), metrics


def _row(checked, file, row):
    return checked[0].loc[(file, row)]


def test_a_period_total_is_compared_with_the_days_of_its_period_summed_inclusively(checked):
    row = _row(checked, "transit_by_country.csv", 1)
    assert row.status == "compared" and row.period == "2015-06-05..2015-06-14"
    assert row.simulated_min == 10 * RATE["slow"] and row.simulated_max == 10 * RATE["fast"]
    assert row.simulated == pytest.approx(150)
    assert row.relative_error == pytest.approx(0)


def test_a_cumulative_count_begun_before_the_run_is_compared_as_an_increment_inside_it(checked):
    base = _row(checked, "transit_by_country.csv", 2)
    later = _row(checked, "transit_by_country.csv", 3)
    assert base.status == "skipped" and "base of the increment" in base.reason
    assert later.status == "compared" and later.period == "2015-06-11..2015-06-20"
    assert later.observed == 300 and later.observed_as_recorded == 5300
    # registrations are compared with the model's registered column (regular entries here)
    registered = [10 * (RATE[r] - SMUGGLED_PER_DAY) for r in ("slow", "fast")]
    assert (later.simulated_min, later.simulated_max) == tuple(registered)
    assert later.relative_error == pytest.approx(abs(np.mean(registered) - 300) / 300)


def test_a_cumulative_count_with_no_earlier_figure_inside_the_run_is_skipped(checked):
    row = _row(checked, "transit_by_country.csv", 5)
    assert row.status == "skipped" and "before the run starts" in row.reason
    assert np.isnan(row.simulated)


def test_a_daily_figure_reads_its_own_day_only(checked):
    row = _row(checked, "transit_by_country.csv", 4)
    day = 6  # 7 June
    assert (row.simulated_min, row.simulated_max) == (RATE["slow"] + day, RATE["fast"] + day)


def test_people_present_are_read_on_the_date_not_summed(checked):
    row = _row(checked, "post_closure.csv", 1)
    assert (row.simulated_min, row.simulated_max) == (1900, 3800)
    returned = _row(checked, "post_closure.csv", 4)
    assert returned.simulated == 29 and returned.relative_error == 0


def test_figures_outside_the_run_without_an_end_or_not_produced_by_the_model_are_skipped_with_a_reason(checked):
    assert "outside the run" in _row(checked, "transit_by_country.csv", 6).reason
    assert "end date not given" in _row(checked, "transit_by_country.csv", 7).reason
    # a price is the market's output now, which runs written before it lack
    assert "have no borders.smuggling_price_eur" in _row(checked, "post_closure.csv", 5).reason
    skipped = checked[0][checked[0].status == "skipped"]
    assert skipped.simulated.isna().all() and (skipped.reason.str.len() > 0).all()


def test_the_mean_relative_error_averages_the_compared_rows_and_its_spread_covers_each_replicate(checked):
    table, metrics = checked
    compared = table[table.status == "compared"]
    assert metrics["compared"] == len(compared) == 7
    assert metrics["mean_relative_error"] == pytest.approx(compared.relative_error.mean())
    spread = metrics["mean_relative_error_by_replicate"]
    assert spread["n"] == 2 and spread["min"] < spread["mean"] < spread["max"]


def test_the_averaged_relative_difference_pools_the_places_of_a_date_before_averaging_over_dates(checked):
    # 10 Jun: Serbia 2000 observed vs 2850 simulated (mean of 1900, 3800), Greece 6000 vs 7365
    # (mean of 4910, 9820); 20 Jun: Serbia 4000 vs 4350 (mean of 2900, 5800)
    expected = np.mean([(850 + 1365) / (2000 + 6000), 350 / 4000])
    assert checked[1]["averaged_relative_difference"] == pytest.approx(expected)
    assert checked[1]["averaged_relative_difference_dates"] == ["2015-06-10", "2015-06-20"]
    # pooling differs from averaging the places' own relative errors
    assert averaged_relative_difference(["d", "d"], [150, 250], [100, 300]) == pytest.approx(0.25)


def test_validate_command_writes_one_row_per_recorded_figure_with_metrics_and_plots(tmp_path):
    runs = plan_runs(
        ["historical"],
        replicates=2,
        overrides={"people_per_agent": 1000, "start_date": "2015-06-01", "end_date": "2016-04-30"},
    )
    run_batch(runs, tmp_path / "batch", workers=1, progress=False)
    parser = argparse.ArgumentParser()
    cli_validate.add_arguments(parser)
    assert cli_validate.main(parser.parse_args([str(tmp_path / "batch")])) == 0
    out = tmp_path / "batch" / "validation"
    table = pd.read_csv(out / "observations.csv")
    assert len(table) == len(read_observations())
    stated = ["source_file", "country_or_place", "measure", "period", "observed", "simulated", "relative_error"]
    assert [c for c in table.columns if c in stated] == stated and {"status", "reason"} <= set(table.columns)
    compared = table[table.status == "compared"]
    assert len(compared) > 10 and compared.simulated.notna().all()
    assert (table[table.period.fillna("").str.startswith("2016-12")].status == "skipped").all()
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["replicates"] == 2 and metrics["mean_relative_error"] > 0
    assert (out / "plots" / "observed_vs_simulated_over_time.png").stat().st_size > 10_000


def test_a_figure_quoted_as_a_bound_is_in_error_only_on_its_wrong_side(tmp_path):
    observations = _write_sources(
        tmp_path,
        [
            'Serbia,2015-06-05,2015-06-14,100,monthly_arrivals,high,"""over 100"" (s)",s',  # 1: 150 is over
            'Serbia,2015-06-05,2015-06-14,200,monthly_arrivals,high,"""more than 200""",s',  # 2: 150 falls short
            'Serbia,2015-01-01,2015-06-10,5000,cumulative_registered,high,"""over 5,000""",s',  # 3: base
            "Serbia,2015-01-01,2015-06-20,5300,cumulative_registered,high,,s",  # 4: at most 300 since
        ],
        [
            '2015-06-10,Serbia,present_in_country,1000,high,"""up to 1,000 people""",s',  # 1: 2850 is over
            '2015-06-20,Serbia,present_in_country,5000,high,"""up to 5,000""",s',  # 2: 4350 is within
        ],
    )
    table, metrics = validate(_synthetic_tables(), observations)
    table = table.set_index(["source_file", "row"])
    expected = {
        ("transit_by_country.csv", 1): ("lower", 0.0, 0.5),
        ("transit_by_country.csv", 2): ("lower", 0.25, 0.25),
        # over 5,000 by 10 Jun and 5,300 by 20 Jun: at most 300 in between; 140 registered is within
        ("transit_by_country.csv", 4): ("upper", 0.0, 160 / 300),
        ("post_closure.csv", 1): ("upper", 1.85, 1.85),
        ("post_closure.csv", 2): ("upper", 0.0, 0.13),
    }
    for key, (bound, error, as_point) in expected.items():
        row = table.loc[key]
        assert (row.bound, row.status) == (bound, "compared")
        assert row.relative_error == pytest.approx(error)
        assert row.relative_error_as_point == pytest.approx(as_point)
    assert metrics["mean_relative_error"] == pytest.approx(np.mean([e for _, e, _ in expected.values()]))
    assert metrics["mean_relative_error_as_points"] == pytest.approx(np.mean([p for *_, p in expected.values()]))


def test_the_scatter_draws_a_mean_a_last_bit_below_its_identical_runs(tmp_path):
    from analysis.validation_plots import plot_scatter

    exact = 117.490494
    table = pd.DataFrame(
        {
            "status": ["forcing_check", "compared"], "observed": [120.0, 50.0],
            "simulated": [np.nextafter(exact, 0), 40.0], "simulated_min": [exact, 30.0],
            "simulated_max": [exact, 45.0], "bound": ["", ""], "observed_low": [np.nan, np.nan],
            "observed_high": [np.nan, np.nan], "relative_error": [np.nan, 0.2],
            "country_or_place": ["Greece", "Serbia"], "measure": ["sea_arrivals_daily", "present"],
            "period": ["2016-01-01", "2016-07-28"],
        }
    )  # fmt: skip
    assert plot_scatter(table, tmp_path).is_file()
