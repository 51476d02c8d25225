"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


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

    addtip_from_miss_to = text(
        vi="{admin} ơi, câu hỏi của đội: “{query}”\n\nTrả lời tin này bằng <b>nguyên tắc</b> "
        "trả lời câu hỏi (một câu ngắn), hoặc /cancel để hủy.",
        en="{admin}, the team asked: “{query}”\n\nReply to this message with the "
        "<b>principle</b> that answers it (one short sentence), or /cancel.",
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
