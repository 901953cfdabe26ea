"""The test tree's own rules: packages everywhere, no test module importing another.

Tests mirror the source tree as packages (an ``__init__.py`` in every folder, so two
test files may share a name); shared helpers and fakes live in ``tests/fakes``
(imported as ``tests.fakes.<module>``), never in a test module or a ``conftest.py``
that other tests import.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.paths import REPO

TESTS = REPO / "tests"


def _folders() -> list[Path]:
    return sorted(
        p
        for p in [TESTS, *TESTS.rglob("*")]
        if p.is_dir() and p.name != "__pycache__" and any(p.glob("*.py"))
    )


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def test_every_test_folder_is_a_package() -> None:
    missing = [str(p.relative_to(REPO)) for p in _folders() if not (p / "__init__.py").exists()]
    assert not missing, f"add __init__.py to: {missing}"


def test_no_test_module_imports_another_test_module_or_a_conftest() -> None:
    bad = []
    for path in sorted(TESTS.rglob("*.py")):
        for name in _imports(path):
            last = name.rsplit(".", 1)[-1]
            if name.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                bad.append(f"{path.relative_to(REPO)} imports {name}")
    assert not bad, "move shared helpers into tests/fakes:\n" + "\n".join(bad)


def test_test_helpers_are_imported_by_package_path() -> None:
    """A bare ``from calls_support import ...`` only works while its folder is on sys.path."""
    local = {p.stem for p in TESTS.rglob("*.py") if p.parent != TESTS / "fakes"}
    bad = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in sorted(TESTS.rglob("*.py"))
        for name in _imports(path)
        if name.split(".", 1)[0] in local and not name.startswith("tests")
    ]
    assert not bad, "\n".join(bad)
