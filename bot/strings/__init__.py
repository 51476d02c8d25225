"""Every text a user reads, in Vietnamese and English side by side, one class per feature.

A translator owns this file. Each text is written once with both languages together::

    no_results = text(
        vi="Mình chưa tìm thấy mẹo nào phù hợp với “{query}”.",
        en="I found no tip matching “{query}”.",
    )

and the code reads it in the reader's language: ``strings.no_results`` on ``VI`` or ``EN``
(``for_language`` picks one from Telegram's ``language_code``). Vietnamese is the default.

The rules a translator keeps (``tests/strings/test_strings.py`` checks them):

- ``{name}`` is filled in by the bot (``str.format``); both languages use the same names.
- A count followed by a noun is written with its forms: ``{count:# tip|# tips}`` shows
  "1 tip" or "3 tips", ``#`` standing for the number. Vietnamese nouns do not change,
  so Vietnamese writes ``{count} mẹo``.
- Texts sent as Telegram HTML may contain ``<b>``, ``<i>``, ``<code>``; the values put
  into them are escaped by the code, never here.

Sections are plain classes so that a text sits next to the texts of its feature; a
missing language is a ``TypeError`` when this module is imported, never a ``KeyError``
in front of a user. A new text goes into its feature's class; a new feature gets a
class of its own, added to ``Strings``' bases.
"""

from __future__ import annotations

import string
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class _PluralFormatter(string.Formatter):
    """``str.format`` plus ``{n:# one|# other}``: the first form for exactly one."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" not in format_spec:
            return format(value, format_spec)
        one, other = format_spec.split("|")
        return (one if value == 1 else other).replace("#", str(value))


_PLURALS = _PluralFormatter()


class Template(str):
    """A text with plural forms: a ``str`` whose ``format`` also picks the form.

    Texts without them stay plain ``str``, so their ``format`` is the C one."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        return _PLURALS.vformat(self, args, kwargs)


def _template(words: str) -> str:
    plural = any(spec and "|" in spec for _, name, spec, _ in _PLURALS.parse(words)
                 if name is not None)
    return Template(words) if plural else words


class Both(Generic[T]):
    """One text in every language; reading it on ``VI`` or ``EN`` gives that language's."""

    __slots__ = ("by_lang", "name")

    def __init__(self, *, vi: T, en: T) -> None:
        self.by_lang: dict[str, T] = {"vi": vi, "en": en}
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, strings: None, owner: type | None = None) -> Both[T]: ...
    @overload
    def __get__(self, strings: Strings, owner: type | None = None) -> T: ...
    def __get__(self, strings: Strings | None, owner: type | None = None) -> Both[T] | T:
        if strings is None:
            return self
        return self.by_lang[strings.lang]


def text(*, vi: str, en: str) -> Both[str]:
    """A text in both languages (see the module's docstring for what it may contain)."""
    if not vi.strip() or not en.strip():
        raise ValueError(f"a text is empty: vi={vi!r}, en={en!r}")
    return Both(vi=_template(vi), en=_template(en))


def table(*rows: tuple[str, str, str]) -> Both[tuple[tuple[str, str], ...]]:
    """``(key, vietnamese, english)`` rows: one key, the words for it in each language."""
    return Both(vi=tuple((key, vi) for key, vi, _ in rows),
                en=tuple((key, en) for key, _, en in rows))


def words(*rows: tuple[str, str]) -> Both[tuple[str, ...]]:
    """``(vietnamese, english)`` rows: a list of words, such as the weekdays, in order."""
    return Both(vi=tuple(vi for vi, _ in rows), en=tuple(en for _, en in rows))


class Profile:
    """What Telegram shows before anyone talks to the bot: its profile and command menu."""

    __slots__ = ()

    # what people see before pressing Start (≤ 512 characters)
    bot_description = text(
        vi="Mỗi ngày một nguyên tắc chăm sóc khách hàng cho cả đội, rút từ các bài viết tiếng "
        "Việt về CSKH. Hỏi bằng lời của bạn (có dấu hay không dấu): “khách đổ lỗi cho mình”, “giữ "
        "chân khách cũ”… là có mẹo phù hợp. Thêm mình vào nhóm và gõ /subscribe 8h30 để cả đội "
        "nhận mẹo mỗi sáng.",
        en="One customer-service principle a day for your whole team, drawn from "
        "Vietnamese articles on customer care. Ask in your own words (“customer blames us”, "
        "“keep old customers”) and get the tip that fits. Add me to a group and type "
        "/subscribe 8:30 to get a tip every morning.",
    )

    # the bot's profile and share text (≤ 120 characters)
    bot_short_description = text(
        vi="Mẹo chăm sóc khách hàng mỗi ngày cho đội CSKH: hỏi là có, "
        "thêm vào nhóm để nhận mỗi sáng.",
        en="A customer-service tip a day for your team: ask for one, or add "
        "me to a group for every morning.",
    )

    # the command menu: (command, Vietnamese, English); commands are never translated
    commands = table(
        ("tip", "Một mẹo chăm sóc khách hàng", "A customer-care tip"),
        ("search", "Tìm mẹo theo từ khóa", "Find tips by keyword"),
        ("subscribe",
         "Nhận mẹo mỗi ngày, ví dụ /subscribe 8h30",
         "A daily tip, e.g. /subscribe 8:30"),
        ("unsubscribe", "Ngừng nhận mẹo hằng ngày", "Stop the daily tip"),
        ("status", "Xem lịch nhận mẹo", "Daily tip schedule"),
        ("pause", "Tạm dừng mẹo hằng ngày, ví dụ /pause 3", "Pause the daily tip, e.g. /pause 3"),
        ("topics", "Chọn chủ đề cho mẹo hằng ngày", "Choose the daily tip's topics"),
        ("stats", "Thống kê mẹo và bình chọn", "Tips and votes so far"),
        ("digest", "Tổng kết tuần, ví dụ /digest t2 9h", "Weekly digest, e.g. /digest mon 9:00"),
        ("addtip", "Thêm mẹo riêng của nhóm", "Add the team's own tip"),
        ("mytips", "Xem và xóa mẹo riêng của nhóm", "See and delete the team's tips"),
        ("privacy",
         "Lưu hay không lưu câu hỏi chưa có mẹo",
         "Keep or stop keeping unanswered questions"),
        ("quiz",
         "Câu đố về mẹo; câu đố hằng ngày: /quiz daily 16h",
         "A quiz on the tips; daily: /quiz daily 16:00"),
        ("leaderboard", "Bảng xếp hạng câu đố (/bxh)", "Quiz leaderboard (/bxh)"),
        ("resume", "Nhận lại mẹo hằng ngày", "Resume the daily tip"),
        ("help", "Hướng dẫn sử dụng", "How to use the bot"),
        ("start", "Giới thiệu", "About the bot"),
    )


class Welcome:
    """The first minutes: /start, /help and the buttons that lead on from them."""

    __slots__ = ()

    welcome = text(
        vi="Xin chào <b>{name}</b>! 👋\n\n"
        "Mình là <b>trợ lý CSKH</b>: mỗi ngày một nguyên tắc chăm sóc khách hàng, rút ra từ "
        "những bài viết thực tế về giữ chân khách hàng, xử lý khách khó, thái độ phục vụ, "
        "tuyển và đào tạo nhân viên.\n\n"
        "• Gõ bất kỳ câu hỏi nào, có dấu hay không dấu, mình sẽ tìm mẹo phù hợp.\n"
        "• /tip cho một mẹo ngay, /search để tìm theo từ khóa.\n"
        "• Thêm mình vào nhóm của đội để cả đội nhận một nguyên tắc mỗi sáng.",
        en="Hello <b>{name}</b>! 👋\n\n"
        "I am a <b>customer-care coach</b>: one customer-service principle a day, drawn from "
        "Vietnamese articles on keeping customers, handling difficult ones, service attitude, "
        "hiring and training staff. The tips themselves are in Vietnamese.\n\n"
        "• Ask me anything, in English or Vietnamese, and I will find a matching tip.\n"
        "• /tip for a tip now, /search to look up keywords.\n"
        "• Add me to your team's group so the whole team gets a principle every morning.",
    )

    # who {name} is in the welcome when Telegram gives no first name
    welcome_no_name = text(vi="bạn", en="there")

    help = text(
        vi="<b>Các lệnh</b>\n"
        "\n"
        "/tip — một mẹo ngẫu nhiên\n"
        "/tip <i>từ khóa</i> — mẹo phù hợp nhất, ví dụ <code>/tip khách đổ lỗi</code>\n"
        "/search <i>từ khóa</i> — danh sách mẹo phù hợp, ví dụ <code>/search giu chan khach "
        "hang</code>\n"
        "/subscribe <i>giờ</i> — nhận một mẹo mỗi ngày, ví dụ <code>/subscribe 8h30</code> (trong "
        "nhóm: chỉ quản trị viên)\n"
        "/status — xem lịch nhận mẹo · /unsubscribe — ngừng nhận\n"
        "/pause — tạm dừng (<code>/pause 3</code>, <code>/pause 20/2</code>) · /resume — nhận "
        "lại\n"
        "/topics — chọn chủ đề · <code>/tip thái độ</code> — một mẹo thuộc chủ đề đó\n"
        "/stats — thống kê mẹo đã nhận và bình chọn 👍/👎\n"
        "/digest <i>ngày giờ</i> — tổng kết tuần, ví dụ <code>/digest t2 9h</code> (<code>/digest "
        "off</code> để tắt)\n"
        "/addtip — thêm mẹo riêng của nhóm · /mytips — xem, xóa, xuất Excel\n"
        "/import — nhập mẹo từ tệp Excel, CSV\n"
        "/quiz — một câu đố về mẹo · <code>/quiz daily 16h</code> — câu đố hằng ngày (<code>/quiz "
        "off</code> để tắt)\n"
        "/leaderboard hoặc /bxh — bảng xếp hạng câu đố của đội, tuần này và từ trước đến nay\n"
        "/help — hướng dẫn này\n"
        "\n"
        "Trong chat riêng, bạn cứ gõ câu hỏi là được, ví dụ “làm sao giữ chân khách cũ?”.\n"
        "Trong nhóm, hãy dùng lệnh, nhắc tên @{bot} hoặc trả lời tin nhắn của mình.\n"
        "Ở bất kỳ cuộc trò chuyện nào, gõ <code>@{bot} từ khóa</code> để chèn một mẹo.",
        en="<b>Commands</b>\n"
        "\n"
        "/tip — a random tip\n"
        "/tip <i>keywords</i> — the best matching tip, e.g. <code>/tip customers who blame "
        "us</code>\n"
        "/search <i>keywords</i> — a list of matching tips, e.g. <code>/search customer "
        "loyalty</code>\n"
        "/subscribe <i>time</i> — a tip every day, e.g. <code>/subscribe 8:30</code> (in groups: "
        "admins only)\n"
        "/status — the schedule · /unsubscribe — stop\n"
        "/pause — pause (<code>/pause 3</code>, <code>/pause 20/2</code>) · /resume — resume\n"
        "/topics — choose topics · <code>/tip loyalty</code> — a tip from that topic\n"
        "/stats — tips received and 👍/👎 votes\n"
        "/digest <i>day time</i> — a weekly digest, e.g. <code>/digest mon 9:00</code> "
        "(<code>/digest off</code>)\n"
        "/addtip — add the team's own tip · /mytips — see, delete, export\n"
        "/import — tips from an Excel or CSV file\n"
        "/quiz — a quiz on the tips · <code>/quiz daily 16:00</code> — a quiz every day "
        "(<code>/quiz off</code>)\n"
        "/leaderboard or /bxh — the team's quiz leaderboard, this week and all time\n"
        "/help — this help\n"
        "\n"
        "In a private chat just type your question, e.g. “how to keep old customers?”.\n"
        "In a group, use a command, mention @{bot} or reply to my message.\n"
        "In any chat, type <code>@{bot} keywords</code> to insert a tip.",
    )

    search_help = text(
        vi="🔎 <b>Cách tìm mẹo</b>\n\n"
        "Gõ điều bạn đang băn khoăn, có dấu hay không dấu, gõ sai chính tả một chút cũng được:\n"
        "• <code>giữ chân khách hàng cũ</code>\n"
        "• <code>khach hay do loi cho minh</code>\n"
        "• <code>tuyển nhân viên có thái độ tốt</code>\n"
        "• <code>moments of truth</code>\n\n"
        "Hoặc dùng <code>/search từ khóa</code>.",
        en="🔎 <b>How to search</b>\n\n"
        "Type what you are wondering about, in English or Vietnamese, with or without "
        "diacritics; small typos are fine:\n"
        "• <code>keep existing customers</code>\n"
        "• <code>customers who blame us</code>\n"
        "• <code>hiring for attitude</code>\n"
        "• <code>giu chan khach hang</code>\n\n"
        "Or use <code>/search keywords</code>.",
    )

    subscribe_help = text(
        vi="👥 <b>Nhận mẹo mỗi ngày cho cả đội</b>\n\n"
        "1. Thêm @{bot} vào nhóm của đội.\n"
        "2. Quản trị viên nhóm gõ <code>/subscribe 8h30</code> (giờ tùy chọn).\n"
        "3. Mỗi sáng cả đội nhận một nguyên tắc chăm sóc khách hàng.\n\n"
        "Bạn cũng có thể đăng ký ngay trong chat riêng này để nhận mẹo cho riêng mình.",
        en="👥 <b>A daily tip for the whole team</b>\n\n"
        "1. Add @{bot} to your team's group.\n"
        "2. A group admin types <code>/subscribe 8:30</code> (any time you like).\n"
        "3. Every morning the team gets one customer-service principle.\n\n"
        "You can also subscribe in this private chat to get a personal daily tip.",
    )

    group_hint = text(
        vi="Chào cả nhóm! 👋 Mình là trợ lý CSKH.\n"
        "• Quản trị viên gõ <code>/subscribe 8h30</code> để cả nhóm nhận một nguyên tắc chăm sóc "
        "khách hàng mỗi sáng (giờ tùy chọn).\n"
        "• Ai cũng có thể gõ /tip để nhận mẹo ngay, hoặc /help để xem hướng dẫn.",
        en="Hello everyone! 👋 I am a customer-care coach.\n"
        "• An admin types <code>/subscribe 8:30</code> so the group gets one customer-service "
        "principle every morning (any time you like).\n"
        "• Anyone can type /tip for a tip now, or /help for instructions.",
    )

    btn_tip_now = text(
        vi="💡 Mẹo ngay",
        en="💡 A tip now",
    )

    btn_search_help = text(
        vi="🔎 Cách tìm mẹo",
        en="🔎 How to search",
    )

    btn_subscribe_help = text(
        vi="👥 Đăng ký cho nhóm",
        en="👥 Subscribe a team",
    )


class Tips:
    """A tip as people read it, with its source."""

    __slots__ = ()

    source_label = text(
        vi="Nguồn",
        en="Source",
    )

    source_title = text(
        vi="Bài viết",
        en="Article",
    )

    source_author = text(
        vi="Tác giả",
        en="Author",
    )

    source_publisher = text(
        vi="Nơi đăng",
        en="Published by",
    )

    source_date = text(
        vi="Ngày đăng",
        en="Date",
    )

    source_tip_id = text(
        vi="Mã mẹo",
        en="Tip id",
    )

    source_heading = text(
        vi="📖 <b>Nguồn của mẹo</b>",
        en="📖 <b>Where this tip comes from</b>",
    )

    random_intro = text(
        vi="Đây là một mẹo ngẫu nhiên cho bạn:",
        en="Here is a random tip for you:",
    )

    tip_of_day = text(
        vi="🌅 <b>Nguyên tắc hôm nay</b>",
        en="🌅 <b>Today's principle</b>",
    )

    btn_another = text(
        vi="🔄 Mẹo khác",
        en="🔄 Another tip",
    )

    btn_source = text(
        vi="📖 Xem nguồn",
        en="📖 Source",
    )

    btn_random = text(
        vi="🎲 Mẹo ngẫu nhiên",
        en="🎲 Random tip",
    )


class Search:
    """Finding tips: a question in words, /tip, /search and inline mode."""

    __slots__ = ()

    no_results = text(
        vi="Mình chưa tìm thấy mẹo nào phù hợp với “{query}”.",
        en="I found no tip matching “{query}”.",
    )

    try_random = text(
        vi="Bạn thử từ khóa khác (ví dụ: “giữ chân khách hàng”, “đam mê”, “khiếu nại”), "
        "hoặc xem một mẹo ngẫu nhiên.",
        en="Try other words (for example “customer loyalty”, “passion”, “complaints”), "
        "or read a random tip.",
    )

    empty_query = text(
        vi="Bạn chưa nhập từ khóa. Ví dụ: “giữ chân khách hàng cũ” hoặc “thái độ phục vụ”.",
        en="Please type a few words. For example: “keep existing customers” or "
        "“service attitude”.",
    )

    results_header = text(
        vi="Các mẹo phù hợp với “{query}”:",
        en="Tips matching “{query}”:",
    )

    tip_not_found = text(
        vi="Không có mẹo nào mang mã “{tip_id}”.",
        en="There is no tip with the id “{tip_id}”.",
    )

    query_too_long = text(
        vi="Câu hỏi dài quá nên mình chỉ đọc phần đầu.",
        en="Your question is very long, so I only read the beginning.",
    )

    search_usage = text(
        vi="Gõ <code>/search từ khóa</code> để tìm mẹo, ví dụ:\n"
        "<code>/search giữ chân khách hàng cũ</code>\n<code>/search khách đổ lỗi</code>",
        en="Type <code>/search keywords</code> to find tips, for example:\n"
        "<code>/search keep existing customers</code>\n<code>/search customers who blame us</code>",
    )

    more_matches = text(
        vi="Mẹo khác cũng liên quan:",
        en="Other related tips:",
    )

    near_topics = text(
        vi="Bạn thử kể cụ thể hơn, hoặc xem mẹo theo chủ đề gần nhất:",
        en="Try describing it in more detail, or pick the nearest topic:",
    )

    inline_tip_of_day = text(
        vi="🌅 Nguyên tắc hôm nay",
        en="🌅 Today's principle",
    )

    inline_no_results = text(
        vi="Không có mẹo phù hợp — thử từ khóa khác",
        en="No matching tip — try other words",
    )


class SmallTalk:
    """Answers to chat that is not a question; each one offers a way forward."""

    __slots__ = ()

    chat_greeting = text(
        vi="Chào bạn! 👋 Bạn cứ kể tình huống đang gặp với khách, mình tìm nguyên tắc "
        "phù hợp. Ví dụ: “khách chờ 2 tuần chưa ai gọi lại”. Hoặc bấm nút dưới để nhận một mẹo.",
        en="Hi! 👋 Tell me what is happening with a customer and I will find the "
        "principle that fits, e.g. “a customer waited two weeks for a call back”. Or press the "
        "button for a tip.",
    )

    chat_thanks = text(
        vi="Không có gì ạ! 😊 Khi cần, bạn cứ kể tình huống với khách, mình tìm mẹo "
        "giúp.",
        en="You're welcome! 😊 Whenever you need one, just describe the situation.",
    )

    chat_ack = text(
        vi="Ok bạn! Lúc nào cần cứ nhắn tình huống đang gặp, hoặc bấm nút dưới để xem "
        "thêm một mẹo.",
        en="Okay! Describe a situation with a customer any time, or press the button for "
        "another tip.",
    )

    chat_laugh = text(
        vi="😄 Vui vậy là tốt rồi! Muốn thêm một mẹo cho cả đội thì bấm nút dưới nhé.",
        en="😄 Glad to hear it! Press the button if the team wants another tip.",
    )

    chat_bye = text(
        vi="Tạm biệt bạn! 👋 Chúc cả đội một ngày phục vụ khách thật tốt.",
        en="Bye! 👋 Have a great day serving your customers.",
    )

    chat_presence = text(
        vi="Mình đây! 🙋 Mình là trợ lý CSKH: bạn kể tình huống với khách (có dấu "
        "hay không dấu đều được), mình gửi nguyên tắc phù hợp. Gõ /help để xem thêm.",
        en="I'm here! 🙋 I'm a customer-care coach: describe a situation with a "
        "customer and I'll send the principle that fits. Type /help for more.",
    )

    chat_offside = text(
        vi="Mình chỉ là trợ lý chăm sóc khách hàng thôi 🙂 Bạn kể tình huống đang gặp với "
        "khách, mình tìm nguyên tắc phù hợp; hoặc bấm nút dưới để nhận một mẹo.",
        en="I'm only a customer-care coach 🙂 Describe a situation with a customer and I'll "
        "find the principle that fits, or press the button for a tip.",
    )

    chat_emoji = text(
        vi="Mình nhận được rồi! 😊 Bạn muốn tìm mẹo gì thì cứ gõ tình huống hoặc từ "
        "khóa nhé.",
        en="Got it! 😊 Type a situation or a few words whenever you want a tip.",
    )


class Trouble:
    """When something goes wrong, or a person is faster than the bot."""

    __slots__ = ()

    error_apology = text(
        vi="Xin lỗi, mình vừa gặp trục trặc khi xử lý tin nhắn này. "
        "Bạn thử lại sau ít phút nhé.",
        en="Sorry, something went wrong while handling this message. "
        "Please try again in a few minutes.",
    )

    unknown_button = text(
        vi="Nút này đã cũ, bạn gõ /tip để nhận mẹo mới nhé.",
        en="This button is out of date; type /tip for a new tip.",
    )

    slow_down = text(
        vi="Bạn chậm lại một chút nhé 🙏 Tin nhắn đến nhanh quá, mình chỉ trả lời câu "
        "mới nhất.",
        en="Slow down a little, please 🙏 Messages are coming in too fast; I will answer "
        "the latest one.",
    )


class Calendar:
    """Days, dates, times and time zones, wherever the bot names them."""

    __slots__ = ()

    # Monday first, as Python's date.weekday() counts
    weekdays = words(
        ("Thứ Hai", "Monday"),
        ("Thứ Ba", "Tuesday"),
        ("Thứ Tư", "Wednesday"),
        ("Thứ Năm", "Thursday"),
        ("Thứ Sáu", "Friday"),
        ("Thứ Bảy", "Saturday"),
        ("Chủ Nhật", "Sunday"),
    )

    # the days of a schedule that runs all week ({days} in quiz_daily_on)
    every_day = text(vi="hằng ngày", en="every day")

    # three or more days in a row: "Thứ Hai đến Thứ Sáu"
    day_range = text(vi="{first} đến {last}", en="{first} to {last}")

    # a delivery's moment in the chat's zone: "08:30 Thứ Ba, 24/11/2026"
    moment = text(vi="{time} {weekday}, {date}", en="{time} {weekday}, {date}")

    # a source's publication date; {month} is one of the months below (Vietnamese writes
    # the month as a number), {day:02d} the day with two digits
    date = text(vi="{day:02d}/{month}/{year}", en="{day} {month} {year}")

    months = words(
        ("01", "January"),
        ("02", "February"),
        ("03", "March"),
        ("04", "April"),
        ("05", "May"),
        ("06", "June"),
        ("07", "July"),
        ("08", "August"),
        ("09", "September"),
        ("10", "October"),
        ("11", "November"),
        ("12", "December"),
    )

    # {time} {zone}: "Mỗi ngày lúc 08:00 (giờ Việt Nam)"
    schedule_every_day = text(
        vi="Mỗi ngày lúc {time} ({zone})",
        en="Every day at {time} ({zone})",
    )

    # {days} {time} {zone}
    schedule_some_days = text(
        vi="{days} lúc {time} ({zone})",
        en="{days} at {time} ({zone})",
    )

    zone_time = text(
        vi="giờ {place}",
        en="{place} time",
    )

    # (time zone, Vietnamese place, English place): shown as zone_time's {place}
    zone_places = table(
        ("Asia/Ho_Chi_Minh", "Việt Nam", "Vietnam"),
        ("Asia/Saigon", "Việt Nam", "Vietnam"),
        ("Asia/Bangkok", "Bangkok", "Bangkok"),
        ("Asia/Singapore", "Singapore", "Singapore"),
        ("Asia/Kuala_Lumpur", "Kuala Lumpur", "Kuala Lumpur"),
        ("Asia/Jakarta", "Jakarta", "Jakarta"),
        ("Asia/Manila", "Manila", "Manila"),
        ("Asia/Phnom_Penh", "Phnôm Pênh", "Phnom Penh"),
        ("Asia/Vientiane", "Viêng Chăn", "Vientiane"),
        ("Asia/Yangon", "Yangon", "Yangon"),
        ("Asia/Tokyo", "Tokyo", "Tokyo"),
        ("Asia/Seoul", "Seoul", "Seoul"),
        ("Asia/Shanghai", "Bắc Kinh", "Beijing"),
        ("Asia/Hong_Kong", "Hồng Kông", "Hong Kong"),
        ("Asia/Taipei", "Đài Bắc", "Taipei"),
        ("Asia/Kolkata", "Ấn Độ", "India"),
        ("Asia/Dubai", "Dubai", "Dubai"),
        ("Australia/Sydney", "Sydney", "Sydney"),
        ("Europe/London", "London", "London"),
        ("Europe/Paris", "Paris", "Paris"),
        ("Europe/Berlin", "Berlin", "Berlin"),
        ("Europe/Moscow", "Moskva", "Moscow"),
        ("America/New_York", "New York", "New York"),
        ("America/Los_Angeles", "Los Angeles", "Los Angeles"),
    )

    # a fixed offset that places with summer time also use
    zone_fixed_offset_note = text(
        vi="Lưu ý: {zone} là độ lệch cố định, sẽ không tự đổi theo giờ mùa "
        "hè. Nếu nơi bạn ở có giờ mùa hè, hãy dùng tên múi giờ, ví dụ "
        "<code>/subscribe 8h Europe/Paris</code>.",
        en="Note: {zone} is a fixed offset and will not follow summer time. "
        "If summer time applies where you are, use the zone's name, e.g. "
        "<code>/subscribe 8:00 Europe/Paris</code>.",
    )


class DailyTip:
    """The daily tip: /subscribe, /status, /pause, /resume, /unsubscribe."""

    __slots__ = ()

    sub_confirm = text(
        vi="✅ <b>Đã đăng ký mẹo hằng ngày!</b>\n"
        "<b>{when}</b>, mình sẽ gửi một nguyên tắc chăm sóc khách hàng.\n"
        "Lần gửi tiếp theo: <b>{next}</b>.\n\n"
        "Đổi giờ: <code>/subscribe 20h15</code> · Xem: /status · Hủy: /unsubscribe",
        en="✅ <b>Daily tip subscribed!</b>\n"
        "<b>{when}</b>, I will send one customer-service principle.\n"
        "Next delivery: <b>{next}</b>.\n\n"
        "Change the time: <code>/subscribe 20:15</code> · See: /status · Stop: /unsubscribe",
    )

    sub_updated = text(
        vi="✅ <b>Đã cập nhật mẹo hằng ngày.</b>\n"
        "Lịch mới: <b>{when}</b>.\nLần gửi tiếp theo: <b>{next}</b>.",
        en="✅ <b>Daily tip updated.</b>\n"
        "New schedule: <b>{when}</b>.\nNext delivery: <b>{next}</b>.",
    )

    sub_bad_time = text(
        vi="Mình chưa hiểu giờ “{value}”. Bạn có thể viết 8:30, 08:30, 8h30, 8h, "
        "20h15 hoặc 20:15.\nVí dụ: <code>/subscribe 8h30</code>",
        en="I don't understand the time “{value}”. Write it as 8:30, 08:30, 8h30, 8h, "
        "20h15 or 20:15.\nExample: <code>/subscribe 8:30</code>",
    )

    sub_bad_timezone = text(
        vi="Múi giờ “{value}” không hợp lệ. Hãy viết như <code>giờ Việt Nam</code>, "
        "<code>Bangkok</code>, <code>Asia/Ho_Chi_Minh</code> hoặc độ lệch như "
        "<code>+07:00</code>, <code>UTC-1</code>.\n"
        "Ví dụ: <code>/subscribe 8h30 Asia/Ho_Chi_Minh</code>",
        en="“{value}” is not a time zone I know. Write it like "
        "<code>Vietnam</code>, <code>Bangkok</code>, <code>Asia/Ho_Chi_Minh</code> or an offset "
        "like <code>+07:00</code>, <code>UTC-1</code>.\n"
        "Example: <code>/subscribe 8:30 Asia/Ho_Chi_Minh</code>",
    )

    sub_bad_days = text(
        vi="Mình chưa hiểu ngày “{value}”. Bạn có thể viết: <code>t2-t6</code>, "
        "<code>thứ 2 - thứ 6</code>, <code>t2,t4,t6</code>, <code>t7,cn</code>, "
        "<code>chủ nhật</code>, <code>hằng ngày</code> hoặc <code>mon-fri</code>.\n"
        "Ví dụ: <code>/subscribe 8h30 t2-t6</code>",
        en="I don't understand the days “{value}”. Write them as <code>mon-fri</code>, "
        "<code>weekdays</code>, <code>daily</code>, <code>t2-t6</code> or "
        "<code>t2,t4,t6</code>.\nExample: <code>/subscribe 8:30 mon-fri</code>",
    )

    sub_admin_only = text(
        vi="Chỉ quản trị viên của nhóm mới đăng ký, hủy hoặc đổi giờ nhận mẹo được. "
        "Bạn nhờ admin gõ <code>/subscribe 8h30</code> nhé.",
        en="Only the group's admins can subscribe, unsubscribe or change the time. "
        "Ask an admin to type <code>/subscribe 8:30</code>.",
    )

    unsub_done = text(
        vi="Đã hủy nhận mẹo hằng ngày. Gõ /subscribe bất cứ lúc nào để nhận lại.",
        en="Daily tips stopped. Type /subscribe any time to get them again.",
    )

    unsub_none = text(
        vi="Cuộc trò chuyện này chưa đăng ký nhận mẹo hằng ngày. "
        "Gõ <code>/subscribe 8h30</code> để bắt đầu.",
        en="This chat has no daily tip subscription. Type <code>/subscribe 8:30</code> "
        "to start.",
    )

    pause_until = text(
        vi="⏸ Đã tạm dừng mẹo hằng ngày đến hết <b>{until}</b>.\n"
        "Mẹo sẽ tự gửi lại từ <b>{next}</b>. Gõ /resume để nhận lại sớm hơn.",
        en="⏸ Daily tips paused through <b>{until}</b>.\n"
        "They come back on their own from <b>{next}</b>. Type /resume to get them sooner.",
    )

    pause_forever = text(
        vi="⏸ Đã tạm dừng mẹo hằng ngày. Gõ /resume khi muốn nhận lại.",
        en="⏸ Daily tips paused. Type /resume when you want them back.",
    )

    pause_bad = text(
        vi="Mình chưa hiểu “{value}”. Ví dụ: <code>/pause</code> (đến khi gõ /resume), "
        "<code>/pause 3</code> (3 ngày), <code>/pause 20/2</code> hoặc "
        "<code>/pause 2027-02-20</code> (đến hết ngày đó).",
        en="I don't understand “{value}”. Examples: <code>/pause</code> (until /resume), "
        "<code>/pause 3</code> (3 days), <code>/pause 20/2</code> or "
        "<code>/pause 2027-02-20</code> (through that day).",
    )

    resume_done = text(
        vi="▶️ Đã bật lại mẹo hằng ngày. Lần gửi tiếp theo: <b>{next}</b>.",
        en="▶️ Daily tips are back on. Next delivery: <b>{next}</b>.",
    )

    resume_not_paused = text(
        vi="Mẹo hằng ngày đang chạy bình thường, không có gì để tiếp tục.",
        en="Daily tips are running; there is nothing to resume.",
    )

    status_on = text(
        vi="📅 <b>Mẹo hằng ngày: đang bật</b>\n"
        "Lịch: {when}\nLần gửi tiếp theo: {next}\nĐã nhận: {count} mẹo",
        en="📅 <b>Daily tip: on</b>\n"
        "Schedule: {when}\nNext delivery: {next}\nReceived so far: {count:# tip|# tips}",
    )

    status_off = text(
        vi="📅 Mẹo hằng ngày: <b>chưa bật</b>. Gõ <code>/subscribe 8h30</code> để nhận "
        "mỗi sáng.",
        en="📅 Daily tip: <b>off</b>. Type <code>/subscribe 8:30</code> to get one every "
        "morning.",
    )

    status_blocked = text(
        vi="📅 Mẹo hằng ngày đã dừng vì mình không gửi được tin vào đây "
        "(bị chặn hoặc bị xóa khỏi nhóm). Gõ <code>/subscribe</code> để bật lại.",
        en="📅 Daily tips stopped because I could not post here (blocked or removed "
        "from the group). Type <code>/subscribe</code> to turn them back on.",
    )

    status_paused_until = text(
        vi="⏸ Tạm dừng đến hết {until}",
        en="⏸ Paused through {until}",
    )

    status_paused_forever = text(
        vi="⏸ Đang tạm dừng (gõ /resume để nhận lại)",
        en="⏸ Paused (type /resume to get them back)",
    )

    # {principle}: what the team gets next (shown to admins)
    status_next_tip = text(
        vi="Mẹo tiếp theo (chỉ quản trị viên thấy): {principle}",
        en="Next tip (only admins see this): {principle}",
    )


class Topics:
    """/topics: which topics the daily tip draws from."""

    __slots__ = ()

    topics_header = text(
        vi="🗂 <b>Chủ đề cho mẹo hằng ngày</b>\n"
        "Bấm để bật hoặc tắt một chủ đề; không chọn chủ đề nào nghĩa là tất cả.\n"
        "Đang chọn: <b>{chosen}</b>",
        en="🗂 <b>Topics for the daily tip</b>\n"
        "Tap a topic to turn it on or off; none chosen means all of them.\n"
        "Chosen: <b>{chosen}</b>",
    )

    topics_all = text(
        vi="tất cả chủ đề",
        en="all topics",
    )

    btn_topics_all = text(
        vi="🔄 Tất cả chủ đề",
        en="🔄 All topics",
    )

    topic_heading = text(
        vi="🗂 Chủ đề: {name}",
        en="🗂 Topic: {name}",
    )

    topics_admin_alert = text(
        vi="Chỉ quản trị viên của nhóm mới đổi được chủ đề.",
        en="Only the group's admins can change the topics.",
    )


class Votes:
    """👍/👎 on a tip, and /stats."""

    __slots__ = ()

    vote_up_done = text(
        vi="Cảm ơn bạn! Đã ghi nhận 👍",
        en="Thanks! 👍 noted",
    )

    vote_down_done = text(
        vi="Cảm ơn bạn! Đã ghi nhận 👎",
        en="Thanks! 👎 noted",
    )

    vote_removed = text(
        vi="Đã bỏ bình chọn của bạn.",
        en="Your vote is taken back.",
    )

    stats = text(
        vi="📊 <b>{title}</b>\n"
        "Đã nhận: <b>{delivered}</b> mẹo hằng ngày · {voters} người đã bình chọn\n\n"
        "👍 Hữu ích nhất:\n{best}\n\n👎 Ít hữu ích nhất:\n{worst}",
        en="📊 <b>{title}</b>\n"
        "Received: <b>{delivered}</b> {delivered:daily tip|daily tips} · "
        "{voters:# person|# people} voted\n\n"
        "👍 Most helpful:\n{best}\n\n👎 Least helpful:\n{worst}",
    )

    stats_title_group = text(
        vi="Thống kê mẹo của nhóm",
        en="The team's tips",
    )

    stats_title_private = text(
        vi="Thống kê mẹo của bạn",
        en="Your tips",
    )

    stats_none = text(
        vi="(chưa có bình chọn)",
        en="(no votes yet)",
    )

    stats_admin_only = text(
        vi="Chỉ quản trị viên của nhóm mới xem được thống kê.",
        en="Only the group's admins can see the statistics.",
    )


class Misses:
    """What the team asked that no tip answered, and /privacy."""

    __slots__ = ()

    misses_header = text(
        vi="❓ <b>Đội đã hỏi mà mình chưa có mẹo</b> (90 ngày gần nhất):",
        en="❓ <b>What the team asked that no tip answers</b> (last 90 days):",
    )

    misses_none = text(
        vi="❓ Chưa có câu hỏi nào mà mình không trả lời được.",
        en="❓ No unanswered questions so far.",
    )

    misses_off_note = text(
        vi="❓ Nhóm đã tắt lưu câu hỏi chưa trả lời được (/privacy).",
        en="❓ This chat keeps no unanswered questions (/privacy).",
    )

    btn_add_from_miss = text(
        vi="➕ Thêm mẹo cho câu {n}: {query}",
        en="➕ Add a tip for question {n}: {query}",
    )

    addtip_from_miss = text(
        vi="Câu hỏi của đội: “{query}”\n\nGõ <b>nguyên tắc</b> trả lời câu hỏi này "
        "(một câu ngắn), hoặc /cancel để hủy.",
        en="The team asked: “{query}”\n\nType the <b>principle</b> that answers "
        "it (one short sentence), or /cancel.",
    )

    miss_gone = text(
        vi="Câu hỏi này không còn trong danh sách, bạn gõ /stats để xem lại nhé.",
        en="That question is no longer on the list; type /stats to see it again.",
    )

    privacy_status_kept = text(
        vi="🔒 <b>Câu hỏi chưa có mẹo</b>\n"
        "Khi không tìm được mẹo nào cho câu hỏi, mình lưu câu đó lại để bổ sung mẹo sau.\n"
        "\n"
        "• <b>Lưu gì:</b> nội dung câu hỏi, trong đó số điện thoại, email, đường link và mã đơn "
        "hàng đã được thay bằng ký hiệu như [số điện thoại] trước khi lưu; số lần câu đó được "
        "hỏi; lần đầu và lần gần nhất được hỏi. Trong nhóm, không lưu ai là người hỏi.\n"
        "• <b>Lưu ở đâu:</b> trong cơ sở dữ liệu của bot này, riêng cho từng cuộc trò chuyện. "
        "Trong nhóm, quản trị viên xem trong /stats. Trong chat riêng với mình, câu hỏi gắn với "
        "cuộc trò chuyện của bạn và chỉ hiện trong /stats của chính bạn; người vận hành bot không "
        "thấy chúng trong danh sách thường xem, trừ khi chủ động yêu cầu xem.\n"
        "• <b>Bao lâu:</b> 90 ngày kể từ lần gần nhất câu đó được hỏi, sau đó tự xóa; mỗi cuộc "
        "trò chuyện giữ tối đa 1.000 câu, câu lâu rồi không ai hỏi lại sẽ bị xóa trước.\n"
        "• <b>Tắt hoặc bật:</b> <code>/privacy on</code> bật chế độ riêng tư: không lưu nữa và "
        "xóa ngay những gì đã lưu. Lưu lại: <code>/privacy off</code>. Trong nhóm, chỉ quản trị "
        "viên đổi được.",
        en="🔒 <b>Unanswered questions</b>\n"
        "When I find no tip for a question, I keep it so a tip can be added later.\n\n"
        "• <b>What:</b> the question's words, with phone numbers, e-mail addresses, links and "
        "order codes replaced by a placeholder such as [số điện thoại] before it is kept; how "
        "many times it was asked; when it was first and last asked. In a group, not who "
        "asked.\n"
        "• <b>Where:</b> in this bot's database, separately for each chat. In a group, admins "
        "see it in /stats. In a private chat with me, it belongs to your chat and shows only "
        "in your own /stats; the bot's operator does not see it in the usual listing unless "
        "they ask for it on purpose.\n"
        "• <b>How long:</b> 90 days after the question was last asked, then it is deleted; "
        "each chat keeps at most 1,000, the one asked least recently going first.\n"
        "• <b>Turn off or on:</b> <code>/privacy on</code> turns privacy on: nothing more is kept "
        "and what was kept is deleted at once. Keep again: <code>/privacy off</code>. In a "
        "group, only admins can change it.",
    )

    privacy_status_off = text(
        vi="🔒 Cuộc trò chuyện này đang <b>không lưu</b> câu hỏi chưa có mẹo "
        "(chế độ riêng tư đang bật).\n"
        "Muốn lưu lại để bổ sung mẹo: <code>/privacy off</code>",
        en="🔒 This chat keeps <b>no</b> unanswered questions (privacy is on).\n"
        "To keep them again so tips can be added: <code>/privacy off</code>",
    )

    privacy_now_off = text(
        vi="🔒 Đã bật chế độ riêng tư: mình không lưu câu hỏi chưa có mẹo nữa và "
        "đã xóa {count} câu đã lưu.",
        en="🔒 Privacy is on: I no longer keep unanswered questions, and "
        "{count:# kept question was|# kept questions were} deleted.",
    )

    privacy_now_on = text(
        vi="Đã bật lại: từ giờ mình lưu câu hỏi chưa có mẹo (số điện thoại, email, "
        "link, mã đơn được thay bằng ký hiệu), số lần hỏi và thời điểm hỏi, trong 90 ngày. "
        "Gõ /privacy để xem chi tiết.",
        en="Done: from now on I keep questions no tip answers (phone numbers, "
        "e-mail addresses, links and order codes replaced), how often and when they were "
        "asked, for 90 days. Type /privacy for the details.",
    )

    privacy_bad = text(
        vi="Gõ <code>/privacy on</code> để không lưu câu hỏi, "
        "<code>/privacy off</code> để lưu lại.",
        en="Type <code>/privacy on</code> to keep no questions, "
        "<code>/privacy off</code> to keep them again.",
    )

    privacy_admin_only = text(
        vi="Chỉ quản trị viên của nhóm mới bật hoặc tắt được việc lưu câu hỏi "
        "chưa có mẹo. Gõ /privacy để xem nhóm đang lưu những gì. Với câu bạn hỏi mình trong "
        "chat riêng thì bạn tự quyết: nhắn riêng cho mình <code>/privacy on</code>.",
        en="Only the group's admins can turn keeping unanswered questions on "
        "or off. Type /privacy to see what this group keeps. What you ask me in a private "
        "chat is your call: send me <code>/privacy on</code> there.",
    )


class Digest:
    """The weekly digest: /digest and the digest itself."""

    __slots__ = ()

    digest_on = text(
        vi="📬 Đã bật tổng kết tuần: <b>{day}</b> lúc <b>{time}</b> ({zone}).\n"
        "Lần gửi đầu tiên: <b>{next}</b>. Tắt: <code>/digest off</code>",
        en="📬 Weekly digest on: <b>{day}</b> at <b>{time}</b> ({zone}).\n"
        "First one: <b>{next}</b>. Turn off: <code>/digest off</code>",
    )

    digest_off = text(
        vi="Đã tắt tổng kết tuần.",
        en="Weekly digest turned off.",
    )

    digest_bad = text(
        vi="Mình chưa hiểu “{value}”. Ví dụ: <code>/digest t2 9h</code> (Thứ Hai lúc 9:00) "
        "hoặc <code>/digest off</code> để tắt.",
        en="I don't understand “{value}”. Example: <code>/digest mon 9:00</code> or "
        "<code>/digest off</code>.",
    )

    digest_header = text(
        vi="📬 <b>Tổng kết tuần {first} – {last}</b>\nCác mẹo nhóm đã nhận và bình chọn:",
        en="📬 <b>Week {first} – {last}</b>\nThe team's tips and votes:",
    )

    digest_empty = text(
        vi="Tuần qua nhóm chưa nhận mẹo hằng ngày nào.",
        en="The team got no daily tips last week.",
    )

    status_digest = text(
        vi="📬 Tổng kết tuần: {day} lúc {time}",
        en="📬 Weekly digest: {day} at {time}",
    )


class TeamTips:
    """The team's own tips: /addtip step by step, /mytips."""

    __slots__ = ()

    team_source = text(
        vi="Bí kíp của nhóm",
        en="The team's playbook",
    )

    field_principle = text(
        vi="nguyên tắc",
        en="principle",
    )

    field_passage = text(
        vi="nội dung",
        en="text",
    )

    field_source = text(
        vi="nguồn",
        en="source",
    )

    field_short = text(
        vi="ngắn gọn",
        en="short form",
    )

    field_situations = text(
        vi="tình huống",
        en="situations",
    )

    addtip_usage = text(
        vi="Thêm mẹo riêng của nhóm: gõ <code>/addtip</code> rồi trả lời từng bước, "
        "hoặc gửi một dòng:\n<code>/addtip Nguyên tắc | Nội dung | Nguồn | Ngắn gọn</code> (nguồn "
        "và bản ngắn gọn có thể bỏ; có bản ngắn gọn, tối đa 100 ký tự, mẹo vào /quiz của nhóm).",
        en="Add your team's own tip: type <code>/addtip</code> and answer step by step, "
        "or send one line:\n<code>/addtip Principle | Text | Source | Short form</code> (source "
        "and short form are optional; with a short form, at most 100 characters, the tip joins "
        "the team's /quiz).",
    )

    addtip_saved = text(
        vi="✅ Đã lưu mẹo của nhóm (mã <code>{tip_id}</code>). Nhóm đang có "
        "{count}/{limit} mẹo riêng; xem và xóa bằng /mytips.",
        en="✅ Team tip saved (id <code>{tip_id}</code>). The team has {count}/{limit} "
        "tips of its own; see and delete them with /mytips.",
    )

    addtip_empty = text(
        vi="Phần {field} không được để trống. Bạn gửi lại nhé, hoặc /cancel để hủy.",
        en="The {field} cannot be empty. Please send it again, or /cancel.",
    )

    addtip_too_long = text(
        vi="Phần {field} dài quá (tối đa {limit} ký tự). Bạn rút gọn rồi gửi lại, "
        "hoặc /cancel để hủy.",
        en="The {field} is too long (at most {limit} characters). Shorten it and "
        "send it again, or /cancel.",
    )

    addtip_limit = text(
        vi="Nhóm đã có đủ {limit} mẹo riêng. Xóa bớt bằng /mytips rồi thêm mẹo mới nhé.",
        en="The team already has {limit} tips of its own. Delete some with /mytips first.",
    )

    addtip_already = text(
        vi="Nhóm đã có mẹo này rồi (cùng nguyên tắc và nội dung), nên không lưu thêm. "
        "Xem bằng /mytips.",
        en="The team already has this tip (same principle and text), so it was not "
        "saved again. See it with /mytips.",
    )

    addtip_ask_principle = text(
        vi="✍️ Mẹo mới của nhóm. Bước 1/4: gửi <b>nguyên tắc</b> (một câu, "
        "tối đa 200 ký tự). Gõ /cancel để hủy.",
        en="✍️ A new team tip. Step 1/4: send the <b>principle</b> (one "
        "sentence, at most 200 characters). /cancel to stop.",
    )

    addtip_ask_passage = text(
        vi="Bước 2/4: gửi <b>nội dung</b> giải thích (tối đa 1000 ký tự).",
        en="Step 2/4: send the <b>text</b> that explains it (at most 1000 "
        "characters).",
    )

    addtip_ask_source = text(
        vi="Bước 3/4: gửi <b>nguồn</b> (tối đa 200 ký tự), hoặc gõ /skip nếu "
        "không có.",
        en="Step 3/4: send the <b>source</b> (at most 200 characters), or /skip.",
    )

    addtip_ask_short = text(
        vi="Bước 4/4 (không bắt buộc): gửi <b>bản ngắn gọn</b> của nguyên tắc, tối đa 100 "
        "ký tự. Có bản này, mẹo sẽ vào câu đố /quiz của nhóm như một đáp án để chọn. "
        "Ví dụ: <i>Gọi lại cho khách trong 24 giờ</i>. Gõ /skip để bỏ qua.",
        en="Step 4/4 (optional): send a <b>short form</b> of the principle, at most 100 "
        "characters. With one, the tip joins the team's /quiz as an answer to pick. "
        "For example: <i>Call the customer back within 24 hours</i>. /skip to leave it out.",
    )

    addtip_cancelled = text(
        vi="Đã hủy, chưa có gì được lưu.",
        en="Cancelled; nothing was saved.",
    )

    addtip_timeout = text(
        vi="Đã hết thời gian chờ nên mình dừng việc thêm mẹo; chưa có gì được lưu. "
        "Gõ /addtip để bắt đầu lại.",
        en="Time is up, so I stopped adding the tip; nothing was saved. Type /addtip "
        "to start again.",
    )

    addtip_admin_alert = text(
        vi="Chỉ quản trị viên của nhóm mới thêm được mẹo.",
        en="Only the group's admins can add tips.",
    )

    addtip_in_channel = text(
        vi="Trong kênh mình không hỏi từng bước được. Thêm mẹo bằng một dòng: "
        "<code>/addtip Nguyên tắc | Nội dung | Nguồn</code>, hoặc nhập cả tệp bằng dòng lệnh: "
        "<code>python -m bot import playbook.toml --chat {chat_id}</code>.",
        en="In a channel I cannot ask step by step. Add a tip in one line: "
        "<code>/addtip Principle | Text | Source</code>, or import a whole file on the command "
        "line: <code>python -m bot import playbook.toml --chat {chat_id}</code>.",
    )

    mytips_header = text(
        vi="📒 <b>Mẹo riêng của nhóm</b> ({count}/{limit}) — bấm 🗑 để xóa:",
        en="📒 <b>The team's own tips</b> ({count}/{limit}) — tap 🗑 to delete:",
    )

    mytips_empty = text(
        vi="Nhóm chưa có mẹo riêng. Thêm bằng <code>/addtip</code>.",
        en="The team has no tips of its own yet. Add one with <code>/addtip</code>.",
    )

    mytips_deleted = text(
        vi="Đã xóa mẹo.",
        en="Tip deleted.",
    )

    mytips_admin_alert = text(
        vi="Chỉ quản trị viên của nhóm mới xóa được mẹo.",
        en="Only the group's admins can delete tips.",
    )

    mytips_nothing_deleted = text(
        vi="Không có mẹo đó nên chưa xóa gì (có thể mẹo đã bị xóa trước).",
        en="There is no such tip, so nothing was deleted (it may be gone "
        "already).",
    )

    mytips_page = text(
        vi="Trang {page}/{pages}",
        en="Page {page}/{pages}",
    )


class Quiz:
    """/quiz, the daily quiz, the leaderboard and streaks."""

    __slots__ = ()

    # {situation}: one of the tip's situations
    quiz_situation = text(
        vi="Tình huống: “{situation}” — Nguyên tắc nào phù hợp nhất?",
        en="Situation: “{situation}” — Which principle fits best?",
    )

    # {passage}: the tip's passage, principle hidden
    quiz_passage = text(
        vi="Đoạn trích: “{passage}” — Đoạn này nói về nguyên tắc nào?",
        en="Excerpt: “{passage}” — Which principle is this about?",
    )

    # {principle}, {source}
    quiz_explanation = text(
        vi="Đáp án: {principle} (Nguồn: {source})",
        en="Answer: {principle} (Source: {source})",
    )

    quiz_none = text(
        vi="Chưa ra được câu đố: cần ít nhất ba mẹo có dạng ngắn thuộc các chủ đề khác nhau.",
        en="No quiz yet: it needs at least three tips with a short form in different topics.",
    )

    # {time} {zone} {days} {next}
    quiz_daily_on = text(
        vi="🧠 Đã bật câu đố hằng ngày lúc <b>{time}</b> ({zone}), {days}, theo lịch "
        "nhận mẹo của nhóm.\nCâu đố tiếp theo: <b>{next}</b>. Tắt: <code>/quiz off</code>",
        en="🧠 Daily quiz on at <b>{time}</b> ({zone}), {days}, following the team's "
        "daily tip schedule.\nNext quiz: <b>{next}</b>. Turn off: <code>/quiz off</code>",
    )

    quiz_daily_off = text(
        vi="🧠 Câu đố hằng ngày đang tắt. Bật: <code>/quiz daily 16h</code>",
        en="🧠 The daily quiz is off. Turn on: <code>/quiz daily 16:00</code>",
    )

    quiz_daily_bad = text(
        vi="Mình chưa hiểu giờ này. Ví dụ: <code>/quiz daily 16h</code>, "
        "<code>/quiz daily 16:30</code> hoặc <code>/quiz off</code> (múi giờ và ngày theo "
        "<code>/subscribe</code>).",
        en="I could not read that time. For example: <code>/quiz daily 16:00</code>, "
        "<code>/quiz daily 4pm</code> or <code>/quiz off</code> (zone and days as for "
        "<code>/subscribe</code>).",
    )

    # {people} {answers} {accuracy}
    quiz_figures = text(
        vi="🧠 <b>Câu đố</b>: {people} người tham gia · {answers} câu trả lời · "
        "{accuracy}% đúng",
        en="🧠 <b>Quizzes</b>: {people:# person|# people} took part · "
        "{answers:# answer|# answers} · {accuracy}% right",
    )

    leaderboard_week = text(
        vi="🏆 <b>Bảng xếp hạng tuần này</b>",
        en="🏆 <b>This week's leaderboard</b>",
    )

    leaderboard_all_time = text(
        vi="🏅 <b>Bảng xếp hạng từ trước đến nay</b>",
        en="🏅 <b>All-time leaderboard</b>",
    )

    # {rank} {name} {correct} {answered} {accuracy}
    leaderboard_row = text(
        vi="{rank}. {name} — {correct} câu đúng / {answered} · {accuracy}%",
        en="{rank}. {name} — {correct} right of {answered} · {accuracy}%",
    )

    # after leaderboard_row, only for someone with a streak (1 day or more)
    leaderboard_streak = text(
        vi=" · 🔥 {streak} ngày",
        en=" · 🔥 {streak:# day|# days}",
    )

    leaderboard_empty = text(
        vi="Chưa có ai trả lời câu đố nào.",
        en="Nobody has answered a quiz yet.",
    )

    # {count}: people ranked but not shown
    leaderboard_more = text(
        vi="… và {count} người khác",
        en="… and {count:# other|# others}",
    )

    streak_personal = text(
        vi="🔥 Chuỗi của bạn: {days} ngày liên tiếp trả lời đúng.",
        en="🔥 Your streak: {days:# day|# days} in a row with a right answer.",
    )

    # {principle} {accuracy} {answered}
    hardest_principle = text(
        vi="Nguyên tắc nhóm thấy khó nhất: {principle} ({accuracy}% đúng trên "
        "{answered} câu trả lời)",
        en="The principle the team finds hardest: {principle} ({accuracy}% right "
        "of {answered:# answer|# answers})",
    )


    # {people}: digest_improved_person, comma-separated
    digest_improved = text(
        vi="📈 Tiến bộ so với tuần trước: {people}",
        en="📈 Better than the week before: {people}",
    )

    # {name} {before} {after}: accuracy in percent, the week before and this week
    digest_improved_person = text(
        vi="{name} ({before}% → {after}%)",
        en="{name} ({before}% → {after}%)",
    )

    # {count}: people who improved but are not named
    digest_improved_more = text(
        vi="và {count} người khác",
        en="and {count:# other|# others}",
    )

    # {principles}: short forms, separated by "; "
    digest_first_right = text(
        vi="🎯 Lần đầu cả nhóm trả lời đúng: {principles}",
        en="🎯 Right as a team for the first time: {principles}",
    )


class PlaybookFile:
    """Reading a playbook file (.xlsx, .csv, .toml): what is wrong with a row or the whole file."""

    __slots__ = ()

    # {row}: the spreadsheet's row number; {reason}
    playbook_row = text(
        vi="dòng {row}: {reason}",
        en="row {row}: {reason}",
    )

    # the same for a TOML file's n-th [[tips]]
    playbook_tip = text(
        vi="mẹo thứ {row}: {reason}",
        en="tip {row}: {reason}",
    )

    playbook_missing = text(
        vi="thiếu {field}",
        en="missing {field}",
    )

    playbook_too_long = text(
        vi="{field} dài quá (tối đa {limit} ký tự)",
        en="{field} too long (at most {limit} characters)",
    )

    playbook_too_many = text(
        vi="quá nhiều {field} (tối đa {limit})",
        en="too many {field} (at most {limit})",
    )

    playbook_duplicate = text(
        vi="trùng với dòng {other}",
        en="same as row {other}",
    )

    playbook_too_big = text(
        vi="Tệp lớn quá ({size}); mình chỉ nhận tệp tối đa 1 MB.",
        en="The file is too big ({size}); I take files up to 1 MB.",
    )

    playbook_bad_type = text(
        vi="Mình chỉ đọc được tệp .xlsx, .csv hoặc .toml (tệp này: {name}). "
        "Với Excel cũ (.xls), hãy lưu lại thành .xlsx.",
        en="I can read .xlsx, .csv or .toml files only (this one: {name}). "
        "Save old Excel files (.xls) as .xlsx.",
    )

    playbook_macro = text(
        vi="Tệp có macro (.xlsm / VBA) nên mình không mở. Hãy lưu lại thành .xlsx "
        "thường rồi gửi lại.",
        en="The file contains macros (.xlsm / VBA), so I will not open it. Save it "
        "as a plain .xlsx and send it again.",
    )

    playbook_formula = text(
        vi="Ô {cell} là công thức ({formula}). Mình không tính công thức: hãy sao "
        "chép và dán giá trị (Paste values) rồi gửi lại.",
        en="Cell {cell} is a formula ({formula}). I do not compute formulas: copy "
        "and paste the values (Paste values) and send it again.",
    )

    playbook_not_xlsx = text(
        vi="Tệp này không phải bảng tính .xlsx (có thể là tệp khác được đổi đuôi, "
        "hoặc tệp có mật khẩu). Hãy mở bằng Excel hay Google Sheets rồi lưu lại thành .xlsx.",
        en="This file is not an .xlsx workbook (perhaps another file renamed, or "
        "one with a password). Open it in Excel or Google Sheets and save it as .xlsx.",
    )

    playbook_damaged = text(
        vi="Tệp .xlsx bị hỏng nên mình không đọc được. Hãy mở bằng Excel hay Google "
        "Sheets rồi lưu lại thành .xlsx mới.",
        en="The .xlsx file is damaged, so I cannot read it. Open it in Excel or "
        "Google Sheets and save it as a new .xlsx.",
    )

    # {size} {limit}
    playbook_unpacked = text(
        vi="Tệp .xlsx giải nén ra lớn quá ({size}; mình đọc tối đa {limit}).",
        en="The .xlsx file unpacks to too much ({size}; I read at most {limit}).",
    )

    # {row} {limit}
    playbook_far_row = text(
        vi="Bảng tính có dòng số {row}, xa quá: mình chỉ đọc tới dòng {limit}. "
        "Hãy chép các mẹo sang một bảng tính mới rồi gửi lại.",
        en="The sheet has a row numbered {row}, too far: I read up to row {limit}. "
        "Copy the tips into a new sheet and send it again.",
    )

    # {cell} {limit}
    playbook_far_column = text(
        vi="Bảng tính có ô {cell}, xa quá: mình chỉ đọc tới cột {limit}. "
        "Hãy chép các mẹo sang một bảng tính mới rồi gửi lại.",
        en="The sheet has a cell {cell}, too far: I read up to column {limit}. "
        "Copy the tips into a new sheet and send it again.",
    )

    # {limit}
    playbook_too_many_cells = text(
        vi="Bảng tính có quá nhiều ô (tối đa {limit}). Hãy chép các mẹo "
        "sang một bảng tính mới rồi gửi lại.",
        en="The sheet has too many cells (at most {limit}). Copy the tips "
        "into a new sheet and send it again.",
    )

    # {limit}
    playbook_too_many_strings = text(
        vi="Bảng tính có quá nhiều đoạn chữ (tối đa {limit}). Hãy chép "
        "các mẹo sang một bảng tính mới rồi gửi lại.",
        en="The workbook has too many pieces of text (at most {limit}). "
        "Copy the tips into a new sheet and send it again.",
    )

    # {limit}
    playbook_too_many_styles = text(
        vi="Bảng tính có quá nhiều kiểu định dạng ô (tối đa {limit}). Hãy "
        "chép các mẹo sang một bảng tính mới (chỉ dán giá trị) rồi gửi lại.",
        en="The workbook has too many cell formats (at most {limit}). Copy "
        "the tips into a new sheet (paste values only) and send it again.",
    )

    # {limit}
    playbook_too_many_sheets = text(
        vi="Bảng tính có quá nhiều trang (tối đa {limit}).",
        en="The workbook has too many sheets (at most {limit}).",
    )

    # {ref}
    playbook_bad_reference = text(
        vi="Tệp .xlsx bị hỏng: có ô mang địa chỉ sai ({ref}). Hãy mở bằng "
        "Excel hay Google Sheets rồi lưu lại.",
        en="The .xlsx file is damaged: a cell has a wrong address ({ref}). "
        "Open it in Excel or Google Sheets and save it again.",
    )

    # {row}
    playbook_bad_row = text(
        vi="Tệp .xlsx bị hỏng: có dòng mang số sai ({row}). Hãy mở bằng Excel hay "
        "Google Sheets rồi lưu lại.",
        en="The .xlsx file is damaged: a row has a wrong number ({row}). Open it in "
        "Excel or Google Sheets and save it again.",
    )

    # {cell}
    playbook_bad_string = text(
        vi="Tệp .xlsx bị hỏng: ô {cell} trỏ tới một đoạn chữ không có trong tệp. "
        "Hãy mở bằng Excel hay Google Sheets rồi lưu lại.",
        en="The .xlsx file is damaged: cell {cell} points to a text the file does "
        "not have. Open it in Excel or Google Sheets and save it again.",
    )

    # {cell} {value}
    playbook_bad_number = text(
        vi="Tệp .xlsx bị hỏng: ô {cell} ghi là số nhưng chứa “{value}”.",
        en="The .xlsx file is damaged: cell {cell} is marked as a number but "
        "holds “{value}”.",
    )

    # {cell}
    playbook_bad_date = text(
        vi="Ô {cell} ghi là ngày nhưng không phải một ngày có thật. Hãy sửa ô đó "
        "hoặc định dạng nó thành chữ.",
        en="Cell {cell} is marked as a date but is not a real date. Fix the cell "
        "or format it as text.",
    )

    playbook_bad_csv = text(
        vi="Tệp CSV bị hỏng (ví dụ một dấu ngoặc kép không đóng, hay một ô dài "
        "quá). Hãy xuất lại từ Excel hay Google Sheets.",
        en="The CSV file is damaged (an unclosed quote, or a cell far too long, for "
        "example). Export it again from Excel or Google Sheets.",
    )

    # {line}
    playbook_bad_toml = text(
        vi="Tệp TOML sai cú pháp ở dòng {line}.",
        en="The TOML file has a syntax error on line {line}.",
    )

    playbook_too_nested = text(
        vi="Tệp TOML lồng nhau quá sâu nên mình không đọc.",
        en="The TOML file is nested too deep, so I do not read it.",
    )

    # the reader's worker hit a limit (time, memory, output)
    playbook_too_complex = text(
        vi="Tệp quá phức tạp để đọc: mình đã dừng lại trước khi đọc xong, "
        "không lưu gì cả. Hãy chép các mẹo sang một bảng tính mới chỉ có một trang rồi gửi lại.",
        en="The file is too complex to read: I stopped before the end and "
        "stored nothing. Copy the tips into a new workbook with one sheet and send it again.",
    )

    playbook_busy_chat = text(
        vi="Mình còn đang đọc tệp trước bạn gửi ở đây. Đợi kết quả rồi gửi tệp "
        "tiếp nhé.",
        en="I am still reading the file you sent here before. Wait for its "
        "result, then send the next one.",
    )

    playbook_busy = text(
        vi="Mình đang bận đọc tệp của nhóm khác. Bạn gửi lại sau ít phút nhé.",
        en="I am busy reading other teams' files. Send it again in a few minutes.",
    )

    playbook_stopped = text(
        vi="Mình đang khởi động lại nên chưa đọc xong tệp này, không lưu gì cả. "
        "Bạn gửi lại sau một phút nhé.",
        en="I am restarting, so I did not finish reading this file and stored "
        "nothing. Send it again in a minute.",
    )

    playbook_encoding = text(
        vi="Tệp CSV phải ở dạng UTF-8. Trong Excel chọn “Lưu thành” → "
        "“CSV UTF-8”.",
        en="The CSV file must be UTF-8. In Excel choose “Save as” → “CSV UTF-8”.",
    )

    playbook_no_header = text(
        vi="Không tìm thấy dòng tiêu đề có cột “nguyên tắc” và “nội dung” "
        "(hoặc “principle” và “passage”).",
        en="No header row with the columns “principle” and “passage” (or "
        "“nguyên tắc” and “nội dung”) found.",
    )

    playbook_duplicate_column = text(
        vi="Cột “{field}” xuất hiện hai lần ({first} và {second}).",
        en="The column “{field}” appears twice ({first} and {second}).",
    )

    playbook_too_many_rows = text(
        vi="Tệp có quá nhiều dòng (tối đa {limit}).",
        en="The file has too many rows (at most {limit}).",
    )

    playbook_empty = text(
        vi="Tệp không có mẹo nào.",
        en="The file has no tips.",
    )


class PlaybookImport:
    """/import in Telegram: the preview, the confirmation, and the export to Excel."""

    __slots__ = ()

    playbook_usage = text(
        vi="📥 <b>Nhập mẹo từ bảng tính</b>\n"
        "Gửi tệp <b>.xlsx</b>, <b>.csv</b> (UTF-8) hoặc <b>.toml</b> (tối đa 1 MB) có cột "
        "“Nguyên tắc”, “Nội dung” và (tùy chọn) “Nguồn”:\n"
        "• trong nhóm: gửi tệp kèm chú thích <code>/import</code> (quản trị viên);\n"
        "• trong chat riêng với mình: chú thích <code>/import mã_nhóm</code>, ví dụ "
        "<code>/import -100123456</code> (quản trị viên xem mã nhóm bằng /status trong nhóm).\n"
        "Mình gửi bản xem trước; chỉ khi bấm ✅ mới lưu. /mytips có nút 📤 để xuất ra Excel.",
        en="📥 <b>Tips from a spreadsheet</b>\n"
        "Send an <b>.xlsx</b>, <b>.csv</b> (UTF-8) or <b>.toml</b> file (up to 1 MB) with the "
        "columns “Principle”, “Passage” and (optional) “Source”:\n"
        "• in the group: send the file with the caption <code>/import</code> (admins);\n"
        "• in a private chat with me: the caption <code>/import GROUP_ID</code>, e.g. "
        "<code>/import -100123456</code> (admins see the group's id with /status there).\n"
        "I show a preview first; only ✅ stores anything. /mytips has a 📤 button to export.",
    )

    playbook_bad_target = text(
        vi="Sau <code>/import</code> là mã nhóm, ví dụ "
        "<code>/import -100123456</code> (quản trị viên xem bằng /status trong nhóm).",
        en="After <code>/import</code> comes the group's id, e.g. "
        "<code>/import -100123456</code> (admins see it with /status in the group).",
    )

    playbook_download_failed = text(
        vi="Mình không tải được tệp từ Telegram. Bạn gửi lại sau ít phút nhé.",
        en="I could not download the file from Telegram. Please send it "
        "again in a few minutes.",
    )

    playbook_admin_only = text(
        vi="Chỉ quản trị viên của nhóm mới nhập được mẹo từ tệp.",
        en="Only the group's admins can import tips from a file.",
    )

    # a toast
    playbook_admin_alert = text(
        vi="Chỉ quản trị viên của nhóm mới nhập hay xuất được mẹo.",
        en="Only the group's admins can import or export tips.",
    )

    # {chat_id}
    playbook_not_admin_of = text(
        vi="Mình không nhập vào nhóm <code>{chat_id}</code> được: bạn không phải "
        "quản trị viên ở đó, hoặc mình chưa ở trong nhóm đó.",
        en="I cannot import into the group <code>{chat_id}</code>: you are not "
        "an admin there, or I am not in that group.",
    )

    # {chat_id}
    status_chat_id = text(
        vi="🆔 Mã nhóm: <code>{chat_id}</code> — để nhập mẹo từ tệp trong chat riêng "
        "với mình, gửi tệp kèm chú thích <code>/import {chat_id}</code>.",
        en="🆔 Group id: <code>{chat_id}</code> — to import tips from a file in a "
        "private chat with me, send it with the caption <code>/import {chat_id}</code>.",
    )

    # {file} {team} (team is HTML: playbook_team_here/_private/_named)
    playbook_preview_header = text(
        vi="📥 <b>Nhập mẹo từ tệp</b> “{file}” vào {team}",
        en="📥 <b>Importing tips from</b> “{file}” into {team}",
    )

    playbook_team_here = text(
        vi="nhóm này",
        en="this chat",
    )

    # a private chat's own tips (the sender's, not a group's)
    playbook_team_private = text(
        vi="mẹo riêng của bạn",
        en="your own tips",
    )

    # {chat_id}
    playbook_team_named = text(
        vi="nhóm <code>{chat_id}</code>",
        en="the group <code>{chat_id}</code>",
    )

    # {valid} {bad}
    playbook_counts = text(
        vi="{valid} mẹo hợp lệ, {bad} dòng lỗi",
        en="{valid:# valid tip|# valid tips}, {bad:# row|# rows} with problems",
    )

    # {count}
    playbook_errors_more = text(
        vi="… và {count} dòng lỗi khác",
        en="… and {count:# more row|# more rows} with problems",
    )

    playbook_sample = text(
        vi="Sẽ thêm, ví dụ:",
        en="To be added, for example:",
    )

    # {count}
    playbook_sample_more = text(
        vi="… và {count} mẹo nữa",
        en="… and {count} more",
    )

    # {count}
    playbook_already = text(
        vi="{count} mẹo đã có trong nhóm sẽ được bỏ qua.",
        en="{count:# tip|# tips} the team already has will be skipped.",
    )

    # {count} {limit}
    playbook_no_room = text(
        vi="{count} mẹo không còn chỗ (mỗi nhóm tối đa {limit} mẹo).",
        en="{count:# tip does|# tips do} not fit (at most {limit} tips a team).",
    )

    # {count}
    playbook_confirm_hint = text(
        vi="Bấm <b>✅ Nhập</b> để lưu {count} mẹo, hoặc <b>✖️ Hủy</b>. Chưa "
        "bấm thì chưa có gì được lưu; tệp không được giữ lại.",
        en="Tap <b>✅ Import</b> to store {count:# tip|# tips}, or <b>✖️ Cancel</b>. "
        "Nothing is stored until then; the file is not kept.",
    )

    playbook_nothing_new = text(
        vi="Không có mẹo mới nào để nhập.",
        en="There are no new tips to import.",
    )

    # {count}
    btn_playbook_confirm = text(
        vi="✅ Nhập {count} mẹo",
        en="✅ Import {count:# tip|# tips}",
    )

    btn_playbook_cancel = text(
        vi="✖️ Hủy",
        en="✖️ Cancel",
    )

    # {added} {team}
    playbook_done = text(
        vi="✅ Đã thêm {added} mẹo vào {team}. Xem bằng /mytips.",
        en="✅ Added {added:# tip|# tips} to {team}. See them with /mytips.",
    )

    # {count}
    playbook_already_skipped = text(
        vi="Bỏ qua {count} mẹo đã có.",
        en="Skipped {count:# tip|# tips} the team already had.",
    )

    # {count} {limit}
    playbook_no_room_left = text(
        vi="{count} mẹo không vừa vì mỗi nhóm tối đa {limit} mẹo.",
        en="{count:# tip|# tips} did not fit: at most {limit} tips a team.",
    )

    playbook_cancelled = text(
        vi="Đã hủy nhập tệp, không lưu mẹo nào.",
        en="Import cancelled; no tips were stored.",
    )

    # a toast (at most 200 characters)
    playbook_stale = text(
        vi="Bản xem trước này đã hết hạn hoặc đã xử lý xong. Gửi lại tệp nếu cần "
        "nhập nhé.",
        en="This preview has expired or was already handled. Send the file again to "
        "import it.",
    )

    btn_export = text(
        vi="📤 Xuất Excel",
        en="📤 Export to Excel",
    )

    # {count}
    export_caption = text(
        vi="📒 Mẹo riêng của nhóm ({count} mẹo). Sửa trong Excel rồi gửi lại kèm "
        "<code>/import</code> để nhập.",
        en="📒 The team's own tips ({count}). Edit them in Excel and send the file "
        "back with <code>/import</code> to import.",
    )

    # a toast
    export_empty = text(
        vi="Nhóm chưa có mẹo riêng nào để xuất.",
        en="The team has no tips of its own to export.",
    )


class Console:
    """The offline console (python -m bot console): Telegram's place taken by a terminal."""

    __slots__ = ()

    console_prompt = text(
        vi="bạn> ",
        en="you> ",
    )

    console_hint = text(
        vi="(gõ câu hỏi, /tip, /search, /quiz, /bxh, /stats, /subscribe 8h30 …; số để bấm nút "
        "hoặc trả lời câu đố; /quit để thoát)",
        en="(type a question, /tip, /search, /quiz, /leaderboard, /stats, /subscribe 8:30 …; "
        "a number presses a button or answers a quiz; /quit to leave)",
    )

    # under a quiz's numbered options; {count}: how many
    console_quiz_how = text(
        vi="(gõ số từ 1 đến {count} để trả lời)",
        en="(type a number from 1 to {count} to answer)",
    )

    console_quiz_right = text(
        vi="✅ Chính xác!",
        en="✅ Correct!",
    )

    # {n} {option}: the right option
    console_quiz_wrong = text(
        vi="❌ Chưa đúng. Đáp án đúng là [{n}] {option}",
        en="❌ Not quite. The right answer is [{n}] {option}",
    )

    # the console's user, as the leaderboard names them
    console_you = text(
        vi="Bạn",
        en="You",
    )

    # {path}: a chart drawn for /stats, as a file
    console_chart = text(
        vi="🖼 Biểu đồ: {path}",
        en="🖼 Chart: {path}",
    )

    # {command}: what was typed, {where}: one of the console_where_* texts
    console_unavailable = text(
        vi="Lệnh {command} không chạy trong bảng điều khiển; lệnh này dùng được {where}.",
        en="{command} does not run in the console; it works {where}.",
    )

    console_where_telegram = text(
        vi="trên Telegram, trong nhóm hoặc khi chat riêng với bot",
        en="in Telegram, in a group or a private chat with the bot",
    )

    console_where_import = text(
        vi="trên Telegram (gửi tệp kèm chú thích /import) hoặc bằng dòng lệnh "
        "python -m bot import TỆP --chat MÃ_CHAT",
        en="in Telegram (send the file with the caption /import) or on the command line: "
        "python -m bot import FILE --chat CHAT_ID",
    )

    console_where_daily_quiz = text(
        vi="trên Telegram, nơi bot đang chạy (make run) gửi câu đố hằng ngày",
        en="in Telegram, where the running bot (make run) sends the daily quiz",
    )

    # {n}: a number typed when there is no such button
    console_no_button = text(
        vi="Không có nút số {n} để bấm. Gõ câu hỏi bằng chữ để tìm mẹo nhé.",
        en="There is no button {n} to press. Type a question in words to find a tip.",
    )

    console_next = text(
        vi="🗓 Các lần gửi tới: {moments}",
        en="🗓 Next deliveries: {moments}",
    )

    console_next_digest = text(
        vi="📬 Tổng kết tuần tới: {moment}",
        en="📬 Next weekly digest: {moment}",
    )


class Charts:
    """The image /stats and the weekly digest send: its titles and labels."""

    __slots__ = ()

    # {weeks}: how many weeks the chart shows
    chart_title = text(
        vi="Câu đố của nhóm: {weeks} tuần gần nhất",
        en="Team quizzes: the last {weeks} weeks",
    )

    # the bars: people who answered in the week
    chart_people = text(
        vi="Số người trả lời",
        en="People who answered",
    )

    # the line: the week's right answers, in percent
    chart_accuracy = text(
        vi="Tỉ lệ đúng (%)",
        en="Right answers (%)",
    )

    # under the week axis
    chart_weeks = text(
        vi="Tuần bắt đầu từ thứ Hai",
        en="Weeks starting on Monday",
    )

    # {day} {month} (numbers): a week's Monday
    chart_week = text(
        vi="{day:02d}/{month:02d}",
        en="{day}/{month}",
    )

    # {weeks}: the principles the team finds hardest
    chart_hardest = text(
        vi="Nguyên tắc nhóm thấy khó nhất ({weeks} tuần)",
        en="The principles the team finds hardest ({weeks} weeks)",
    )

    # {accuracy} {answered}: beside a principle's bar
    chart_hardest_row = text(
        vi="{accuracy}% đúng · {answered} câu trả lời",
        en="{accuracy}% right · {answered:# answer|# answers}",
    )

    # {count}: no principle has that many answers yet
    chart_no_hardest = text(
        vi="Chưa nguyên tắc nào có đủ {count} câu trả lời.",
        en="No principle has {count:# answer|# answers} yet.",
    )


class Dashboard:
    """The team dashboard (a Telegram Mini App, issue 22): its page and the buttons that
    open it. The page's texts (``dash_page_*``) are sent to it as plain text, never HTML."""

    __slots__ = ()

    # /stats, private chat: the Web App button
    dash_open = text(
        vi="📊 Mở bảng điều khiển",
        en="📊 Open the dashboard",
    )

    # /stats in a group: Telegram opens Web Apps only in private chats
    dash_open_private = text(
        vi="📊 Bảng điều khiển (trong chat riêng)",
        en="📊 Dashboard (in a private chat)",
    )

    # the private message the group's button leads to; {chat_id}: the team's chat
    dash_private_offer = text(
        vi="Bảng điều khiển của nhóm <code>{chat_id}</code>: bấm nút bên dưới để mở.",
        en="The dashboard of team <code>{chat_id}</code>: press the button below to open it.",
    )

    dash_private_refused = text(
        vi="Chỉ quản trị viên của nhóm đó mới mở được bảng điều khiển của nhóm.",
        en="Only that team's admins can open its dashboard.",
    )

    dash_page_title = text(vi="Bảng điều khiển nhóm", en="Team dashboard")
    dash_page_member_note = text(
        vi="Bạn đang xem với tư cách thành viên: chỉ quản trị viên mới thay đổi được.",
        en="You are viewing as a member: only admins can change things.",
    )
    dash_page_chart = text(vi="Câu đố 8 tuần gần nhất", en="Quizzes, the last 8 weeks")
    dash_page_chart_alt = text(
        vi="Biểu đồ: số người trả lời và tỉ lệ đúng mỗi tuần, các nguyên tắc khó nhất",
        en="Chart: people who answered and right answers each week, the hardest principles",
    )
    dash_page_no_chart = text(
        vi="Chưa có câu trả lời câu đố nào trong 8 tuần qua.",
        en="No quiz answers in the last 8 weeks yet.",
    )
    dash_page_weeks = text(vi="Số liệu từng tuần", en="Week by week")
    dash_page_week_of = text(vi="Tuần từ", en="Week of")
    dash_page_people = text(vi="Người trả lời", en="People")
    dash_page_accuracy = text(vi="Tỉ lệ đúng", en="Right answers")
    dash_page_leaderboard = text(vi="Bảng xếp hạng", en="Leaderboard")
    dash_page_week = text(vi="Tuần này", en="This week")
    dash_page_all_time = text(vi="Từ trước đến nay", en="All time")
    dash_page_rank = text(vi="Hạng", en="Rank")
    dash_page_name = text(vi="Tên", en="Name")
    dash_page_right = text(vi="Đúng", en="Right")
    dash_page_streak = text(vi="{days} ngày liền", en="{days:# day|# days} in a row")
    dash_page_nobody = text(vi="Chưa ai trả lời.", en="Nobody has answered yet.")
    dash_page_more = text(vi="… và {count} người khác", en="… and {count:# other|# others}")
    dash_page_hardest = text(vi="Nguyên tắc nhóm thấy khó nhất",
                             en="Principles the team finds hardest")
    dash_page_hardest_none = text(
        vi="Chưa nguyên tắc nào có đủ câu trả lời.",
        en="No principle has enough answers yet.",
    )
    dash_page_answers = text(vi="{count} câu trả lời", en="{count:# answer|# answers}")
    dash_page_misses = text(vi="Câu hỏi chưa có mẹo trả lời", en="Questions no tip answers")
    dash_page_misses_none = text(vi="Chưa có câu hỏi nào.", en="No such questions yet.")
    dash_page_misses_off = text(
        vi="Nhóm đã tắt việc lưu câu hỏi (/privacy).",
        en="The team turned keeping questions off (/privacy).",
    )
    dash_page_times = text(vi="{count} lần", en="{count:# time|# times}")
    dash_page_tip_for_this = text(vi="Thêm mẹo cho câu này", en="Add a tip for this")
    dash_page_tips = text(vi="Mẹo riêng của nhóm", en="The team's own tips")
    dash_page_tips_count = text(vi="{count}/{limit} mẹo", en="{count}/{limit} tips")
    dash_page_tips_none = text(vi="Nhóm chưa có mẹo riêng.",
                               en="The team has no tips of its own yet.")
    dash_page_principle = text(vi="Nguyên tắc", en="Principle")
    dash_page_passage = text(vi="Nội dung", en="Text")
    dash_page_source = text(vi="Nguồn (không bắt buộc)", en="Source (optional)")
    dash_page_short = text(
        vi="Bản ngắn gọn cho câu đố (không bắt buộc)",
        en="Short form for quizzes (optional)",
    )
    dash_page_add = text(vi="Thêm mẹo", en="Add a tip")
    dash_page_edit = text(vi="Sửa", en="Edit")
    dash_page_delete = text(vi="Xóa", en="Delete")
    dash_page_save = text(vi="Lưu", en="Save")
    dash_page_cancel = text(vi="Hủy", en="Cancel")
    dash_page_confirm_delete = text(vi="Xóa mẹo này?", en="Delete this tip?")
    dash_page_asked = text(vi="Câu hỏi của nhóm: {query}", en="The team asked: {query}")
    dash_page_schedule = text(vi="Lịch gửi mẹo", en="Schedule")
    dash_page_not_subscribed = text(
        vi="Nhóm chưa đăng ký nhận mẹo hằng ngày. Chọn giờ và ngày rồi bấm Lưu để bắt đầu.",
        en="The team gets no daily tip yet. Choose a time and days, then Save to start.",
    )
    dash_page_time = text(vi="Giờ gửi", en="Time")
    dash_page_days = text(vi="Ngày gửi", en="Days")
    dash_page_zone = text(vi="Múi giờ: {zone}", en="Time zone: {zone}")
    dash_page_next = text(vi="Mẹo tiếp theo: {moment}", en="Next tip: {moment}")
    dash_page_paused_until = text(vi="Đang tạm dừng đến hết {day}.", en="Paused through {day}.")
    dash_page_paused_forever = text(
        vi="Đang tạm dừng đến khi tiếp tục.",
        en="Paused until resumed.",
    )
    dash_page_pause_days = text(vi="Tạm dừng (số ngày, để trống: đến khi tiếp tục)",
                                en="Pause (days; empty: until resumed)")
    dash_page_pause = text(vi="Tạm dừng", en="Pause")
    dash_page_resume = text(vi="Tiếp tục", en="Resume")
    dash_page_topics = text(vi="Chủ đề (không chọn: tất cả)", en="Topics (none chosen: all)")
    dash_page_quiz = text(vi="Câu đố hằng ngày", en="Daily quiz")
    dash_page_quiz_time = text(vi="Giờ câu đố (để trống: tắt)", en="Quiz time (empty: off)")
    dash_page_saved = text(vi="Đã lưu.", en="Saved.")
    dash_page_deleted = text(vi="Đã xóa.", en="Deleted.")
    dash_page_day_names = words(
        ("T2", "Mon"), ("T3", "Tue"), ("T4", "Wed"), ("T5", "Thu"), ("T6", "Fri"),
        ("T7", "Sat"), ("CN", "Sun"),
    )

    # answers of the page's API, shown by the page as they are
    dash_error_auth = text(
        vi="Phiên đã hết hạn hoặc không hợp lệ. Hãy mở lại bảng điều khiển từ /stats.",
        en="This session expired or is not valid. Open the dashboard again from /stats.",
    )
    dash_error_admin = text(
        vi="Chỉ quản trị viên của nhóm mới thay đổi được.",
        en="Only the team's admins can change this.",
    )
    dash_error_not_member = text(
        vi="Bạn không ở trong nhóm này.",
        en="You are not in this team.",
    )
    dash_error_rate = text(
        vi="Bạn thao tác nhanh quá. Chờ vài giây rồi thử lại nhé.",
        en="Too many requests. Wait a few seconds and try again.",
    )
    dash_error_too_big = text(vi="Nội dung gửi lên dài quá.", en="What was sent is too long.")
    dash_error_bad_request = text(vi="Yêu cầu không hợp lệ.", en="That request is not valid.")
    dash_error_server = text(
        vi="Có lỗi phía máy chủ. Thử lại sau ít phút nhé.",
        en="Something went wrong on the server. Try again in a few minutes.",
    )
    dash_error_tip_empty = text(vi="Phần “{field}” không được để trống.",
                                en="The “{field}” cannot be empty.")
    dash_error_tip_too_long = text(vi="Phần “{field}” dài quá (tối đa {limit} ký tự).",
                                   en="The “{field}” is too long (at most {limit} characters).")
    dash_error_tip_limit = text(
        vi="Nhóm đã có đủ {limit} mẹo riêng. Xóa bớt rồi thêm mẹo mới nhé.",
        en="The team already has {limit} tips of its own. Delete some first.",
    )
    dash_error_tip_already = text(
        vi="Nhóm đã có mẹo này rồi (cùng nguyên tắc và nội dung).",
        en="The team already has this tip (same principle and text).",
    )
    dash_error_tip_missing = text(
        vi="Không còn mẹo đó (có thể đã bị xóa).",
        en="That tip is gone (it may have been deleted).",
    )
    dash_error_time = text(vi="Giờ “{value}” không hợp lệ. Ví dụ: 08:30.",
                           en="“{value}” is not a time. For example: 08:30.")
    dash_error_days = text(vi="Hãy chọn ít nhất một ngày.", en="Choose at least one day.")
    dash_error_pause = text(vi="Số ngày tạm dừng không hợp lệ.", en="That is not a number of days.")
    dash_error_not_subscribed = text(
        vi="Nhóm chưa đăng ký nhận mẹo hằng ngày.",
        en="The team gets no daily tip.",
    )
    dash_error_not_paused = text(vi="Mẹo hằng ngày không bị tạm dừng.",
                                 en="Daily tips are not paused.")
    dash_error_topic = text(vi="Không có chủ đề đó.", en="There is no such topic.")


class Strings(Profile, Welcome, Tips, Search, SmallTalk, Trouble, Calendar, DailyTip, Topics,
              Votes, Misses, Digest, TeamTips, Quiz, PlaybookFile, PlaybookImport, Console,
              Charts, Dashboard):
    """Every text in one language: ``VI.no_results``, ``EN.no_results``."""

    __slots__ = ("_lang",)

    def __init__(self, lang: str) -> None:
        self._lang = lang

    @property
    def lang(self) -> str:
        return self._lang

    def __repr__(self) -> str:
        return f"Strings({self._lang!r})"

    def pick(self, *, vi: T, en: T) -> T:
        """This language's one of a pair from elsewhere (a topic's two names)."""
        return en if self._lang == "en" else vi

    @classmethod
    def texts(cls) -> dict[str, Both[Any]]:
        """Every text by name, section by section in the order of this file."""
        found: dict[str, Both[Any]] = {}
        for section in cls.__mro__:  # Profile, Welcome, …: the sections in the file's order
            for name, value in vars(section).items():
                if isinstance(value, Both):
                    if name in found:
                        raise ValueError(f"{name} is in two sections")
                    found[name] = value
        return found


def _strings_in(lang: str) -> Strings:
    """``Strings`` with this language's texts as plain class attributes.

    The ``Both`` descriptors would answer the same, through a Python call per lookup;
    a reply reads tens of texts, so each language gets its own subclass with the
    values themselves (an attribute read as fast as a dataclass field's)."""
    values = {name: both.by_lang[lang] for name, both in Strings.texts().items()}
    language = type(f"Strings_{lang}", (Strings,), {"__slots__": (), **values})
    made: Strings = language(lang)
    return made


VI = _strings_in("vi")
EN = _strings_in("en")
LANGUAGES = {"vi": VI, "en": EN}


def for_language(code: str | None) -> Strings:
    """Strings for a Telegram ``language_code`` (``en-GB`` → English; else Vietnamese)."""
    if code and code.lower().split("-")[0] == "en":
        return EN
    return VI


def _check_complete() -> None:
    """Every language has every text, and no section hides another's text."""
    for name, both in Strings.texts().items():
        if set(both.by_lang) != set(LANGUAGES):
            raise ValueError(f"{name} lacks a language")


_check_complete()
