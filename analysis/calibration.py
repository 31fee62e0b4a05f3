"""Calibration: the parameters the record leaves open, fitted to the recorded observations with optuna.

Each trial runs a scenario with one set of values for the chosen parameters over a few seeds and
scores the replicates' mean against the record (``analysis.validation``: the mean relative error or
FLEE's averaged relative difference). optuna's tree-structured Parzen estimator (TPE; Bergstra et al.
2011, *NeurIPS* 24) proposes the next values from the scores so far.

The search is reproducible whatever the number of worker processes: trials are asked in rounds of
``ROUND_SIZE``, each round's trials run in parallel, and their scores are told in trial order. Each
round's sampler is seeded from the seed and the round's number, so a study resumed from
``trials.csv`` proposes exactly what the uninterrupted one would have. Every value lies on a grid of
about three significant digits across its declared range (``Dimension``): the value run, recorded and
written into the calibrated scenario is the same decimal number. Trial 0 is the scenario's own values,
so a refit after a change to the model starts from the last fit.
"""

import hashlib
import math
import warnings
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

from analysis.calibration_local import search_local
from analysis.calibration_trials import METRICS, SCORE, TrialLog, best_row, evaluate, trial_row
from model.parameters import deep_merge, dotted_to_nested
from runs.pool import finished
from runs.store import atomic_write_text
from scenarios.loader import ScenarioError, load_scenario

# The parameters no source pins down, that decide how many people take which route and when: route
# choice, information, refusals, smuggling, asylum, processing and the borders' throughput.
DEFAULT_PARAMETERS = (
    # route choice and information
    "migrants.route_noise_days",
    "migrants.info_lag_mean_days",
    "migrants.closed_border_cost_days",
    "migrants.route_noise_share",
    "migrants.unfamiliar_route_cost_days",
    "migrants.value_of_time_eur_per_day",
    # responses to refusal and smuggling uptake
    "migrants.divert_log_odds",
    "migrants.divert_log_odds_per_day_saved",
    "migrants.queue_patience_days",
    "migrants.smuggle_log_odds",
    "migrants.smuggle_log_odds_per_week",
    "migrants.asylum_log_odds",
    "migrants.asylum_log_odds_per_week",
    "migrants.asylum_move_on_per_day",
    "migrants.greece_asylum_capacity_per_day",
    "migrants.greece_asylum_capacity_after_statement_per_day",
    "migrants.smuggle_package_borders",
    "migrants.cross_alone_log_odds",
    "migrants.cross_alone_log_odds_per_week",
    "borders.alone_detect_log_odds",
    # the smuggling market's networks: how much a leg carries before its price climbs
    "smuggling.network_capacity_people_per_day",
    "smuggling.network_floor",
    "migrants.money_median_eur_oth",
    "migrants.daily_spend_eur",
    "migrants.remittances_per_month",
    "migrants.readmission_rate_per_day",
    # capacities no source quantifies
    "migrants.island_processing_per_day",
    "migrants.island_processing_growth_per_month",
    "turkey_land_route_factor",
    "turkey_land_route_growth_per_month",
    "borders.document_check_capacity_per_day",
    # how the record was made
    "registration_share_early",
)
ROUND_SIZE = 4  # trials asked together; fixed, so the trials do not depend on the number of workers


@dataclass(frozen=True)
class Dimension:
    """One calibrated parameter: its declared range searched as a grid of ``count`` values.

    optuna sees the grid index (an integer), so the study holds exact values and a resumed study the
    same ones; integers are their own grid."""

    key: str
    low: Decimal
    step: Decimal
    count: int
    is_integer: bool

    def value(self, index: int) -> int | float:
        exact = self.low + index * self.step
        return int(exact) if self.is_integer else float(exact)

    def index(self, value) -> int:
        return int(((Decimal(str(value)) - self.low) / self.step).to_integral_value())

    def distribution(self):
        from optuna.distributions import IntDistribution

        return IntDistribution(0, self.count - 1)


def dimension(key: str, low: float, high: float, is_integer: bool) -> Dimension:
    """The grid over ``[low, high]``: steps of a power of ten giving 100 to 1,000 of them."""
    low_d, high_d = Decimal(str(low)), Decimal(str(high))
    step = Decimal(1) if is_integer else Decimal(1).scaleb(math.floor(math.log10(high - low)) - 2)
    return Dimension(key, low_d, step, int((high_d - low_d) // step) + 1, is_integer)


def search_space(keys: list[str] | None = None) -> tuple[list[Dimension], list[str]]:
    """The dimensions of ``keys`` (default ``DEFAULT_PARAMETERS``) and the default keys left out.

    A key named explicitly must have a declared range; a default key without one (not yet declared)
    is left out and returned, so the caller can say so."""
    from runs.plan import declared_ranges

    ranges = declared_ranges()
    dropped = []
    if keys is None:
        dropped = [k for k in DEFAULT_PARAMETERS if k not in ranges]
        keys = [k for k in DEFAULT_PARAMETERS if k in ranges]
    else:
        for key in keys:
            if key not in ranges:
                raise ScenarioError(
                    f"--parameters: {key!r} has no declared range; parameters with one: {', '.join(sorted(ranges))}"
                )
    if not keys:
        raise ScenarioError("--parameters: no parameter to calibrate")
    if len(set(keys)) != len(keys):
        raise ScenarioError("--parameters: a parameter is named twice")
    return [dimension(k, *ranges[k]) for k in keys], dropped


def with_values(overrides: dict, values: dict) -> dict:
    """``overrides`` with the trial's ``{dotted key: value}`` merged on top."""
    for key, value in values.items():
        overrides = deep_merge(overrides, dotted_to_nested(key, value))
    return overrides


# --- the search --------------------------------------------------------------------------------


def _sampler(seed: int, round_number: int):
    from optuna.samplers import TPESampler

    derived = int(hashlib.sha256(f"calibrate:{seed}:{round_number}".encode()).hexdigest()[:8], 16)
    with warnings.catch_warnings():  # constant_liar is "experimental" in optuna 4
        warnings.simplefilter("ignore")
        # the liar keeps a round's trials apart: each is asked as if the ones before it scored badly
        return TPESampler(seed=derived, constant_liar=True)


def search(
    space: list[Dimension],
    n_trials: int,
    seed: int,
    objective: str,
    trial_task: Callable[[dict], tuple],
    log: TrialLog,
    executor: Executor | None = None,
    extra: list[tuple[object, tuple]] = (),
    on_result: Callable[[object, dict], None] = lambda tag, result: None,
    first: dict | None = None,
):
    """Run trials until ``n_trials`` are in ``log``; returns the study.

    ``trial_task(values)`` gives the arguments of ``evaluate`` for a trial's ``{key: value}``.
    Trials already in ``log`` are not run again: whole rounds are added to the study as recorded;
    in a round cut short, the asked values are checked against the record. ``extra`` tasks (the
    baseline) run alongside the first round that runs anything; ``on_result`` sees every result.
    ``first`` (``{key: value}``, snapped to the grid) is trial 0, so the search starts where the
    scenario is and ends no worse."""
    import optuna
    from optuna.trial import TrialState, create_trial

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize")
    distributions = {d.key: d.distribution() for d in space}
    extra = list(extra)
    for start in range(0, n_trials, ROUND_SIZE):
        numbers = range(start, min(start + ROUND_SIZE, n_trials))
        if all(n in log.rows for n in numbers):
            for n in numbers:
                row = log.rows[n]
                params = {d.key: d.index(row[d.key]) for d in space}
                ok = row["status"] == "ok"
                state = TrialState.COMPLETE if ok else TrialState.FAIL
                value = row[SCORE] if ok else None
                study.add_trial(create_trial(state=state, value=value, params=params, distributions=distributions))
            continue
        study.sampler = _sampler(seed, start // ROUND_SIZE)
        if start == 0 and first:
            study.enqueue_trial({d.key: min(max(d.index(first[d.key]), 0), d.count - 1) for d in space})
        asked = [study.ask(distributions) for _ in numbers]
        tasks = []
        for trial in asked:
            values = {d.key: d.value(trial.params[d.key]) for d in space}
            recorded = log.rows.get(trial.number)
            if recorded is None or any(recorded[k] != v for k, v in values.items()):
                tasks.append((trial.number, trial_task(values)))
        for tag, result in finished(extra + tasks, executor, evaluate):
            if isinstance(tag, int):
                trial = asked[tag - start]
                values = {d.key: d.value(trial.params[d.key]) for d in space}
                log.append(trial_row(tag, values, result, objective))
            on_result(tag, result)
        extra = []
        for trial in asked:  # told in trial order, whatever order they finished in
            row = log.rows[trial.number]
            if row["status"] == "ok":
                study.tell(trial, row[SCORE])
            else:
                study.tell(trial, state=TrialState.FAIL)
        log.rewrite()
    for tag, result in finished(extra, executor, evaluate):  # nothing left to search: the baseline alone
        on_result(tag, result)
    return study


# --- a whole calibration -----------------------------------------------------------------------


def calibrate(
    settings: dict, space: list[Dimension], n_trials: int, out: Path, workers: int = 1, resume: bool = False,
    progress: bool = False,
) -> dict:  # fmt: skip
    """Score the scenario as it is, then search; trials go to ``out/trials.csv`` as they finish.

    ``settings``: ``scenario`` (a library name or a path), ``seed``, ``replicates``,
    ``people_per_agent``, ``metric`` (mre or ard), ``set`` (nested overrides) and ``method`` (tpe, the
    default, or local: :mod:`analysis.calibration_local`). Returns the log,
    the baseline's result and the best trial's row (None if every trial failed)."""
    import json
    from contextlib import ExitStack

    from runs.batch import default_executor

    study_file, log = out / "study.json", TrialLog(out / "trials.csv", space)
    settings = json.loads(json.dumps({**settings, "parameters": [d.key for d in space]}, default=str))
    state = {"settings": settings, "baseline": None}
    if resume and study_file.exists():
        recorded = json.loads(study_file.read_text(encoding="utf-8"))
        changed = [k for k in settings if recorded["settings"].get(k) != settings[k]]
        if changed:
            raise ScenarioError(
                f"{study_file}: --resume with other settings than recorded ({', '.join(changed)}); "
                "use the same ones, or another --out"
            )
        state["baseline"] = recorded.get("baseline")
    elif not resume and (study_file.exists() or log.path.exists()):
        raise FileExistsError(f"{out} already holds a calibration; add --resume to go on, or choose another --out")
    if resume:
        log.read()
    out.mkdir(parents=True, exist_ok=True)

    def save():
        atomic_write_text(study_file, json.dumps(state, indent=2) + "\n")

    save()
    seeds = list(range(settings["seed"], settings["seed"] + settings["replicates"]))
    base = deep_merge(settings["set"], {"people_per_agent": settings["people_per_agent"]})
    scenario = settings["scenario"]
    until = settings.get("fit_until")
    extra = [] if state["baseline"] else [("baseline", (scenario, base, seeds, True, until))]
    n_total = max(n_trials, max(log.rows, default=-1) + 1)
    objective = METRICS[settings["metric"]]
    with ExitStack() as stack:
        bar = None
        if progress:
            from tqdm import tqdm

            done = sum(n in log.rows for n in range(n_total))
            bar = stack.enter_context(tqdm(total=n_total, initial=done, unit="trial", desc="calibrate"))
        executor = stack.enter_context(default_executor(workers)) if workers > 1 else None

        def on_result(tag, result):
            if tag == "baseline":
                state["baseline"] = result
                save()
            elif bar is not None:
                best = best_row(log, objective)
                bar.set_postfix_str(f"best {best[objective]:.3f}" if best else "no trial scored yet")
                bar.update(1)

        def task(values):
            return scenario, with_values(base, values), seeds, False, until

        current = load_scenario(scenario, base).parameters
        first = {d.key: attrgetter(d.key)(current) for d in space}
        method = search_local if settings.get("method") == "local" else search
        method(space, n_total, settings["seed"], objective, task, log, executor, extra, on_result, first)
    return {"log": log, "baseline": state["baseline"], "best": best_row(log, objective), "seeds": seeds,
            "overrides": base, "settings": settings}  # fmt: skip
