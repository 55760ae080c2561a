"""Pure-Python domain core: no Textual, no TinyDB.

Everything here is plain dataclasses, validation and rules, so the TUI, the CLI,
plugins and tests can all use it without a terminal or a database.
"""
