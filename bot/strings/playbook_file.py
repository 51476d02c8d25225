"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


class PlaybookFile:
    """Reading a playbook file (.xlsx, .csv, .toml): what is wrong with a row or the whole file."""

    __slots__ = ()

    # {row}: the spreadsheet's row number; {reason}
    playbook_row = text(
        vi="dòng {row}: {reason}",
        en="row {row}: {reason}",
    )

    # the same for a TOML file's n-th [[tips]]
    playbook_tip = text(
        vi="mẹo thứ {row}: {reason}",
        en="tip {row}: {reason}",
    )

    playbook_missing = text(
        vi="thiếu {field}",
        en="missing {field}",
    )

    playbook_too_long = text(
        vi="{field} dài quá (tối đa {limit} ký tự)",
        en="{field} too long (at most {limit} characters)",
    )

    playbook_too_many = text(
        vi="quá nhiều {field} (tối đa {limit})",
        en="too many {field} (at most {limit})",
    )

    playbook_duplicate = text(
        vi="trùng với dòng {other}",
        en="same as row {other}",
    )

    playbook_too_big = text(
        vi="Tệp lớn quá ({size}); mình chỉ nhận tệp tối đa 1 MB.",
        en="The file is too big ({size}); I take files up to 1 MB.",
    )

    playbook_bad_type = text(
        vi="Mình chỉ đọc được tệp .xlsx, .csv hoặc .toml (tệp này: {name}). "
        "Với Excel cũ (.xls), hãy lưu lại thành .xlsx.",
        en="I can read .xlsx, .csv or .toml files only (this one: {name}). "
        "Save old Excel files (.xls) as .xlsx.",
    )

    playbook_macro = text(
        vi="Tệp có macro (.xlsm / VBA) nên mình không mở. Hãy lưu lại thành .xlsx "
        "thường rồi gửi lại.",
        en="The file contains macros (.xlsm / VBA), so I will not open it. Save it "
        "as a plain .xlsx and send it again.",
    )

    playbook_formula = text(
        vi="Ô {cell} là công thức ({formula}). Mình không tính công thức: hãy sao "
        "chép và dán giá trị (Paste values) rồi gửi lại.",
        en="Cell {cell} is a formula ({formula}). I do not compute formulas: copy "
        "and paste the values (Paste values) and send it again.",
    )

    playbook_not_xlsx = text(
        vi="Tệp này không phải bảng tính .xlsx (có thể là tệp khác được đổi đuôi, "
        "hoặc tệp có mật khẩu). Hãy mở bằng Excel hay Google Sheets rồi lưu lại thành .xlsx.",
        en="This file is not an .xlsx workbook (perhaps another file renamed, or "
        "one with a password). Open it in Excel or Google Sheets and save it as .xlsx.",
    )

    playbook_damaged = text(
        vi="Tệp .xlsx bị hỏng nên mình không đọc được. Hãy mở bằng Excel hay Google "
        "Sheets rồi lưu lại thành .xlsx mới.",
        en="The .xlsx file is damaged, so I cannot read it. Open it in Excel or "
        "Google Sheets and save it as a new .xlsx.",
    )

    # {size} {limit}
    playbook_unpacked = text(
        vi="Tệp .xlsx giải nén ra lớn quá ({size}; mình đọc tối đa {limit}).",
        en="The .xlsx file unpacks to too much ({size}; I read at most {limit}).",
    )

    # {row} {limit}
    playbook_far_row = text(
        vi="Bảng tính có dòng số {row}, xa quá: mình chỉ đọc tới dòng {limit}. "
        "Hãy chép các mẹo sang một bảng tính mới rồi gửi lại.",
        en="The sheet has a row numbered {row}, too far: I read up to row {limit}. "
        "Copy the tips into a new sheet and send it again.",
    )

    # {cell} {limit}
    playbook_far_column = text(
        vi="Bảng tính có ô {cell}, xa quá: mình chỉ đọc tới cột {limit}. "
        "Hãy chép các mẹo sang một bảng tính mới rồi gửi lại.",
        en="The sheet has a cell {cell}, too far: I read up to column {limit}. "
        "Copy the tips into a new sheet and send it again.",
    )

    # {limit}
    playbook_too_many_cells = text(
        vi="Bảng tính có quá nhiều ô (tối đa {limit}). Hãy chép các mẹo "
        "sang một bảng tính mới rồi gửi lại.",
        en="The sheet has too many cells (at most {limit}). Copy the tips "
        "into a new sheet and send it again.",
    )

    # {limit}
    playbook_too_many_strings = text(
        vi="Bảng tính có quá nhiều đoạn chữ (tối đa {limit}). Hãy chép "
        "các mẹo sang một bảng tính mới rồi gửi lại.",
        en="The workbook has too many pieces of text (at most {limit}). "
        "Copy the tips into a new sheet and send it again.",
    )

    # {limit}
    playbook_too_many_styles = text(
        vi="Bảng tính có quá nhiều kiểu định dạng ô (tối đa {limit}). Hãy "
        "chép các mẹo sang một bảng tính mới (chỉ dán giá trị) rồi gửi lại.",
        en="The workbook has too many cell formats (at most {limit}). Copy "
        "the tips into a new sheet (paste values only) and send it again.",
    )

    # {limit}
    playbook_too_many_sheets = text(
        vi="Bảng tính có quá nhiều trang (tối đa {limit}).",
        en="The workbook has too many sheets (at most {limit}).",
    )

    # {ref}
    playbook_bad_reference = text(
        vi="Tệp .xlsx bị hỏng: có ô mang địa chỉ sai ({ref}). Hãy mở bằng "
        "Excel hay Google Sheets rồi lưu lại.",
        en="The .xlsx file is damaged: a cell has a wrong address ({ref}). "
        "Open it in Excel or Google Sheets and save it again.",
    )

    # {row}
    playbook_bad_row = text(
        vi="Tệp .xlsx bị hỏng: có dòng mang số sai ({row}). Hãy mở bằng Excel hay "
        "Google Sheets rồi lưu lại.",
        en="The .xlsx file is damaged: a row has a wrong number ({row}). Open it in "
        "Excel or Google Sheets and save it again.",
    )

    # {cell}
    playbook_bad_string = text(
        vi="Tệp .xlsx bị hỏng: ô {cell} trỏ tới một đoạn chữ không có trong tệp. "
        "Hãy mở bằng Excel hay Google Sheets rồi lưu lại.",
        en="The .xlsx file is damaged: cell {cell} points to a text the file does "
        "not have. Open it in Excel or Google Sheets and save it again.",
    )

    # {cell} {value}
    playbook_bad_number = text(
        vi="Tệp .xlsx bị hỏng: ô {cell} ghi là số nhưng chứa “{value}”.",
        en="The .xlsx file is damaged: cell {cell} is marked as a number but "
        "holds “{value}”.",
    )

    # {cell}
    playbook_bad_date = text(
        vi="Ô {cell} ghi là ngày nhưng không phải một ngày có thật. Hãy sửa ô đó "
        "hoặc định dạng nó thành chữ.",
        en="Cell {cell} is marked as a date but is not a real date. Fix the cell "
        "or format it as text.",
    )

    playbook_bad_csv = text(
        vi="Tệp CSV bị hỏng (ví dụ một dấu ngoặc kép không đóng, hay một ô dài "
        "quá). Hãy xuất lại từ Excel hay Google Sheets.",
        en="The CSV file is damaged (an unclosed quote, or a cell far too long, for "
        "example). Export it again from Excel or Google Sheets.",
    )

    # {line}
    playbook_bad_toml = text(
        vi="Tệp TOML sai cú pháp ở dòng {line}.",
        en="The TOML file has a syntax error on line {line}.",
    )

    playbook_too_nested = text(
        vi="Tệp TOML lồng nhau quá sâu nên mình không đọc.",
        en="The TOML file is nested too deep, so I do not read it.",
    )

    # the reader's worker hit a limit (time, memory, output)
    playbook_too_complex = text(
        vi="Tệp quá phức tạp để đọc: mình đã dừng lại trước khi đọc xong, "
        "không lưu gì cả. Hãy chép các mẹo sang một bảng tính mới chỉ có một trang rồi gửi lại.",
        en="The file is too complex to read: I stopped before the end and "
        "stored nothing. Copy the tips into a new workbook with one sheet and send it again.",
    )

    playbook_busy_chat = text(
        vi="Mình còn đang đọc tệp trước bạn gửi ở đây. Đợi kết quả rồi gửi tệp "
        "tiếp nhé.",
        en="I am still reading the file you sent here before. Wait for its "
        "result, then send the next one.",
    )

    playbook_busy = text(
        vi="Mình đang bận đọc tệp của nhóm khác. Bạn gửi lại sau ít phút nhé.",
        en="I am busy reading other teams' files. Send it again in a few minutes.",
    )

    playbook_stopped = text(
        vi="Mình đang khởi động lại nên chưa đọc xong tệp này, không lưu gì cả. "
        "Bạn gửi lại sau một phút nhé.",
        en="I am restarting, so I did not finish reading this file and stored "
        "nothing. Send it again in a minute.",
    )

    playbook_encoding = text(
        vi="Tệp CSV phải ở dạng UTF-8. Trong Excel chọn “Lưu thành” → "
        "“CSV UTF-8”.",
        en="The CSV file must be UTF-8. In Excel choose “Save as” → “CSV UTF-8”.",
    )

    playbook_no_header = text(
        vi="Không tìm thấy dòng tiêu đề có cột “nguyên tắc” và “nội dung” "
        "(hoặc “principle” và “passage”).",
        en="No header row with the columns “principle” and “passage” (or "
        "“nguyên tắc” and “nội dung”) found.",
    )

    playbook_duplicate_column = text(
        vi="Cột “{field}” xuất hiện hai lần ({first} và {second}).",
        en="The column “{field}” appears twice ({first} and {second}).",
    )

    playbook_too_many_rows = text(
        vi="Tệp có quá nhiều dòng (tối đa {limit}).",
        en="The file has too many rows (at most {limit}).",
    )

    playbook_empty = text(
        vi="Tệp không có mẹo nào.",
        en="The file has no tips.",
    )
