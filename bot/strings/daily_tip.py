"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


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
