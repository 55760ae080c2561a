"""`ketcover plugins new NAME [--hook …]`: a working plugin distribution, never written over anything.

Installing one into a fresh virtualenv with `ketcover install` is in
test_plugin_distributions.py; here the files, the choices and the refusals.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

from test_plugin_cli import run


def test_a_new_plugin_with_two_hooks_has_just_those_and_its_tests_pass(tmp_path, capsys):
    assert run("plugins", "new", "sunrise", "--hook", "letters", "--hook", "funding", "--dir", str(tmp_path)) == 0
    root = tmp_path / "ketcover-sunrise"
    assert capsys.readouterr().out.startswith(f"Wrote {root}. Next:\n  ketcover install -e {root}\n")
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert files == ["LICENSE", "README.md", "ketcover_sunrise/__init__.py", "ketcover_sunrise/funding.py",
                     "ketcover_sunrise/letters.py", "pyproject.toml", "tests/test_ketcover_sunrise.py"]
    project = tomllib.loads((root / "pyproject.toml").read_text())
    assert project["project"]["name"] == "ketcover-sunrise"
    assert project["project"]["dependencies"] == ["ketcover>=0.1,<0.2"]
    assert project["project"]["entry-points"]["ketcover"] == {"sunrise": "ketcover_sunrise"}
    assert project["tool"]["setuptools"]["packages"] == ["ketcover_sunrise"]
    assert project["build-system"]["build-backend"] == "setuptools.build_meta"
    module = (root / "ketcover_sunrise" / "__init__.py").read_text()
    assert 'KETCOVER_PLUGIN_API = "1.0"' in module and "register_checklists" not in module
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    env.pop("KETCOVER_LOAD_PLUGINS", None)
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=root, env=env,
                           capture_output=True, text=True, timeout=300)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "5 passed" in tests.stdout  # the checks, two for the funding source, two for the letter


def test_it_never_writes_over_a_folder_and_says_what_to_change(tmp_path, capsys):
    (tmp_path / "ketcover-taken").mkdir()
    assert run("plugins", "new", "taken", "--dir", str(tmp_path)) == 2
    assert capsys.readouterr().err == (f"ketcover: {tmp_path / 'ketcover-taken'} exists already; nothing was written "
                                       "(choose another name or folder)\n")
    assert list((tmp_path / "ketcover-taken").iterdir()) == []
    assert run("plugins", "new", "My Plugin", "--dir", str(tmp_path)) == 2
    assert "use lower-case letters, digits and single dashes" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ketcover-taken"]
