"""The model's parameter tables in Markdown, generated from the parameter models themselves.

The ODD protocol (``docs/ODD.md``) lists every parameter with its meaning, unit, default, sweep
range and where the default comes from. Those tables are made here by walking ``Parameters`` and its
nested models (``model.fields.field_info`` gives each field's declaration), so the document is
regenerated from the code rather than kept in step by hand: ``python run.py describe --parameters
--write`` rewrites the block between :data:`BEGIN` and :data:`END` in ``docs/ODD.md``, and a test
fails when that block is stale.

A nested model becomes a section; a dict of models (``borders.overrides``, ``missions.specs``)
becomes a table of the model's fields and a table of the entries; a list of names becomes a list.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel

from model.fields import field_info
from model.parameters import Parameters

BEGIN = "<!-- BEGIN GENERATED PARAMETERS: python run.py describe --parameters --write -->"
END = "<!-- END GENERATED PARAMETERS -->"
FIELD_COLUMNS = ("parameter", "meaning", "unit", "default", "range (bounds)", "source of the default")
# Beyond this many fields, a table of dict entries turns on its side: one column per entry.
WIDE = 7


def parameter_tables(params: Parameters | None = None) -> str:
    """Markdown tables of every parameter, with ``params``' values (the defaults if None) as defaults."""
    params = params or Parameters()
    lines = [
        "All parameters, with the key path that `--set` and a scenario's `parameters:` use. *Range* is the "
        "interval a sensitivity analysis or a what-if study may sweep; in brackets, the hard bounds every value "
        "must keep, wherever it is set (outside them a rule could overflow or the run outgrow a laptop). "
        "*Source* says where the default comes from: a file in `model/data/sources/`, a section of the "
        "seed study, the design, `calibrated` when fitted to the recorded counts (with the value assumed "
        "before), or `assumed` when no source gives a figure.",
        "",
        _tally(params),
    ]
    lines += _model_section(params, "", "Run", level=3)
    lines += event_table()
    return "\n".join(lines).rstrip() + "\n"


def event_table() -> list[str]:
    """The event types a scenario's ``events:`` may hold (``model.events.EVENT_TYPES``), with their fields."""
    from model.events import EVENT_TYPES

    lines = ["", "### Event types", "", "Each dated event of a scenario has a `date`, a `type` below and optionally a "
             "`note` and a `source`.", ""]  # fmt: skip
    rows = []
    for name, cls in EVENT_TYPES.items():
        fields = [
            f"`{f}`" + ("" if info.is_required() else f" ({_cell(info.get_default(call_default_factory=True))})")
            for f, info in cls.model_fields.items()
            if f not in ("date", "type", "note", "source")
        ]
        rows.append([f"`{name}`", _text(_first_line(cls.__doc__)), ", ".join(fields)])
    return lines + _table(["type", "what it does", "fields (default)"], rows)


def replace_block(document: str, tables: str) -> str:
    """``document`` with the text between the BEGIN and END markers replaced by ``tables``."""
    start, end = _block_span(document)
    return document[:start] + "\n" + tables + document[end:]


def generated_block(document: str) -> str:
    """The text between the BEGIN and END markers of ``document`` (what :func:`parameter_tables` wrote)."""
    start, end = _block_span(document)
    return document[start:end].strip("\n") + "\n"


def _block_span(document: str) -> tuple[int, int]:
    begin, end = document.find(BEGIN), document.find(END)
    if begin < 0 or end < begin:
        raise ValueError(f"the document has no block between {BEGIN!r} and {END!r}")
    return begin + len(BEGIN), end


# --- walking the models -------------------------------------------------------------------------------
def _model_section(instance: BaseModel, prefix: str, title: str, level: int) -> list[str]:
    """A heading, the model's scalar fields as one table, then a section per nested model or collection."""
    cls = type(instance)
    scalars, nested = [], []
    for name in cls.model_fields:
        value = getattr(instance, name)
        if isinstance(value, BaseModel):
            nested.append(_model_section(value, f"{prefix}{name}.", f"`{prefix}{name}`", level + 1))
        elif _is_model_dict(cls, name, value):
            nested.append(_dict_section(cls, name, value, prefix, level + 1))
        elif isinstance(value, list) and not field_info(cls, name)["unit"]:
            nested.append(_list_section(cls, name, value, prefix, level + 1))
        else:
            scalars.append(name)
    lines = ["", f"{'#' * level} {title}", "", _first_line(cls.__doc__)]
    if scalars:
        lines += ["", *_field_table(cls, scalars, prefix, instance)]
    for section in nested:
        lines += section
    return lines


def _dict_section(cls, name: str, entries: dict, prefix: str, level: int) -> list[str]:
    """A dict of models: what each field of an entry means, then the entries themselves."""
    value_cls = _dict_value_model(cls, name)
    path = f"{prefix}{name}"
    lines = [
        "",
        f"{'#' * level} `{path}`",
        "",
        _join(field_info(cls, name)["description"], _first_line(value_cls.__doc__)),
    ]
    fields = list(value_cls.model_fields)
    if any(field_info(value_cls, f)["description"] for f in fields):
        lines += ["", f"Fields of each entry, as `{path}.<id>.<field>` (default: for a new entry):", ""]
        lines += _field_table(value_cls, fields, "", None)
    if not entries:
        return lines
    lines += ["", f"The entries by default ({len(entries)}; a blank cell is unset):", ""]
    rows = {
        key: {f: "" if v is None else _cell(v) for f, v in entry.model_dump().items()} for key, entry in entries.items()
    }
    if len(fields) > WIDE:
        lines += _table(["field", *(f"`{k}`" for k in rows)], [[f"`{f}`", *(rows[k][f] for k in rows)] for f in fields])
    else:
        lines += _table(
            ["entry", *(f"`{f}`" for f in fields)], [[k, *(row[f] for f in fields)] for k, row in rows.items()]
        )
    return lines


def _list_section(cls, name: str, values: list, prefix: str, level: int) -> list[str]:
    info = field_info(cls, name)
    items = ", ".join(str(v) for v in values) if values else "none"
    return [
        "",
        f"{'#' * level} `{prefix}{name}`",
        "",
        _join(info["description"], f"By default ({len(values)}): {items}."),
    ]


def _field_table(cls, names: list[str], prefix: str, instance: BaseModel | None) -> list[str]:
    rows = []
    for name in names:
        info, f = field_info(cls, name), cls.model_fields[name]
        if instance is not None:
            default = _cell(getattr(instance, name))
        else:
            default = "required" if f.is_required() else _cell(f.get_default(call_default_factory=True))
        rng, (low, high) = info["range"], info["bounds"]
        bounds = f" ({_number(low)} – {_number(high)})" if low is not None and high is not None else ""
        rows.append(
            [
                f"`{prefix}{name}`",
                _text(info["description"]),
                _text(info["unit"]),
                default,
                (f"{_number(rng[0])} – {_number(rng[1])}" if rng else "") + bounds,
                _text(info["source"]),
            ]
        )
    return _table(list(FIELD_COLUMNS), rows)


def _is_model_dict(cls, name: str, value: Any) -> bool:
    return isinstance(value, dict) and _dict_value_model(cls, name) is not None


def _dict_value_model(cls, name: str) -> type[BaseModel] | None:
    args = getattr(cls.model_fields[name].annotation, "__args__", ())
    value_type = args[1] if len(args) == 2 else None
    return value_type if isinstance(value_type, type) and issubclass(value_type, BaseModel) else None


def _tally(params: Parameters) -> str:
    """How many declared parameters have an assumed default: the honest headline of the tables."""
    sources = [info["source"] for info in _declared(params)]
    assumed = sum(s.startswith("assumed") for s in sources)
    calibrated = sum(s.startswith("calibrated") for s in sources)
    return (
        f"Of the {len(sources)} parameters declared with a unit and a source, {assumed} have an assumed "
        f"default (no source gives a figure), {calibrated} are calibrated to the recorded counts "
        f"(`docs/calibration.md`) and {len(sources) - assumed - calibrated} name a record, a section of the seed "
        "study or a design choice."
    )


def _declared(instance: BaseModel) -> Iterator[dict]:
    cls = type(instance)
    for name in cls.model_fields:
        value, info = getattr(instance, name), field_info(cls, name)
        if isinstance(value, BaseModel):
            yield from _declared(value)
        elif _is_model_dict(cls, name, value):
            value_cls = _dict_value_model(cls, name)
            yield from (field_info(value_cls, f) for f in value_cls.model_fields if field_info(value_cls, f)["source"])
        elif info["source"]:
            yield info


# --- Markdown -----------------------------------------------------------------------------------------
def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _cell(value: Any) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_text(str(v)) for v in value)
    return _text(str(value))


def _number(x: float) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return str(x)


def _text(s: str) -> str:
    return " ".join(s.split()).replace("|", "\\|")


def _first_line(doc: str | None) -> str:
    return " ".join((doc or "").strip().split("\n\n")[0].split())


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())
