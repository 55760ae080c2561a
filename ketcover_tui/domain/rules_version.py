"""The version of the deadline rules, in a module of its own so the store can read it at start-up for free.

Bump it whenever any rule's result changes: the store's index keeps computed
deadlines and rebuilds every row when this number differs from the one it
was written with, so old cases never keep an old rule's dates.
"""

# 2: domain-facts §8 (counts-from dates, roll-forward, the missing decision clocks);
# 3: the index keeps every open deadline and follow-up of a case (no cap).
RULES_VERSION = 3
