"""One simulation run of the 2015-16 Balkans route: migrants, border points and OSCE missions."""

from model.enums import Nationality, Policy, Posture, Status, Vulnerability
from model.parameters import Parameters, apply_overrides
from model.scenario import Scenario

__all__ = [
    "Nationality",
    "Parameters",
    "Policy",
    "Posture",
    "RouteModel",
    "Scenario",
    "Status",
    "Vulnerability",
    "apply_overrides",
]


def __getattr__(name):
    # RouteModel imports Mesa; keep ``import model`` light for tools that only read parameters.
    if name == "RouteModel":
        from model.model import RouteModel

        return RouteModel
    raise AttributeError(name)
