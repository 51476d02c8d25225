"""A team's own tips in replies: /addtip's confirmation and problems, /mytips' pages."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.corpus import Tip
from bot.models import DRAFT_CANCELLED, DRAFT_FULL, MAX_TEAM_TIPS, AddtipDraft
from bot.render import tip_html
from bot.replies.reply import CB_DELETE, CB_EXPORT, CB_MYTIPS, Button, Reply, clip
from bot.strings import Strings
from bot.teamtips.drafts import TeamTipError

MYTIPS_PER_PAGE = 10


class TeamTipReplies:
    """/addtip and /mytips."""

    def team_tip_saved(self, tip: Tip, count: int, s: Strings) -> Reply:
        note = s.addtip_saved.format(tip_id=escape(tip.id), count=count, limit=MAX_TEAM_TIPS)
        return Reply(f"{note}\n\n{tip_html(tip, s)}", tip_id=tip.id)

    def draft_ended(self, draft: AddtipDraft, tip: Tip | None, count: int,
                    s: Strings) -> Reply:
        """The end of a step-by-step tip: the tip saved (``tip``, the team having
        ``count``), or why it was not (cancelled, the team had it, or had no room)."""
        if tip is not None:
            return self.team_tip_saved(tip, count, s)
        if draft.step == DRAFT_CANCELLED:
            return Reply(s.addtip_cancelled)
        if draft.step == DRAFT_FULL:
            return Reply(s.addtip_limit.format(limit=MAX_TEAM_TIPS))
        return Reply(s.addtip_already)

    def not_yours(self, s: Strings, bot: str, own: AddtipDraft | None) -> Reply:
        """A reply to the bot's question for someone else's tip: not theirs; to someone
        writing a tip of their own, with its step (and their reply opened again)."""
        if own is None:
            return Reply(s.addtip_not_yours.format(bot=bot))
        return Reply(s.addtip_not_yours_own.format(step=_ask(own, s)), asks=True)

    def draft_moved(self, draft: AddtipDraft, admin: str, s: Strings) -> Reply:
        """The step asked again in the supergroup a group became, naming the admin
        (``admin``, HTML) so that Telegram opens their reply."""
        return Reply(s.addtip_moved.format(admin=admin, step=_ask(draft, s)), asks=True)

    def addtip_step(self, draft: AddtipDraft, s: Strings) -> Reply:
        """The question for the part a draft waits for (its answer must reach the bot)."""
        return Reply(_ask(draft, s), asks=True)

    def apology(self, s: Strings, draft: AddtipDraft | None = None, admin: str = "") -> Reply:
        """Sorry for a failure: with a draft open, it was kept and its step is asked, so
        the admin knows what to send next (and, in a group, their reply is opened: quoting
        their message, or naming them, ``admin`` in HTML, after a button they pressed)."""
        if draft is None:
            return Reply(s.error_apology)
        if admin:
            return Reply(s.error_apology_draft_to.format(admin=admin, step=_ask(draft, s)),
                         asks=True)
        return Reply(s.error_apology_draft.format(step=_ask(draft, s)), asks=True)

    def draft_edited(self, draft: AddtipDraft, field: str, error: TeamTipError | None,
                     s: Strings) -> Reply:
        """An edit during a draft: the latest part took it (``field``), or its words were
        refused (``error``), or it changed nothing; then the step the draft waits for."""
        step = _ask(draft, s)
        if field:
            return Reply(s.addtip_edit_taken.format(field=_field(field, s), step=step),
                         asks=True)
        if error is not None and error.reason == "too_long":
            return Reply(s.addtip_edit_too_long.format(field=_field(error.field, s),
                                                       limit=error.limit, step=step),
                         asks=True)
        return Reply(s.addtip_edit_ignored.format(step=step), asks=True)

    def team_tip_error(self, error: TeamTipError, s: Strings, *, line: bool = False) -> Reply:
        """Why a part was refused. ``line``: the one-line /addtip, which opens no draft:
        the whole line is sent again (a step's refusal offers /cancel instead)."""
        name = _field(error.field, s)
        if error.reason == "empty":
            return Reply((s.addtip_line_empty if line else s.addtip_empty).format(field=name))
        if error.reason == "too_long":
            return Reply((s.addtip_line_too_long if line else s.addtip_too_long).format(
                field=name, limit=error.limit))
        return Reply(s.addtip_usage)

    def my_tips(self, tips: Sequence[Tip], s: Strings, page: int = 1) -> Reply:
        """``/mytips``: a page of the team's tips, a delete button each, ⬅️ ➡️ between pages.

        A page past the end (its last tip just deleted) shows the last page.
        """
        if not tips:
            return Reply(s.mytips_empty)
        pages = (len(tips) + MYTIPS_PER_PAGE - 1) // MYTIPS_PER_PAGE
        page = min(max(page, 1), pages)
        lines = [s.mytips_header.format(count=len(tips), limit=MAX_TEAM_TIPS)]
        buttons: list[tuple[Button, ...]] = []
        first = (page - 1) * MYTIPS_PER_PAGE
        for n, tip in enumerate(tips[first:first + MYTIPS_PER_PAGE], first + 1):
            lines.append(f"{n}. {escape(clip(tip.principle, 70))} <code>{escape(tip.id)}</code>")
            number = tip.id.removeprefix("team-")
            buttons.append((Button(f"🗑 {n}. {clip(tip.principle, 30)}",
                                   f"{CB_DELETE}:{number}:{page}"),))
        if pages > 1:
            lines.append(escape(s.mytips_page.format(page=page, pages=pages)))
            nav = []
            if page > 1:
                nav.append(Button("⬅️", f"{CB_MYTIPS}:{page - 1}"))
            if page < pages:
                nav.append(Button("➡️", f"{CB_MYTIPS}:{page + 1}"))
            buttons.append(tuple(nav))
        buttons.append((Button(s.btn_export, CB_EXPORT),))
        return Reply("\n".join(lines), tuple(buttons), edit=True)


def _ask(draft: AddtipDraft, s: Strings) -> str:
    return {"principle": s.addtip_ask_principle, "passage": s.addtip_ask_passage,
            "source": s.addtip_ask_source, "short": s.addtip_ask_short}[draft.step]


def _field(field: str, s: Strings) -> str:
    return {"principle": s.field_principle, "passage": s.field_passage,
            "source": s.field_source, "short": s.field_short}.get(field, "")
