"""The version of the deadline rules, in a module of its own so the store can read it at start-up for free.

Bump it whenever any rule's result changes: the store's index keeps computed
deadlines and rebuilds every row when this number differs from the one it
was written with, so old cases never keep an old rule's dates.
"""

RULES_VERSION = 2  # 2: domain-facts §8 (counts-from dates, roll-forward, the missing decision clocks)
