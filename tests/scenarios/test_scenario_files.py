"""Scenario files load into validated scenarios; mistakes get one clear error naming file and key."""

import pytest

from scenarios.loader import ScenarioError, load_scenario, parse_set, scenario_names


def _write(tmp_path, text, name="s.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_historical_scenario_loads_with_the_recorded_events():
    scenario = load_scenario("historical")
    assert "historical" in scenario_names()
    assert str(scenario.parameters.start_date) == "2015-06-01" and str(scenario.parameters.end_date) == "2016-12-31"
    closures = [e for e in scenario.events if e.type == "border_policy" and e.policy == "closed"]
    assert {str(e.date) for e in closures} >= {"2015-09-15", "2015-10-17", "2016-03-09"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("parameters: {migrants: {walk_speed: 3}}", "parameters.migrants.walk_speed: Extra inputs"),
        ("parameters: {migrants: {speed_walk_km_per_day: fast}}", "parameters.migrants.speed_walk_km_per_day"),
        ("parameters: {people_per_agent: 0}", "parameters.people_per_agent: Input should be greater than"),
        (
            "events: [{date: 2015-09-15, type: border_policy, borders: Nowhere, policy: closed}]",
            "unknown border 'Nowhere'",
        ),
        (
            "events: [{date: 2014-01-01, type: border_policy, borders: Horgoš-Röszke, policy: closed}]",
            "outside the simulated days",
        ),
        ("events: [{date: 2015-09-15, type: border_policy, borders: Horgoš-Röszke, policy: ajar}]", "events[0].policy"),
        (
            "events: [{date: 2015-09-15, type: border_policy, borders: Horgoš-Röszke, policy: filter}]",
            "needs 'allowed'",
        ),
        ("events: [{date: 2015-09-15, type: teleport}]", "events[0]"),
        ("period: {start: 2016-01-01, end: 2015-12-01}", "must be after start_date"),
        (
            "parameters: {registration_capacity_per_day: {Macedonia: 3000}}",
            "registration_capacity_per_day: 'Macedonia'",
        ),
        ("colour: blue", "unknown key 'colour'"),
        ("parameters: {people_per_agent: 100, people_per_agent: 200}", "duplicate key 'people_per_agent'"),
        ("name: ../../escaped", "name: expected 1 to 64 letters, digits"),
        ("name: ''", "name: expected 1 to 64 letters, digits"),
        ("period: {end: 2019-01-31}", "period.end: 2019-01-31 is outside the recorded arrivals"),
        ("parameters: {borders: {detect_intercept: -800}}", "detect_intercept: Input should be greater than or equal"),
        ("parameters: {registration_capacity_per_day: {MK: 1e300}}", "a capacity of 0 to 1,000,000"),
        (
            "events: [{date: 2015-09-15, type: border_policy, borders: Horgoš-Röszke, policy: closed},"
            " {date: 2015-09-15, type: border_policy, borders: [Šid-Tovarnik, Horgoš-Röszke], policy: open}]",
            "sets policy of Horgoš-Röszke to ('open', None, None), but events.0 sets it to ('closed'",
        ),
        ("parameters: {migrants: {police_return_to: {AL: Atlantis}}}", "police_return_to.AL: unknown place 'Atlantis'"),
        ("parameters: {migrants: {police_return_per_day: {ME: 0.1}}}", "police_return_per_day.ME: no place"),
        ("parameters: {migrants: {police_return_per_day: {AL: 2}}}", "expected a probability from 0 to 1"),
        (
            "events: [{date: 2016-01-01, type: police_returns, country: XX, rate_per_day: 0.1, to_node: Šid}]",
            "country: unknown code 'XX'",
        ),
        (
            "events: [{date: 2016-01-01, type: police_returns, country: HR, rate_per_day: 0.1, to_node: Zagreb}]",
            "to_node: 'Zagreb' is in HR itself",
        ),
        (
            "events: [{date: 2016-01-01, type: police_returns, country: HR, rate_per_day: 3, to_node: Šid}]",
            "rate_per_day.constrained-float: Input should be less than or equal to 1 (got 3)",
        ),
        (
            "events: [{date: 2016-01-01, type: police_returns, country: HR, rate_per_day: often, to_node: Šid}]",
            "rate_per_day: 'often' is not in assumed_sizes (known: none)",
        ),
        ("parameters: {assumed_sizes: {a: 1.5}}", "assumed_sizes.a: 1.5; expected a level or a probability"),
        ("[1, 2]", "expected a mapping"),
        ("parameters: {migrants: [1]", "not valid YAML"),
        ("extends: nowhere", "unknown scenario 'nowhere'"),
    ],
)
def test_a_bad_file_gets_an_error_naming_the_file_and_the_key(tmp_path, text, expected):
    path = _write(tmp_path, text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_an_unknown_scenario_name_lists_the_known_ones():
    with pytest.raises(ScenarioError, match="unknown scenario 'atlantis'.*historical"):
        load_scenario("atlantis")


def test_extends_keeps_the_base_and_changes_only_what_differs(tmp_path):
    path = _write(
        tmp_path,
        """
name: pricey
extends: historical
parameters: {migrants: {smuggler_price_eur: 900}}
drop_events: [{date: 2016-03-09, type: border_policy}]
""",
    )
    scenario = load_scenario(path)
    base = load_scenario("historical")
    assert scenario.parameters.migrants.smuggler_price_eur == 900
    assert scenario.parameters.migrants.speed_walk_km_per_day == base.parameters.migrants.speed_walk_km_per_day
    # every border_policy event of 9 March 2016 goes: the closure and Hungary's transit-zone cap
    dropped = [e for e in base.events if str(e.date) == "2016-03-09" and e.type == "border_policy"]
    assert len(dropped) == 2 and len(scenario.events) == len(base.events) - len(dropped)
    assert not any(str(e.date) == "2016-03-09" for e in scenario.events)


def test_set_overrides_are_validated_like_the_file():
    overrides = parse_set(["migrants.smuggler_price_eur=800", "people_per_agent=10"])
    assert load_scenario("historical", overrides).parameters.migrants.smuggler_price_eur == 800
    with pytest.raises(ScenarioError, match="migrants.smuggler_price_eur"):
        load_scenario("historical", parse_set(["migrants.smuggler_price_eur=-1"]))
    with pytest.raises(ScenarioError, match="expected key.path=value"):
        parse_set(["nonsense"])


def test_a_shorter_period_keeps_only_the_events_inside_it_and_its_warm_up():
    scenario = load_scenario("historical", {"start_date": "2015-09-01", "end_date": "2015-12-31"})
    dates = [str(e.date) for e in scenario.events]
    assert dates and all("2015-01-01" <= d <= "2015-12-31" for d in dates)
    assert any(d < "2015-09-01" for d in dates)  # the warm-up's events are kept: they shape the start
    cold = load_scenario("historical", {"start_date": "2015-09-01", "end_date": "2015-12-31", "warm_start_from": None})
    assert cold.events and all("2015-09-01" <= str(e.date) <= "2015-12-31" for e in cold.events)


def test_a_file_that_extends_another_with_a_shorter_period_keeps_the_events_inside_it(tmp_path):
    text = "extends: historical\nperiod: {start: 2015-08-15, end: 2015-12-31}\nparameters: {warm_start_from: null}\n"
    scenario = load_scenario(_write(tmp_path, text))
    assert scenario.events and all("2015-08-15" <= str(e.date) <= "2015-12-31" for e in scenario.events)


def test_a_drop_that_matches_no_event_is_an_error(tmp_path):
    path = _write(tmp_path, "extends: historical\ndrop_events: [{date: 2016-03-10, type: border_policy}]\n")
    with pytest.raises(ScenarioError, match=r"drop_events\[0\]: matches no event"):
        load_scenario(path)


def test_extends_reads_a_relative_path_beside_the_file(tmp_path):
    _write(tmp_path, "name: base\nextends: historical\nparameters: {people_per_agent: 7}\n", name="base.yaml")
    child = _write(tmp_path, "name: child\nextends: base.yaml\n", name="child.yaml")
    assert load_scenario(child).parameters.people_per_agent == 7
