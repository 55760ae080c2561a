"""``ketcover plugins new NAME``: write a working plugin distribution from the templates in ``template/``.

What it writes (for NAME ``my-lender``)::

    ketcover-my-lender/
      pyproject.toml          the entry point, the ketcover requirement, the package list, MIT
      README.md, LICENSE
      ketcover_my_lender/     __init__.py (the hooks) and one module per kind of contribution
      tests/                  tests written with ketcover_tui.testing; they pass as written

Like datasette's and llm's plugin templates, but built in: no extra tool.
Each template's ``{{name}}``, ``{{module}}``, … are replaced by their values (an unknown one is an error).
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

from .. import __version__, hookspecs
from ..domain import clock

HOOKS = {  # --hook value -> (module file, hook name, what it adds)
    "checklists": ("checklists", "register_checklists", "a checklist"),
    "call-scripts": ("call_scripts", "register_call_scripts", "a call script"),
    "funding": ("funding", "register_funding_sources", "a funding source"),
    "letters": ("letters", "register_letter_templates", "a letter template"),
    "exporters": ("exporters", "register_exporters", "an export format"),
}
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_MARK = re.compile(r"\{\{(\w+)\}\}")


class ScaffoldError(ValueError):
    """The plugin cannot be written as asked; the message says what to change."""


def _template(name: str) -> str:
    return (files(__package__) / "template" / name).read_text(encoding="utf-8")


def _fill(name: str, values: dict) -> str:
    return _MARK.sub(lambda m: values[m.group(1)], _template(name))


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _test_imports(texts: list[str]) -> str:
    """The snippets' import lines as one block: helpers from ketcover_tui.testing merged into one line."""
    helpers, others = set(), []
    for line in (line for text in texts for line in text.splitlines() if line.strip()):
        if line.startswith("from ketcover_tui.testing import "):
            helpers.update(n.strip() for n in line.split(" import ", 1)[1].split(","))
        elif line not in others:
            others.append(line)
    plain = sorted(line for line in others if line.startswith("import "))
    froms = sorted(line for line in others if line.startswith("from "))
    block = "\n".join(plain) + ("\n\n" if plain else "")
    return block + "\n".join(froms + [f"from ketcover_tui.testing import {', '.join(sorted(helpers))}"] * bool(helpers))


def plugin_files(name: str, hooks: list[str]) -> dict[str, str]:
    """Relative path -> text of every file of plugin ``name`` contributing ``hooks`` (keys of HOOKS)."""
    if not _NAME.match(name) or len(name) > 40:
        raise ScaffoldError(f"plugin name {name!r}: use lower-case letters, digits and single dashes, starting "
                            "with a letter (at most 40), such as 'my-lender'")
    unknown = [h for h in hooks if h not in HOOKS]
    if unknown or not hooks:
        raise ScaffoldError(f"--hook takes {', '.join(HOOKS)}" + (f", not {', '.join(unknown)}" if unknown else ""))
    hooks = [h for h in HOOKS if h in hooks]  # one order, whatever was typed
    short = name.removeprefix("ketcover-")
    dist = f"ketcover-{short}"
    major, minor = (int(n) for n in __version__.split(".")[:2])
    values = {"name": short, "dist": dist, "module": dist.replace("-", "_"), "title": short.replace("-", " ").title(),
              "summary": _join([HOOKS[h][2] for h in hooks]), "api": hookspecs.PLUGIN_API,
              "ketcover_version": f"{major}.{minor}", "ketcover_next": f"{major}.{minor + 1}",
              "year": str(clock.today().year)}
    module = values["module"]
    out = {"pyproject.toml": _fill("pyproject.toml.tmpl", values), "README.md": _fill("README.md.tmpl", values),
           "LICENSE": _fill("LICENSE.tmpl", values)}
    imports = "".join(_fill(f"{h}.import.tmpl", values) for h in hooks)
    hook_code = "".join(_fill(f"{h}.hook.tmpl", values) for h in hooks)
    out[f"{module}/__init__.py"] = _fill("init.py.tmpl", {**values, "imports": imports, "hooks": hook_code})
    for h in hooks:
        out[f"{module}/{HOOKS[h][0]}.py"] = _fill(f"{h}.py.tmpl", values)
    names = sorted(HOOKS[h][1] for h in hooks)
    tests = {**values, "hooks": "".join(f'\n        "{n}",' for n in names) + "\n    ",
             "imports": _test_imports(["from ketcover_tui.testing import check_plugin"]
                                      + [_fill(f"{h}.testimport.tmpl", values) for h in hooks]),
             "tests": "".join(_fill(f"{h}.test.tmpl", values) for h in hooks)}
    out[f"tests/test_{module}.py"] = _fill("test.py.tmpl", tests)
    return out


def write_plugin(name: str, where: Path, hooks: list[str]) -> Path:
    """Write the distribution into ``where/ketcover-NAME/`` (which must not exist yet); returns that folder."""
    texts = plugin_files(name, hooks)
    folder = Path(where) / f"ketcover-{name.removeprefix('ketcover-')}"
    if folder.exists():
        raise ScaffoldError(f"{folder} exists already; nothing was written (choose another name or folder)")
    if not Path(where).is_dir():
        raise ScaffoldError(f"{where} is not a folder; nothing was written")
    for relative, text in texts.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
