"""What happens in chats: users write, press buttons, ask inline, add or remove the bot,
upgrade a group; each becomes an update queued for ``getUpdates``."""

from __future__ import annotations

import time
from typing import Any

from tests.support.fake_bot_api.html import command_and_mention_entities
from tests.support.fake_bot_api.privacy import targets
from tests.support.fake_bot_api.state import (
    ANONYMOUS_ADMIN_USER,
    CHANNEL_BOT_USER,
    DEFAULT_FIRST_NAME,
    DEFAULT_USER_ID,
    MEMBER_STATUSES,
    Chat,
    State,
    member_fields,
)


class Updates(State):
    """Update builders: each returns the id of the update it queued."""

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        language_code: str | None = "vi",
        first_name: str = DEFAULT_FIRST_NAME,
        last_name: str | None = None,
        username: str | None = None,
        reply_to_message_id: int | None = None,
        sender_chat_id: int | None = None,
        title: str | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> int:
        """Enqueue a text ``message`` from a user; returns the update id.

        ``chat_type`` defaults to the known type of the chat or one inferred from the id
        (positive: private, ``-100…``: supergroup, other negative: group); ``"channel"``
        delegates to :meth:`channel_post`. ``user_id`` defaults to the chat id in private
        chats and to :data:`DEFAULT_USER_ID` elsewhere. ``sender_chat_id`` makes it an
        anonymous message: equal to ``chat_id`` = anonymous group admin, another id = sent
        on behalf of that channel. Command and mention entities are computed unless
        ``entities`` is given.
        """
        with self._lock:
            chat = self._chat(chat_id, chat_type)
            if chat.type == "channel":
                return self.channel_post(chat_id, text, title=title)
            if chat.type == "private":
                if user_id is not None and user_id != chat_id:
                    raise ValueError("in a private chat the user id equals the chat id")
                user_id = chat_id
                chat.first_name, chat.last_name = first_name, last_name
                chat.username = username or chat.username
            elif title:
                chat.title = title
            sender: dict[str, Any]
            sender_chat: dict[str, Any] | None = None
            if sender_chat_id is None:
                sender = self._user(
                    user_id if user_id is not None else DEFAULT_USER_ID,
                    first_name=first_name,
                    last_name=last_name,
                    username=username,
                    language_code=language_code,
                )
            elif sender_chat_id == chat_id:
                sender, sender_chat = dict(ANONYMOUS_ADMIN_USER), chat.to_api()
            else:
                sender = dict(CHANNEL_BOT_USER)
                sender_chat = self._chat(sender_chat_id, "channel").to_api()
            if reply_to_message_id is not None and reply_to_message_id not in chat.messages:
                raise LookupError(f"no message {reply_to_message_id} in chat {chat_id}")
            found = entities if entities is not None else command_and_mention_entities(text)
            message = self._new_message(
                chat,
                from_bot=False,
                from_user=sender,
                sender_chat=sender_chat,
                text=text,
                entities=list(found),
                reply_to_message_id=reply_to_message_id,
            )
            return self._enqueue({"message": self._message_to_api(message)})

    def type_text(self, chat_id: int, text: str, *, user_id: int | None = None,
                  **kw: Any) -> int:
        """What the user's client sends when they type ``text``: a reply to the bot's
        latest message that opened their reply (``ForceReply`` targeting them) if they
        wrote nothing since, else a plain message (:meth:`send_text`'s keywords)."""
        with self._lock:
            chat = self._chat(chat_id, kw.get("chat_type"))
            who = chat_id if chat.type == "private" else (
                user_id if user_id is not None else DEFAULT_USER_ID)
            opened = self._opened_reply(chat, who)
        return self.send_text(chat_id, text, user_id=user_id, reply_to_message_id=opened, **kw)

    def _opened_reply(self, chat: Chat, user_id: int) -> int | None:
        username = (self._users.get(user_id) or {}).get("username")
        for message in sorted(chat.messages.values(), key=lambda m: -m.message_id):
            if not message.from_bot:
                if (message.from_user or {}).get("id") == user_id:
                    return None  # the user wrote since: any reply opened was used or closed
                continue
            if message.force_reply is None:
                continue
            quoted = chat.messages.get(message.reply_to_message_id or 0)
            if targets(message.force_reply, message.entities, user_id=user_id,
                       username=username, text=message.text or "",
                       quoted_sender=(quoted.from_user or {}).get("id") if quoted else None):
                return message.message_id
        return None

    def edit_text(self, chat_id: int, message_id: int, text: str) -> int:
        """The user edits their text message: Telegram sends the whole message again as an
        ``edited_message`` (same id, new text, ``edit_date``); returns the update id."""
        with self._lock:
            chat = self._chats.get(chat_id)
            message = chat.messages.get(message_id) if chat else None
            if chat is None or message is None or message.text is None:
                raise LookupError(f"no text message {message_id} in chat {chat_id}")
            if message.from_bot:
                raise LookupError(f"message {message_id} in chat {chat_id} is the bot's")
            message.text = text
            message.entities = list(command_and_mention_entities(text))
            message.edit_date = int(time.time())
            return self._enqueue({"edited_message": self._message_to_api(message)})

    def channel_post(
        self,
        chat_id: int,
        text: str,
        *,
        title: str | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> int:
        """Enqueue a ``channel_post`` in a channel; returns the update id."""
        with self._lock:
            chat = self._chat(chat_id, "channel")
            chat.title = title or chat.title
            message = self._new_message(
                chat,
                from_bot=False,
                sender_chat=chat.to_api(),
                text=text,
                entities=list(
                    entities if entities is not None else command_and_mention_entities(text)
                ),
            )
            return self._enqueue({"channel_post": self._message_to_api(message)})

    def press_button(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        first_name: str = DEFAULT_FIRST_NAME,
        language_code: str | None = "vi",
    ) -> int:
        """Enqueue a ``callback_query`` for an inline button of the bot's message.

        The query carries the message as it currently is; answer it with
        ``answerCallbackQuery``. Returns the update id.
        """
        with self._lock:
            chat = self._chats.get(chat_id)
            message = chat.messages.get(message_id) if chat else None
            if chat is None or message is None:
                raise LookupError(f"no message {message_id} in chat {chat_id}")
            if not message.from_bot:
                raise LookupError(f"message {message_id} in chat {chat_id} is not the bot's")
            if user_id is None:
                user_id = chat_id if chat.type == "private" else DEFAULT_USER_ID
            query_id = str(next(self._query_ids))
            self._open_callback_queries.add(query_id)
            query = {
                "id": query_id,
                "from": self._user(user_id, first_name=first_name, language_code=language_code),
                "message": self._message_to_api(message),
                "chat_instance": str(abs(hash((self.bot_id, chat_id))) % 10**18),
                "data": data,
            }
            return self._enqueue({"callback_query": query})

    def poll_answer(
        self,
        poll_id: str,
        user_id: int,
        option_ids: list[int],
        *,
        first_name: str = DEFAULT_FIRST_NAME,
        last_name: str | None = None,
        language_code: str | None = "vi",
    ) -> int:
        """Enqueue a ``poll_answer``: a user answered a non-anonymous poll of the bot.

        An empty ``option_ids`` is a retracted vote, as Telegram reports it. The poll's
        counts on the stored message follow. An unknown ``poll_id`` is allowed (a poll
        the bot no longer knows); an anonymous poll never yields one. Returns the id.
        """
        with self._lock:
            found = self._polls.get(poll_id)
            if found is not None:
                poll = self._chats[found[0]].messages[found[1]].extra["poll"]
                if poll["is_anonymous"]:
                    raise ValueError("anonymous polls send no poll_answer")
                if any(not 0 <= o < len(poll["options"]) for o in option_ids):
                    raise ValueError(f"no such option in {option_ids}")
                self._vote(poll_id, poll, user_id, option_ids)
            body = {
                "poll_id": poll_id,
                "user": self._user(user_id, first_name=first_name, last_name=last_name,
                                   language_code=language_code),
                "option_ids": list(option_ids),
                "option_persistent_ids": [str(o) for o in option_ids],  # Bot API 9.6
            }
            return self._enqueue({"poll_answer": body})

    def _vote(self, poll_id: str, poll: dict[str, Any], user_id: int,
              option_ids: list[int]) -> None:
        """Move a user's vote on the stored poll (counts only)."""
        votes = self._poll_votes.setdefault(poll_id, {})
        for old in votes.pop(user_id, []):
            poll["options"][old]["voter_count"] -= 1
        if option_ids:
            votes[user_id] = list(option_ids)
            for new in option_ids:
                poll["options"][new]["voter_count"] += 1
        poll["total_voter_count"] = len(votes)

    def raw_update(self, body: dict[str, Any], *, open_query: str | None = None) -> int:
        """Enqueue an update exactly as given (a malformed one, a button on an inline-mode
        message); ``open_query`` is a callback query id the bot may answer."""
        with self._lock:
            if open_query is not None:
                self._open_callback_queries.add(open_query)
            return self._enqueue(dict(body), as_given=True)

    def inline_query(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        first_name: str = DEFAULT_FIRST_NAME,
        language_code: str | None = "vi",
        offset: str = "",
        chat_type: str | None = "private",
    ) -> int:
        """Enqueue an ``inline_query``; returns the update id."""
        with self._lock:
            query_id = str(next(self._query_ids))
            self._open_inline_queries.add(query_id)
            body: dict[str, Any] = {
                "id": query_id,
                "from": self._user(user_id, first_name=first_name, language_code=language_code),
                "query": query,
                "offset": offset,
            }
            if chat_type is not None:
                body["chat_type"] = chat_type
            return self._enqueue({"inline_query": body})

    def my_chat_member(
        self,
        chat_id: int,
        new_status: str,
        *,
        chat_type: str | None = None,
        old_status: str | None = None,
        from_user_id: int | None = None,
        title: str | None = None,
        **member_fields: Any,
    ) -> int:
        """Enqueue a ``my_chat_member`` update (bot added, promoted, removed, blocked…).

        Also updates the bot's status in the chat, so e.g. ``"kicked"`` makes later sends
        fail with 403. In private chats ``"kicked"`` means the user blocked the bot.
        Returns the update id.
        """
        if new_status not in MEMBER_STATUSES:
            raise ValueError(f"unknown member status {new_status!r}")
        with self._lock:
            existed = chat_id in self._chats
            chat = self._chat(chat_id, chat_type)
            chat.title = title or chat.title
            previous = old_status
            if previous is None:
                if chat.type == "private":
                    previous = "member" if new_status == "kicked" else "kicked"
                else:
                    previous = chat.bot_status if existed else "left"
            if from_user_id is None:
                from_user_id = chat_id if chat.type == "private" else DEFAULT_USER_ID
            update = self._my_chat_member_body(
                chat,
                previous,
                new_status,
                from_user=self._user(from_user_id),
                fields=member_fields,
            )
            return self._enqueue({"my_chat_member": update})

    def _my_chat_member_body(
        self,
        chat: Chat,
        old_status: str,
        new_status: str,
        *,
        from_user: dict[str, Any],
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        """Build a ChatMemberUpdated for the bot and apply the new status (lock held)."""
        old_fields = chat.bot_member_fields if chat.bot_status == old_status else {}
        body = {
            "chat": chat.to_api(),
            "from": from_user,
            "date": int(time.time()),
            "old_chat_member": {
                "status": old_status,
                "user": self._bot_member_user(),
                **member_fields(old_status, chat.type, old_fields),
            },
            "new_chat_member": {
                "status": new_status,
                "user": self._bot_member_user(),
                **member_fields(new_status, chat.type, fields),
            },
        }
        chat.bot_status, chat.bot_member_fields = new_status, dict(fields)
        return body

    def migrate(
        self,
        old_chat_id: int,
        new_chat_id: int,
        *,
        user_id: int = DEFAULT_USER_ID,
        title: str | None = None,
    ) -> int:
        """Upgrade a group to a supergroup.

        Enqueues the service message with ``migrate_to_chat_id`` in the old group;
        afterwards sends to the old id fail with ChatMigrated. Returns the update id.
        """
        with self._lock:
            old = self._chat(old_chat_id, "group")
            old.title = title or old.title
            new = self._chat(new_chat_id, "supergroup")
            new.title = old.title or title
            new.bot_status, new.bot_member_fields = old.bot_status, dict(old.bot_member_fields)
            new.members = dict(old.members)
            sender = self._user(user_id)
            service = self._new_message(
                old, from_bot=False, from_user=sender, extra={"migrate_to_chat_id": new_chat_id}
            )
            old.migrated_to = new_chat_id
            return self._enqueue({"message": self._message_to_api(service)})

    def set_chat_member(self, chat_id: int, user_id: int, status: str, **fields: Any) -> None:
        """Configure ``getChatMember`` for a user (``fields`` override ChatMember fields).

        Using the bot's own id sets the bot's status without an update.
        """
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown member status {status!r}")
        with self._lock:
            chat = self._chat(chat_id)
            if user_id == self.bot_id:
                chat.bot_status, chat.bot_member_fields = status, dict(fields)
            else:
                chat.members[user_id] = (status, dict(fields))
            self._changed()

    def send_media(
        self,
        chat_id: int,
        kind: str = "photo",
        *,
        caption: str | None = None,
        user_id: int | None = None,
        chat_type: str | None = None,
        language_code: str | None = "vi",
        reply_to_message_id: int | None = None,
        media_group_id: str | None = None,
    ) -> int:
        """Enqueue a ``message`` with a ``photo``, ``video``, ``voice`` note or ``sticker``
        from a user, as Telegram describes it (the bot never downloads these, so no bytes
        are kept). ``caption`` gets command and mention entities like a text; ``user_id``
        is as for :meth:`send_text`; ``media_group_id`` makes it one of an album (Telegram
        sends an album as one message per item, sharing that id). Returns the update id."""
        media: dict[str, Any] = {"file_id": f"{kind}-{next(self._update_ids)}",
                                 "file_unique_id": f"u-{kind}", "file_size": 2048}
        shapes: dict[str, Any] = {
            "photo": [dict(media, width=320, height=240)],
            "video": dict(media, width=320, height=240, duration=3),
            "voice": dict(media, duration=2),
            "sticker": dict(media, width=512, height=512, type="regular", is_animated=False,
                            is_video=False),
        }
        if kind not in shapes:
            raise ValueError(f"not a kind of media: {kind}")
        with self._lock:
            chat = self._chat(chat_id, chat_type)
            if chat.type == "channel":
                raise ValueError("send_media is for users' messages, not channel posts")
            if chat.type == "private":
                if user_id is not None and user_id != chat_id:
                    raise ValueError("in a private chat the user id equals the chat id")
                user_id = chat_id
            sender = self._user(user_id if user_id is not None else DEFAULT_USER_ID,
                                language_code=language_code)
            if reply_to_message_id is not None and reply_to_message_id not in chat.messages:
                raise LookupError(f"no message {reply_to_message_id} in chat {chat_id}")
            extra: dict[str, Any] = {kind: shapes[kind]}
            if media_group_id is not None:
                extra["media_group_id"] = media_group_id
            if caption and kind != "sticker":
                extra["caption"] = caption
                entities = command_and_mention_entities(caption)
                if entities:
                    extra["caption_entities"] = entities
            message = self._new_message(chat, from_bot=False, from_user=sender,
                                        reply_to_message_id=reply_to_message_id, extra=extra)
            return self._enqueue({"message": self._message_to_api(message)})

    def send_document(
        self,
        chat_id: int,
        data: bytes,
        file_name: str,
        *,
        caption: str | None = None,
        user_id: int | None = None,
        chat_type: str | None = None,
        mime_type: str | None = None,
        file_size: int | None = None,
        language_code: str | None = "vi",
        first_name: str = DEFAULT_FIRST_NAME,
        reply_to_message_id: int | None = None,
    ) -> int:
        """Enqueue a ``message`` with a document (``data`` named ``file_name``) from a user.

        The bot fetches it with ``getFile`` and ``/file/bot<token>/<file_path>``.
        ``file_size`` overrides the size Telegram reports (a "2 MB" file without 2 MB of
        bytes); ``caption`` gets command and mention entities like a text. ``user_id``
        is as for :meth:`send_text`. Returns the update id.
        """
        with self._lock:
            chat = self._chat(chat_id, chat_type)
            if chat.type == "channel":
                raise ValueError("send_document is for users' messages, not channel posts")
            if chat.type == "private":
                if user_id is not None and user_id != chat_id:
                    raise ValueError("in a private chat the user id equals the chat id")
                user_id = chat_id
            sender = self._user(
                user_id if user_id is not None else DEFAULT_USER_ID,
                first_name=first_name,
                language_code=language_code,
            )
            if reply_to_message_id is not None and reply_to_message_id not in chat.messages:
                raise LookupError(f"no message {reply_to_message_id} in chat {chat_id}")
            stored = self._store_file(data, file_name, mime_type, file_size)
            extra: dict[str, Any] = {"document": stored.to_document()}
            if caption:
                extra["caption"] = caption
                entities = command_and_mention_entities(caption)
                if entities:
                    extra["caption_entities"] = entities
            message = self._new_message(
                chat,
                from_bot=False,
                from_user=sender,
                reply_to_message_id=reply_to_message_id,
                extra=extra,
            )
            return self._enqueue({"message": self._message_to_api(message)})
