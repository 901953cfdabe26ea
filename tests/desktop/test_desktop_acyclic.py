"""``desktop/`` has no import cycles, lazy imports inside functions included (issue 10).

The helpers (selection dialer, recordings, settings glue, contacts) get the small
``desktop.shell.Shell`` instead of importing ``desktop.app``; start-up lives in
``desktop.main``. This walks every ``import`` of every module with ``ast``.
"""

from __future__ import annotations

import ast
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def _graph() -> dict[str, set[str]]:
    modules = {}
    for path in DESKTOP.rglob("*.py"):
        parts = path.relative_to(DESKTOP.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            deps |= {t for t in targets if t in modules and t != name}
        graph[name] = deps
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_desktop_modules_import_no_cycle() -> None:
    graph = _graph()
    assert "desktop.main" in graph and "desktop.shell" in graph
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_helpers_do_not_import_the_app() -> None:
    graph = _graph()
    for helper in ("desktop.dial_selection", "desktop.recordings_glue", "desktop.settings_glue",
                   "desktop.demo", "desktop.ui.contacts"):  # fmt: skip
        assert "desktop.app" not in graph[helper], helper
