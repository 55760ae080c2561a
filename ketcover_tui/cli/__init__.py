"""The command line: ``main.py`` assembles the parser; one module per command group.

``common.py`` holds what every command shares (exit codes, ``UsageError``,
``open_store``, output). Command modules never import each other or ``main``.
"""
