"""Who may change a chat's settings: one rule for commands and buttons alike.

A private chat: its user. Groups, supergroups and channels: the creator and
administrators, as Telegram says (``getChatMember``), asked afresh every time, so a
demoted admin's old button or a forged one changes nothing. A message that comes from
the chat itself (``sender_chat`` is the chat) is by an admin: an anonymous group admin,
or a channel post (only a channel's admins can post). A button press always names the
person who pressed it, and in a channel anyone who reads it can press: that person is
checked like anyone else. A post on behalf of another chat (a linked channel) is not
an admin of this group.
"""

from __future__ import annotations

import logging
from typing import Literal

from telegram import Bot, Chat, ChatMember, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.replies import Reply
from bot.telegram.context import BotContext
from bot.telegram.sender import answer

log = logging.getLogger(__name__)

ADMIN_STATUSES = ("creator", "administrator")
MEMBER_STATUSES = ("creator", "administrator", "member")


async def may_change(bot: Bot, chat: Chat, user_id: int | None,
                     sender_chat: Chat | None = None) -> bool:
    """The rule itself; asks Telegram for the member's status outside private chats."""
    if chat.type == ChatType.PRIVATE:
        return user_id == chat.id
    if sender_chat is not None:
        return sender_chat.id == chat.id
    if user_id is None:
        return False
    return await admin_of(bot, chat.id, user_id)


Role = Literal["admin", "member"]


def role_of(member: ChatMember) -> Role | None:
    """What Telegram's status makes a person: the creator and administrators are admins;
    members, and restricted people still in the chat, members; the rest (left, kicked)
    neither. Every check here reads a status through this one rule."""
    if member.status in ADMIN_STATUSES:
        return "admin"
    if member.status == "restricted":
        return "member" if getattr(member, "is_member", False) else None
    return "member" if member.status in MEMBER_STATUSES else None


async def admin_of(bot: Bot, chat_id: int, user_id: int) -> bool:
    """Is this user an administrator of that group or channel? (Telegram is asked.)

    For a chat named by id rather than the one the update came from (a private /import
    for a team): a chat the bot is not in, or cannot see the members of, says no.
    """
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:
        log.warning("could not check admin rights in %s: %s", chat_id, exc)
        return False
    return role_of(member) == "admin"


async def team_role(bot: Bot, chat_id: int, user_id: int) -> Role | None:
    """The dashboard's question (one ``getChatMember``): admin, member, or neither; a
    chat Telegram will not tell about says neither. A private chat's team is its user,
    who is its admin, as ``may_change`` says."""
    if chat_id > 0:  # Telegram's private chats have the user's (positive) id
        return "admin" if user_id == chat_id else None
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except (TelegramError, TypeError, ValueError, KeyError) as exc:  # or unreadable
        log.warning("could not check the dashboard's reader in %s: %s", chat_id, exc)
        return None
    return role_of(member)


async def member_of(bot: Bot, chat_id: int, user_id: int) -> bool | None:
    """Is this user in that chat now (a restricted member too)? ``None`` when Telegram
    cannot say: the caller decides (``bot.quiz.members``); an error never escapes."""
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:
        log.warning("could not check membership in %s: %s", chat_id, exc)
        return None
    except (TypeError, ValueError, KeyError) as exc:  # an answer PTB cannot read
        log.warning("unreadable membership in %s: %s", chat_id, exc)
        return None
    return role_of(member) is not None


async def is_admin(update: Update, bot: Bot) -> bool:
    """May whoever sent this update (a command, or a button press) change the chat?"""
    query = update.callback_query
    if query is not None:
        if query.message is None:  # a button on an inline-mode message: no chat to change
            return False
        # Whoever pressed, never the message's sender_chat: in a channel every button
        # sits on a post "from the channel".
        return await may_change(bot, query.message.chat, query.from_user.id)
    message = update.effective_message
    if message is None:
        return False
    user = update.effective_user
    return await may_change(bot, message.chat, user.id if user else None, message.sender_chat)


async def admin_chat(update: Update, context: BotContext,
                     refusal: str | None = None) -> int | None:
    """The chat id for a command only admins may use; anyone else gets a polite refusal:
    ``refusal`` when the command has its own, else the subscription one."""
    message = update.effective_message
    if message is None:
        return None
    if not await is_admin(update, context.bot):
        await answer(update, context, Reply(refusal or context.strings.sub_admin_only))
        return None
    return message.chat_id


async def admin_button(update: Update, context: BotContext, refusal: str) -> int | None:
    """The chat id for a button only admins may press; anyone else gets ``refusal`` as a
    toast, and a press with no chat (inline mode) a toast that the button is stale."""
    query = update.callback_query
    if query is None:
        return None
    if query.message is None:
        await query.answer(context.strings.unknown_button)
        return None
    if not await is_admin(update, context.bot):
        await query.answer(refusal, show_alert=True)
        return None
    return query.message.chat.id
