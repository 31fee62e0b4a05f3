"""Reading what runs wrote, and making figures and reports from it."""

from analysis.results import load

__all__ = ["load"]
