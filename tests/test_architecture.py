"""The packages depend one way: model -> scenarios -> runs -> analysis -> cli (and dashboard), and
nothing but ``run.py`` imports ``cli`` (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
# each package, and the project packages it may import (besides itself)
ALLOWED = {
    "model": set(),
    "scenarios": {"model"},
    "runs": {"model", "scenarios"},
    "analysis": {"model", "scenarios", "runs"},
    "dashboard": {"model", "scenarios", "runs"},
    "cli": {"model", "scenarios", "runs", "analysis", "dashboard"},
}


def imported_packages(path: Path) -> set[str]:
    """The project packages a module imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found |= {n.split(".")[0] for n in names} & set(ALLOWED)
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_the_packages_before_it(package):
    for path in sorted((ROOT / package).glob("*.py")):
        against = imported_packages(path) - ALLOWED[package] - {package}
        assert not against, f"{path.relative_to(ROOT)} imports {sorted(against)} against the one-way flow"


def test_run_py_only_maps_command_names_to_cli_modules():
    assert imported_packages(ROOT / "run.py") <= {"model"}  # model.errors.InputError, for the one-line message
    source = (ROOT / "run.py").read_text(encoding="utf-8")
    assert 'f"cli.{name}"' in source
