"""Parameters of the migrants' daily rules: travel, route choice, refusal responses, smuggling."""

import numpy as np
from pydantic import field_validator, model_validator

from model.enums import Nationality
from model.fields import Strict, param
from model.graph import COUNTRIES

ASSUMED = "assumed; no source figure (model/data/sources/README.md lists what is missing)"


class MigrantParams(Strict):
    """How migrants travel, choose routes and respond when a border refuses them."""

    speed_walk_km_per_day: float = param(
        30.0,
        unit="km/day",
        range=(15, 45),
        ge=1,
        le=2000,
        source=ASSUMED,
        description="Distance walked in a day (6-8 h at 4-5 km/h).",
    )
    speed_bus_km_per_day: float = param(
        400.0,
        unit="km/day",
        range=(200, 700),
        ge=1,
        le=2000,
        source="moving-europe.org 20.11.2015: Preševo-Šid by bus in about 6 h (road_distances.csv)",
        description="Distance covered in a day by bus, including boarding and stops.",
    )
    speed_train_km_per_day: float = param(
        300.0,
        unit="km/day",
        range=(150, 600),
        ge=1,
        le=2000,
        source="moving-europe.org 20.11.2015: Preševo-Šid by train in about 10 h",
        description="Distance covered in a day by the refugee trains.",
    )
    speed_ferry_km_per_day: float = param(
        350.0,
        unit="km/day",
        range=(200, 600),
        ge=1,
        le=2000,
        source="overnight ferries Lesbos-Piraeus",
        description="Distance covered in a day by ferry.",
    )
    vulnerable_walk_factor: float = param(
        0.7,
        unit="ratio",
        range=(0.4, 1.0),
        ge=0.1,
        le=1,
        source=ASSUMED,
        description="Walking speed of families and unaccompanied minors relative to single adults.",
    )
    camp_dwell_days: int = param(
        1,
        unit="days",
        range=(0, 3),
        ge=0,
        le=10,
        source="registration at transit camps took about a day (seed study 6.1; moving-europe.org)",
        description="Days spent registering at a camp node before moving on.",
    )
    island_registration_days: int = param(
        2,
        unit="days",
        range=(0, 7),
        ge=0,
        le=30,
        source=ASSUMED,
        description="Days between landing on an island and leaving it (registration).",
    )
    island_processing_per_day: float = param(
        3700.0,
        unit="people/day",
        range=(1000, 20000),
        ge=1,
        le=1e6,
        source="calibrated to the record (docs/calibration.md); before calibration 20000.0 ("
        + "assumed; 20,000 is more than any day's arrivals, so no backlog builds by default)",
        description="People the islands register and ship to the mainland a day on 1 June 2015; arrivals "
        "beyond it wait their turn.",
    )
    island_processing_growth_per_month: float = param(
        1320.0,
        unit="people/day per month",
        range=(0, 2000),
        ge=0,
        le=1e5,
        source="calibrated to the record (docs/calibration.md); before calibration 0.0 ("
        + "assumed; Greece and the EU added ferries and registration staff through the autumn of 2015)",
        description="Monthly rise of island_processing_per_day.",
    )
    max_hops_per_day: int = param(
        6,
        unit="edges",
        ge=1,
        le=20,
        source="model resolution",
        description="Most edges a migrant can traverse in one day (bounds the movement loop).",
    )
    route_noise_days: float = param(
        1.13,
        unit="days",
        range=(0.1, 3.0),
        ge=0.01,
        le=100,
        source="calibrated to the record (docs/calibration.md); assumed 0.5 before calibration",
        description="Scale of each migrant's random taste (Gumbel) on the perceived cost of each option.",
    )
    route_noise_share: float = param(
        0.025,
        unit="share of the option's cost",
        range=(0.0, 0.15),
        ge=0,
        le=1,
        source="calibrated to the record (docs/calibration.md); before calibration 0.03 ("
        + "assumed; perception errors that grow with route cost (Daganzo and Sheffi 1977, Transportation "
        "Science 11); the seed study's 'only a few migrants chose to transit through Albania' needs some who misjudge"
        + ")",
        description="Growth of the scale of a migrant's taste on an option with the option's perceived cost: the "
        "scale is route_noise_days plus this times the cost.",
    )
    info_lag_mean_days: float = param(
        2.8,
        unit="days",
        range=(0.0, 14.0),
        ge=0,
        le=30,
        source="calibrated to the record (docs/calibration.md); assumed 3.0 before calibration",
        description="Mean delay before news of a border's change reaches a migrant away from it.",
    )
    closed_border_cost_days: float = param(
        17.7,
        unit="days",
        range=(5, 60),
        ge=0,
        le=365,
        source="calibrated to the record (docs/calibration.md); assumed 20.0 before calibration",
        description="Perceived cost of crossing a closed border besides the smuggler's price and the risk of "
        "detection: finding a smuggler, waiting for the crossing, the hardship of the way.",
    )
    detection_cost_days: float = param(
        20.0,
        unit="days",
        range=(0, 60),
        ge=0,
        le=365,
        source=ASSUMED,
        description="Extra perceived cost of a closed border per unit probability of detection.",
    )
    unfamiliar_route_cost_days: float = param(
        3.0,
        unit="days",
        range=(0, 30),
        ge=0,
        le=365,
        source="calibrated to the record (docs/calibration.md); before calibration 5.0 ("
        + "seed 6.6 and 7: people kept to the route where networks and smugglers already worked"
        + ")",
        description="Extra perceived cost of a border few people have crossed lately.",
    )
    familiar_flow_people_per_day: float = param(
        100.0,
        unit="people/day",
        range=(10, 1000),
        ge=1,
        le=1e6,
        source=ASSUMED,
        description="Recent daily flow across a border at which it has become known (e-folding scale).",
    )
    familiarity_memory_days: float = param(
        90.0,
        unit="days",
        range=(14, 365),
        ge=1,
        le=3650,
        source=ASSUMED,
        description="Time over which the memory of a border's flow fades (e-folding).",
    )
    waiting_list_memory_days: float = param(
        1.0,
        unit="days",
        range=(1, 60),
        ge=1,
        le=365,
        source="1 (no memory) in the 2015-16 calibration; post_closure.csv, 28 Jul 2016: about 1,239 waited for "
        "Hungary's transit zones, which admitted some 30-64 a day (branches_2016_2018.csv): people on the waiting "
        "list stayed on it for weeks, wherever they were that day",
        description="Time over which route choice remembers the people turned away from a capped border's queue "
        "who wait to get in (e-folding): with 1 only today's count is seen, and thousands refused at the "
        "neighbouring border all see the queue short again the day after they leave it.",
    )
    destination_share_austria: float = param(
        0.1,
        unit="share",
        range=(0.0, 0.3),
        ge=0,
        le=1,
        source=ASSUMED,
        description="Share of migrants heading for Austria; the rest head for Germany and beyond.",
    )
    money_median_eur_syr: float = param(
        1500.0,
        unit="EUR",
        range=(300, 4000),
        ge=0,
        le=1e6,
        source=ASSUMED,
        description="Median money a Syrian migrant carries on landing in Greece.",
    )
    money_median_eur_afg: float = param(
        800.0,
        unit="EUR",
        range=(200, 3000),
        ge=0,
        le=1e6,
        source=ASSUMED,
        description="Median money an Afghan migrant carries on landing in Greece.",
    )
    money_median_eur_irq: float = param(
        1200.0,
        unit="EUR",
        range=(300, 4000),
        ge=0,
        le=1e6,
        source=ASSUMED,
        description="Median money an Iraqi migrant carries on landing in Greece.",
    )
    money_median_eur_oth: float = param(
        740.0,
        unit="EUR",
        range=(200, 3000),
        ge=0,
        le=1e6,
        source="calibrated to the record (docs/calibration.md); assumed 700.0 before calibration",
        description="Median money other migrants carry on landing in Greece.",
    )
    money_sigma: float = param(
        0.8,
        unit="log EUR",
        range=(0.2, 1.5),
        ge=0,
        le=5,
        source=ASSUMED,
        description="Spread (log-normal sigma) of the money migrants carry.",
    )
    daily_spend_eur: float = param(
        13.2,
        unit="EUR/day",
        range=(0, 20),
        ge=0,
        le=10000,
        source="calibrated to the record (docs/calibration.md); assumed 5.0 before calibration",
        description="Money spent each day while stranded.",
    )
    remittances_per_month: float = param(
        0.0,
        unit="1/month",
        range=(0, 1),
        ge=0,
        le=30,
        source="off by default: families paid smugglers through informal 'offices' that hold the "
        "fee until the crossing (BIRN/Detektor, 'Crossing Borders: In a Belgrade Cafe, Codes, Cash and a Cut "
        "for the State', 3 Jun 2021), but no source gives a rate, and local searches that fitted it "
        "(docs/calibration.md, ninth and tenth rounds) gave a corridor error of 0.16-0.23 against 0.14 without",
        description="Rate at which relatives pay a smuggler's package (smuggle_package_borders legs at the price "
        "of the leg in front) for a stranded migrant who cannot pay the leg itself (0: never; 1: once a month "
        "on average).",
    )
    smuggler_price_eur: float = param(
        350.0,
        unit="EUR",
        range=(150, 1000),
        ge=0,
        le=1e6,
        source="post_closure.csv: EUR 700 Evzoni-Belgrade across two borders (Mar 2016), EUR 500 Tabanovce-Belgrade "
        "(Aug 2016); branches_2016_2018.csv: EUR 600 Sofia to Serbia (Oct 2015), EUR 200-300 to the Hungarian or "
        "Croatian border (2016)",
        description="Base price of one leg (one closed border) with a smuggler: where detection is nil and demand "
        "within what the leg's networks carry (smuggling.* sets how the price moves from it).",
    )
    value_of_time_eur_per_day: float = param(
        20.0,
        unit="EUR/day",
        range=(10, 200),
        ge=1,
        le=1e5,
        source="calibrated to the record (docs/calibration.md); before calibration 50.0 (" + ASSUMED + ")",
        description="Money a migrant would give to save a day of the journey: turns a smuggler's price into the "
        "days of route choice's perceived cost.",
    )
    smuggle_package_borders: int = param(
        3,
        unit="borders",
        range=(1, 5),
        ge=1,
        le=5,
        source="calibrated to the record (docs/calibration.md); before calibration 2 (post_closure.csv: EUR 700 "
        "bought Evzoni (GR) to Belgrade, across the GR-MK and MK-RS borders, in March 2016)",
        description="Closed borders one smuggling network takes a migrant across in a row: refused again before "
        "then, the network takes it on without a new search, at the next leg's price.",
    )
    land_onward_leg_price_eur: float = param(
        750.0,
        unit="EUR per leg",
        range=(0, 1500),
        ge=0,
        le=1e5,
        source="branches_2016_2018.csv: EUR 600-900 for Bulgaria to Serbia (Deutsche Welle, 25 Aug 2016; Al Jazeera, "
        "10 Oct 2015: 'upward of 600 euros'), the middle of the range. People crossing the fenced Turkish border "
        "came with smugglers and went on within hours or days, in cars that picked them up at the refugee centres "
        "(head of the State Agency for Refugees, The Sofia Globe via Independent Balkan News Agency, 15 Feb 2016, "
        "'Refugees spend no more than a few hours in Bulgaria before heading West')",
        description="Money people arriving by land in Bulgaria hold, on top of their own, for each leg of their "
        "smuggler's package after the Turkish border (smuggle_package_borders - 1 legs): the package bought in "
        "Turkey takes them on from Sofia.",
    )
    smuggle_trip_days: int = param(
        3,
        unit="days",
        range=(1, 10),
        ge=1,
        le=30,
        source=ASSUMED,
        description="Days spent with the smuggler for one crossing.",
    )
    exploitation_risk_per_day: float = param(
        0.01,
        unit="probability/day",
        range=(0.0, 0.05),
        ge=0,
        le=1,
        source=ASSUMED,
        description="Daily risk that a single adult with a smuggler is exploited (trafficked).",
    )
    exploitation_factor_family: float = param(
        1.5,
        unit="ratio",
        range=(1, 3),
        ge=0,
        le=100,
        source="seed study 6.6: families highly vulnerable",
        description="Exploitation risk of families relative to single adults.",
    )
    exploitation_factor_uam: float = param(
        3.0,
        unit="ratio",
        range=(1, 6),
        ge=0,
        le=100,
        source="seed study 6.5: minors a high-risk group",
        description="Exploitation risk of unaccompanied minors relative to single adults.",
    )
    awareness_risk_reduction: float = param(
        0.3,
        unit="share",
        range=(0, 0.8),
        ge=0,
        le=1,
        source=ASSUMED,
        description="Share of the exploitation risk removed in a country at full awareness.",
    )
    queue_patience_days: float = param(
        7.7,
        unit="days",
        range=(3, 60),
        ge=0.5,
        le=365,
        source="calibrated to the record (docs/calibration.md); before calibration 20.0 ("
        + "post_closure.csv, 28 Jul 2016: about 1,239 waited at Hungary's transit zones, which admitted "
        "some 30-64 a day (branches_2016_2018.csv): a waiting list of three to six weeks" + ")",
        description="Longest expected wait a migrant accepts in a border's queue: further back than this many days "
        "of the border's daily limit, it is turned away and weighs its other options, and it rejoins only a queue "
        "shorter than this.",
    )
    divert_log_odds: float = param(
        -4.07,
        unit="log-odds/day",
        range=(-7, 0),
        ge=-50,
        le=50,
        source="calibrated to the record (docs/calibration.md); assumed -4.0 before calibration",
        description="Log-odds (against waiting) that a refused migrant takes another route it believes better.",
    )
    divert_log_odds_per_day_saved: float = param(
        0.2,
        unit="log-odds/day saved",
        range=(0.0, 0.5),
        ge=0,
        le=10,
        source="calibrated to the record (docs/calibration.md); before calibration 0.2 (" + ASSUMED + ")",
        description="Rise of the diverting log-odds for each day the other route is believed to save.",
    )
    divert_days_saved_cap: float = param(
        60.0,
        unit="days",
        range=(20, 120),
        ge=0,
        le=365,
        source=ASSUMED,
        description="Most days saved a diverting migrant counts: a refused crossing with no way on through it "
        "counts as saving this many.",
    )
    smuggle_log_odds: float = param(
        -1.91,
        unit="log-odds/day",
        range=(-7, -1),
        ge=-50,
        le=50,
        source="calibrated to the record (docs/calibration.md); assumed -4.0 before calibration",
        description="Log-odds (against waiting) that a refused migrant who can pay hires a smuggler.",
    )
    smuggle_log_odds_per_week: float = param(
        0.54,
        unit="log-odds/week",
        range=(0, 1),
        ge=0,
        le=10,
        source="calibrated to the record (docs/calibration.md); assumed 0.3 before calibration",
        description="Rise of the smuggling log-odds for each week spent stranded.",
    )
    cross_alone_log_odds: float = param(
        -9.0,
        unit="log-odds/day",
        range=(-9, -2),
        ge=-50,
        le=50,
        source="calibrated to the record (docs/calibration.md); before calibration -8.0 ("
        + "assumed; post_closure.csv: about 200 a day entered North Macedonia irregularly after the closure, "
        "many on foot over the green border; the poor who could not pay a smuggler tried it alone" + ")",
        description="Log-odds (against waiting) that a refused migrant tries to cross the closed border on its own, "
        "without a smuggler and without paying (borders.alone_detect_log_odds makes it likelier to be caught).",
    )
    cross_alone_log_odds_per_week: float = param(
        0.0,
        unit="log-odds/week",
        range=(0, 1),
        ge=0,
        le=10,
        source="calibrated to the record (docs/calibration.md); before calibration 0.05 (" + ASSUMED + ")",
        description="Rise of the log-odds of crossing alone for each week spent stranded.",
    )
    asylum_log_odds: float = param(
        -4.55,
        unit="log-odds/day",
        range=(-9, -3),
        ge=-50,
        le=50,
        source="calibrated to the record (docs/calibration.md); assumed -6.0 before calibration",
        description="Log-odds (against waiting) that a refused migrant claims asylum where they are.",
    )
    asylum_log_odds_by_country: dict[str, float] = param(
        {"XK": -4.0},
        unit="log-odds by country code",
        source="branches_2016_2018.csv (UNHCR Kosovo factsheet, April 2016): 98 asylum applications in Kosovo in 2014 "
        "and 70 in 2015, while tens of thousands of Kosovars left: its asylum system offered people in transit "
        "nothing, where an intention registered in Serbia or North Macedonia gave a legal stay; size assumed",
        description="Added to asylum_log_odds in a country where claiming asylum was more or less usual for people "
        "in transit than elsewhere.",
    )
    asylum_log_odds_per_week: float = param(
        0.77,
        unit="log-odds/week",
        range=(0, 1),
        ge=0,
        le=10,
        source="calibrated to the record (docs/calibration.md); assumed 0.5 before calibration",
        description="Rise of the asylum log-odds for each week spent stranded.",
    )
    asylum_move_on_per_day: float = param(
        0.114,
        unit="probability/day",
        range=(0.0, 0.3),
        ge=0,
        le=1,
        source="calibrated to the record (docs/calibration.md); before calibration 0.05 ("
        + "post_closure.csv: Serbia had 5,896 asylum intentions by 31 Jul 2016 but 3,600 people present; "
        "value assumed)",
        description="Daily chance that an asylum claimant in a transit country gives up the claim and moves on.",
    )
    greece_asylum_capacity_per_day: float = param(
        2890.0,
        unit="people/day",
        range=(20, 3000),
        ge=0,
        le=1e6,
        source="calibrated to the record (docs/calibration.md); assumed 1000.0 before calibration (the Greek "
        "Asylum Service registered claims by appointment; model/data/sources has no count of claims in Greece)",
        description="Most asylum claims Greece registers in a day before the EU-Turkey statement; refused "
        "migrants beyond it wait.",
    )
    greece_asylum_capacity_after_statement_per_day: float = param(
        300.0,
        unit="people/day",
        range=(100, 5000),
        ge=0,
        le=1e6,
        source="calibrated to the record (docs/calibration.md); assumed 2000.0 before calibration (the EU-Turkey "
        "statement, policy_timeline.csv 18 Mar 2016, sent asylum experts to the islands so that each arrival's claim "
        "could be examined before a return; model/data/sources has no count)",
        description="Most asylum claims Greece registers in a day from the EU-Turkey statement (the "
        "island_containment event) on.",
    )
    asylum_pursued_move_on_per_day: float = param(
        0.0,
        unit="probability/day",
        range=(0, 0.02),
        ge=0,
        le=1,
        source="assumed: claims in Greece took months to years, and some claimants set off north irregularly while "
        "they waited (the record's flows through Albania and Montenegro in 2017 came from Greece); 0 keeps "
        "every claim in Greece final",
        description="Daily chance that a claimant in a country of asylum_stay_countries that is not a destination "
        "(Greece) gives up waiting and sets off again, from an island too (it is transferred to the mainland).",
    )
    leave_route_per_day: float = param(
        0.0,
        unit="probability/day",
        range=(0, 0.01),
        ge=0,
        le=1,
        source="assumed; 0 in historical (its 2015-16 fit had no such rule). The record has the stocks of the "
        "stranded falling through 2017 while arrivals went on: Greece 62,784 present on 31 Dec 2016, 47,555 on "
        "30 Jun 2017; Serbia 7,850 on 15 Feb 2017, 4,300 on 31 Dec 2017 (branches_2016_2018.csv). Some left by "
        "assisted voluntary return (IOM: 10,576 from Greece, Jun 2016 - Apr 2018; infomigrants.net/en/post/9120) "
        "or EU relocation (21,729 from Greece by the scheme's end, Statewatch, Feb 2018), others "
        "went back to Turkey or settled where they were; historical_2018 fits the rate on 2015-17",
        description="Daily chance that a migrant stranded at a closed border (not one held on an island, whose "
        "way out is a claim or readmission), or a claimant waiting in Greece, gives the journey up and leaves "
        "the route (status LEFT): it goes home or back to Turkey, is relocated, or stays where it is, outside "
        "the flows the model follows.",
    )
    asylum_stay_countries: list[str] = param(
        ["GR", "AT", "DE"],
        unit="country codes",
        source="design: claims in Greece (relocation, family reunion) and in the destinations were pursued; "
        "in the Western Balkans most were abandoned within days",
        description="Countries where asylum claimants stay; elsewhere they move on at asylum_move_on_per_day.",
    )
    readmission_rate_per_day: float = param(
        0.00077,
        unit="probability/day",
        range=(0, 0.005),
        ge=0,
        le=1,
        source="calibrated to the record (docs/calibration.md); before calibration 0.0001 ("
        + "post_closure.csv: 800 readmitted to Turkey by 11 Jan 2017)",
        description="Daily chance that a migrant held on an island after the EU-Turkey statement is returned.",
    )

    police_return_per_day: dict[str, float] = param(
        {"AL": 0.05},
        unit="probability/day by country code",
        source="Albania: 'Albania formally offers asylum for refugees caught in its territory, but very few are those "
        "who accept the offer'; its police issued 'voluntary repatriation orders' or returned them to Greece "
        "(albanianeconomy.com, 5 May 2016); 'those who say they are refugees and don't want to go back to Greece are "
        "sent to a detention center' (Tirana Times, 16 Dec 2015); rate chosen by hand against Albania's asylum "
        "applications of 2016 (about 240, branches_2016_2018.csv): 0.05 gives 315 over seeds 42-45, 0.15 gives 97",
        description="Daily chance that a person stranded in this country (refused at a closed border, no claim "
        "there) is returned by its police to the place named in police_return_to.",
    )
    police_return_to: dict[str, str] = param(
        {"AL": "Ioánnina"},
        unit="place by country code",
        source="Albania returns to Greece over its southern border (albanianeconomy.com, 5 May 2016)",
        description="Where a country's police return the people they return (a place on the route graph); every "
        "country in police_return_per_day needs one.",
    )

    def asylum_offsets(self) -> np.ndarray:
        """``asylum_log_odds_by_country`` as an array in :data:`model.graph.COUNTRIES` order (0 elsewhere)."""
        return np.array([self.asylum_log_odds_by_country.get(c, 0.0) for c in COUNTRIES])

    def money_medians_eur(self) -> np.ndarray:
        """``money_median_eur_<group>`` of each nationality group, in :class:`Nationality` order."""
        return np.array([getattr(self, f"money_median_eur_{n.name.lower()}") for n in Nationality])

    @model_validator(mode="after")
    def _returns_have_a_place(self) -> "MigrantParams":
        for code, rate in self.police_return_per_day.items():
            if code not in COUNTRIES:
                raise ValueError(f"police_return_per_day: unknown country code {code!r}")
            if not 0 <= rate <= 1:
                raise ValueError(f"police_return_per_day.{code}: {rate!r}; expected a probability from 0 to 1")
            if rate > 0 and code not in self.police_return_to:
                raise ValueError(f"police_return_per_day.{code}: no place in police_return_to to return people to")
        return self

    @field_validator("asylum_stay_countries", "asylum_log_odds_by_country")
    @classmethod
    def _known_countries(cls, codes):
        for code, offset in codes.items() if isinstance(codes, dict) else ():
            if not -50 <= offset <= 50:
                raise ValueError(f"{code}: {offset!r}; expected log-odds from -50 to 50")
        unknown = [c for c in codes if c not in COUNTRIES]
        if unknown:
            raise ValueError(f"unknown country code {unknown[0]!r}; expected some of {', '.join(COUNTRIES)}")
        return codes


_missing = [n.name for n in Nationality if f"money_median_eur_{n.name.lower()}" not in MigrantParams.model_fields]
if _missing:  # a new nationality group needs its money parameter
    raise TypeError(f"MigrantParams: no money_median_eur_{_missing[0].lower()} for nationality group {_missing[0]}")
