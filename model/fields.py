"""One way to declare a parameter: default, unit, plausible range and where the default comes from.

Every parameter of the model is a pydantic field made with :func:`param`, so the unit, the range a
what-if study may sweep and the source of the default live beside the value, and tools (the ODD
tables, sensitivity analysis, the dashboard sliders) read them from the schema instead of a copy.
Overrides are nested dicts merged into the defaults with :func:`deep_merge`.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base for parameter models: unknown keys and wrong types are errors, never ignored."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


def param(
    default: Any,
    *,
    unit: str,
    source: str,
    description: str,
    range: tuple[float, float] | None = None,
    ge: float | None = None,
    le: float | None = None,
) -> Any:
    """A pydantic field carrying unit, sweep range and source in its JSON schema.

    A number needs hard bounds (``ge`` and ``le``), enforced wherever it is set (a scenario file,
    ``--set``, the dashboard), so that no value that passes validation can overflow a rule; its sweep
    ``range`` must lie inside them."""
    if isinstance(default, int | float) and not isinstance(default, bool):
        if ge is None or le is None:
            raise TypeError(f"param({default!r}, {description[:40]!r}...): a number needs both ge and le")
        if range is not None and not ge <= range[0] <= range[1] <= le:
            raise TypeError(f"param({default!r}, {description[:40]!r}...): range {range} outside [{ge}, {le}]")
    extra = {"unit": unit, "source": source}
    if range is not None:
        extra["range"] = [range[0], range[1]]
    return Field(default, description=description, ge=ge, le=le, json_schema_extra=extra)


def deep_merge(base: dict, overrides: dict) -> dict:
    """``base`` with ``overrides`` merged in, recursing into nested dicts."""
    out = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def field_info(model: type[BaseModel], name: str) -> dict:
    """Unit, source, sweep range, hard bounds (None where unbounded) and description of one field."""
    f = model.model_fields[name]
    extra = f.json_schema_extra or {}
    bounds = [None, None]
    for limit in f.metadata:
        if getattr(limit, "ge", None) is not None:
            bounds[0] = limit.ge
        if getattr(limit, "le", None) is not None:
            bounds[1] = limit.le
    return {
        "description": f.description or "",
        "unit": extra.get("unit", ""),
        "source": extra.get("source", ""),
        "range": extra.get("range"),
        "bounds": tuple(bounds),
    }
