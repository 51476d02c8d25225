"""``Reply`` buttons as Telegram inline keyboards, and the send options every reply shares."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, WebAppInfo

from bot.replies import Button

# Tips quote articles; a link preview would push the tip itself off the screen.
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def button(b: Button) -> InlineKeyboardButton:
    """One button: a Mini App, a link, a search typed into the chat's input field, or a
    callback."""
    if b.web_app:
        return InlineKeyboardButton(b.text, web_app=WebAppInfo(b.web_app))
    if b.url:
        return InlineKeyboardButton(b.text, url=b.url)
    if b.switch_inline is not None:
        return InlineKeyboardButton(b.text, switch_inline_query_current_chat=b.switch_inline)
    return InlineKeyboardButton(b.text, callback_data=b.data)


def keyboard(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """The reply's rows of buttons; ``None`` (no keyboard at all) when it has none."""
    if not buttons:
        return None
    return InlineKeyboardMarkup([[button(b) for b in row] for row in buttons])
