"""Closing a border sends its flow elsewhere within days (policy_timeline.csv; the design's rules)."""

import pandas as pd


def _weekly(borders: pd.DataFrame, names, start: str, days: int = 7, column="crossings") -> float:
    window = borders[(borders.date >= start) & (borders.date < pd.Timestamp(start) + pd.Timedelta(days=days))]
    return float(window[window.border.isin(names)][column].sum())


def test_hungarys_fence_on_the_serbian_border_diverts_flow_to_croatia_within_a_week(historical_tables):
    b = historical_tables["borders"]
    hungary_before = _weekly(b, ["Horgoš-Röszke"], "2015-09-08")
    croatia_before = _weekly(b, ["Šid-Tovarnik", "Berkasovo-Bapska"], "2015-09-08")
    croatia_after = _weekly(b, ["Šid-Tovarnik", "Berkasovo-Bapska"], "2015-09-16")
    hungary_after = _weekly(b, ["Horgoš-Röszke"], "2015-09-16")
    assert croatia_before == 0 and hungary_after == 0
    assert croatia_after >= 0.5 * hungary_before > 0


def test_hungarys_closure_of_the_croatian_border_diverts_flow_to_slovenia_within_a_week(historical_tables):
    b = historical_tables["borders"]
    to_hungary = ["Botovo-Zákány", "Baranjsko Petrovo Selo-Beremend"]
    hungary_before = _weekly(b, to_hungary, "2015-10-09")
    slovenia_after = _weekly(b, ["Harmica-Dobova"], "2015-10-17")
    assert _weekly(b, to_hungary, "2015-10-17") == 0
    assert slovenia_after >= 0.5 * hungary_before > 0


def test_the_march_2016_closure_stops_gevgelija_and_strands_people_in_greece(historical_tables):
    b, c = historical_tables["borders"], historical_tables["countries"]
    before = _weekly(b, ["Idomeni-Gevgelija"], "2016-03-01", days=7)
    after = _weekly(b, ["Idomeni-Gevgelija"], "2016-03-09", days=7)
    assert after <= 0.1 * before and before > 0
    greece = c[c.country == "GR"].set_index("date")["stranded"]
    assert greece["2016-03-16":"2016-03-31"].mean() > 2 * greece["2016-02-15":"2016-03-01"].mean()


def test_smuggling_rises_after_the_closure(historical_tables):
    b = historical_tables["borders"]
    everywhere = b.border.unique()
    before = _weekly(b, everywhere, "2016-02-08", days=30, column="smuggled")
    after = _weekly(b, everywhere, "2016-03-09", days=30, column="smuggled")
    assert after > 1.5 * before


def test_the_branches_carry_more_flow_after_the_closure(historical_tables):
    b = historical_tables["borders"].assign(moved=lambda f: f.crossings + f.smuggled)
    branches = [
        "Kakavia",
        "Kapshticë",
        "Hani i Hotit",
        "Šćepan Polje",
        "Maljevac",
        "Promachonas-Kulata",
        "Kalotina-Gradina",
        "Vrška Čuka",
    ]
    before = _weekly(b, branches, "2015-11-09", days=120, column="moved")
    after = _weekly(b, branches, "2016-03-09", days=120, column="moved")
    assert after > before
