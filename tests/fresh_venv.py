"""A fresh virtual environment for install tests that works offline and from inside another virtualenv.

``system_site_packages`` would show the *base* interpreter's packages, not
those of a virtualenv the tests run in, so a ``.pth`` file adds a folder of
links to the running interpreter's libraries instead, after the new venv's
own site folder. ketcover itself is left out of those links, so the new venv
has exactly the ketcover that is installed into it. Only the build tools
(wheel-capable setuptools) are fetched from the package index, once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KETCOVER_FILES = ("pyproject.toml", "README.md", "ketcover_tui", "plugins")
SKIP = shutil.ignore_patterns("__pycache__", "build", "*.egg-info")


def _ours(name: str) -> bool:
    return name.startswith(("ketcover", "__editable__", "_ketcover")) or name.endswith(".pth")


class FreshVenv:
    def __init__(self, root: Path):
        self.root = root
        self.env = {k: v for k, v in os.environ.items() if k not in ("KETCOVER_LOAD_PLUGINS", "PYTHONPATH")}
        self.env["KETCOVER_HOME"] = str(root / "data")
        venv.EnvBuilder(system_site_packages=False, with_pip=True).create(root / "env")
        self.python = root / "env" / "bin" / "python"
        own_site = Path(self.run_python("-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip())
        borrowed = root / "borrowed"
        borrowed.mkdir()
        for folder in (Path(p) for p in sys.path if p.endswith(("site-packages", "dist-packages"))):
            for entry in folder.iterdir() if folder.is_dir() else ():
                if not _ours(entry.name) and not (borrowed / entry.name).exists():
                    (borrowed / entry.name).symlink_to(entry)
        (own_site / "zz-borrowed-test-libraries.pth").write_text(f"{borrowed}\n")
        tools = subprocess.run([str(self.python), "-m", "pip", "install", "-q", "setuptools>=70.1", "wheel"],
                               capture_output=True, text=True, timeout=300)
        if tools.returncode != 0:
            pytest.skip(f"cannot fetch build tools from the package index: {tools.stderr.strip()[-200:]}")

    def run_python(self, *args: str, cwd: Path | None = None, check: bool = True) -> str:
        return self._run([str(self.python), *args], cwd, check).stdout

    def ketcover(self, *args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """The venv's own `ketcover` command, as a user would type it."""
        return self._run([str(self.python.parent / "ketcover"), *args], cwd, check)

    def _run(self, command: list[str], cwd: Path | None, check: bool) -> subprocess.CompletedProcess:
        # From an empty folder by default: python puts the current folder first on sys.path.
        done = subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=300,
                              cwd=cwd or self.root)
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(command[-4:])}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done


def ketcover_source(target: Path) -> Path:
    """A copy of ketcover's source (what a clone holds), as a git repository with one commit."""
    target.mkdir()
    for name in KETCOVER_FILES:
        item = REPO / name
        if item.is_dir():
            shutil.copytree(item, target / name, ignore=SKIP)
        else:
            shutil.copy2(item, target / name)
    git = ["git", "-C", str(target), "-c", "user.name=ketcover tests", "-c", "user.email=tests@ketcover.invalid"]
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "ketcover source for an install test"]):
        subprocess.run(git + step, check=True, capture_output=True)
    return target


def copy_distribution(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=SKIP)
    return target
