"""The ODD protocol (docs/ODD.md) describes the code as it is: its parameter tables are the parameter
models', and every daily rule it names is a function or method of that name in ``model/``."""

import argparse
import ast
import importlib
import inspect
import pkgutil
import re
import textwrap
import tomllib
from pathlib import Path

import pytest
import yaml

import model
from cli import describe as cli_describe
from model.describe import generated_block, parameter_tables
from model.mission import Mission
from model.model import RouteModel
from model.parameters import Parameters, apply_overrides
from model.params_missions import MissionRules

ROOT = Path(__file__).parents[2]
ODD = ROOT / "docs" / "ODD.md"
RULES = re.compile(r"<!-- BEGIN DAILY RULES -->(.*?)<!-- END DAILY RULES -->", re.S)
RULE_NAME = re.compile(r"`([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?)\(\)`")
REGENERATE = "docs/ODD.md is stale: run `python run.py describe --parameters --write`"


def _document() -> str:
    return ODD.read_text(encoding="utf-8")


def _rules_block() -> str:
    found = RULES.search(_document())
    assert found, "docs/ODD.md has no DAILY RULES block"
    return found.group(1)


def _model_modules():
    return [importlib.import_module(f"model.{m.name}") for m in pkgutil.iter_modules(model.__path__)]


def defined_in_model(name: str) -> bool:
    """Whether ``name`` (``function`` or ``Class.method``) is defined, under that name, in ``model/``."""
    modules = _model_modules()
    if "." in name:
        class_name, method = name.split(".")
        classes = [getattr(m, class_name) for m in modules if inspect.isclass(getattr(m, class_name, None))]
        found = [vars(c).get(method) for c in classes if c.__module__.startswith("model.")]
        return any(inspect.isfunction(f) or isinstance(f, classmethod | staticmethod) for f in found)
    return any(inspect.isfunction(f := getattr(m, name, None)) and f.__module__ == m.__name__ for m in modules)


def _self_calls(method) -> list[str]:
    """The ``self.name()`` calls in a method's body, in source order."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
    ]
    return [c.func.attr for c in sorted(calls, key=lambda c: (c.lineno, c.col_offset))]


# --- parameter tables ----------------------------------------------------------------------------
def test_the_odd_parameter_tables_are_the_parameter_models():
    assert generated_block(_document()) == parameter_tables(), REGENERATE


@pytest.mark.parametrize(
    "key, value",
    [
        ("bulgaria_land_arrivals_per_day", 83.0),
        ("migrants.smuggler_price_eur", 501.0),
        ("borders.defaults.corruption", 0.31),
        ("borders.overrides.Kakavia.staffing", 0.35),
        ("missions.training_effect", 0.21),
        ("missions.specs.skopje.teams", 3),
    ],
)
def test_a_changed_default_makes_the_odd_tables_stale(key, value):
    nested = value
    for part in reversed(key.split(".")):
        nested = {part: nested}
    changed = parameter_tables(apply_overrides(Parameters(), nested))
    assert changed != generated_block(_document())


@pytest.mark.parametrize("what", ["description", "unit", "source", "range"])
def test_a_changed_declaration_makes_the_odd_tables_stale(monkeypatch, what):
    field = MissionRules.model_fields["training_effect"]
    if what == "description":
        monkeypatch.setattr(field, "description", field.description + " Per course.")
    else:
        new = {"unit": "share", "source": "assumed", "range": [0.1, 0.4]}[what]
        monkeypatch.setitem(field.json_schema_extra, what, new)
    assert parameter_tables() != generated_block(_document())


def test_every_declared_parameter_has_a_row_in_the_odd():
    p = Parameters()
    block = generated_block(_document())
    for prefix, params in [
        ("", p),
        ("migrants.", p.migrants),
        ("borders.", p.borders),
        ("borders.defaults.", p.borders.defaults),
        ("missions.", p.missions),
    ]:
        for name, info in type(params).model_fields.items():
            if (info.json_schema_extra or {}).get("source"):
                assert f"| `{prefix}{name}` |" in block, f"{prefix}{name} missing from docs/ODD.md"


def test_the_describe_command_finds_a_stale_document_and_rewrites_it(tmp_path, capsys):
    stale = tmp_path / "ODD.md"
    stale.write_text(_document().replace("| `migrants.smuggler_price_eur` |", "| `migrants.smuggler_price` |"))
    parser = argparse.ArgumentParser()
    cli_describe.add_arguments(parser)
    assert cli_describe.main(parser.parse_args(["--parameters", "--check", str(stale)])) == 1
    assert "out of date" in capsys.readouterr().err
    assert cli_describe.main(parser.parse_args(["--parameters", "--write", str(stale)])) == 0
    assert stale.read_text(encoding="utf-8") == _document()
    assert cli_describe.main(parser.parse_args(["--parameters", "--check", str(stale)])) == 0


# --- the day's rules -------------------------------------------------------------------------------
def test_every_daily_rule_named_in_the_odd_exists_in_the_model():
    names = RULE_NAME.findall(_rules_block())
    assert len(names) >= 20
    missing = [name for name in names if not defined_in_model(name)]
    assert not missing, f"docs/ODD.md names rules the code does not define: {missing}"


def test_a_rule_the_code_does_not_define_would_be_caught():
    assert defined_in_model("Mission.plan_visits") and defined_in_model("respond_to_refusal")
    assert not defined_in_model("Mission.plan_vistis")
    assert not defined_in_model("respond_to_refusals")
    assert not defined_in_model("Mission.__init__x")


def test_the_odd_lists_the_days_steps_in_the_order_route_model_step_calls_them():
    steps = [RULE_NAME.search(line).group(1) for line in _rules_block().splitlines() if re.match(r"\d+\. ", line)]
    assert steps == [f"RouteModel.{call}" for call in _self_calls(RouteModel.step)]


def test_every_rule_a_missions_day_calls_is_named_in_the_odd():
    named = set(RULE_NAME.findall(_rules_block()))
    public = [call for call in _self_calls(Mission.step) if not call.startswith("_")]
    assert len(public) >= 8
    assert {f"Mission.{call}" for call in public} <= named


# --- the document and the citation ------------------------------------------------------------------
def test_the_odd_has_the_elements_and_design_concepts_of_the_2020_protocol():
    doc = _document()
    elements = [
        "1 Purpose and patterns",
        "2 Entities, state variables and scales",
        "3 Process overview and scheduling",
        "4 Design concepts",
        "5 Initialisation",
        "6 Input data",
        "7 Submodels",
    ]
    positions = [doc.find(f"\n## {element}\n") for element in elements]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    concepts = doc[positions[3] : positions[4]]
    for concept in (
        "Basic principles",
        "Emergence",
        "Adaptation",
        "Objectives",
        "Learning",
        "Prediction",
        "Sensing",
        "Interaction",
        "Stochasticity",
        "Collectives",
        "Observation",
    ):
        assert f"**{concept}.**" in concepts


def test_every_input_file_the_model_reads_is_described_with_its_source():
    inputs = _document().split("\n## 6 Input data\n")[1].split("\n## 7 Submodels\n")[0]
    for path in sorted((ROOT / "model" / "data").glob("*.csv")):
        assert f"`{path.name}`" in inputs, f"{path.name} not in section 6 of docs/ODD.md"


def test_the_citation_file_cites_this_version_and_the_seed_study():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == project["version"]
    assert cff["authors"] == [{"name": "The Balkans route simulation developers"}]
    seed = [r for r in cff["references"] if any(a.get("family-names") == "Marciacq" for a in r["authors"])]
    assert seed and seed[0]["year"] == 2016


def test_the_odds_counts_of_places_edges_and_border_points_are_the_graphs():
    from model.graph import RouteGraph

    g, doc = RouteGraph(), _document()
    for phrase in (
        f"{g.n_nodes} real places",
        f"{len(g.edges)} road, rail, ferry and footpath edges",
        f"({g.n_arcs} arcs)",
        f"on the graph ({len(g.borders)})",
        f"the {g.n_nodes} places",
        f"the {len(g.edges)} edges",
    ):
        assert phrase in doc, f"docs/ODD.md: {phrase!r} is not what the graph has"
