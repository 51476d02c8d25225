"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


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
