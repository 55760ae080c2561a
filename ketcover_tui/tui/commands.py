"""Command palette (ctrl+p): app commands, and 'Open case' for every case by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .literal import highlighted, shown


class KetcoverCommands(Provider):
    def _static(self):
        app = self.app
        return [
            ("New case", "Add a case", app.new_case),
            ("Plugins", "What is loaded and what failed", app.action_plugins),
            ("Help", "Keys for this screen", app.action_help),
            ("Quit", "Everything is already saved", app.exit),
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._static():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._static():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, highlighted(matcher, name), callback, help=help_text)
        listed = 0
        for summary in self.app.case_summaries():
            label = f"Open case: {summary.patient}"
            if (score := matcher.match(label)) > 0:
                yield Hit(score, highlighted(matcher, label), partial(self.app.open_case, summary.id),
                          help=shown(f"{summary.insurer or 'no insurer'} · {summary.stage}"))
                listed += 1
                if listed >= 50:
                    break
