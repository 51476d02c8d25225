"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import table, text


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
