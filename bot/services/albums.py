"""Albums: Telegram sends photos or videos sent together as one message each, sharing a
``media_group_id``, with the caption (if any) under one of them. The person sent one
message, so the bot answers it once: the item with words is read like a text, and an
album without words gets the hint once, not once per photo.

Kept in the process's memory, bounded: a chat's updates are worked on in order by one
process at a time (``bot.inbox.engine``), so the album's items meet the same memory.
"""

from __future__ import annotations

from collections import OrderedDict

KEEP = 1000  # albums remembered; the oldest is forgotten first


class Albums:
    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._answered: OrderedDict[tuple[int, str], None] = OrderedDict()

    def answers(self, chat_id: int, album: str | None, *, has_words: bool) -> bool:
        """Should this item be answered? Always outside an album and when it has words;
        without words, only the album's first item answered (then nothing else of it is)."""
        if album is None:
            return True
        key = (chat_id, album)
        first = key not in self._answered
        self._answered[key] = None
        self._answered.move_to_end(key)
        while len(self._answered) > self.keep:
            self._answered.popitem(last=False)
        return has_words or first
