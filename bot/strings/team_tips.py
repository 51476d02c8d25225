"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


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

    addtip_line_empty = text(
        vi="Phần {field} không được để trống. Bạn sửa rồi gửi lại cả dòng nhé:\n"
        "<code>/addtip Nguyên tắc | Nội dung</code>",
        en="The {field} cannot be empty. Fix it and send the whole line again:\n"
        "<code>/addtip Principle | Text</code>",
    )

    addtip_line_too_long = text(
        vi="Phần {field} dài quá (tối đa {limit} ký tự). Bạn rút gọn rồi gửi lại cả dòng "
        "<code>/addtip</code> nhé.",
        en="The {field} is too long (at most {limit} characters). Shorten it and send the "
        "whole <code>/addtip</code> line again.",
    )

    addtip_line_edited = text(
        vi="✏️ Mình đã sửa mẹo <code>{tip_id}</code> theo tin bạn vừa sửa.",
        en="✏️ I updated tip <code>{tip_id}</code> from the message you edited.",
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

    addtip_edit_taken = text(
        vi="✏️ Mình đã lấy bản bạn vừa sửa cho phần {field}.\n\n{step}",
        en="✏️ I took your edit of the {field}.\n\n{step}",
    )

    addtip_edit_too_long = text(
        vi="Bản sửa phần {field} dài quá (tối đa {limit} ký tự) nên mình giữ bản bạn "
        "gửi lúc đầu.\n\n{step}",
        en="The edit of the {field} is too long (at most {limit} characters), so I kept "
        "what you first sent.\n\n{step}",
    )

    addtip_edit_ignored = text(
        vi="Tin nhắn đã sửa này mình không dùng được: mẹo chỉ nhận bản sửa của phần bạn "
        "vừa gửi gần nhất. Cần đổi phần đang hỏi thì gửi thành tin nhắn mới; cần đổi một "
        "phần trước đó thì gõ /cancel rồi /addtip để làm lại.\n\n{step}",
        en="I can't use this edited message: the tip only takes an edit of the part you "
        "sent last. To change the part I'm asking for, send it as a new message; to change "
        "an earlier part, /cancel and start again with /addtip.\n\n{step}",
    )

    addtip_moved = text(
        vi="{admin}, nhóm vừa được nâng cấp thành siêu nhóm; mẹo bạn đang viết vẫn được giữ."
        "\n\n{step}",
        en="{admin}, the group just became a supergroup; the tip you are writing is kept."
        "\n\n{step}",
    )

    addtip_not_yours = text(
        vi="Câu này mình đang hỏi quản trị viên đang thêm mẹo cho nhóm, nên tin trả lời "
        "của bạn không được tính. Muốn hỏi mình, bạn gửi tin mới và nhắc @{bot} nhé.",
        en="That question is for the admin adding a tip for the team, so your reply "
        "doesn't count. To ask me something, send a new message mentioning @{bot}.",
    )

    addtip_not_yours_own = text(
        vi="Câu đó mình đang hỏi một quản trị viên khác, nên tin của bạn không được tính "
        "cho mẹo nào. Mẹo của bạn vẫn đang chờ:\n\n{step}",
        en="That question is for another admin, so your message counts for no tip. "
        "Yours is still waiting:\n\n{step}",
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

    mytips_admin_only = text(
        vi="Chỉ quản trị viên của nhóm mới xem và xóa được danh sách mẹo riêng của nhóm.",
        en="Only the group's admins can list and delete the team's own tips.",
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
