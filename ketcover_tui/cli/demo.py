"""`ketcover demo`: synthetic cases, dated around today, in the demo folder (or --data-dir)."""

from __future__ import annotations

from pathlib import Path

from .common import EXIT_OK, open_store, positive_int


def add_commands(commands, common) -> None:
    demo = commands.add_parser("demo", help="add realistic synthetic cases to the demo folder (or --data-dir)",
                               parents=[common])
    demo.add_argument("--cases", type=positive_int, default=30, metavar="N", help="how many (default 30)")
    demo.add_argument("--seed", type=int, default=1, metavar="S",
                      help="random seed (same seed on the same day, same cases)")
    demo.add_argument("--remove", action="store_true", help="move every demo case of the folder to trash/")
    demo.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    """Demo cases go to the demo folder ('ketcover --demo' opens it) unless --data-dir says otherwise."""
    from ..demo import add_demo_cases, demo_cases
    from ..store import is_demo_folder, mark_demo_folder, resolve_data_dir

    explicit = getattr(args, "data_dir", None)
    root = resolve_data_dir(explicit, demo=True)
    if args.remove:
        store = open_store(args, demo=True)
        removed = [s.id for s in store.summaries() if s.demo]
        for case_id in removed:
            store.delete(case_id)
        print(f"Moved {len(removed)} demo cases from {store.root} to {store.trash_dir}")
        return EXIT_OK
    if not explicit or not _holds_cases(root):
        mark_demo_folder(root)  # a folder of demo cases only
    store = open_store(args, demo=True)
    cases = demo_cases(args.cases, args.seed)
    added = add_demo_cases(store, cases)
    print(f"Added {added} demo cases to {store.root} ({len(cases) - added} were already there)")
    if not is_demo_folder(store.root):  # among other cases: say how to take them out
        print("They are marked (demo) in the list; 'ketcover demo --remove --data-dir "
              f"{store.root}' takes them out again.")
    return EXIT_OK


def _holds_cases(root: Path) -> bool:
    cases = root / "cases"
    return cases.is_dir() and any(cases.glob("*.json"))
