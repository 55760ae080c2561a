"""Checklists: steps a patient or advocate works through, contributed by plugins.

A checklist is data: items with short help and the source of the fact behind
them. Which checklists show on a case depends on its plan type and stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .vocab import PlanType, Stage


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    help: str = ""
    source: str = ""  # where the fact comes from, e.g. "domain-facts §1.1; provider.bluecrossma.com"
    as_of: str = ""  # when that source was read, YYYY-MM-DD


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    items: tuple[ChecklistItem, ...]
    description: str = ""
    # None means "every plan type" / "every stage".
    plan_types: frozenset[PlanType] | None = None
    stages: frozenset[Stage] | None = None
    plugin: str = field(default="", compare=False)  # set by the plugin host

    def applies_to(self, plan_type: PlanType | None, stage: Stage) -> bool:
        plan_ok = self.plan_types is None or plan_type is None or plan_type in self.plan_types
        stage_ok = self.stages is None or stage in self.stages
        return plan_ok and stage_ok

    def item_key(self, item: ChecklistItem) -> str:
        """The key a tick is saved under on the case: unique across checklists."""
        return f"{self.id}/{item.id}"


def applicable(checklists: list[Checklist], plan_type: PlanType | None, stage: Stage) -> list[Checklist]:
    return [c for c in checklists if c.applies_to(plan_type, stage)]


def progress(checklist: Checklist, ticks: dict) -> tuple[int, int]:
    """(done, total) for one checklist given a case's ticks."""
    done = sum(1 for item in checklist.items
               if (tick := ticks.get(checklist.item_key(item))) is not None and tick.done)
    return done, len(checklist.items)
