"""The mechanisms validation pointed to: island backlog, the joint statement's capacity, Turkey's
land route after the EU-Turkey statement, claimants moving on (claiming once per country), Greece's
capacity to register claims (raised by the EU-Turkey statement), smugglers' multi-border trips, and
partial registration in 2015 (and North Macedonia's capacity to register)."""

import numpy as np
import pandas as pd
import pytest

from model.enums import Status
from model.graph import COUNTRIES
from model.model import RouteModel
from model.parameters import deep_merge, dotted_to_nested
from runs.runner import simulate, tables
from scenarios.loader import load_scenario


def _run(start: str, end: str, ppa: int = 50, seed: int = 3, **params):
    """The historical scenario over a short period, starting empty (no warm-up: each test isolates one
    mechanism in its window); ``migrants__x=1`` sets ``migrants.x``."""
    overrides = {"start_date": start, "end_date": end, "people_per_agent": ppa, "warm_start_from": None}
    for key, value in params.items():
        overrides = deep_merge(overrides, dotted_to_nested(key.replace("__", "."), value))
    return simulate(load_scenario("historical", overrides), seed)


def _series(frame: pd.DataFrame, key: str, value: str, column: str) -> pd.Series:
    return frame[frame[key] == value].set_index("date")[column]


def _island_departures(model) -> pd.Series:
    """People leaving Mytilene each day: those there yesterday plus today's landings, less those there now."""
    m, island = model.migrants, model.graph.index["Mytilene"]
    there = lambda: int(((m.node[m.active] == island) & (m.edge[m.active] < 0)).sum())  # noqa: E731
    left, before = {}, there()
    while model.running:
        day = model.date
        model.step()
        now = there()
        left[day] = (before + int(model.sea_agents[model.day - 1]) - now) * model.params.people_per_agent
        before = now
    return pd.Series(list(left.values()), index=pd.DatetimeIndex(list(left)))


def test_the_islands_release_no_more_people_a_day_than_they_can_process():
    fixed = {"migrants__island_processing_growth_per_month": 0.0, "migrants__island_processing_per_day": 2000.0}
    overrides = {"start_date": "2015-09-01", "end_date": "2015-10-31", "people_per_agent": 50, "warm_start_from": None}
    for key, value in fixed.items():
        overrides = deep_merge(overrides, dotted_to_nested(key.replace("__", "."), value))
    model = RouteModel(load_scenario("historical", overrides), seed=3)
    departures = _island_departures(model)
    # October's arrivals (about 6,800 a day) exceed the islands' 2,000, so the queue sets the pace
    assert departures["2015-10-01":].max() <= 2000 + 50  # up to one agent's rounding
    assert departures["2015-10-01":].mean() >= 2000 * 0.95
    crossings = _series(tables(model)["borders"], "border", "Idomeni-Gevgelija", "crossings")
    assert crossings["2015-10-08":].mean() <= 2000 * 1.02  # downstream, the border sees no more on average
    unlimited = _run("2015-09-01", "2015-10-31", migrants__island_processing_per_day=20000.0)
    free = _series(tables(unlimited)["borders"], "border", "Idomeni-Gevgelija", "crossings")
    assert free["2015-10-01":].mean() > 1.5 * crossings["2015-10-01":].mean()


def test_the_islands_capacity_grows_from_1_june_2015_whenever_the_run_starts():
    # 1,000 a day on 1 June 2015 plus 1,500 a month is 7,000 by October, above its 6,800 arrivals a day
    grown = {"migrants__island_processing_per_day": 1000.0, "migrants__island_processing_growth_per_month": 1500.0}
    model = _run("2015-10-01", "2015-10-31", **grown)
    crossings = _series(tables(model)["borders"], "border", "Idomeni-Gevgelija", "crossings")
    assert crossings["2015-10-10":].mean() > 5000


def test_the_joint_statement_limits_what_the_route_borders_process():
    model = _run(
        "2016-02-01",
        "2016-03-05",
        borders__joint_statement_capacity_per_day=300.0,
        borders__document_check_capacity_per_day=300.0,
    )
    borders = tables(model)["borders"]
    gevgelija = _series(borders, "border", "Idomeni-Gevgelija", "crossings")
    assert gevgelija[:"2016-02-17"].mean() > 1000  # before: the flow of the winter
    assert gevgelija["2016-02-18":].max() <= 300 + 50  # after: the capacity, up to one agent's rounding
    queue = _series(borders, "border", "Idomeni-Gevgelija", "queue")
    assert queue["2016-03-04"] > 10 * max(queue["2016-02-10"], 1)


def test_document_checks_from_21_february_2016_narrow_north_macedonia_and_serbia_further():
    capacities = {
        "borders__joint_statement_capacity_per_day": 1000.0,
        "borders__document_check_capacity_per_day": 150.0,
    }
    model = _run("2016-02-01", "2016-03-05", **capacities)
    borders = tables(model)["borders"]
    for border in ("Idomeni-Gevgelija", "Tabanovce-Miratovac"):
        crossings = _series(borders, "border", border, "crossings")
        assert crossings["2016-02-18":"2016-02-20"].mean() > 400  # the joint statement's 1,000 a day
        assert crossings["2016-02-21":].max() <= 150 + 50  # the document checks', up to one agent's rounding
    # Croatia's border keeps the joint statement's capacity, but only what Serbia lets through reaches it
    assert _series(borders, "border", "Šid-Tovarnik", "crossings")["2016-02-24":].max() <= 150 + 100


@pytest.mark.parametrize("factor", [0.25, 1.5])
def test_land_arrivals_change_by_the_turkey_factor_from_the_eu_turkey_statement(factor):
    model = _run(
        "2016-03-01", "2016-04-30", ppa=1, turkey_land_route_factor=factor, turkey_land_route_growth_per_month=0.0
    )
    rate = model.params.bulgaria_land_arrivals_per_day
    land = model.land_agents
    statement = model.day_of(pd.Timestamp("2016-03-20").date())
    assert land[:statement].mean() == pytest.approx(rate, abs=1)
    assert land[statement:].mean() == pytest.approx(rate * factor, abs=1)


def test_the_land_route_grows_month_by_month_after_the_statement_when_asked():
    model = _run(
        "2016-03-01", "2016-09-30", ppa=1, turkey_land_route_factor=0.2, turkey_land_route_growth_per_month=0.3
    )
    rate = model.params.bulgaria_land_arrivals_per_day
    land = pd.Series(model.land_agents, index=pd.date_range("2016-03-01", "2016-09-30"))
    april, september = land["2016-04"].mean(), land["2016-09"].mean()
    # mid-April is about 0.85 months after 20 March, mid-September about 5.85
    assert april == pytest.approx(rate * (0.2 + 0.3 * 0.85), rel=0.05)
    assert september == pytest.approx(rate * (0.2 + 0.3 * 5.85), rel=0.05)


def _claimants_in(model, country: str) -> int:
    m = model.migrants
    idx = m.active[m.status[m.active] == Status.ASYLUM]
    return int((model.graph.country_idx[m.node[idx]] == COUNTRIES.index(country)).sum())


def test_claimants_in_transit_countries_move_on_and_those_in_greece_stay():
    staying = _run("2016-01-15", "2016-06-30", migrants__asylum_move_on_per_day=0.0)
    moving = _run("2016-01-15", "2016-06-30", migrants__asylum_move_on_per_day=0.2)
    claims = {
        name: tables(model)["countries"].groupby("country").asylum_claims.sum()
        for name, model in (("staying", staying), ("moving", moving))
    }
    assert claims["staying"]["MK"] > 0
    # without moving on every claim made in North Macedonia is still there; with it, few are
    assert _claimants_in(staying, "MK") * staying.params.people_per_agent == claims["staying"]["MK"]
    assert _claimants_in(moving, "MK") * moving.params.people_per_agent < 0.3 * claims["moving"]["MK"]
    # Greece is a country where claims are pursued: its claimants leave the active set, settled
    greece = COUNTRIES.index("GR")
    assert moving.settled_by_country[greece] > 0


def test_nobody_claims_asylum_twice_in_the_same_country():
    model = _run(
        "2016-01-15",
        "2016-09-30",
        migrants__asylum_move_on_per_day=0.3,
        migrants__asylum_log_odds=-3.0,
        migrants__asylum_log_odds_per_week=1.0,
    )
    m = model.migrants
    claims = tables(model)["countries"].groupby("country").asylum_claims.sum()
    for country in ("MK", "BG"):
        bit = 1 << COUNTRIES.index(country)
        claimants = int(np.count_nonzero(m.claimed_in[: m.n] & bit))
        assert claimants > 20
        # claimants who gave up and were refused again at the next border did not claim there again
        assert claims[country] == claimants * model.params.people_per_agent


def test_greece_registers_no_more_claims_a_day_than_its_asylum_capacity():
    def greek_claims(capacity: float) -> pd.Series:
        model = _run(
            "2015-11-15",
            "2016-01-31",
            ppa=10,
            migrants__asylum_log_odds=-3.0,
            migrants__asylum_log_odds_per_week=1.0,
            migrants__smuggle_log_odds=-7.0,  # so that claiming, not smuggling, is what the refused do
            migrants__greece_asylum_capacity_per_day=capacity,
        )
        return _series(tables(model)["countries"], "country", "GR", "asylum_claims")

    limited, free = greek_claims(100.0), greek_claims(3000.0)
    assert limited.max() <= 100
    assert limited.sum() > 0.5 * 100 * (limited > 0).sum()  # the capacity is used, not just respected
    assert free.max() > 300


def test_greece_registers_more_claims_a_day_from_the_eu_turkey_statement():
    model = _run(
        "2016-03-01",
        "2016-04-15",
        ppa=10,
        migrants__asylum_log_odds=-3.0,
        migrants__asylum_log_odds_per_week=1.0,
        migrants__greece_asylum_capacity_per_day=50.0,
        migrants__greece_asylum_capacity_after_statement_per_day=1500.0,
    )
    claims = _series(tables(model)["countries"], "country", "GR", "asylum_claims")
    claims.index = pd.to_datetime(claims.index)
    statement = pd.Timestamp("2016-03-20")  # the island_containment event of the historical scenario
    assert claims[claims.index < statement].max() <= 50
    assert claims[claims.index >= statement].max() > 200


def _smuggling_by_border(package_borders: int) -> pd.DataFrame:
    model = _run(
        "2016-02-15",
        "2016-04-30",
        ppa=20,
        migrants__smuggle_log_odds=-2.0,
        migrants__smuggle_log_odds_per_week=0.5,
        migrants__daily_spend_eur=0.0,
        migrants__smuggle_package_borders=package_borders,
        **{f"migrants__money_median_eur_{group}": 100_000.0 for group in ("syr", "afg", "irq", "oth")},  # all can pay
    )
    borders = tables(model)["borders"]
    # from the closure on: before it, the document checks' queues also turned people away at these borders
    after = borders[borders.date >= pd.Timestamp("2016-03-09")]
    return after.groupby("border")[["smuggled", "refused"]].sum()


def test_a_smuggling_trip_from_greece_carries_people_on_across_the_serbian_border():
    into_serbia = ["Tabanovce-Miratovac", "Lojane-Miratovac"]
    single, package = _smuggling_by_border(1), _smuggling_by_border(2)
    # those smuggled into North Macedonia are taken on into Serbia (paying that leg), not refused there and stranded
    assert package.smuggled[into_serbia].sum() >= 0.8 * package.smuggled["Idomeni-Gevgelija"]
    # the refusals at the Serbian border the network spares are at least 80 % of those it took into North
    # Macedonia (the rest of the refused there entered before the closure and were never smuggled)
    spared = single.refused[into_serbia].sum() - package.refused[into_serbia].sum()
    assert spared >= 0.8 * package.smuggled["Idomeni-Gevgelija"]
    # without it, most are refused at the Serbian border first and must hire anew
    assert single.refused[into_serbia].sum() > 0.8 * single.smuggled["Idomeni-Gevgelija"]


def test_only_part_of_the_regular_entries_were_registered_before_full_registration():
    model = _run("2015-08-01", "2015-10-31", ppa=10, registration_share_early=0.5)
    c = tables(model)["countries"]
    mk = c[c.country == "MK"].set_index("date")
    regular = mk.entered - mk.smuggled_entries - mk.alone_entries
    early, late = mk.index < "2015-10-01", mk.index >= "2015-10-01"
    share = mk.registered[early].sum() / regular[early].sum()
    assert share == pytest.approx(0.5, abs=0.02)
    assert np.array_equal(mk.registered[late], regular[late].clip(upper=3000))


def test_north_macedonia_registers_no_more_than_its_capacity_and_serbia_registers_everyone():
    model = _run("2015-10-01", "2015-10-31", ppa=10)
    c = tables(model)["countries"]
    mk, rs = (c[c.country == code].set_index("date") for code in ("MK", "RS"))
    capacity = model.params.registration_capacity_per_day["MK"]
    assert mk.registered.max() == capacity
    assert (mk.entered - mk.smuggled_entries - mk.alone_entries).mean() > 1.5 * capacity  # more crossed than registered
    assert np.array_equal(rs.registered, rs.entered - rs.smuggled_entries - rs.alone_entries)


def test_land_arrivals_in_bulgaria_hold_the_fee_of_their_packages_onward_legs():
    def arrived(price):
        model = _run("2015-07-01", "2015-07-02", ppa=10, migrants__land_onward_leg_price_eur=price)
        m = model.migrants
        land = m.node[: m.n] == model.graph.index["Svilengrad"]
        return m.money[: m.n].astype(float), land, model.params.migrants.smuggle_package_borders

    base, land, legs = arrived(0.0)
    paid, land_again, _ = arrived(750.0)
    assert land.any() and (~land).any() and np.array_equal(land, land_again)
    # the same draws: only the land arrivals hold more, by the package's legs after the Turkish border
    np.testing.assert_allclose(paid[land] - base[land], (legs - 1) * 750.0, rtol=1e-5)
    np.testing.assert_array_equal(paid[~land], base[~land])


def _stranded_in(model, country: str) -> int:
    m = model.migrants
    idx = m.active[m.status[m.active] == Status.STRANDED]
    return int((model.graph.country_idx[m.node[idx]] == COUNTRIES.index(country)).sum())


def test_a_police_returns_event_empties_a_country_of_its_stranded_from_its_date_only(tmp_path):
    """North Macedonia holds people stranded at its closed northern border after March 2016; from a
    police_returns event its police take some of them back to Greece each day. Until that date the run
    is the run without the event (no random number is drawn for returns where no country returns)."""
    path = tmp_path / "returns.yaml"
    path.write_text(
        "extends: historical\nevents:\n  - {date: 2016-05-01, type: police_returns, country: MK,"
        " rate_per_day: 0.2, to_node: Polýkastro}\n",
        encoding="utf-8",
    )
    window = {"start_date": "2016-03-01", "end_date": "2016-05-31", "people_per_agent": 50, "warm_start_from": None}
    runs = {}
    for name, ref in (("without", "historical"), ("with", path)):
        model = RouteModel(load_scenario(ref, window), seed=3)
        on_the_eve = None
        while model.running:
            model.step()
            if str(model.date) == "2016-05-01":
                on_the_eve = _stranded_in(model, "MK")
        runs[name] = (on_the_eve, _stranded_in(model, "MK"), tables(model)["countries"])
    assert runs["without"][0] == runs["with"][0] > 20  # identical until the event, with people stranded
    assert runs["with"][1] < 0.2 * runs["without"][1]  # a month at 0.2 a day leaves almost none
    countries = runs["with"][2]
    may = countries[(countries.date >= "2016-05-01") & (countries.country == "GR")].entered.sum()
    may_without = runs["without"][2]
    may_without = may_without[(may_without.date >= "2016-05-01") & (may_without.country == "GR")].entered.sum()
    assert may > may_without  # the returned enter Greece again


@pytest.mark.parametrize("memory", [1.0, 7.0])
def test_the_waiting_list_at_a_capped_border_fades_over_its_memory(memory):
    """700 people turned away from Horgoš's queue one day and none the next: with a memory of one day route
    choice sees 0 on the second day (everyone who left looks gone); with seven days it still sees most of them."""
    window = {"start_date": "2016-09-01", "end_date": "2016-09-05", "people_per_agent": 100, "warm_start_from": None}
    model = RouteModel(
        load_scenario("historical", {**window, "migrants": {"waiting_list_memory_days": memory}}), seed=1
    )
    bp = model.border_point("Horgoš-Röszke")
    bp.waiting = 0.0
    bp.record_day(0, 50, 700, 10, waiting_people=700, irregular_people=0)
    assert bp.waiting == pytest.approx(700 / memory)
    bp.record_day(0, 50, 0, 10, waiting_people=0, irregular_people=0)
    assert bp.waiting == pytest.approx(700 / memory * (1 - 1 / memory))
    assert (bp.waiting == 0) == (memory == 1.0)


@pytest.mark.parametrize("override", [None, 0.5])
def test_an_event_size_given_by_name_reads_assumed_sizes_and_a_run_can_vary_it(tmp_path, override):
    """A size no source records is named in assumed_sizes; the events read it on their day, and an
    override (as ``--set assumed_sizes.NAME=VALUE`` makes) changes what they set."""
    path = tmp_path / "sized.yaml"
    path.write_text(
        "extends: historical\nparameters: {assumed_sizes: {returns: 0.2, guard: 0.8}}\nevents:\n"
        "  - {date: 2016-01-03, type: police_returns, country: MK, rate_per_day: returns, to_node: Polýkastro}\n"
        "  - {date: 2016-01-03, type: border_levels, borders: Kakavia, staffing: guard}\n",
        encoding="utf-8",
    )
    window = {"start_date": "2016-01-01", "end_date": "2016-01-05", "people_per_agent": 200, "warm_start_from": None}
    if override is not None:
        window["assumed_sizes"] = {"returns": override}
    model = RouteModel(load_scenario(path, window), seed=1)
    mk = COUNTRIES.index("MK")
    assert model.police_return_rate[mk] == 0.0
    model.run()
    assert model.police_return_rate[mk] == (0.2 if override is None else override)
    assert model.border_point("Kakavia").staffing == 0.8
