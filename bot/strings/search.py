"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


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
