"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


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
