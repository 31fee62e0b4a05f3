"""Validation of the branch countries, the later counts and smuggling prices (branches_2016_2018.csv).

Two synthetic runs over the first quarter of 2016 with constant daily numbers make each expected
value a multiplication: detections at each border point, asylum claims in Albania (1 a day in run
"slow", 2 in "fast"), entries, and a price per leg that only changes at Kalotina-Gradina.
"""

import numpy as np
import pandas as pd
import pytest

from analysis.observation_rules import border_points
from analysis.observations import FIT_LIMIT, fitted_observations, read_observations
from analysis.price_routes import ROUTES
from analysis.validation import published, validate
from model.graph_data import border_names

DATES = pd.date_range("2016-01-01", "2016-03-31")
RUNS = {"slow": 1, "fast": 2}  # asylum claims in Albania a day
DETECTED = {"Kakavia": 2, "Hani i Hotit": 1, "Morinë": 1, "Šćepan Polje": 4, "Idomeni-Gevgelija": 100}
PRICE = {
    "Idomeni-Gevgelija": 300,
    "Tabanovce-Miratovac": 250,
    "Lojane-Miratovac": 200,
    "Horgoš-Röszke": 500,
    "Vrška Čuka": 700,
}
KALOTINA_CHEAPER_FROM = pd.Timestamp("2016-02-15")  # 600 EUR before, 400 from then
BRANCHES_HEADER = "country,place,period_start,period_end,measure,value,confidence,quote,source\n"
BRANCH_ROWS = [
    "Albania,national,2016-01-01,2016-01-31,apprehended,100,high,q,s",  # 1
    "Albania,national,2016-01-01,2016-01-31,asylum_applications,45,high,q,s",  # 2
    "Bosnia and Herzegovina,border police,2016-02-01,2016-02-29,apprehended,58,high,q,s",  # 3
    "Montenegro,national,2016-01-01,2016-01-10,registered_arrivals,100,high,q,s",  # 4
    "Kosovo,national,2016-01-01,2016-03-31,asylum_applications,10,high,q,s",  # 5
    "Albania,national,2016-01-01,2016-01-31,apprehended,100-150,high,q,s",  # 6: a range
    "Greece,Greece->Serbia via North Macedonia,2016-01-10,2016-01-10,smuggling_price_eur,450,medium,q,s",  # 7
    "Bulgaria,Bulgaria->Serbia,2016-02-01,2016-02-29,smuggling_price_eur,600-900,medium,q,s",  # 8
    "Regional,Turkey/Greece->EU (whole way),2016-01-01,2016-01-31,smuggling_price_eur,2000-5000,medium,q,s",  # 9
    "Turkey,Turkey->Greece,2016-03-01,2016-03-31,smuggling_price_usd,600-700,medium,q,s",  # 10
    "Serbia,national,2016-03-31,2016-03-31,present,1000,high,q,s",  # 11: later
    "Albania,Greek-Albanian border,2016-02-01,2016-02-01,event,a label,high,q,s",  # 12
    "Montenegro,national,2018-01-01,2018-12-31,asylum_applications,5000,high,q,s",  # 13: after the run
]


def _tables() -> dict[str, pd.DataFrame]:
    countries, borders, statuses = [], [], []
    for run, claims in RUNS.items():
        for date in DATES:
            common = {"run_id": run, "scenario": "historical", "seed": 0, "date": date}
            for code in ("AL", "ME", "BA", "XK", "RS"):
                countries.append(
                    {
                        **common,
                        "country": code,
                        "entered": 10 if code == "ME" else 0,
                        "present": 900 if code == "RS" else 0,
                        "asylum_claims": claims if code == "AL" else 0,
                    }
                )
            for border in sorted(set(DETECTED) | set(PRICE) | {"Kalotina-Gradina"}):
                price = PRICE.get(border, 600 if date < KALOTINA_CHEAPER_FROM else 400)
                borders.append(
                    {**common, "border": border, "detected": DETECTED.get(border, 0), "smuggling_price_eur": price}
                )
            statuses.append({**common, "returned": 0})
    return {"countries": pd.DataFrame(countries), "borders": pd.DataFrame(borders), "statuses": pd.DataFrame(statuses)}


def _sources(folder, branch_rows, transit_rows=()):
    (folder / "transit_by_country.csv").write_text(
        "country,period_start,period_end,value,measure,confidence,note,source\n"
        + "".join(f"{r}\n" for r in transit_rows)
    )
    (folder / "post_closure.csv").write_text("date,location,metric,value,confidence,note,source\n")
    (folder / "branches_2016_2018.csv").write_text(BRANCHES_HEADER + "\n".join(branch_rows) + "\n")
    return read_observations(folder)


@pytest.fixture
def checked(tmp_path):
    corridor = ["Serbia,2016-01-01,2016-01-31,1,monthly_arrivals,high,,s"]  # nobody enters Serbia: error 1
    table, metrics = validate(_tables(), _sources(tmp_path, BRANCH_ROWS, corridor))
    return table.set_index(["source_file", "row"]), metrics


def _row(checked, row):
    return checked[0].loc[("branches_2016_2018.csv", row)]


def test_albanias_apprehensions_are_the_detections_at_its_five_border_points_either_way(checked):
    assert set(border_points("AL")) == {"Kakavia", "Kapshticë", "Hani i Hotit", "Muriqan-Sukobin", "Morinë"}
    row = _row(checked, 1)
    assert row.status == "compared" and row.group == "branches"
    # Kakavia 2 + Hani i Hotit 1 + Morinë 1 a day in January; Šćepan Polje and Idomeni are not Albania's
    assert row.simulated == 4 * 31
    assert row.relative_error == pytest.approx(0.24)


def test_bosnias_apprehensions_are_the_detections_at_its_three_border_points(checked):
    assert set(border_points("BA")) == {"Šćepan Polje", "Sremska Rača", "Maljevac"}
    row = _row(checked, 3)
    assert row.simulated == 4 * 29 and row.relative_error == pytest.approx(1.0)


def test_asylum_applications_are_the_claims_in_the_country_and_entries_are_all_entries(checked):
    row = _row(checked, 2)
    assert (row.simulated_min, row.simulated_max) == (31, 62)
    assert row.relative_error == pytest.approx(abs(46.5 - 45) / 45)
    assert _row(checked, 4).simulated == 10 * 10
    kosovo = _row(checked, 5)
    assert kosovo.simulated == 0 and kosovo.relative_error == 1


def test_a_range_is_no_error_inside_and_the_distance_to_its_nearer_end_outside(checked):
    inside = _row(checked, 6)
    assert (inside.bound, inside.observed_low, inside.observed_high, inside.observed) == ("range", 100, 150, 125)
    assert inside.relative_error == 0
    assert inside.relative_error_as_point == pytest.approx(1 / 125)  # 124 against the midpoint
    below = _row(checked, 8)  # a price averaged to 496.55 against 600-900
    assert below.relative_error == pytest.approx((600 - 14400 / 29) / 600)


def test_a_route_price_sums_its_legs_taking_the_cheapest_point_of_each_leg_that_day(checked):
    row = _row(checked, 7)
    assert row.group == "prices" and row.kind == "mean"
    assert row.simulated == 300 + 200  # Idomeni-Gevgelija and, of the two MK->RS points, Lojane
    assert row.relative_error == pytest.approx(50 / 450)
    # Kalotina-Gradina (cheaper than Vrška Čuka all along) costs 600 for 14 February days and 400 for 15
    assert _row(checked, 8).simulated == pytest.approx((600 * 14 + 400 * 15) / 29)


def test_a_whole_way_price_with_the_sea_crossing_bounds_the_land_legs_from_above(checked):
    row = _row(checked, 9)
    assert (row.bound, row.observed) == ("upper", 5000)
    assert row.simulated == 300 + 200 + 500 and row.relative_error == 0


def test_events_foreign_currencies_and_later_years_are_skipped_with_a_reason(checked):
    assert _row(checked, 12).reason == "a dated event, an input"
    assert "not converted" in _row(checked, 10).reason
    assert "outside the run" in _row(checked, 13).reason
    assert _row(checked, 11).group == "later" and _row(checked, 11).simulated == 900


def test_the_top_level_metrics_are_the_corridors_and_each_group_has_its_own(checked):
    table, metrics = checked
    assert metrics["compared"] == 1 and metrics["mean_relative_error"] == 1.0  # the corridor's one row
    branches = metrics["groups"]["branches"]
    errors = [0.24, abs(46.5 - 45) / 45, 1.0, 0.0, 1.0, 0.0]  # rows 1-6
    assert branches["compared"] == 6 and branches["mean_relative_error"] == pytest.approx(np.mean(errors))
    # within a factor of 2: rows 1-4 and 6 (row 3's 116 against 58 is exactly twice); not Kosovo's 0 against 10
    assert branches["within_factor_2"] == 5
    prices = metrics["groups"]["prices"]
    assert (prices["compared"], prices["skipped"], prices["within_factor_2"]) == (3, 1, 3)
    assert metrics["groups"]["later"]["compared"] == 1
    assert set(published(table.reset_index()).group) == {"corridor", "branches", "later", "prices"}


def test_prices_are_skipped_for_runs_written_before_the_market_and_crossing_alone_counts_zero(tmp_path):
    tables = _tables()
    borders = tables["borders"].drop(columns="smuggling_price_eur")
    tables["borders"] = borders.assign(smuggled=np.where(borders.border == "Kalotina-Gradina", 3, 0))
    rows = [BRANCH_ROWS[6], "Serbia,national,2016-03-01,2016-03-31,irregular_entries_daily,300,medium,q,s"]
    table, _ = validate(tables, _sources(tmp_path, rows))
    price, irregular = table.iloc[0], table.iloc[1]
    assert price.status == "skipped" and "no borders.smuggling_price_eur" in price.reason
    # smuggled or alone into Serbia, a day: no crossed_alone column, so the smuggled alone
    assert irregular.status == "compared" and irregular.simulated == 3


def test_calibration_fits_only_observations_ending_by_its_date_and_never_after_2017():
    obs = read_observations()
    assert (obs.period_end > FIT_LIMIT).any()  # the file has 2018 counts
    fitted = fitted_observations(obs)
    assert not (fitted.period_end > pd.Timestamp("2017-12-31")).any()
    assert (fitted.period_end.dt.year == 2017).any()
    early = fitted_observations(obs, "2016-06-30")
    assert early.period_end.max() <= pd.Timestamp("2016-06-30") < fitted.period_end.max()
    assert len(fitted_observations(obs, "2030-01-01")) == len(fitted)
    assert fitted.period_end.isna().sum() == obs.period_end.isna().sum()  # undated rows stay (skipped later)


def test_every_bundled_row_has_a_group_and_a_rule_or_a_reason():
    from analysis.observations import classify

    table = classify(read_observations())
    branch_file = table[table.source_file == "branches_2016_2018.csv"]
    assert len(branch_file) == 242 and (table.reason.str.len() > 0).all()
    assert (branch_file[branch_file.measure == "event"].reason == "a dated event, an input").all()
    groups = branch_file.groupby("group").size()
    assert set(groups.index) == {"branches", "later", "prices"}
    assert (table[table.source_file != "branches_2016_2018.csv"].group != "branches").all()
    assert set(table[table.measure.str.startswith("smuggling_price")].group) == {"prices"}
    albania = branch_file[(branch_file.country_or_place == "Albania") & (branch_file.measure == "apprehended")]
    assert albania.status.eq("compared").all() and albania.rule.iloc[0].terms[0].column == "detected"


def test_every_price_route_crosses_border_points_the_model_has():
    for place, route in ROUTES.items():
        for leg in route.legs:
            assert leg and set(leg) <= border_names(), place


def test_a_file_of_further_figures_is_compared_in_its_own_group_and_never_fitted(tmp_path):
    """``validate --observations FILE``: a user's figures (here two of 2016 and none of the bundled kind)
    are compared by the same rules as the bundled rows, in group 'given'; their metrics are their own and
    calibration never reads them. A file without a needed column is refused with its name and the column."""
    from analysis.calibration_trials import branch_log2_error
    from analysis.validation import read_sources

    _sources(tmp_path, [])
    given = tmp_path / "my_figures.csv"
    given.write_text(
        "country,place,period_start,period_end,measure,value\n"
        "Montenegro,national,2016-01-01,2016-01-10,registered_arrivals,50\n"  # 10 a day for 10 days: 100
        "Albania,national,2016-01-01,2016-01-31,asylum_applications,31\n",  # 1 or 2 a day: 31 or 62
        encoding="utf-8",
    )
    observations = read_sources(tmp_path, (given,))
    table, metrics = validate(_tables(), observations)
    mine = table[table.source_file == "given:my_figures.csv"].set_index("row")
    assert list(mine.group) == ["given", "given"] and list(mine.status) == ["compared", "compared"]
    assert mine.loc[1, "simulated"] == pytest.approx(100)
    assert mine.loc[2, "simulated"] == pytest.approx((31 + 62) / 2)
    assert metrics["groups"]["given"]["compared"] == 2
    assert np.isnan(branch_log2_error(table[table.group == "given"]))  # not in calibration's score

    bad = tmp_path / "bad.csv"
    bad.write_text("country,place,period_start,measure,value\nAlbania,national,2016-01-01,apprehended,5\n")
    with pytest.raises(ValueError, match=r"--observations .*bad.csv: no column 'period_end'"):
        read_sources(tmp_path, (bad,))
    garbled = tmp_path / "garbled.csv"
    garbled.write_bytes(b"country,place\n\xff\xfe\x00,\x81\n")
    with pytest.raises(ValueError, match=r"--observations .*garbled.csv: not a readable CSV"):
        read_sources(tmp_path, (garbled,))
    with pytest.raises(FileNotFoundError, match="--observations .*nowhere.csv: no such file"):
        read_sources(tmp_path, (tmp_path / "nowhere.csv",))
