# ruff: noqa: E501 - the option tables read best with one option to a line
"""Property-based fuzzing of every command: any arguments and ``--set`` values give a result or a
one-line error (exit code 1 or 2), never a traceback.

Each example calls ``run.main`` in this process with generated arguments: scenario names and paths
(good, unknown, files that are not scenarios), numbers out of range or not numbers, output folders
that are files, under files or foreign folders, damaged and healthy result folders, comma lists that
are empty, and ``--set`` at every parameter key with wrong types, huge, negative and non-finite
values. Runs that do start are kept tiny (a week at 1,000 people per agent or coarser), and a
comparison that gets as far as its figures skips drawing them (``tests/analysis/test_compare.py``
draws them), since 300 of them would take minutes. The dashboard is only given bad ports and hosts
with a bad port, since a good one would serve until stopped.
"""

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from model.parameters import Parameters
from run import main as run_main
from runs import plan_runs, run_batch

# examples per command; together at least 2,000 (checked below)
EXAMPLES = {"run": 450, "batch": 300, "compare": 300, "validate": 300, "sensitivity": 250, "calibrate": 150,
            "describe": 100, "dashboard": 150}  # fmt: skip
SHORT = ["--set", "start_date=2015-06-01", "--set", "end_date=2015-06-07"]
pytestmark = pytest.mark.slow
SCENARIOS = ["historical", "no_closure", "early_closure", "nowhere", "", "../historical", "x" * 300]


def fuzz(name: str):
    return settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        derandomize=True,  # the same command lines on every run and in CI
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def test_the_fuzz_tests_try_at_least_2000_command_lines():
    assert sum(EXAMPLES.values()) >= 2000


def parameter_keys(cls=Parameters, prefix="") -> list[str]:
    """Every dotted key ``--set`` reaches, one entry of each dict of models included."""
    keys = []
    for name, f in cls.model_fields.items():
        ann = f.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            keys += parameter_keys(ann, f"{prefix}{name}.")
        else:
            keys.append(f"{prefix}{name}")
    return keys


KEYS = [k for k in parameter_keys() if k not in ("start_date", "end_date", "people_per_agent")]
KEYS += ["borders.overrides.Kakavia.staffing", "missions.specs.skopje.teams", "missions.specs.skopje.hq", "no.such.key"]
VALUES = (
    st.sampled_from(
        [
            "-1",
            "0",
            "1",
            "0.5",
            "1e300",
            "-1e300",
            "1e400",
            ".nan",
            ".inf",
            "-.inf",
            "x",
            "''",
            "[]",
            "{}",
            "[1, 2]",
            "{MK: 1e300}",
            "{a: 1, a: 2}",
            "2015-02-30",
            "2016-01-01",
            "true",
            "null",
            "!!python/object:os.system ls",
            "999999999999999999999999999",
            "10**6",
            "'\n'",
            "{{",
            "]",
        ]  # fmt: skip
    )
    | st.integers(-(10**12), 10**12).map(str)
    | st.floats(allow_nan=False, allow_infinity=False).map(repr)
)
SETS = st.lists(st.tuples(st.sampled_from(KEYS), VALUES).map(lambda kv: f"{kv[0]}={kv[1]}"), max_size=3)
NUMBER = st.sampled_from(["-1", "0", "1", "2", "x", "1.5", "", "99999999999", "-99999999999", "1e3", "nan"])
PEOPLE = st.sampled_from(["1000", "2000", "0", "-5", "x", "10001", "1e3", "1.5", "99999999999999999999"])


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, Path]:
    """Folders and files the commands are pointed at: healthy results, damaged ones and traps."""
    root = tmp_path_factory.mktemp("cli-fuzz")
    batch = root / "batch"
    run_batch(
        plan_runs(["historical", "no_closure"], 2, 1, {"people_per_agent": 1000, "end_date": "2015-08-31"}), batch
    )
    assert run_main(["run", "historical", "--people-per-agent", "1000", "--set", "end_date=2015-08-31", "--quiet",
                     "--no-plots", "--out", str(root / "run")]) == 0  # fmt: skip
    damaged = root / "damaged"
    shutil.copytree(batch, damaged)
    first = sorted((damaged / "runs").iterdir())[0]
    (first / "countries.parquet").write_bytes((first / "countries.parquet").read_bytes()[:100])
    (first / "summary.json").write_text("{not json", encoding="utf-8")
    (root / "file").write_text("not a folder", encoding="utf-8")
    (root / "foreign").mkdir()
    (root / "foreign" / "notes.txt").write_text("mine", encoding="utf-8")
    (root / "empty").mkdir()
    (root / "bad.yaml").write_text("name: [1\n", encoding="utf-8")
    return {
        "batch": batch,
        "run": root / "run",
        "damaged": damaged,
        "file": root / "file",
        "under_file": root / "file" / "sub",
        "foreign": root / "foreign",
        "empty": root / "empty",
        "missing": root / "missing",
        "bad_yaml": root / "bad.yaml",
        "devnull": Path("/dev/null"),
        "fresh": root / "fresh",
    }


@pytest.fixture(scope="module", autouse=True)
def elsewhere(tmp_path_factory):
    """Commands run from a scratch folder, so default output folders (results/...) land there."""
    import os

    before = Path.cwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    yield
    os.chdir(before)


def call(argv: list[str]) -> tuple[int, str]:
    """Exit code and stderr of ``python run.py ARGV``, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run_main(argv)
        except SystemExit as exc:  # argparse: a bad or missing argument
            code = exc.code
    return int(code or 0), err.getvalue()


def check(argv: list[str]) -> None:
    code, err = call(argv)
    assert "Traceback" not in err, f"{argv}: {err[-2000:]}"
    assert code in (0, 1, 2), f"{argv}: exit code {code}: {err[-500:]}"
    if code == 2 and err.strip():
        last = err.strip().splitlines()[-1]
        assert last.startswith(("error: ", "usage: ")) or ": error: " in last, f"{argv}: {err[-500:]}"


def where(places, *names: str):
    return st.sampled_from(names).map(lambda n: str(places[n]))


def out_of(places, fresh: Path):
    """An --out: a trap, or a new folder of its own (so runs that start do not collide)."""
    return st.one_of(
        where(places, "file", "under_file", "foreign", "devnull"),
        st.integers(0, 10**9).map(lambda i: str(fresh / f"o{i}")),
    )


def options(*pairs) -> st.SearchStrategy[list[str]]:
    """Each ``(flag, strategy)`` given or left out; flags with ``None`` as strategy are switches."""
    parts = [
        st.one_of(st.just([]), st.just([flag]) if strategy is None else strategy.map(lambda v, f=flag: [f, v]))
        for flag, strategy in pairs
    ]
    return st.tuples(*parts).map(lambda chosen: [token for part in chosen for token in part])


def set_args(sets: list[str]) -> list[str]:
    return [token for item in sets for token in ("--set", item)]


@fuzz("run")
@given(data=st.data())
def test_run_never_raises(places, data):
    scenario = data.draw(st.sampled_from(SCENARIOS) | where(places, "bad_yaml", "file"))
    extra = data.draw(
        options(("--seed", NUMBER), ("--out", out_of(places, places["fresh"])), ("--people-per-agent", PEOPLE))
    )
    check(["run", scenario, *SHORT, *set_args(data.draw(SETS)), *extra, "--quiet", "--no-plots"])


@fuzz("batch")
@given(data=st.data())
def test_batch_never_raises(places, data):
    scenarios = data.draw(st.lists(st.sampled_from(SCENARIOS[:4]), min_size=1, max_size=2))
    extra = data.draw(
        options(
            ("--replicates", st.sampled_from(["1", "2", "0", "-1", "x", "100001"])),
            ("--seed", NUMBER),
            ("--workers", st.sampled_from(["1", "0", "-1", "x"])),
            ("--sweep", st.sampled_from(["migrants.smuggler_price_eur=300,900", "x=1", "=", "a", "migrants.smuggler_price_eur=", "migrants.smuggler_price_eur=-5"])),
            ("--sample", st.sampled_from(["lhs:1", "lhs:0", "lhs:x", "lhs", "lhs:1:no.key", "lhs:1:migrants.smuggler_price_eur", ":"])),
            ("--scheduler", st.sampled_from(["notaurl", "tcp://", "tcp://host", "tcp://h:0", "tcp://h:99999", "http://x:1"])),
            ("--out", out_of(places, places["fresh"])),
            ("--resume", None),
            ("--force", None),
        )
    )  # fmt: skip
    check(
        [
            "batch",
            *scenarios,
            *SHORT,
            "--people-per-agent",
            "2000",
            "--workers",
            "1",
            *set_args(data.draw(SETS)),
            *extra,
            "--quiet",
        ]
    )


@pytest.fixture(scope="module")
def no_figures():
    import analysis.chain_compare as chains
    import analysis.compare_figures as figures

    drawn, figures.write_figures = figures.write_figures, lambda cmp, out, periods=None: []
    drawn_chains, chains.chain_figures = chains.chain_figures, lambda cmp, out: []
    yield
    figures.write_figures = drawn
    chains.chain_figures = drawn_chains


@fuzz("compare")
@given(data=st.data())
def test_compare_never_raises(places, no_figures, data):
    folders = data.draw(st.lists(where(places, "batch", "run", "damaged", "file", "empty", "missing", "foreign"), min_size=1, max_size=2))  # fmt: skip
    extra = data.draw(
        options(
            ("--baseline", st.sampled_from(["historical", "no_closure", "nowhere", ""])),
            ("--out", out_of(places, places["fresh"])),
            ("--periods", st.sampled_from(["2015-06-01:2015-07-01", "x", ":", "2015-07-01:2015-06-01", "2015-02-30:2015-03-01", ","])),
            ("--skip-damaged", None),
        )
    )  # fmt: skip
    check(["compare", *folders, *extra])


@fuzz("validate")
@given(data=st.data())
def test_validate_never_raises(places, data):
    results = data.draw(where(places, "batch", "run", "damaged", "file", "empty", "missing", "foreign", "devnull"))
    extra = data.draw(
        options(
            ("--out", out_of(places, places["fresh"])),
            ("--sources", where(places, "missing", "file", "empty", "run")),
            ("--no-plots", None),
            ("--skip-damaged", None),
        )
    )
    check(["validate", results, *extra, "--no-plots"])


@fuzz("sensitivity")
@given(data=st.data())
def test_sensitivity_never_raises(places, data):
    extra = data.draw(
        options(
            ("--method", st.sampled_from(["morris", "sobol", "x"])),
            ("--n", st.sampled_from(["1", "0", "-1", "x", "3"])),
            ("--outputs", st.sampled_from(["peak_stranded", ",", "", "nothing", "skopje.response_lag_days", "peak_stranded,,"])),
            ("--parameters", st.sampled_from(["migrants.smuggler_price_eur,missions.training_effect", "x", ",", "migrants.smuggler_price_eur"])),
            ("--replicates", st.sampled_from(["1", "0", "x"])),
            ("--seed", NUMBER),
            ("--workers", st.sampled_from(["1", "0", "x"])),
            ("--noise-seeds", st.sampled_from(["0", "2", "x", "-3"])),
            ("--out", out_of(places, places["fresh"])),
            ("--resume", None),
        )
    )  # fmt: skip
    scenario = data.draw(st.sampled_from(SCENARIOS[:4]))
    small = ["--n", "1", "--parameters", "migrants.smuggler_price_eur,missions.training_effect", "--workers", "1",
             "--noise-seeds", "2"]  # fmt: skip
    check(
        [
            "sensitivity",
            scenario,
            *SHORT,
            "--people-per-agent",
            "2000",
            *small,
            *set_args(data.draw(SETS)),
            *extra,
            "--quiet",
        ]
    )


@fuzz("calibrate")
@given(data=st.data())
def test_calibrate_never_raises(places, data):
    pytest.importorskip("optuna")
    extra = data.draw(
        options(
            ("--trials", st.sampled_from(["0", "-1", "x", "1"])),
            ("--replicates", st.sampled_from(["0", "x", "1"])),
            ("--seed", NUMBER),
            ("--workers", st.sampled_from(["0", "x", "1"])),
            ("--parameters", st.sampled_from(["x", "migrants.smuggler_price_eur", ",", "people_per_agent"])),
            ("--metric", st.sampled_from(["mre", "ard", "x"])),
            ("--fit-until", st.sampled_from(["2015-12-31", "x", "2015-02-30"])),
            ("--out", out_of(places, places["fresh"])),
            ("--resume", None),
        )
    )  # fmt: skip
    check(["calibrate", data.draw(st.sampled_from(SCENARIOS[:4])), *SHORT, "--people-per-agent", "5000",
           "--trials", "1", "--replicates", "1", "--workers", "1", "--parameters", "migrants.smuggler_price_eur",
           *set_args(data.draw(SETS)), *extra, "--quiet"])  # fmt: skip


@fuzz("describe")
@given(data=st.data())
def test_describe_never_raises(places, data):
    target = data.draw(where(places, "missing", "file", "empty", "devnull", "bad_yaml"))
    flag = data.draw(st.sampled_from(["--check", "--write", None]))
    check(["describe", "--parameters", *([flag, target] if flag else [])])


@fuzz("dashboard")
@given(data=st.data())
def test_dashboard_refuses_bad_ports_without_a_traceback(data):
    port = data.draw(st.sampled_from(["0", "-1", "65536", "x", "", "1e3", "99999999999999999999"]))
    host = data.draw(st.sampled_from([[], ["--host", "127.0.0.1"], ["--host", ""], ["--host", "not a host"]]))
    check(["dashboard", "--port", port, *host])
