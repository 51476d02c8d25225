"""Figures for a team: /stats (votes, and for admins what the team asked that no tip
answered) and the weekly digest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from bot.corpus import Corpus, Tip
from bot.replies.reply import CB_MISS, Button, Reply, clip
from bot.strings import Strings


class StatsReplies:
    """/stats and the digest: what the team received and how it voted."""

    corpus: Corpus

    def stats(self, delivered: int, voters: int, table: dict[str, tuple[int, int]],
              s: Strings, *, private: bool = False) -> Reply:
        """``/stats``: tips received, voters, the most and least helpful tips.

        ``private``: a one-person chat, so the figures are "yours", not the team's."""
        scored = sorted(((up - down, up, down, tip_id) for tip_id, (up, down) in table.items()
                         if self.corpus.get(tip_id)), key=lambda r: (-r[0], -r[1], r[3]))

        def lines(rows: list[tuple[int, int, int, str]]) -> str:
            if not rows:
                return escape(s.stats_none)
            out = []
            for _, up, down, tip_id in rows:
                tip = self.corpus.get(tip_id)
                assert tip is not None
                out.append(f"• {escape(clip(tip.principle, 80))} (👍 {up} · 👎 {down})")
            return "\n".join(out)

        best = [r for r in scored if r[0] > 0][:3]
        worst = [r for r in reversed(scored) if r[0] < 0][:3]
        title = s.stats_title_private if private else s.stats_title_group
        return Reply(s.stats.format(title=escape(title), delivered=delivered, voters=voters,
                                    best=lines(best), worst=lines(worst)))

    def with_misses(self, stats: Reply, misses: Sequence[tuple[str, int]], s: Strings,
                    *, kept: bool = True) -> Reply:
        """``/stats`` for admins, with what the team asked that no tip answered.

        Each question gets a button that starts ``/addtip`` for it; buttons carry the
        question's rank, not its words (callback data holds 64 bytes).
        """
        if not kept:
            return Reply(f"{stats.html}\n\n{escape(s.misses_off_note)}", stats.buttons)
        if not misses:
            return Reply(f"{stats.html}\n\n{escape(s.misses_none)}", stats.buttons)
        lines = [s.misses_header]
        buttons: list[tuple[Button, ...]] = []
        for n, (query, count) in enumerate(misses, 1):
            lines.append(f"{n}. {escape(clip(query, 80))} (×{count})")
            buttons.append((Button(s.btn_add_from_miss.format(n=n, query=clip(query, 30)),
                                   f"{CB_MISS}:{n}"),))
        return Reply(f"{stats.html}\n\n" + "\n".join(lines), (*stats.buttons, *buttons))

    def digest(self, first: dt.date, last: dt.date, items: Sequence[tuple[Tip, int, int]],
               s: Strings) -> Reply:
        """Last week's tips with their votes, in one message."""
        head = s.digest_header.format(first=f"{first:%d/%m}", last=f"{last:%d/%m/%Y}")
        if not items:
            return Reply(f"{head}\n\n{escape(s.digest_empty)}")
        lines = [f"• {escape(clip(tip.principle, 160))} (👍 {up} · 👎 {down})"
                 for tip, up, down in items[:14]]
        return Reply(head + "\n\n" + "\n".join(lines))
