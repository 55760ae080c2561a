"""Notifications that stay small: one or two lines, a few seconds, shown as plain text.

A notice is read at a glance and gets out of the way: its text is cut to two
lines (four for warnings and errors), it stays 4–9 seconds by length, stored
text in it is never read as markup, and it is placed at the top of the screen
when the focused field sits where it would otherwise appear (bottom right).
"""

from __future__ import annotations

TOAST_WIDTH = 41  # characters of text per line in a notice (see app.tcss, Toast)
MIN_SECONDS, MAX_SECONDS = 4.0, 9.0
CHARS_PER_SECOND = 20  # a slow reader's pace; the notice stays that long, within the bounds above


def notice_seconds(text: str) -> float:
    """How long a notice of ``text`` stays: by its length, 4–9 seconds."""
    return max(MIN_SECONDS, min(MAX_SECONDS, 2.5 + len(text) / CHARS_PER_SECOND))


def short_notice(message: str, *, lines: int = 2, width: int = TOAST_WIDTH, tail: str = "") -> str:
    """``message`` cut to ``lines`` lines as the notice wraps it at ``width``; a longer one ends in "…".

    ``tail`` (what to do next) is always kept whole after the message. A path (a
    word with "/") that starts within the limit is kept whole: it is what the
    user needs to find the file.
    """
    import textwrap

    end = f" {tail}" if tail else ""

    def fits(text: str) -> bool:
        return len(textwrap.wrap(text + end, width, break_long_words=False, break_on_hyphens=False)) <= lines

    words = message.split()
    if fits(" ".join(words)):
        return " ".join(words) + end
    kept: list[str] = []
    for word in words:
        if not fits(" ".join(kept + [word]) + "…") and not ("/" in word and fits(" ".join(kept) + " x")):
            break
        kept.append(word)
    return " ".join(kept).rstrip(".,;:") + "…" + end


def notice_lines(severity: str) -> int:
    return 2 if severity == "information" else 4


def toasts_overlap(focused_region, screen_size, toast_lines: int) -> bool:
    """Would a notice at the bottom right (above the footer) cover the focused widget?"""
    width, height = screen_size
    # The notice band: the toast (its lines, a title line, padding) above the one-line footer.
    band_top = height - 1 - (toast_lines + 3)
    band_left = width - min(width, TOAST_WIDTH + 4)
    return (focused_region.bottom > band_top and focused_region.y < height - 1
            and focused_region.right > band_left)
