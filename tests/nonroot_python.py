"""Start Python for another (non-root) user with this test run's packages: used by test_faults.py.

PYTHONPATH alone skips the ``.pth`` files that make editable installs (and their
entry points) importable, so each site folder named in KETCOVER_SITE_DIRS is
added as a site folder, then ``-m module args`` or ``script args`` runs.
"""

import os
import runpy
import site
import sys

for folder in os.environ.get("KETCOVER_SITE_DIRS", "").split(os.pathsep):
    if folder:
        site.addsitedir(folder)
args = sys.argv[1:]
if args[0] == "-m":
    sys.argv = [args[1], *args[2:]]
    runpy.run_module(args[1], run_name="__main__", alter_sys=True)
elif args[0] == "-c":
    sys.argv = ["-c", *args[2:]]
    exec(compile(args[1], "<string>", "exec"))
else:
    sys.argv = args
    runpy.run_path(args[0], run_name="__main__")
