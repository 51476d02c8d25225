"""Every user-facing string, one instance per language.

A dataclass rather than a dict: a string missing from one language is an error at
import time, not a ``KeyError`` in front of a user. Vietnamese is the default; English
serves users whose Telegram language is English. Strings containing ``{name}`` are
``str.format`` templates. Strings used as Telegram HTML may contain tags; values put
into them are escaped by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Strings:
    lang: str
    # tips and sources
    source_label: str
    source_title: str
    source_author: str
    source_publisher: str
    source_date: str
    source_tip_id: str
    source_heading: str
    # search
    no_results: str
    try_random: str
    empty_query: str
    results_header: str
    tip_not_found: str
    query_too_long: str
    search_usage: str
    more_matches: str
    # buttons
    btn_tip_now: str
    btn_search_help: str
    btn_subscribe_help: str
    btn_another: str
    btn_source: str
    btn_random: str
    # conversations
    welcome: str
    help: str
    search_help: str
    subscribe_help: str
    # small talk: one answer per kind, each with a way forward
    chat_greeting: str
    chat_thanks: str
    chat_ack: str
    chat_laugh: str
    chat_bye: str
    chat_presence: str
    chat_emoji: str
    near_topics: str
    # what the team asked that no tip answered
    misses_header: str
    misses_none: str
    misses_off_note: str
    btn_add_from_miss: str
    addtip_from_miss: str
    miss_gone: str
    privacy_status_kept: str
    privacy_status_off: str
    privacy_now_off: str
    privacy_now_on: str
    privacy_bad: str
    privacy_admin_only: str
    random_intro: str
    tip_of_day: str
    error_apology: str
    unknown_button: str
    slow_down: str
    group_hint: str
    # subscriptions
    sub_confirm: str
    sub_updated: str
    sub_bad_time: str
    sub_bad_timezone: str
    sub_bad_days: str
    sub_admin_only: str
    unsub_done: str
    pause_until: str
    pause_forever: str
    pause_bad: str
    resume_done: str
    resume_not_paused: str
    status_paused_until: str
    status_paused_forever: str
    unsub_none: str
    status_on: str
    status_off: str
    status_blocked: str
    # votes and stats
    vote_up_done: str
    vote_down_done: str
    vote_removed: str
    stats: str
    stats_none: str
    stats_admin_only: str
    # weekly digest
    digest_on: str
    digest_off: str
    digest_bad: str
    digest_header: str
    digest_empty: str
    status_digest: str
    # the offline console: it lists what Telegram would deliver instead of waiting
    console_next: str
    console_next_digest: str
    # the team's own tips
    team_source: str
    field_principle: str
    field_passage: str
    field_source: str
    addtip_usage: str
    addtip_saved: str
    addtip_empty: str
    addtip_too_long: str
    addtip_limit: str
    addtip_already: str
    addtip_ask_principle: str
    addtip_ask_passage: str
    addtip_ask_source: str
    addtip_cancelled: str
    addtip_timeout: str
    mytips_header: str
    mytips_empty: str
    mytips_deleted: str
    mytips_admin_alert: str
    mytips_nothing_deleted: str
    mytips_page: str
    addtip_admin_alert: str
    addtip_in_channel: str
    # topics
    topics_header: str
    topics_all: str
    btn_topics_all: str
    topic_heading: str
    topics_admin_alert: str
    # inline mode
    inline_tip_of_day: str
    inline_no_results: str
    # time zones in words (schedule.describe_zone): "giờ {place}", and the places by zone
    zone_time: str
    zone_places: tuple[tuple[str, str], ...]
    zone_fixed_offset_note: str  # a fixed offset that places with summer time also use
    # command menu: (command, description)
    commands: tuple[tuple[str, str], ...]
    # --- quizzes, scores and the playbook file (issue 15); keep additions in this block ---
    quiz_situation: str  # {situation}: one of the tip's situations
    quiz_passage: str  # {passage}: the tip's passage, principle hidden
    quiz_explanation: str  # {principle}, {source}
    leaderboard_week: str
    leaderboard_all_time: str
    leaderboard_row: str  # {rank} {name} {correct} {answered} {accuracy} {streak}
    leaderboard_empty: str
    leaderboard_more: str  # {count}: people ranked but not shown (2 or more)
    leaderboard_more_one: str  # exactly one person not shown
    streak_personal: str
    hardest_principle: str  # {principle} {accuracy} {answered}
    quiz_none: str
    quiz_daily_on: str  # {time} {zone} {days} {next}
    quiz_daily_off: str
    quiz_daily_bad: str
    quiz_figures: str  # {people} {answers} {accuracy}
    field_short: str
    field_situations: str
    playbook_row: str  # {row}: the spreadsheet's row number; {reason}
    playbook_tip: str  # the same for a TOML file's n-th [[tips]]
    playbook_missing: str
    playbook_too_long: str
    playbook_too_many: str
    playbook_duplicate: str
    playbook_too_big: str
    playbook_bad_type: str
    playbook_macro: str
    playbook_formula: str
    playbook_not_xlsx: str
    playbook_damaged: str
    playbook_unpacked: str  # {size} {limit}
    playbook_far_row: str  # {row} {limit}
    playbook_far_column: str  # {cell} {limit}
    playbook_too_many_cells: str  # {limit}
    playbook_too_many_strings: str  # {limit}
    playbook_too_many_styles: str  # {limit}
    playbook_too_many_sheets: str  # {limit}
    playbook_bad_reference: str  # {ref}
    playbook_bad_row: str  # {row}
    playbook_bad_string: str  # {cell}
    playbook_bad_number: str  # {cell} {value}
    playbook_bad_date: str  # {cell}
    playbook_bad_csv: str
    playbook_bad_toml: str  # {line}
    playbook_too_nested: str
    playbook_too_complex: str  # the reader's worker hit a limit (time, memory, output)
    playbook_busy_chat: str
    playbook_busy: str
    playbook_stopped: str
    playbook_encoding: str
    playbook_no_header: str
    playbook_duplicate_column: str
    playbook_too_many_rows: str
    playbook_empty: str
    # importing and exporting the playbook file in Telegram
    playbook_preview_header: str  # {file} {team} (team is HTML: playbook_team_here/_named)
    playbook_team_here: str
    playbook_team_named: str  # {chat_id}
    playbook_counts: str  # {valid} {bad}
    playbook_errors_more: str  # {count}
    playbook_sample: str
    playbook_sample_more: str  # {count}
    playbook_already: str  # {count}
    playbook_no_room: str  # {count} {limit}
    playbook_confirm_hint: str  # {count}
    playbook_nothing_new: str
    btn_playbook_confirm: str  # {count}
    btn_playbook_cancel: str
    playbook_done: str  # {added} {team}
    playbook_already_skipped: str  # {count}
    playbook_no_room_left: str  # {count} {limit}
    playbook_cancelled: str
    playbook_stale: str  # a toast (at most 200 characters)
    playbook_admin_only: str
    playbook_admin_alert: str  # a toast
    playbook_not_admin_of: str  # {chat_id}
    playbook_usage: str
    playbook_bad_target: str
    playbook_download_failed: str
    status_chat_id: str  # {chat_id}
    btn_export: str
    export_caption: str  # {count}
    export_empty: str  # a toast
    # --- the words people read and the first minutes (issue 16) ---
    schedule_every_day: str  # {time} {zone}: "Mỗi ngày lúc 08:00 (giờ Việt Nam)"
    schedule_some_days: str  # {days} {time} {zone}
    stats_title_group: str
    stats_title_private: str
    status_next_tip: str  # {principle}: what the team gets next (shown to admins)
    bot_description: str  # what people see before pressing Start (≤ 512 characters)
    bot_short_description: str  # the bot's profile and share text (≤ 120 characters)
    console_prompt: str
    console_no_button: str  # {n}: a number typed when there is no such button
    # --- charts: the image /stats and the weekly digest send (issue 22) ---
    chart_title: str  # {weeks}: how many weeks the chart shows
    chart_people: str  # the bars: people who answered in the week
    chart_accuracy: str  # the line: the week's right answers, in percent
    chart_weeks: str  # under the week axis
    chart_week: str  # {day} {month} (numbers): a week's Monday
    chart_hardest: str  # {weeks}: the principles the team finds hardest
    chart_hardest_row: str  # {accuracy} {answered}: beside a principle's bar
    chart_no_hardest: str  # {count}: no principle has that many answers yet


VI = Strings(
    lang="vi",
    source_label="Nguồn",
    source_title="Bài viết",
    source_author="Tác giả",
    source_publisher="Nơi đăng",
    source_date="Ngày đăng",
    source_tip_id="Mã mẹo",
    source_heading="📖 <b>Nguồn của mẹo</b>",
    no_results="Mình chưa tìm thấy mẹo nào phù hợp với “{query}”.",
    try_random="Bạn thử từ khóa khác (ví dụ: “giữ chân khách hàng”, “đam mê”, “khiếu nại”), "
    "hoặc xem một mẹo ngẫu nhiên.",
    empty_query="Bạn chưa nhập từ khóa. Ví dụ: “giữ chân khách hàng cũ” hoặc “thái độ phục vụ”.",
    results_header="Các mẹo phù hợp với “{query}”:",
    tip_not_found="Không có mẹo nào mang mã “{tip_id}”.",
    query_too_long="Câu hỏi dài quá nên mình chỉ đọc phần đầu.",
    search_usage="Gõ <code>/search từ khóa</code> để tìm mẹo, ví dụ:\n"
    "<code>/search giữ chân khách hàng cũ</code>\n<code>/search khách đổ lỗi</code>",
    more_matches="Mẹo khác cũng liên quan:",
    btn_tip_now="💡 Mẹo ngay",
    btn_search_help="🔎 Cách tìm mẹo",
    btn_subscribe_help="👥 Đăng ký cho nhóm",
    btn_another="🔄 Mẹo khác",
    btn_source="📖 Xem nguồn",
    btn_random="🎲 Mẹo ngẫu nhiên",
    welcome="Xin chào <b>{name}</b>! 👋\n\n"
    "Mình là <b>trợ lý CSKH</b>: mỗi ngày một nguyên tắc chăm sóc khách hàng, rút ra từ "
    "những bài viết thực tế về giữ chân khách hàng, xử lý khách khó, thái độ phục vụ, "
    "tuyển và đào tạo nhân viên.\n\n"
    "• Gõ bất kỳ câu hỏi nào, có dấu hay không dấu, mình sẽ tìm mẹo phù hợp.\n"
    "• /tip cho một mẹo ngay, /search để tìm theo từ khóa.\n"
    "• Thêm mình vào nhóm của đội để cả đội nhận một nguyên tắc mỗi sáng.",
    help="<b>Các lệnh</b>\n\n"
    "/tip — một mẹo ngẫu nhiên\n"
    "/tip <i>từ khóa</i> — mẹo phù hợp nhất, ví dụ <code>/tip khách đổ lỗi</code>\n"
    "/search <i>từ khóa</i> — danh sách mẹo phù hợp, ví dụ "
    "<code>/search giu chan khach hang</code>\n"
    "/subscribe <i>giờ</i> — nhận một mẹo mỗi ngày, ví dụ <code>/subscribe 8h30</code> "
    "(trong nhóm: chỉ quản trị viên)\n"
    "/status — xem lịch nhận mẹo · /unsubscribe — ngừng nhận\n"
    "/pause — tạm dừng (<code>/pause 3</code>, <code>/pause 20/2</code>) · /resume — nhận lại\n"
    "/topics — chọn chủ đề · <code>/tip thái độ</code> — một mẹo thuộc chủ đề đó\n"
    "/stats — thống kê mẹo đã nhận và bình chọn 👍/👎\n"
    "/digest <i>ngày giờ</i> — tổng kết tuần, ví dụ <code>/digest t2 9h</code> "
    "(<code>/digest off</code> để tắt)\n"
    "/addtip — thêm mẹo riêng của nhóm · /mytips — xem, xóa, xuất Excel\n"
    "/import — nhập mẹo từ tệp Excel, CSV\n"
    "/quiz — một câu đố về mẹo · <code>/quiz daily 16h</code> — câu đố hằng ngày "
    "(<code>/quiz off</code> để tắt)\n"
    "/leaderboard hoặc /bxh — bảng xếp hạng câu đố của đội, tuần này và từ trước đến nay\n"
    "/help — hướng dẫn này\n\n"
    "Trong chat riêng, bạn cứ gõ câu hỏi là được, ví dụ “làm sao giữ chân khách cũ?”.\n"
    "Trong nhóm, hãy dùng lệnh, nhắc tên @{bot} hoặc trả lời tin nhắn của mình.\n"
    "Ở bất kỳ cuộc trò chuyện nào, gõ <code>@{bot} từ khóa</code> để chèn một mẹo.",
    search_help="🔎 <b>Cách tìm mẹo</b>\n\n"
    "Gõ điều bạn đang băn khoăn, có dấu hay không dấu, gõ sai chính tả một chút cũng được:\n"
    "• <code>giữ chân khách hàng cũ</code>\n"
    "• <code>khach hay do loi cho minh</code>\n"
    "• <code>tuyển nhân viên có thái độ tốt</code>\n"
    "• <code>moments of truth</code>\n\n"
    "Hoặc dùng <code>/search từ khóa</code>.",
    subscribe_help="👥 <b>Nhận mẹo mỗi ngày cho cả đội</b>\n\n"
    "1. Thêm @{bot} vào nhóm của đội.\n"
    "2. Quản trị viên nhóm gõ <code>/subscribe 8h30</code> (giờ tùy chọn).\n"
    "3. Mỗi sáng cả đội nhận một nguyên tắc chăm sóc khách hàng.\n\n"
    "Bạn cũng có thể đăng ký ngay trong chat riêng này để nhận mẹo cho riêng mình.",
    chat_greeting="Chào bạn! 👋 Bạn cứ kể tình huống đang gặp với khách, mình tìm nguyên tắc "
    "phù hợp. Ví dụ: “khách chờ 2 tuần chưa ai gọi lại”. Hoặc bấm nút dưới để nhận một mẹo.",
    chat_thanks="Không có gì ạ! 😊 Khi cần, bạn cứ kể tình huống với khách, mình tìm mẹo "
    "giúp.",
    chat_ack="Ok bạn! Lúc nào cần cứ nhắn tình huống đang gặp, hoặc bấm nút dưới để xem "
    "thêm một mẹo.",
    chat_laugh="😄 Vui vậy là tốt rồi! Muốn thêm một mẹo cho cả đội thì bấm nút dưới nhé.",
    chat_bye="Tạm biệt bạn! 👋 Chúc cả đội một ngày phục vụ khách thật tốt.",
    chat_presence="Mình đây! 🙋 Mình là trợ lý CSKH: bạn kể tình huống với khách (có dấu "
    "hay không dấu đều được), mình gửi nguyên tắc phù hợp. Gõ /help để xem thêm.",
    chat_emoji="Mình nhận được rồi! 😊 Bạn muốn tìm mẹo gì thì cứ gõ tình huống hoặc từ "
    "khóa nhé.",
    near_topics="Bạn thử kể cụ thể hơn, hoặc xem mẹo theo chủ đề gần nhất:",
    misses_header="❓ <b>Đội đã hỏi mà mình chưa có mẹo</b> (90 ngày gần nhất):",
    misses_none="❓ Chưa có câu hỏi nào mà mình không trả lời được.",
    misses_off_note="❓ Nhóm đã tắt lưu câu hỏi chưa trả lời được (/privacy).",
    btn_add_from_miss="➕ Thêm mẹo cho câu {n}: {query}",
    addtip_from_miss="Câu hỏi của đội: “{query}”\n\nGõ <b>nguyên tắc</b> trả lời câu hỏi này "
    "(một câu ngắn), hoặc /cancel để hủy.",
    miss_gone="Câu hỏi này không còn trong danh sách, bạn gõ /stats để xem lại nhé.",
    privacy_status_kept="🔒 <b>Câu hỏi chưa có mẹo</b>\n"
    "Khi không tìm được mẹo nào cho câu hỏi, mình lưu câu đó lại để bổ sung mẹo sau.\n\n"
    "• <b>Lưu gì:</b> nội dung câu hỏi, trong đó số điện thoại, email, đường link và mã "
    "đơn hàng đã được thay bằng ký hiệu như [số điện thoại] trước khi lưu; số lần câu đó "
    "được hỏi; lần đầu và lần gần nhất được hỏi. Trong nhóm, không lưu ai là người hỏi.\n"
    "• <b>Lưu ở đâu:</b> trong cơ sở dữ liệu của bot này, riêng cho từng cuộc trò chuyện. "
    "Trong nhóm, quản trị viên xem trong /stats. Trong chat riêng với mình, câu hỏi gắn "
    "với cuộc trò chuyện của bạn và chỉ hiện trong /stats của chính bạn; người vận hành "
    "bot không thấy chúng trong danh sách thường xem, trừ khi chủ động yêu cầu xem.\n"
    "• <b>Bao lâu:</b> 90 ngày kể từ lần gần nhất câu đó được hỏi, sau đó tự xóa; mỗi "
    "cuộc trò chuyện giữ tối đa 1.000 câu, câu lâu rồi không ai hỏi lại sẽ bị xóa trước.\n"
    "• <b>Tắt hoặc bật:</b> <code>/privacy on</code> bật chế độ riêng tư: không lưu nữa và xóa "
    "ngay những gì đã lưu. Lưu lại: <code>/privacy off</code>. Trong nhóm, chỉ quản trị "
    "viên đổi được.",
    privacy_status_off="🔒 Cuộc trò chuyện này đang <b>không lưu</b> câu hỏi chưa có mẹo "
    "(chế độ riêng tư đang bật).\n"
    "Muốn lưu lại để bổ sung mẹo: <code>/privacy off</code>",
    privacy_now_off="🔒 Đã bật chế độ riêng tư: mình không lưu câu hỏi chưa có mẹo nữa và "
    "đã xóa {count} câu đã lưu.",
    privacy_now_on="Đã bật lại: từ giờ mình lưu câu hỏi chưa có mẹo (số điện thoại, email, "
    "link, mã đơn được thay bằng ký hiệu), số lần hỏi và thời điểm hỏi, trong 90 ngày. "
    "Gõ /privacy để xem chi tiết.",
    privacy_bad="Gõ <code>/privacy on</code> để không lưu câu hỏi, "
    "<code>/privacy off</code> để lưu lại.",
    privacy_admin_only="Chỉ quản trị viên của nhóm mới bật hoặc tắt được việc lưu câu hỏi "
    "chưa có mẹo. Gõ /privacy để xem nhóm đang lưu những gì. Với câu bạn hỏi mình trong "
    "chat riêng thì bạn tự quyết: nhắn riêng cho mình <code>/privacy on</code>.",
    random_intro="Đây là một mẹo ngẫu nhiên cho bạn:",
    tip_of_day="🌅 <b>Nguyên tắc hôm nay</b>",
    error_apology="Xin lỗi, mình vừa gặp trục trặc khi xử lý tin nhắn này. "
    "Bạn thử lại sau ít phút nhé.",
    unknown_button="Nút này đã cũ, bạn gõ /tip để nhận mẹo mới nhé.",
    slow_down="Bạn chậm lại một chút nhé 🙏 Tin nhắn đến nhanh quá, mình chỉ trả lời câu "
    "mới nhất.",
    group_hint="Chào cả nhóm! 👋 Mình là trợ lý CSKH.\n"
    "• Quản trị viên gõ <code>/subscribe 8h30</code> để cả nhóm nhận một nguyên tắc chăm sóc "
    "khách hàng mỗi sáng (giờ tùy chọn).\n"
    "• Ai cũng có thể gõ /tip để nhận mẹo ngay, hoặc /help để xem hướng dẫn.",
    sub_confirm="✅ <b>Đã đăng ký mẹo hằng ngày!</b>\n"
    "<b>{when}</b>, mình sẽ gửi một nguyên tắc chăm sóc khách hàng.\n"
    "Lần gửi tiếp theo: <b>{next}</b>.\n\n"
    "Đổi giờ: <code>/subscribe 20h15</code> · Xem: /status · Hủy: /unsubscribe",
    sub_updated="✅ <b>Đã cập nhật mẹo hằng ngày.</b>\n"
    "Lịch mới: <b>{when}</b>.\nLần gửi tiếp theo: <b>{next}</b>.",
    sub_bad_time="Mình chưa hiểu giờ “{value}”. Bạn có thể viết 8:30, 08:30, 8h30, 8h, "
    "20h15 hoặc 20:15.\nVí dụ: <code>/subscribe 8h30</code>",
    sub_bad_timezone="Múi giờ “{value}” không hợp lệ. Hãy viết như <code>giờ Việt Nam</code>, "
    "<code>Bangkok</code>, <code>Asia/Ho_Chi_Minh</code> hoặc độ lệch như <code>+07:00</code>, "
    "<code>UTC-1</code>.\n"
    "Ví dụ: <code>/subscribe 8h30 Asia/Ho_Chi_Minh</code>",
    sub_bad_days="Mình chưa hiểu ngày “{value}”. Bạn có thể viết: <code>t2-t6</code>, "
    "<code>thứ 2 - thứ 6</code>, <code>t2,t4,t6</code>, <code>t7,cn</code>, "
    "<code>chủ nhật</code>, <code>hằng ngày</code> hoặc <code>mon-fri</code>.\n"
    "Ví dụ: <code>/subscribe 8h30 t2-t6</code>",
    sub_admin_only="Chỉ quản trị viên của nhóm mới đăng ký, hủy hoặc đổi giờ nhận mẹo được. "
    "Bạn nhờ admin gõ <code>/subscribe 8h30</code> nhé.",
    unsub_done="Đã hủy nhận mẹo hằng ngày. Gõ /subscribe bất cứ lúc nào để nhận lại.",
    pause_until="⏸ Đã tạm dừng mẹo hằng ngày đến hết <b>{until}</b>.\n"
    "Mẹo sẽ tự gửi lại từ <b>{next}</b>. Gõ /resume để nhận lại sớm hơn.",
    pause_forever="⏸ Đã tạm dừng mẹo hằng ngày. Gõ /resume khi muốn nhận lại.",
    pause_bad="Mình chưa hiểu “{value}”. Ví dụ: <code>/pause</code> (đến khi gõ /resume), "
    "<code>/pause 3</code> (3 ngày), <code>/pause 20/2</code> hoặc "
    "<code>/pause 2027-02-20</code> (đến hết ngày đó).",
    resume_done="▶️ Đã bật lại mẹo hằng ngày. Lần gửi tiếp theo: <b>{next}</b>.",
    resume_not_paused="Mẹo hằng ngày đang chạy bình thường, không có gì để tiếp tục.",
    status_paused_until="⏸ Tạm dừng đến hết {until}",
    status_paused_forever="⏸ Đang tạm dừng (gõ /resume để nhận lại)",
    unsub_none="Cuộc trò chuyện này chưa đăng ký nhận mẹo hằng ngày. "
    "Gõ <code>/subscribe 8h30</code> để bắt đầu.",
    status_on="📅 <b>Mẹo hằng ngày: đang bật</b>\n"
    "Lịch: {when}\nLần gửi tiếp theo: {next}\nĐã nhận: {count} mẹo",
    status_off="📅 Mẹo hằng ngày: <b>chưa bật</b>. Gõ <code>/subscribe 8h30</code> để nhận "
    "mỗi sáng.",
    status_blocked="📅 Mẹo hằng ngày đã dừng vì mình không gửi được tin vào đây "
    "(bị chặn hoặc bị xóa khỏi nhóm). Gõ <code>/subscribe</code> để bật lại.",
    vote_up_done="Cảm ơn bạn! Đã ghi nhận 👍",
    vote_down_done="Cảm ơn bạn! Đã ghi nhận 👎",
    vote_removed="Đã bỏ bình chọn của bạn.",
    stats="📊 <b>{title}</b>\n"
    "Đã nhận: <b>{delivered}</b> mẹo hằng ngày · {voters} người đã bình chọn\n\n"
    "👍 Hữu ích nhất:\n{best}\n\n👎 Ít hữu ích nhất:\n{worst}",
    stats_none="(chưa có bình chọn)",
    stats_admin_only="Chỉ quản trị viên của nhóm mới xem được thống kê.",
    digest_on="📬 Đã bật tổng kết tuần: <b>{day}</b> lúc <b>{time}</b> ({zone}).\n"
    "Lần gửi đầu tiên: <b>{next}</b>. Tắt: <code>/digest off</code>",
    digest_off="Đã tắt tổng kết tuần.",
    digest_bad="Mình chưa hiểu “{value}”. Ví dụ: <code>/digest t2 9h</code> (Thứ Hai lúc 9:00) "
    "hoặc <code>/digest off</code> để tắt.",
    digest_header="📬 <b>Tổng kết tuần {first} – {last}</b>\nCác mẹo nhóm đã nhận và bình chọn:",
    digest_empty="Tuần qua nhóm chưa nhận mẹo hằng ngày nào.",
    status_digest="📬 Tổng kết tuần: {day} lúc {time}",
    console_next="🗓 Các lần gửi tới: {moments}",
    console_next_digest="📬 Tổng kết tuần tới: {moment}",
    team_source="Bí kíp của nhóm",
    field_principle="nguyên tắc",
    field_passage="nội dung",
    field_source="nguồn",
    addtip_usage="Thêm mẹo riêng của nhóm: gõ <code>/addtip</code> rồi trả lời từng bước, "
    "hoặc gửi một dòng:\n<code>/addtip Nguyên tắc | Nội dung | Nguồn | Ngắn gọn</code> (nguồn "
    "và bản ngắn gọn có thể bỏ; có bản ngắn gọn, tối đa 100 ký tự, mẹo vào /quiz của nhóm).",
    addtip_saved="✅ Đã lưu mẹo của nhóm (mã <code>{tip_id}</code>). Nhóm đang có "
    "{count}/{limit} mẹo riêng; xem và xóa bằng /mytips.",
    addtip_empty="Phần {field} không được để trống. Bạn gửi lại nhé, hoặc /cancel để hủy.",
    addtip_too_long="Phần {field} dài quá (tối đa {limit} ký tự). Bạn rút gọn rồi gửi lại, "
    "hoặc /cancel để hủy.",
    addtip_limit="Nhóm đã có đủ {limit} mẹo riêng. Xóa bớt bằng /mytips rồi thêm mẹo mới nhé.",
    addtip_already="Nhóm đã có mẹo này rồi (cùng nguyên tắc và nội dung), nên không lưu thêm. "
    "Xem bằng /mytips.",
    addtip_ask_principle="✍️ Mẹo mới của nhóm. Bước 1/3: gửi <b>nguyên tắc</b> (một câu, "
    "tối đa 200 ký tự). Gõ /cancel để hủy.",
    addtip_ask_passage="Bước 2/3: gửi <b>nội dung</b> giải thích (tối đa 1000 ký tự).",
    addtip_ask_source="Bước 3/3: gửi <b>nguồn</b> (tối đa 200 ký tự), hoặc gõ /skip nếu "
    "không có.",
    addtip_cancelled="Đã hủy, chưa có gì được lưu.",
    addtip_timeout="Đã hết thời gian chờ nên mình dừng việc thêm mẹo; chưa có gì được lưu. "
    "Gõ /addtip để bắt đầu lại.",
    mytips_header="📒 <b>Mẹo riêng của nhóm</b> ({count}/{limit}) — bấm 🗑 để xóa:",
    mytips_empty="Nhóm chưa có mẹo riêng. Thêm bằng <code>/addtip</code>.",
    mytips_deleted="Đã xóa mẹo.",
    mytips_admin_alert="Chỉ quản trị viên của nhóm mới xóa được mẹo.",
    mytips_nothing_deleted="Không có mẹo đó nên chưa xóa gì (có thể mẹo đã bị xóa trước).",
    mytips_page="Trang {page}/{pages}",
    addtip_admin_alert="Chỉ quản trị viên của nhóm mới thêm được mẹo.",
    addtip_in_channel="Trong kênh mình không hỏi từng bước được. Thêm mẹo bằng một dòng: "
    "<code>/addtip Nguyên tắc | Nội dung | Nguồn</code>, hoặc nhập cả tệp bằng dòng lệnh: "
    "<code>python -m bot import playbook.toml --chat {chat_id}</code>.",
    topics_header="🗂 <b>Chủ đề cho mẹo hằng ngày</b>\n"
    "Bấm để bật hoặc tắt một chủ đề; không chọn chủ đề nào nghĩa là tất cả.\n"
    "Đang chọn: <b>{chosen}</b>",
    topics_all="tất cả chủ đề",
    btn_topics_all="🔄 Tất cả chủ đề",
    topic_heading="🗂 Chủ đề: {name}",
    topics_admin_alert="Chỉ quản trị viên của nhóm mới đổi được chủ đề.",
    inline_tip_of_day="🌅 Nguyên tắc hôm nay",
    inline_no_results="Không có mẹo phù hợp — thử từ khóa khác",
    zone_time="giờ {place}",
    zone_places=(
        ("Asia/Ho_Chi_Minh", "Việt Nam"), ("Asia/Saigon", "Việt Nam"),
        ("Asia/Bangkok", "Bangkok"), ("Asia/Singapore", "Singapore"),
        ("Asia/Kuala_Lumpur", "Kuala Lumpur"), ("Asia/Jakarta", "Jakarta"),
        ("Asia/Manila", "Manila"), ("Asia/Phnom_Penh", "Phnôm Pênh"),
        ("Asia/Vientiane", "Viêng Chăn"), ("Asia/Yangon", "Yangon"), ("Asia/Tokyo", "Tokyo"),
        ("Asia/Seoul", "Seoul"), ("Asia/Shanghai", "Bắc Kinh"), ("Asia/Hong_Kong", "Hồng Kông"),
        ("Asia/Taipei", "Đài Bắc"), ("Asia/Kolkata", "Ấn Độ"), ("Asia/Dubai", "Dubai"),
        ("Australia/Sydney", "Sydney"), ("Europe/London", "London"), ("Europe/Paris", "Paris"),
        ("Europe/Berlin", "Berlin"), ("Europe/Moscow", "Moskva"),
        ("America/New_York", "New York"), ("America/Los_Angeles", "Los Angeles"),
    ),
    zone_fixed_offset_note="Lưu ý: {zone} là độ lệch cố định, sẽ không tự đổi theo giờ mùa "
    "hè. Nếu nơi bạn ở có giờ mùa hè, hãy dùng tên múi giờ, ví dụ "
    "<code>/subscribe 8h Europe/Paris</code>.",
    commands=(
        ("tip", "Một mẹo chăm sóc khách hàng"),
        ("search", "Tìm mẹo theo từ khóa"),
        ("subscribe", "Nhận mẹo mỗi ngày, ví dụ /subscribe 8h30"),
        ("unsubscribe", "Ngừng nhận mẹo hằng ngày"),
        ("status", "Xem lịch nhận mẹo"),
        ("pause", "Tạm dừng mẹo hằng ngày, ví dụ /pause 3"),
        ("topics", "Chọn chủ đề cho mẹo hằng ngày"),
        ("stats", "Thống kê mẹo và bình chọn"),
        ("digest", "Tổng kết tuần, ví dụ /digest t2 9h"),
        ("addtip", "Thêm mẹo riêng của nhóm"),
        ("mytips", "Xem và xóa mẹo riêng của nhóm"),
        ("privacy", "Lưu hay không lưu câu hỏi chưa có mẹo"),
        ("quiz", "Câu đố về mẹo; câu đố hằng ngày: /quiz daily 16h"),
        ("leaderboard", "Bảng xếp hạng câu đố (/bxh)"),
        ("resume", "Nhận lại mẹo hằng ngày"),
        ("help", "Hướng dẫn sử dụng"),
        ("start", "Giới thiệu"),
    ),
    # --- quizzes, scores and the playbook file (issue 15) ---
    quiz_situation="Tình huống: “{situation}” — Nguyên tắc nào phù hợp nhất?",
    quiz_passage="Đoạn trích: “{passage}” — Đoạn này nói về nguyên tắc nào?",
    quiz_explanation="Đáp án: {principle} (Nguồn: {source})",
    leaderboard_week="🏆 <b>Bảng xếp hạng tuần này</b>",
    leaderboard_all_time="🏅 <b>Bảng xếp hạng từ trước đến nay</b>",
    leaderboard_row="{rank}. {name} — {correct} câu đúng / {answered} · {accuracy}% · "
    "🔥 {streak} ngày",
    leaderboard_empty="Chưa có ai trả lời câu đố nào.",
    leaderboard_more="… và {count} người khác",
    leaderboard_more_one="… và 1 người khác",
    streak_personal="🔥 Chuỗi của bạn: {days} ngày liên tiếp trả lời đúng.",
    hardest_principle="Nguyên tắc nhóm thấy khó nhất: {principle} ({accuracy}% đúng trên "
    "{answered} câu trả lời)",
    quiz_none="Chưa ra được câu đố: cần ít nhất ba mẹo có dạng ngắn thuộc các chủ đề khác nhau.",
    quiz_daily_on="🧠 Đã bật câu đố hằng ngày lúc <b>{time}</b> ({zone}), {days}, theo lịch "
    "nhận mẹo của nhóm.\nCâu đố tiếp theo: <b>{next}</b>. Tắt: <code>/quiz off</code>",
    quiz_daily_off="🧠 Câu đố hằng ngày đang tắt. Bật: <code>/quiz daily 16h</code>",
    quiz_daily_bad="Mình chưa hiểu giờ này. Ví dụ: <code>/quiz daily 16h</code>, "
    "<code>/quiz daily 16:30</code> hoặc <code>/quiz off</code> (múi giờ và ngày theo "
    "<code>/subscribe</code>).",
    quiz_figures="🧠 <b>Câu đố</b>: {people} người tham gia · {answers} câu trả lời · "
    "{accuracy}% đúng",
    field_short="ngắn gọn",
    field_situations="tình huống",
    playbook_row="dòng {row}: {reason}",
    playbook_tip="mẹo thứ {row}: {reason}",
    playbook_missing="thiếu {field}",
    playbook_too_long="{field} dài quá (tối đa {limit} ký tự)",
    playbook_too_many="quá nhiều {field} (tối đa {limit})",
    playbook_duplicate="trùng với dòng {other}",
    playbook_too_big="Tệp lớn quá ({size}); mình chỉ nhận tệp tối đa 1 MB.",
    playbook_bad_type="Mình chỉ đọc được tệp .xlsx, .csv hoặc .toml (tệp này: {name}). "
    "Với Excel cũ (.xls), hãy lưu lại thành .xlsx.",
    playbook_macro="Tệp có macro (.xlsm / VBA) nên mình không mở. Hãy lưu lại thành .xlsx "
    "thường rồi gửi lại.",
    playbook_formula="Ô {cell} là công thức ({formula}). Mình không tính công thức: hãy sao "
    "chép và dán giá trị (Paste values) rồi gửi lại.",
    playbook_not_xlsx="Tệp này không phải bảng tính .xlsx (có thể là tệp khác được đổi đuôi, "
    "hoặc tệp có mật khẩu). Hãy mở bằng Excel hay Google Sheets rồi lưu lại thành .xlsx.",
    playbook_damaged="Tệp .xlsx bị hỏng nên mình không đọc được. Hãy mở bằng Excel hay Google "
    "Sheets rồi lưu lại thành .xlsx mới.",
    playbook_unpacked="Tệp .xlsx giải nén ra lớn quá ({size}; mình đọc tối đa {limit}).",
    playbook_far_row="Bảng tính có dòng số {row}, xa quá: mình chỉ đọc tới dòng {limit}. "
    "Hãy chép các mẹo sang một bảng tính mới rồi gửi lại.",
    playbook_far_column="Bảng tính có ô {cell}, xa quá: mình chỉ đọc tới cột {limit}. "
    "Hãy chép các mẹo sang một bảng tính mới rồi gửi lại.",
    playbook_too_many_cells="Bảng tính có quá nhiều ô (tối đa {limit}). Hãy chép các mẹo "
    "sang một bảng tính mới rồi gửi lại.",
    playbook_too_many_strings="Bảng tính có quá nhiều đoạn chữ (tối đa {limit}). Hãy chép "
    "các mẹo sang một bảng tính mới rồi gửi lại.",
    playbook_too_many_styles="Bảng tính có quá nhiều kiểu định dạng ô (tối đa {limit}). Hãy "
    "chép các mẹo sang một bảng tính mới (chỉ dán giá trị) rồi gửi lại.",
    playbook_too_many_sheets="Bảng tính có quá nhiều trang (tối đa {limit}).",
    playbook_bad_reference="Tệp .xlsx bị hỏng: có ô mang địa chỉ sai ({ref}). Hãy mở bằng "
    "Excel hay Google Sheets rồi lưu lại.",
    playbook_bad_row="Tệp .xlsx bị hỏng: có dòng mang số sai ({row}). Hãy mở bằng Excel hay "
    "Google Sheets rồi lưu lại.",
    playbook_bad_string="Tệp .xlsx bị hỏng: ô {cell} trỏ tới một đoạn chữ không có trong tệp. "
    "Hãy mở bằng Excel hay Google Sheets rồi lưu lại.",
    playbook_bad_number="Tệp .xlsx bị hỏng: ô {cell} ghi là số nhưng chứa “{value}”.",
    playbook_bad_date="Ô {cell} ghi là ngày nhưng không phải một ngày có thật. Hãy sửa ô đó "
    "hoặc định dạng nó thành chữ.",
    playbook_bad_csv="Tệp CSV bị hỏng (ví dụ một dấu ngoặc kép không đóng, hay một ô dài "
    "quá). Hãy xuất lại từ Excel hay Google Sheets.",
    playbook_bad_toml="Tệp TOML sai cú pháp ở dòng {line}.",
    playbook_too_nested="Tệp TOML lồng nhau quá sâu nên mình không đọc.",
    playbook_too_complex="Tệp quá phức tạp để đọc: mình đã dừng lại trước khi đọc xong, "
    "không lưu gì cả. Hãy chép các mẹo sang một bảng tính mới chỉ có một trang rồi gửi lại.",
    playbook_busy_chat="Mình còn đang đọc tệp trước bạn gửi ở đây. Đợi kết quả rồi gửi tệp "
    "tiếp nhé.",
    playbook_busy="Mình đang bận đọc tệp của nhóm khác. Bạn gửi lại sau ít phút nhé.",
    playbook_stopped="Mình đang khởi động lại nên chưa đọc xong tệp này, không lưu gì cả. "
    "Bạn gửi lại sau một phút nhé.",
    playbook_encoding="Tệp CSV phải ở dạng UTF-8. Trong Excel chọn “Lưu thành” → "
    "“CSV UTF-8”.",
    playbook_no_header="Không tìm thấy dòng tiêu đề có cột “nguyên tắc” và “nội dung” "
    "(hoặc “principle” và “passage”).",
    playbook_duplicate_column="Cột “{field}” xuất hiện hai lần ({first} và {second}).",
    playbook_too_many_rows="Tệp có quá nhiều dòng (tối đa {limit}).",
    playbook_empty="Tệp không có mẹo nào.",
    playbook_preview_header="📥 <b>Nhập mẹo từ tệp</b> “{file}” vào {team}",
    playbook_team_here="nhóm này",
    playbook_team_named="nhóm <code>{chat_id}</code>",
    playbook_counts="{valid} mẹo hợp lệ, {bad} dòng lỗi",
    playbook_errors_more="… và {count} dòng lỗi khác",
    playbook_sample="Sẽ thêm, ví dụ:",
    playbook_sample_more="… và {count} mẹo nữa",
    playbook_already="{count} mẹo đã có trong nhóm sẽ được bỏ qua.",
    playbook_no_room="{count} mẹo không còn chỗ (mỗi nhóm tối đa {limit} mẹo).",
    playbook_confirm_hint="Bấm <b>✅ Nhập</b> để lưu {count} mẹo, hoặc <b>✖️ Hủy</b>. Chưa "
    "bấm thì chưa có gì được lưu; tệp không được giữ lại.",
    playbook_nothing_new="Không có mẹo mới nào để nhập.",
    btn_playbook_confirm="✅ Nhập {count} mẹo",
    btn_playbook_cancel="✖️ Hủy",
    playbook_done="✅ Đã thêm {added} mẹo vào {team}. Xem bằng /mytips.",
    playbook_already_skipped="Bỏ qua {count} mẹo đã có.",
    playbook_no_room_left="{count} mẹo không vừa vì mỗi nhóm tối đa {limit} mẹo.",
    playbook_cancelled="Đã hủy nhập tệp, không lưu mẹo nào.",
    playbook_stale="Bản xem trước này đã hết hạn hoặc đã xử lý xong. Gửi lại tệp nếu cần "
    "nhập nhé.",
    playbook_admin_only="Chỉ quản trị viên của nhóm mới nhập được mẹo từ tệp.",
    playbook_admin_alert="Chỉ quản trị viên của nhóm mới nhập hay xuất được mẹo.",
    playbook_not_admin_of="Mình không nhập vào nhóm <code>{chat_id}</code> được: bạn không phải "
    "quản trị viên ở đó, hoặc mình chưa ở trong nhóm đó.",
    playbook_usage="📥 <b>Nhập mẹo từ bảng tính</b>\n"
    "Gửi tệp <b>.xlsx</b>, <b>.csv</b> (UTF-8) hoặc <b>.toml</b> (tối đa 1 MB) có cột "
    "“Nguyên tắc”, “Nội dung” và (tùy chọn) “Nguồn”:\n"
    "• trong nhóm: gửi tệp kèm chú thích <code>/import</code> (quản trị viên);\n"
    "• trong chat riêng với mình: chú thích <code>/import mã_nhóm</code>, ví dụ "
    "<code>/import -100123456</code> (quản trị viên xem mã nhóm bằng /status trong nhóm).\n"
    "Mình gửi bản xem trước; chỉ khi bấm ✅ mới lưu. /mytips có nút 📤 để xuất ra Excel.",
    playbook_bad_target="Sau <code>/import</code> là mã nhóm, ví dụ "
    "<code>/import -100123456</code> (quản trị viên xem bằng /status trong nhóm).",
    playbook_download_failed="Mình không tải được tệp từ Telegram. Bạn gửi lại sau ít phút nhé.",
    status_chat_id="🆔 Mã nhóm: <code>{chat_id}</code> — để nhập mẹo từ tệp trong chat riêng "
    "với mình, gửi tệp kèm chú thích <code>/import {chat_id}</code>.",
    btn_export="📤 Xuất Excel",
    export_caption="📒 Mẹo riêng của nhóm ({count} mẹo). Sửa trong Excel rồi gửi lại kèm "
    "<code>/import</code> để nhập.",
    export_empty="Nhóm chưa có mẹo riêng nào để xuất.",
    schedule_every_day="Mỗi ngày lúc {time} ({zone})",
    schedule_some_days="{days} lúc {time} ({zone})",
    stats_title_group="Thống kê mẹo của nhóm",
    stats_title_private="Thống kê mẹo của bạn",
    status_next_tip="Mẹo tiếp theo (chỉ quản trị viên thấy): {principle}",
    bot_description="Mỗi ngày một nguyên tắc chăm sóc khách hàng cho cả đội, rút từ các bài viết "
    "tiếng Việt về CSKH. Hỏi bằng lời của bạn (có dấu hay không dấu): “khách đổ lỗi cho mình”, "
    "“giữ chân khách cũ”… là có mẹo phù hợp. Thêm mình vào nhóm và gõ /subscribe 8h30 để cả "
    "đội nhận mẹo mỗi sáng.",
    bot_short_description="Mẹo chăm sóc khách hàng mỗi ngày cho đội CSKH: hỏi là có, "
    "thêm vào nhóm để nhận mỗi sáng.",
    console_prompt="bạn> ",
    console_no_button="Không có nút số {n} để bấm. Gõ câu hỏi bằng chữ để tìm mẹo nhé.",
    # charts
    chart_title="Câu đố của nhóm: {weeks} tuần gần nhất",
    chart_people="Số người trả lời",
    chart_accuracy="Tỉ lệ đúng (%)",
    chart_weeks="Tuần bắt đầu từ thứ Hai",
    chart_week="{day:02d}/{month:02d}",
    chart_hardest="Nguyên tắc nhóm thấy khó nhất ({weeks} tuần)",
    chart_hardest_row="{accuracy}% đúng · {answered} câu trả lời",
    chart_no_hardest="Chưa nguyên tắc nào có đủ {count} câu trả lời.",
)

EN = Strings(
    lang="en",
    source_label="Source",
    source_title="Article",
    source_author="Author",
    source_publisher="Published by",
    source_date="Date",
    source_tip_id="Tip id",
    source_heading="📖 <b>Where this tip comes from</b>",
    no_results="I found no tip matching “{query}”.",
    try_random="Try other words (for example “customer loyalty”, “passion”, “complaints”), "
    "or read a random tip.",
    empty_query="Please type a few words. For example: “keep existing customers” or "
    "“service attitude”.",
    results_header="Tips matching “{query}”:",
    tip_not_found="There is no tip with the id “{tip_id}”.",
    query_too_long="Your question is very long, so I only read the beginning.",
    search_usage="Type <code>/search keywords</code> to find tips, for example:\n"
    "<code>/search keep existing customers</code>\n<code>/search customers who blame us</code>",
    more_matches="Other related tips:",
    btn_tip_now="💡 A tip now",
    btn_search_help="🔎 How to search",
    btn_subscribe_help="👥 Subscribe a team",
    btn_another="🔄 Another tip",
    btn_source="📖 Source",
    btn_random="🎲 Random tip",
    welcome="Hello <b>{name}</b>! 👋\n\n"
    "I am a <b>customer-care coach</b>: one customer-service principle a day, drawn from "
    "Vietnamese articles on keeping customers, handling difficult ones, service attitude, "
    "hiring and training staff. The tips themselves are in Vietnamese.\n\n"
    "• Ask me anything, in English or Vietnamese, and I will find a matching tip.\n"
    "• /tip for a tip now, /search to look up keywords.\n"
    "• Add me to your team's group so the whole team gets a principle every morning.",
    help="<b>Commands</b>\n\n"
    "/tip — a random tip\n"
    "/tip <i>keywords</i> — the best matching tip, e.g. <code>/tip customers who blame us</code>\n"
    "/search <i>keywords</i> — a list of matching tips, e.g. "
    "<code>/search customer loyalty</code>\n"
    "/subscribe <i>time</i> — a tip every day, e.g. <code>/subscribe 8:30</code> "
    "(in groups: admins only)\n"
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
    "/help — this help\n\n"
    "In a private chat just type your question, e.g. “how to keep old customers?”.\n"
    "In a group, use a command, mention @{bot} or reply to my message.\n"
    "In any chat, type <code>@{bot} keywords</code> to insert a tip.",
    search_help="🔎 <b>How to search</b>\n\n"
    "Type what you are wondering about, in English or Vietnamese, with or without "
    "diacritics; small typos are fine:\n"
    "• <code>keep existing customers</code>\n"
    "• <code>customers who blame us</code>\n"
    "• <code>hiring for attitude</code>\n"
    "• <code>giu chan khach hang</code>\n\n"
    "Or use <code>/search keywords</code>.",
    subscribe_help="👥 <b>A daily tip for the whole team</b>\n\n"
    "1. Add @{bot} to your team's group.\n"
    "2. A group admin types <code>/subscribe 8:30</code> (any time you like).\n"
    "3. Every morning the team gets one customer-service principle.\n\n"
    "You can also subscribe in this private chat to get a personal daily tip.",
    chat_greeting="Hi! 👋 Tell me what is happening with a customer and I will find the "
    "principle that fits, e.g. “a customer waited two weeks for a call back”. Or press the "
    "button for a tip.",
    chat_thanks="You're welcome! 😊 Whenever you need one, just describe the situation.",
    chat_ack="Okay! Describe a situation with a customer any time, or press the button for "
    "another tip.",
    chat_laugh="😄 Glad to hear it! Press the button if the team wants another tip.",
    chat_bye="Bye! 👋 Have a great day serving your customers.",
    chat_presence="I'm here! 🙋 I'm a customer-care coach: describe a situation with a "
    "customer and I'll send the principle that fits. Type /help for more.",
    chat_emoji="Got it! 😊 Type a situation or a few words whenever you want a tip.",
    near_topics="Try describing it in more detail, or pick the nearest topic:",
    misses_header="❓ <b>What the team asked that no tip answers</b> (last 90 days):",
    misses_none="❓ No unanswered questions so far.",
    misses_off_note="❓ This chat keeps no unanswered questions (/privacy).",
    btn_add_from_miss="➕ Add a tip for question {n}: {query}",
    addtip_from_miss="The team asked: “{query}”\n\nType the <b>principle</b> that answers "
    "it (one short sentence), or /cancel.",
    miss_gone="That question is no longer on the list; type /stats to see it again.",
    privacy_status_kept="🔒 <b>Unanswered questions</b>\n"
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
    privacy_status_off="🔒 This chat keeps <b>no</b> unanswered questions (privacy is on).\n"
    "To keep them again so tips can be added: <code>/privacy off</code>",
    privacy_now_off="🔒 Privacy is on: I no longer keep unanswered questions, and "
    "{count} kept ones were deleted.",
    privacy_now_on="Done: from now on I keep questions no tip answers (phone numbers, "
    "e-mail addresses, links and order codes replaced), how often and when they were "
    "asked, for 90 days. Type /privacy for the details.",
    privacy_bad="Type <code>/privacy on</code> to keep no questions, "
    "<code>/privacy off</code> to keep them again.",
    privacy_admin_only="Only the group's admins can turn keeping unanswered questions on "
    "or off. Type /privacy to see what this group keeps. What you ask me in a private "
    "chat is your call: send me <code>/privacy on</code> there.",
    random_intro="Here is a random tip for you:",
    tip_of_day="🌅 <b>Today's principle</b>",
    error_apology="Sorry, something went wrong while handling this message. "
    "Please try again in a few minutes.",
    unknown_button="This button is out of date; type /tip for a new tip.",
    slow_down="Slow down a little, please 🙏 Messages are coming in too fast; I will answer "
    "the latest one.",
    group_hint="Hello everyone! 👋 I am a customer-care coach.\n"
    "• An admin types <code>/subscribe 8:30</code> so the group gets one customer-service "
    "principle every morning (any time you like).\n"
    "• Anyone can type /tip for a tip now, or /help for instructions.",
    sub_confirm="✅ <b>Daily tip subscribed!</b>\n"
    "<b>{when}</b>, I will send one customer-service principle.\n"
    "Next delivery: <b>{next}</b>.\n\n"
    "Change the time: <code>/subscribe 20:15</code> · See: /status · Stop: /unsubscribe",
    sub_updated="✅ <b>Daily tip updated.</b>\n"
    "New schedule: <b>{when}</b>.\nNext delivery: <b>{next}</b>.",
    sub_bad_time="I don't understand the time “{value}”. Write it as 8:30, 08:30, 8h30, 8h, "
    "20h15 or 20:15.\nExample: <code>/subscribe 8:30</code>",
    sub_bad_timezone="“{value}” is not a time zone I know. Write it like "
    "<code>Vietnam</code>, <code>Bangkok</code>, <code>Asia/Ho_Chi_Minh</code> or an offset "
    "like <code>+07:00</code>, <code>UTC-1</code>.\n"
    "Example: <code>/subscribe 8:30 Asia/Ho_Chi_Minh</code>",
    sub_bad_days="I don't understand the days “{value}”. Write them as <code>mon-fri</code>, "
    "<code>weekdays</code>, <code>daily</code>, <code>t2-t6</code> or "
    "<code>t2,t4,t6</code>.\nExample: <code>/subscribe 8:30 mon-fri</code>",
    sub_admin_only="Only the group's admins can subscribe, unsubscribe or change the time. "
    "Ask an admin to type <code>/subscribe 8:30</code>.",
    unsub_done="Daily tips stopped. Type /subscribe any time to get them again.",
    pause_until="⏸ Daily tips paused through <b>{until}</b>.\n"
    "They come back on their own from <b>{next}</b>. Type /resume to get them sooner.",
    pause_forever="⏸ Daily tips paused. Type /resume when you want them back.",
    pause_bad="I don't understand “{value}”. Examples: <code>/pause</code> (until /resume), "
    "<code>/pause 3</code> (3 days), <code>/pause 20/2</code> or "
    "<code>/pause 2027-02-20</code> (through that day).",
    resume_done="▶️ Daily tips are back on. Next delivery: <b>{next}</b>.",
    resume_not_paused="Daily tips are running; there is nothing to resume.",
    status_paused_until="⏸ Paused through {until}",
    status_paused_forever="⏸ Paused (type /resume to get them back)",
    unsub_none="This chat has no daily tip subscription. Type <code>/subscribe 8:30</code> "
    "to start.",
    status_on="📅 <b>Daily tip: on</b>\n"
    "Schedule: {when}\nNext delivery: {next}\nReceived so far: {count} tips",
    status_off="📅 Daily tip: <b>off</b>. Type <code>/subscribe 8:30</code> to get one every "
    "morning.",
    status_blocked="📅 Daily tips stopped because I could not post here (blocked or removed "
    "from the group). Type <code>/subscribe</code> to turn them back on.",
    vote_up_done="Thanks! 👍 noted",
    vote_down_done="Thanks! 👎 noted",
    vote_removed="Your vote is taken back.",
    stats="📊 <b>{title}</b>\n"
    "Received: <b>{delivered}</b> daily tips · {voters} people voted\n\n"
    "👍 Most helpful:\n{best}\n\n👎 Least helpful:\n{worst}",
    stats_none="(no votes yet)",
    stats_admin_only="Only the group's admins can see the statistics.",
    digest_on="📬 Weekly digest on: <b>{day}</b> at <b>{time}</b> ({zone}).\n"
    "First one: <b>{next}</b>. Turn off: <code>/digest off</code>",
    digest_off="Weekly digest turned off.",
    digest_bad="I don't understand “{value}”. Example: <code>/digest mon 9:00</code> or "
    "<code>/digest off</code>.",
    digest_header="📬 <b>Week {first} – {last}</b>\nThe team's tips and votes:",
    digest_empty="The team got no daily tips last week.",
    status_digest="📬 Weekly digest: {day} at {time}",
    console_next="🗓 Next deliveries: {moments}",
    console_next_digest="📬 Next weekly digest: {moment}",
    team_source="The team's playbook",
    field_principle="principle",
    field_passage="text",
    field_source="source",
    addtip_usage="Add your team's own tip: type <code>/addtip</code> and answer step by step, "
    "or send one line:\n<code>/addtip Principle | Text | Source | Short form</code> (source "
    "and short form are optional; with a short form, at most 100 characters, the tip joins "
    "the team's /quiz).",
    addtip_saved="✅ Team tip saved (id <code>{tip_id}</code>). The team has {count}/{limit} "
    "tips of its own; see and delete them with /mytips.",
    addtip_empty="The {field} cannot be empty. Please send it again, or /cancel.",
    addtip_too_long="The {field} is too long (at most {limit} characters). Shorten it and "
    "send it again, or /cancel.",
    addtip_limit="The team already has {limit} tips of its own. Delete some with /mytips first.",
    addtip_already="The team already has this tip (same principle and text), so it was not "
    "saved again. See it with /mytips.",
    addtip_ask_principle="✍️ A new team tip. Step 1/3: send the <b>principle</b> (one "
    "sentence, at most 200 characters). /cancel to stop.",
    addtip_ask_passage="Step 2/3: send the <b>text</b> that explains it (at most 1000 "
    "characters).",
    addtip_ask_source="Step 3/3: send the <b>source</b> (at most 200 characters), or /skip.",
    addtip_cancelled="Cancelled; nothing was saved.",
    addtip_timeout="Time is up, so I stopped adding the tip; nothing was saved. Type /addtip "
    "to start again.",
    mytips_header="📒 <b>The team's own tips</b> ({count}/{limit}) — tap 🗑 to delete:",
    mytips_empty="The team has no tips of its own yet. Add one with <code>/addtip</code>.",
    mytips_deleted="Tip deleted.",
    mytips_admin_alert="Only the group's admins can delete tips.",
    mytips_nothing_deleted="There is no such tip, so nothing was deleted (it may be gone "
    "already).",
    mytips_page="Page {page}/{pages}",
    addtip_admin_alert="Only the group's admins can add tips.",
    addtip_in_channel="In a channel I cannot ask step by step. Add a tip in one line: "
    "<code>/addtip Principle | Text | Source</code>, or import a whole file on the command "
    "line: <code>python -m bot import playbook.toml --chat {chat_id}</code>.",
    topics_header="🗂 <b>Topics for the daily tip</b>\n"
    "Tap a topic to turn it on or off; none chosen means all of them.\n"
    "Chosen: <b>{chosen}</b>",
    topics_all="all topics",
    btn_topics_all="🔄 All topics",
    topic_heading="🗂 Topic: {name}",
    topics_admin_alert="Only the group's admins can change the topics.",
    inline_tip_of_day="🌅 Today's principle",
    inline_no_results="No matching tip — try other words",
    zone_time="{place} time",
    zone_places=(
        ("Asia/Ho_Chi_Minh", "Vietnam"), ("Asia/Saigon", "Vietnam"),
        ("Asia/Bangkok", "Bangkok"), ("Asia/Singapore", "Singapore"),
        ("Asia/Kuala_Lumpur", "Kuala Lumpur"), ("Asia/Jakarta", "Jakarta"),
        ("Asia/Manila", "Manila"), ("Asia/Phnom_Penh", "Phnom Penh"),
        ("Asia/Vientiane", "Vientiane"), ("Asia/Yangon", "Yangon"), ("Asia/Tokyo", "Tokyo"),
        ("Asia/Seoul", "Seoul"), ("Asia/Shanghai", "Beijing"), ("Asia/Hong_Kong", "Hong Kong"),
        ("Asia/Taipei", "Taipei"), ("Asia/Kolkata", "India"), ("Asia/Dubai", "Dubai"),
        ("Australia/Sydney", "Sydney"), ("Europe/London", "London"), ("Europe/Paris", "Paris"),
        ("Europe/Berlin", "Berlin"), ("Europe/Moscow", "Moscow"),
        ("America/New_York", "New York"), ("America/Los_Angeles", "Los Angeles"),
    ),
    zone_fixed_offset_note="Note: {zone} is a fixed offset and will not follow summer time. "
    "If summer time applies where you are, use the zone's name, e.g. "
    "<code>/subscribe 8:00 Europe/Paris</code>.",
    commands=(
        ("tip", "A customer-care tip"),
        ("search", "Find tips by keyword"),
        ("subscribe", "A daily tip, e.g. /subscribe 8:30"),
        ("unsubscribe", "Stop the daily tip"),
        ("status", "Daily tip schedule"),
        ("pause", "Pause the daily tip, e.g. /pause 3"),
        ("topics", "Choose the daily tip's topics"),
        ("stats", "Tips and votes so far"),
        ("digest", "Weekly digest, e.g. /digest mon 9:00"),
        ("addtip", "Add the team's own tip"),
        ("mytips", "See and delete the team's tips"),
        ("privacy", "Keep or stop keeping unanswered questions"),
        ("quiz", "A quiz on the tips; daily: /quiz daily 16:00"),
        ("leaderboard", "Quiz leaderboard (/bxh)"),
        ("resume", "Resume the daily tip"),
        ("help", "How to use the bot"),
        ("start", "About the bot"),
    ),
    # --- quizzes, scores and the playbook file (issue 15) ---
    quiz_situation="Situation: “{situation}” — Which principle fits best?",
    quiz_passage="Excerpt: “{passage}” — Which principle is this about?",
    quiz_explanation="Answer: {principle} (Source: {source})",
    leaderboard_week="🏆 <b>This week's leaderboard</b>",
    leaderboard_all_time="🏅 <b>All-time leaderboard</b>",
    leaderboard_row="{rank}. {name} — {correct} right of {answered} · {accuracy}% · "
    "🔥 {streak} days",
    leaderboard_empty="Nobody has answered a quiz yet.",
    leaderboard_more="… and {count} others",
    leaderboard_more_one="… and 1 other",
    streak_personal="🔥 Your streak: {days} days in a row with a right answer.",
    hardest_principle="The principle the team finds hardest: {principle} ({accuracy}% right "
    "of {answered} answers)",
    quiz_none="No quiz yet: it needs at least three tips with a short form in different topics.",
    quiz_daily_on="🧠 Daily quiz on at <b>{time}</b> ({zone}), {days}, following the team's "
    "daily tip schedule.\nNext quiz: <b>{next}</b>. Turn off: <code>/quiz off</code>",
    quiz_daily_off="🧠 The daily quiz is off. Turn on: <code>/quiz daily 16:00</code>",
    quiz_daily_bad="I could not read that time. For example: <code>/quiz daily 16:00</code>, "
    "<code>/quiz daily 4pm</code> or <code>/quiz off</code> (zone and days as for "
    "<code>/subscribe</code>).",
    quiz_figures="🧠 <b>Quizzes</b>: {people} people took part · {answers} answers · "
    "{accuracy}% right",
    field_short="short form",
    field_situations="situations",
    playbook_row="row {row}: {reason}",
    playbook_tip="tip {row}: {reason}",
    playbook_missing="missing {field}",
    playbook_too_long="{field} too long (at most {limit} characters)",
    playbook_too_many="too many {field} (at most {limit})",
    playbook_duplicate="same as row {other}",
    playbook_too_big="The file is too big ({size}); I take files up to 1 MB.",
    playbook_bad_type="I can read .xlsx, .csv or .toml files only (this one: {name}). "
    "Save old Excel files (.xls) as .xlsx.",
    playbook_macro="The file contains macros (.xlsm / VBA), so I will not open it. Save it "
    "as a plain .xlsx and send it again.",
    playbook_formula="Cell {cell} is a formula ({formula}). I do not compute formulas: copy "
    "and paste the values (Paste values) and send it again.",
    playbook_not_xlsx="This file is not an .xlsx workbook (perhaps another file renamed, or "
    "one with a password). Open it in Excel or Google Sheets and save it as .xlsx.",
    playbook_damaged="The .xlsx file is damaged, so I cannot read it. Open it in Excel or "
    "Google Sheets and save it as a new .xlsx.",
    playbook_unpacked="The .xlsx file unpacks to too much ({size}; I read at most {limit}).",
    playbook_far_row="The sheet has a row numbered {row}, too far: I read up to row {limit}. "
    "Copy the tips into a new sheet and send it again.",
    playbook_far_column="The sheet has a cell {cell}, too far: I read up to column {limit}. "
    "Copy the tips into a new sheet and send it again.",
    playbook_too_many_cells="The sheet has too many cells (at most {limit}). Copy the tips "
    "into a new sheet and send it again.",
    playbook_too_many_strings="The workbook has too many pieces of text (at most {limit}). "
    "Copy the tips into a new sheet and send it again.",
    playbook_too_many_styles="The workbook has too many cell formats (at most {limit}). Copy "
    "the tips into a new sheet (paste values only) and send it again.",
    playbook_too_many_sheets="The workbook has too many sheets (at most {limit}).",
    playbook_bad_reference="The .xlsx file is damaged: a cell has a wrong address ({ref}). "
    "Open it in Excel or Google Sheets and save it again.",
    playbook_bad_row="The .xlsx file is damaged: a row has a wrong number ({row}). Open it in "
    "Excel or Google Sheets and save it again.",
    playbook_bad_string="The .xlsx file is damaged: cell {cell} points to a text the file does "
    "not have. Open it in Excel or Google Sheets and save it again.",
    playbook_bad_number="The .xlsx file is damaged: cell {cell} is marked as a number but "
    "holds “{value}”.",
    playbook_bad_date="Cell {cell} is marked as a date but is not a real date. Fix the cell "
    "or format it as text.",
    playbook_bad_csv="The CSV file is damaged (an unclosed quote, or a cell far too long, for "
    "example). Export it again from Excel or Google Sheets.",
    playbook_bad_toml="The TOML file has a syntax error on line {line}.",
    playbook_too_nested="The TOML file is nested too deep, so I do not read it.",
    playbook_too_complex="The file is too complex to read: I stopped before the end and "
    "stored nothing. Copy the tips into a new workbook with one sheet and send it again.",
    playbook_busy_chat="I am still reading the file you sent here before. Wait for its "
    "result, then send the next one.",
    playbook_busy="I am busy reading other teams' files. Send it again in a few minutes.",
    playbook_stopped="I am restarting, so I did not finish reading this file and stored "
    "nothing. Send it again in a minute.",
    playbook_encoding="The CSV file must be UTF-8. In Excel choose “Save as” → “CSV UTF-8”.",
    playbook_no_header="No header row with the columns “principle” and “passage” (or "
    "“nguyên tắc” and “nội dung”) found.",
    playbook_duplicate_column="The column “{field}” appears twice ({first} and {second}).",
    playbook_too_many_rows="The file has too many rows (at most {limit}).",
    playbook_empty="The file has no tips.",
    playbook_preview_header="📥 <b>Importing tips from</b> “{file}” into {team}",
    playbook_team_here="this chat",
    playbook_team_named="the group <code>{chat_id}</code>",
    playbook_counts="{valid} valid tips, {bad} rows with problems",
    playbook_errors_more="… and {count} more rows with problems",
    playbook_sample="To be added, for example:",
    playbook_sample_more="… and {count} more",
    playbook_already="{count} tips the team already has will be skipped.",
    playbook_no_room="{count} tips do not fit (at most {limit} tips a team).",
    playbook_confirm_hint="Tap <b>✅ Import</b> to store {count} tips, or <b>✖️ Cancel</b>. "
    "Nothing is stored until then; the file is not kept.",
    playbook_nothing_new="There are no new tips to import.",
    btn_playbook_confirm="✅ Import {count} tips",
    btn_playbook_cancel="✖️ Cancel",
    playbook_done="✅ Added {added} tips to {team}. See them with /mytips.",
    playbook_already_skipped="Skipped {count} tips the team already had.",
    playbook_no_room_left="{count} tips did not fit: at most {limit} tips a team.",
    playbook_cancelled="Import cancelled; no tips were stored.",
    playbook_stale="This preview has expired or was already handled. Send the file again to "
    "import it.",
    playbook_admin_only="Only the group's admins can import tips from a file.",
    playbook_admin_alert="Only the group's admins can import or export tips.",
    playbook_not_admin_of="I cannot import into the group <code>{chat_id}</code>: you are not "
    "an admin there, or I am not in that group.",
    playbook_usage="📥 <b>Tips from a spreadsheet</b>\n"
    "Send an <b>.xlsx</b>, <b>.csv</b> (UTF-8) or <b>.toml</b> file (up to 1 MB) with the "
    "columns “Principle”, “Passage” and (optional) “Source”:\n"
    "• in the group: send the file with the caption <code>/import</code> (admins);\n"
    "• in a private chat with me: the caption <code>/import GROUP_ID</code>, e.g. "
    "<code>/import -100123456</code> (admins see the group's id with /status there).\n"
    "I show a preview first; only ✅ stores anything. /mytips has a 📤 button to export.",
    playbook_bad_target="After <code>/import</code> comes the group's id, e.g. "
    "<code>/import -100123456</code> (admins see it with /status in the group).",
    playbook_download_failed="I could not download the file from Telegram. Please send it "
    "again in a few minutes.",
    status_chat_id="🆔 Group id: <code>{chat_id}</code> — to import tips from a file in a "
    "private chat with me, send it with the caption <code>/import {chat_id}</code>.",
    btn_export="📤 Export to Excel",
    export_caption="📒 The team's own tips ({count}). Edit them in Excel and send the file "
    "back with <code>/import</code> to import.",
    export_empty="The team has no tips of its own to export.",
    schedule_every_day="Every day at {time} ({zone})",
    schedule_some_days="{days} at {time} ({zone})",
    stats_title_group="The team's tips",
    stats_title_private="Your tips",
    status_next_tip="Next tip (only admins see this): {principle}",
    bot_description="One customer-service principle a day for your whole team, drawn from "
    "Vietnamese articles on customer care. Ask in your own words (“customer blames us”, "
    "“keep old customers”) and get the tip that fits. Add me to a group and type "
    "/subscribe 8:30 to get a tip every morning.",
    bot_short_description="A customer-service tip a day for your team: ask for one, or add "
    "me to a group for every morning.",
    console_prompt="you> ",
    console_no_button="There is no button {n} to press. Type a question in words to find a tip.",
    # charts
    chart_title="Team quizzes: the last {weeks} weeks",
    chart_people="People who answered",
    chart_accuracy="Right answers (%)",
    chart_weeks="Weeks starting on Monday",
    chart_week="{day}/{month}",
    chart_hardest="The principles the team finds hardest ({weeks} weeks)",
    chart_hardest_row="{accuracy}% right · {answered} answers",
    chart_no_hardest="No principle has {count} answers yet.",
)

LANGUAGES = {"vi": VI, "en": EN}


def for_language(code: str | None) -> Strings:
    """Strings for a Telegram ``language_code`` (``en-GB`` → English; else Vietnamese)."""
    if code and code.lower().split("-")[0] == "en":
        return EN
    return VI


def _check_complete() -> None:
    for strings in LANGUAGES.values():
        for f in fields(strings):
            if not getattr(strings, f.name):
                raise ValueError(f"strings[{strings.lang}].{f.name} is empty")
    if [c for c, _ in VI.commands] != [c for c, _ in EN.commands]:
        raise ValueError("command menus differ between languages")


_check_complete()
