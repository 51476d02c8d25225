"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text, words


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
