"""Every install comes from a lock: each dependency pyproject.toml names is pinned there, with
hashes, and the image installs from it; the runtime dependencies are what the code imports."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions

import pytest

from tests.support.up import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
_NAME = re.compile(r"^[A-Za-z0-9._-]+")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: str) -> dict[str, str]:
    """name -> the text of its entry (version, hashes)."""
    text = (ROOT / "requirements" / lock).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)
    return {_normal(e.split("==", 1)[0]): e for e in entries if "==" in e.split("\n", 1)[0]}


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("runtime.lock", PYPROJECT["dependencies"]),
        ("dev.lock", PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["dev"]),
    ],
)
def test_every_dependency_is_pinned_with_hashes_in_the_lock(
    lock: str, requirements: list[str]
) -> None:
    pins = _pins(lock)
    names = {_normal(_NAME.match(r).group(0)) for r in requirements}  # type: ignore[union-attr]
    assert sorted(names - set(pins)) == [], "run `make lock`"
    assert all("--hash=sha256:" in pins[name] for name in names)


def test_the_dev_lock_pins_the_runtime_packages_at_the_same_versions() -> None:
    runtime, dev = _pins("runtime.lock"), _pins("dev.lock")
    differ = [n for n in runtime if dev.get(n, "").split()[0] != runtime[n].split()[0]]
    assert differ == []


def test_the_image_installs_only_locked_packages() -> None:
    runs = (ROOT / "Dockerfile").read_text()
    installs = re.findall(r"pip install[^\n&]*", runs)
    assert "pip install --require-hashes --no-deps -r requirements/runtime.lock" in installs
    assert all("--no-deps" in line for line in installs)


# Runtime dependencies no module imports by name, and why the platform needs them.
USED_WITHOUT_IMPORT = {
    "aiosqlite": "SQLAlchemy's SQLite driver, chosen by the database URL",
    "asyncpg": "SQLAlchemy's PostgreSQL driver, chosen by the database URL",
    "python-multipart": "FastAPI parses HALP's forms with it",
    "python-engineio": "python-socketio's transport; the Engine.IO 3 front-end reads its settings",
    "rapidocr": "ships the PP-OCRv6 recogniser model the OCR service's second opinion runs",
}


def _imported_distributions() -> set[str]:
    """Distributions whose modules argus/ and services/ import (standard library excluded)."""
    names: set[str] = set()
    for path in [*(ROOT / "argus").rglob("*.py"), *(ROOT / "services").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    owners = packages_distributions()
    return {_normal(dist) for name in names for dist in owners.get(name, [])}


def test_runtime_dependencies_are_what_the_runtime_code_imports() -> None:
    declared = {_normal(_NAME.match(r).group(0)) for r in PYPROJECT["dependencies"]}  # type: ignore[union-attr]
    imported = _imported_distributions() - {"argus"}
    assert sorted(imported - declared) == [], "imported but not declared"
    assert sorted(declared - imported - set(USED_WITHOUT_IMPORT)) == [], "declared, never imported"
