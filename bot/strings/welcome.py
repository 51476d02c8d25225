"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


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
