"""Parameters of the border points: capacity and the institutional levels behind detection."""

from pydantic import Field, create_model
from pydantic.fields import FieldInfo

from model.fields import Strict, param

ASSUMED = "assumed; no source figure (model/data/sources/README.md lists what is missing)"


class BorderLevels(Strict):
    """A border point's capacity and institutional levels (0 = none, 1 = best practice).

    The one declaration of the levels: per-border overrides, the ``border_levels`` event, its effect
    and the border point's state are all made from these fields (:data:`LEVELS`)."""

    capacity_per_day: float = param(
        10000.0,
        unit="people/day",
        range=(2000, 20000),
        ge=0,
        le=1e6,
        source="transit_by_country.csv: up to 6,650 GR-MK crossings a day (18 Oct 2015) without queues",
        description="People a border point can process in a day when open.",
    )
    staffing: float = param(
        0.5,
        unit="level 0-1",
        range=(0, 1),
        ge=0,
        le=1,
        source=ASSUMED,
        description="Staffing of the border police relative to need.",
    )
    equipment: float = param(
        0.5,
        unit="level 0-1",
        range=(0, 1),
        ge=0,
        le=1,
        source=ASSUMED,
        description="Equipment (document readers, computers, surveillance).",
    )
    corruption: float = param(
        0.3, unit="level 0-1", range=(0, 1), ge=0, le=1, source=ASSUMED, description="Corruption among border officers."
    )
    training: float = param(
        0.0,
        unit="level 0-1",
        range=(0, 1),
        ge=0,
        le=1,
        source="no OSCE training before the run",
        description="Police trained in detecting smuggling and identifying victims.",
    )
    frontline_training: float = param(
        0.0,
        unit="level 0-1",
        range=(0, 1),
        ge=0,
        le=1,
        source="no OSCE training before the run",
        description="Frontline (social) workers trained to identify trafficking victims.",
    )


def optional_level(field: FieldInfo) -> FieldInfo:
    """The same level, unset by default, with the same bounds, unit and meaning (and no source: an
    override or an event has no default of its own)."""
    unit = (field.json_schema_extra or {}).get("unit", "")
    optional = FieldInfo.merge_field_infos(field, default=None, json_schema_extra={"unit": unit})
    return optional


LEVELS = tuple(BorderLevels.model_fields)  # every level a border point holds, in declaration order

BorderOverride = create_model(
    "BorderOverride",
    __base__=Strict,
    __doc__="Levels that differ from the defaults at one border point; unset keys keep the default.",
    **{name: (float | None, optional_level(field)) for name, field in BorderLevels.model_fields.items()},
)


class BorderParams(Strict):
    """Defaults for every border point, per-border overrides, and the detection model."""

    defaults: BorderLevels = Field(default_factory=BorderLevels)
    overrides: dict[str, BorderOverride] = Field(
        default_factory=lambda: {
            # Seed study 6.1: Serbia's crossing points at the heart of the crisis were understaffed,
            # corrupt and under-equipped.
            "Tabanovce-Miratovac": BorderOverride(staffing=0.3, equipment=0.3, corruption=0.5),
            "Lojane-Miratovac": BorderOverride(staffing=0.2, equipment=0.2, corruption=0.5),
            # Green borders on the branches: few officers, no equipment for migration (seed 6.6).
            "Kakavia": BorderOverride(staffing=0.3, equipment=0.2),
            "Kapshticë": BorderOverride(staffing=0.3, equipment=0.2),
            "Hani i Hotit": BorderOverride(staffing=0.3, equipment=0.2),
            "Muriqan-Sukobin": BorderOverride(staffing=0.3, equipment=0.2),
            "Morinë": BorderOverride(staffing=0.3, equipment=0.2),
            "Šćepan Polje": BorderOverride(staffing=0.3, equipment=0.2),
            # Slovenia's stated capacity when the flow turned to it (policy_timeline.csv, 17 Oct 2015)
            # was 2,500/day; in practice it took far more within days, so the default applies.
        }
    )
    joint_statement_capacity_per_day: float = param(
        400.0,
        unit="people/day",
        range=(100, 3200),
        ge=0,
        le=1e6,
        source="policy_timeline.csv: under the 18 Feb 2016 police chiefs' statement Austria's caps were "
        "'not reached at first (~400 arrived 20 Feb)'; calibrated before (350, then 200 and 2,760: "
        "docs/calibration.md)",
        description="People a day each route border processes under the common procedures of the 18 Feb 2016 "
        "joint statement (a border_levels event with capacity_per_day: joint_statement).",
    )
    document_check_capacity_per_day: float = param(
        196.0,
        unit="people/day",
        range=(50, 800),
        ge=0,
        le=1e6,
        source="calibrated to the record (docs/calibration.md); before calibration 200.0 (assumed, below the "
        "joint statement's 400: from 21 Feb 2016 'only Syrians and Iraqis with new documents admitted', "
        "policy_timeline.csv)",
        description="People a day North Macedonia and Serbia let through once they checked documents from 21 Feb "
        "2016 (a border_levels event with capacity_per_day: document_check).",
    )
    closed_at_start: list[str] = Field(
        default_factory=lambda: [
            # Not yet part of the corridor on 1 June 2015: opened by dated events.
            "Šid-Tovarnik",
            "Berkasovo-Bapska",
            "Botovo-Zákány",
            "Baranjsko Petrovo Selo-Beremend",
            "Harmica-Dobova",
            # Branches: ordinary external borders, closed to people without visas throughout.
            "Lojane-Miratovac",
            "Kakavia",
            "Kapshticë",
            "Hani i Hotit",
            "Muriqan-Sukobin",
            "Morinë",
            "Šćepan Polje",
            "Maljevac",
            "Sremska Rača",
            "Blace",
            "Merdare",
            "Promachonas-Kulata",
            "Kapitan Andreevo",
            "Kalotina-Gradina",
            "Vrška Čuka",
            "Mytilene-Dikili",
        ],
        description="Border points closed to people without visas on the first day.",
    )
    detect_intercept: float = param(
        -2.0,
        unit="log-odds",
        range=(-4, 0),
        ge=-50,
        le=50,
        source=ASSUMED,
        description="Log-odds of detecting a smuggled crossing at a border with all levels at zero.",
    )
    detect_staffing: float = param(
        1.5,
        unit="log-odds per level",
        range=(0, 3),
        ge=0,
        le=50,
        source=ASSUMED,
        description="Effect of staffing on detection.",
    )
    detect_equipment: float = param(
        1.0,
        unit="log-odds per level",
        range=(0, 3),
        ge=0,
        le=50,
        source=ASSUMED,
        description="Effect of equipment on detection.",
    )
    detect_training: float = param(
        1.5,
        unit="log-odds per level",
        range=(0, 3),
        ge=0,
        le=50,
        source="seed study 6.6: training in profiling, green-border observation, false documents",
        description="Effect of police training on detection.",
    )
    detect_corruption: float = param(
        2.0,
        unit="log-odds per level",
        range=(0, 4),
        ge=0,
        le=50,
        source="seed study 6.1",
        description="Effect of corruption against detection.",
    )
    alone_detect_log_odds: float = param(
        2.87,
        unit="log-odds",
        range=(0, 4),
        ge=0,
        le=50,
        source="calibrated to the record (docs/calibration.md); before calibration 1.5 ("
        + "assumed; a smuggler knows the paths and the patrols, a migrant crossing alone does not"
        + ")",
        description="How much likelier (in log-odds) border police catch a migrant crossing a closed border alone "
        "than one with a smuggler.",
    )
    identify_intercept: float = param(
        -3.0,
        unit="log-odds",
        range=(-5, -1),
        ge=-50,
        le=50,
        source=ASSUMED,
        description="Log-odds of identifying a trafficking victim among those screened, all levels zero.",
    )
    identify_training: float = param(
        1.5,
        unit="log-odds per level",
        range=(0, 3),
        ge=0,
        le=50,
        source="seed study 6.6",
        description="Effect of police training on victim identification.",
    )
    identify_frontline: float = param(
        2.0,
        unit="log-odds per level",
        range=(0, 4),
        ge=0,
        le=50,
        source="seed study 6.5: 60 frontline workers trained to identify victims early",
        description="Effect of frontline workers' training on victim identification.",
    )
    identify_corruption: float = param(
        1.0,
        unit="log-odds per level",
        range=(0, 3),
        ge=0,
        le=50,
        source=ASSUMED,
        description="Effect of corruption against victim identification.",
    )

    def named_capacity(self, name: str) -> float:
        """The value of ``<name>_capacity_per_day`` (a ``border_levels`` event may give a name, so
        that calibration can fit the capacity it sets)."""
        return getattr(self, f"{name}_capacity_per_day")


# The names a border_levels event may give for its capacity: every <name>_capacity_per_day above.
NAMED_CAPACITIES = tuple(
    name.removesuffix("_capacity_per_day") for name in BorderParams.model_fields if name.endswith("_capacity_per_day")
)
