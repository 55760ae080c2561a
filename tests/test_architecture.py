"""The layout holds: no import cycles, layers import only downwards, a pure domain core, small files.

Every import statement is read statically, including those inside functions
(imports under ``if TYPE_CHECKING:`` excepted, as they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "ketcover_tui"

# wing -> the wings it may import (its own always allowed). Root modules are wings of their own.
ALLOWED = {
    "domain": set(),
    "store": {"domain"},
    "documents": {"domain"},
    "intake": {"documents", "domain"},
    "demo": {"domain"},
    "hookspecs": set(),
    "plugin_host": {"domain", "documents", "hookspecs"},
    "testing": {"domain", "documents", "store", "hookspecs", "plugin_host"},
    "serve": set(),
    "tui": {"domain", "store", "documents", "intake", "demo", "hookspecs", "plugin_host"},
    "cli": {"domain", "store", "documents", "intake", "demo", "hookspecs", "plugin_host", "tui", "serve"},
}
ROOT_MODULES = {"__init__.py", "hookspecs.py", "serve.py", "testing.py"}  # and the plugin_host/ package
FRAMEWORKS = {"textual", "rich", "tinydb", "fpdf", "docx", "pypdf", "pluggy", "filelock", "fhir", "pyx12",
              "platformdirs", "textual_serve", "aiohttp"}
NEVER_IN_DOCUMENTS = {"textual", "tinydb", "filelock", "textual_serve"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _under_type_checking(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(name: str) -> tuple[set[str], set[str]]:
    """(ketcover_tui modules imported, top-level third-party packages imported) by module ``name``."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    ours, theirs = set(), set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or _under_type_checking(node, parents):
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        for target in targets:
            if target.split(".")[0] == "ketcover_tui":
                while target not in MODULES and "." in target:
                    target = target.rpartition(".")[0]
                if target != name:
                    ours.add(target)
            else:
                theirs.add(target.split(".")[0])
    return ours, theirs


GRAPH = {name: imports_of(name) for name in MODULES}


def wing(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_import_cycles():
    graph = {name: ours for name, (ours, _) in GRAPH.items()}
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []
    counter = [0]

    def connect(node):  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    assert cycles == []


def test_layers_import_only_downwards():
    wrong = []
    for name, (ours, _) in GRAPH.items():
        mine = wing(name)
        for target in ours:
            theirs = wing(target)
            if theirs not in ({mine, "__init__"} | ALLOWED.get(mine, set())):
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_the_domain_imports_no_framework_or_io_library():
    wrong = [f"{name} imports {lib}" for name, (_, theirs) in GRAPH.items() if wing(name) == "domain"
             for lib in theirs & FRAMEWORKS]
    assert wrong == []


def test_documents_know_nothing_of_textual_or_the_store():
    wrong = [f"{name} imports {lib}" for name, (_, theirs) in GRAPH.items() if wing(name) == "documents"
             for lib in theirs & NEVER_IN_DOCUMENTS]
    assert wrong == []


def test_built_in_plugins_never_import_textual_or_the_app():
    wrong = []
    for path in (REPO / "plugins").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            wrong += [f"{path.relative_to(REPO)}: {n}" for n in names
                      if n.split(".")[0] == "textual" or n.startswith(("ketcover_tui.tui", "ketcover_tui.cli"))]
    assert wrong == []


TEXT_WIDGETS = {"Static", "Label", "OptionList", "SelectionList", "Select", "DataTable", "Input", "TextArea"}


def test_text_widgets_come_only_from_the_literal_choke_point():
    """Stored and plugin text is shown literally only if every text widget is one of tui/literal.py's."""
    wrong = []
    for path in (PACKAGE / "tui").rglob("*.py"):
        if path.name in ("literal.py", "key_order.py", "one_frame.py"):  # key_order only tests isinstance(…, Input), palette too
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual.widgets"):
                wrong += [f"{path.relative_to(REPO)}: {a.name}" for a in node.names if a.name in TEXT_WIDGETS]
            elif isinstance(node, ast.Attribute) and node.attr in TEXT_WIDGETS and ast.unparse(node.value) in (
                    "widgets", "textual.widgets"):
                wrong.append(f"{path.relative_to(REPO)}: {ast.unparse(node)}")
    assert wrong == []


SHARED_CLI = {"ketcover_tui.cli.common", "ketcover_tui.cli.import_flow",  # helpers, not command groups
              "ketcover_tui.cli.import_documents"}  # part of the import group, registered by it


def test_command_modules_never_import_each_other():
    wrong = []
    for name, (ours, _) in GRAPH.items():
        if name.startswith("ketcover_tui.cli.") and not name.endswith((".main", ".__main__")):
            wrong += [f"{name} -> {t}" for t in ours
                      if t.startswith("ketcover_tui.cli") and t not in SHARED_CLI]
    assert wrong == []


def test_the_package_root_holds_only_the_plugin_api_and_serve():
    assert {p.name for p in PACKAGE.glob("*.py")} == ROOT_MODULES
    assert (PACKAGE / "plugin_host" / "__init__.py").is_file()


@pytest.mark.parametrize("folder", ["ketcover_tui", "plugins", "tests", "benchmarks"])
def test_no_python_file_over_400_lines(folder):
    long = {str(p.relative_to(REPO)): n for p in (REPO / folder).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_no_stylesheet_over_200_lines():
    long = {str(p.relative_to(REPO)): n for p in PACKAGE.rglob("*.tcss")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 200}
    assert long == {}


def test_the_scan_sees_imports_inside_functions():
    """A guard on the scanner itself: lazy imports count."""
    ours, _ = GRAPH["ketcover_tui.cli.app"]
    assert "ketcover_tui.tui.app" in ours  # imported inside run_app()
