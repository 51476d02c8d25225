"""A small, fast fake of the Telegram Bot API for tests and benchmarks.

The fake is a real HTTP server (aiohttp) bound to ``127.0.0.1``. A real
:class:`telegram.Bot` / :class:`telegram.ext.Application` talks to it over HTTP by
using ``base_url=api.base_url``; PTB then requests ``f"{base_url}{token}/{method}"``.

* **In-process** (pytest)::

      with FakeBotAPI(token=TOKEN, bot_username="cskh_test_bot") as api:
          bot = telegram.Bot(TOKEN, base_url=api.base_url)
          api.send_text(42, "/start")            # enqueue an update for getUpdates
          await api.wait_for_calls("sendMessage", 1)
          assert api.messages(42)[-1].text == "..."

  The server runs in its own thread with its own event loop, so synchronous tests,
  async tests (on any loop) and subprocesses can all talk to it. Every public helper
  is thread-safe.

* **Standalone** (benchmarks): ``python -m tests.support.fake_bot_api --port 0`` prints
  the base URL on the first line of stdout; :class:`ControlClient` reads its statistics.

Where things are:

================  =====================================================================
``server.py``     :class:`FakeBotAPI`: lifecycle, HTTP, ``getUpdates``, injected faults
``inspection.py`` what tests read back (calls, messages, statistics) and wait for
``state.py``      chats, members, messages, queued updates; the records tests get
                  (:class:`RecordedCall`, :class:`BotMessage`, :class:`Fault`)
``methods.py``    the Bot API methods the bot calls, validated like Telegram
``updates.py``    what users do: write, send a document or a photo, press a button, ask inline,
                  add/remove the bot, upgrade a group
``privacy.py``    privacy mode for groups (:meth:`FakeBotAPI.set_privacy_mode`), and which
                  users a ``ForceReply`` opens a reply for (:meth:`FakeBotAPI.type_text`)
``html.py``       Telegram's HTML parse mode (:func:`parse_html`) and UTF-16 lengths
``forms.py``      multipart uploads (``sendDocument``, ``sendPhoto``) cut into their parts
``control.py``    the JSON control API for another process, and its client
``__main__.py``   the standalone command line
================  =====================================================================

Behaviour worth knowing (mirrors Telegram unless noted):

* Parameters are accepted from the query string, JSON bodies, urlencoded forms (what
  PTB sends) and multipart forms; nested objects such as ``reply_markup`` are decoded.
  Method names are case-insensitive. A method the bot never calls answers 404.
* ``getUpdates`` long-polls (``timeout``), honours ``offset``/``limit``/
  ``allowed_updates``; updates are confirmed by a later ``offset``. A second concurrent
  ``getUpdates`` terminates the first one with 409 Conflict, and ``getUpdates`` while a
  webhook is set is a 409 as well.
* The chat state is realistic: after ``my_chat_member(chat, "kicked")`` sends to that
  chat fail with 403, after ``migrate(old, new)`` sends to the old group fail with the
  ``migrate_to_chat_id`` error, and the bot must be an administrator to post in a
  channel (it is one unless told otherwise). Unknown numeric chats are created on first
  use (Telegram would say "chat not found" for users who never started the bot: inject
  that with :meth:`FakeBotAPI.fail`).
* Privacy mode is off unless :meth:`FakeBotAPI.set_privacy_mode` turns it on (for every
  group or one chat): then a group message the real Telegram keeps from a bot in privacy
  mode (not a command for it, a reply to it, a mention of it or a service message; the
  bot not an administrator) is never queued, and :meth:`FakeBotAPI.withheld` lists it.
  :meth:`FakeBotAPI.type_text` sends what a client sends when its user types: a reply to
  the bot's ``ForceReply`` question that targets them. :meth:`FakeBotAPI.edit_text` is a
  user's edit (an ``edited_message``).
* ``editMessageText``/``editMessageReplyMarkup`` without ``reply_markup`` remove the
  inline keyboard, and identical edits fail with "message is not modified".
* Files: :meth:`FakeBotAPI.send_document` queues a user's message with a document;
  ``getFile`` and ``GET /file/bot<token>/<file_path>`` serve its bytes (downloads are
  recorded as ``downloadFile`` calls). ``sendDocument`` uploads are kept:
  :meth:`FakeBotAPI.documents` returns them with their bytes. ``sendPhoto`` takes a PNG
  or JPEG upload within Telegram's limits (10 MB, width + height ≤ 10000, ratio ≤ 20;
  the size read from the image's header): :meth:`FakeBotAPI.photos` returns them.
* ``parse_mode="HTML"`` is fully validated (allowed tags, nesting, attributes) and
  converted to plain text + entities like Telegram. An unescaped ``&`` that does not
  start ``&lt;``/``&gt;``/``&amp;``/``&quot;``/``&#NN;`` is rejected; real Telegram is
  more lenient there. Markdown parse modes are not validated.
"""

from tests.support.fake_bot_api.control import ControlClient
from tests.support.fake_bot_api.html import (
    ALLOWED_HTML_TAGS,
    HtmlParseError,
    command_and_mention_entities,
    parse_html,
    utf16_len,
)
from tests.support.fake_bot_api.server import FakeBotAPI
from tests.support.fake_bot_api.state import (
    ANONYMOUS_ADMIN_USER,
    DEFAULT_TOKEN,
    DEFAULT_USER_ID,
    FAULT_KINDS,
    ApiError,
    BotMessage,
    Fault,
    RecordedCall,
    SentDocument,
    SentPhoto,
)

__all__ = [
    "ALLOWED_HTML_TAGS",
    "ANONYMOUS_ADMIN_USER",
    "DEFAULT_TOKEN",
    "DEFAULT_USER_ID",
    "FAULT_KINDS",
    "ApiError",
    "BotMessage",
    "ControlClient",
    "FakeBotAPI",
    "Fault",
    "HtmlParseError",
    "RecordedCall",
    "SentDocument",
    "SentPhoto",
    "command_and_mention_entities",
    "parse_html",
    "utf16_len",
]
