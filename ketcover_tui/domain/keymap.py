"""The user's keymap: ``keymap.toml`` maps binding ids to keys, checked once at start-up.

```toml
"calls.export" = "e"
"home.due_screen" = "ctrl+d"
```

A line whose id no screen has, or a key that would share a screen with another
action, is reported (once, with what to fix) and left out; every other line
applies. Pure: the caller reads the file and knows the bindings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

FILE_NAME = "keymap.toml"
SIZE_LIMIT = 1024 * 1024  # a keymap is a few lines; anything larger is not one


@dataclass
class KeymapCheck:
    keymap: dict[str, str] = field(default_factory=dict)  # what applies: binding id -> keys
    problems: list[str] = field(default_factory=list)  # one line each, saying what to fix


def parse(text: str) -> tuple[dict[str, str], list[str]]:
    """The ``id = "key"`` pairs of a keymap file, and what is wrong with the others."""
    import tomllib  # only when a keymap file exists

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {}, [f"{FILE_NAME} is not valid TOML ({exc}); no key was changed"]
    pairs, problems = {}, []
    for binding_id, keys in data.items():
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f'{binding_id}: give the key as text, e.g. {binding_id} = "ctrl+e"')
            continue
        pairs[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return pairs, problems


def check(pairs: Mapping[str, str], scopes: Iterable[tuple[str, Mapping[str, str]]],
          normalize=lambda keys: keys) -> KeymapCheck:
    """Keep the pairs whose id is known and whose keys clash with nothing in the same scope.

    ``scopes``: (where, {binding id: its keys}) for every screen or widget with
    bindings; ``normalize`` turns '?' into 'question_mark' and the like.
    """
    scopes = [(where, dict(ids)) for where, ids in scopes]
    known = {binding_id for _, ids in scopes for binding_id in ids}
    result = KeymapCheck()
    wanted = {}
    for binding_id, keys in pairs.items():
        if binding_id not in known:
            result.problems.append(f"{binding_id}: no such action (the ids are listed in the README's keys table)")
        else:
            wanted[binding_id] = normalize(keys)
    refused: set[str] = set()
    for where, ids in scopes:
        keys_now = {binding_id: wanted.get(binding_id, normalize(keys)) for binding_id, keys in ids.items()}
        owners: dict[str, list[str]] = {}
        for binding_id, keys in keys_now.items():
            for key in keys.split(","):
                owners.setdefault(key, []).append(binding_id)
        for key, found in owners.items():
            moved = [b for b in found if b in wanted]
            if len(set(found)) > 1 and moved:
                for binding_id in moved:
                    if binding_id not in refused:
                        others = ", ".join(sorted(set(found) - {binding_id}))
                        result.problems.append(f"{binding_id} = \"{pairs[binding_id]}\": {key} is already "
                                               f"{others} in {where}; choose another key")
                        refused.add(binding_id)
    result.keymap = {b: keys for b, keys in wanted.items() if b not in refused}
    return result
