"""The playbook from a spreadsheet: real .xlsx files written by openpyxl, CSV, seeds TOML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bot.corpus import DEFAULT_SEEDS_DIR, MAX_PRINCIPLE, Corpus
from bot.models import TeamTipRecord
from bot.strings import EN, VI
from bot.teamtips.drafts import dump
from bot.teamtips.playbook import (
    EXPORT_HEADERS,
    MAX_BYTES,
    MAX_ROWS,
    PlaybookRefused,
    PlaybookTip,
    export_xlsx,
    read_playbook,
    split_situations,
)

GOOD = ("Gọi lại trong 24 giờ", "Khách để lại số thì trong 24 giờ phải có người gọi lại.")


def write_xlsx(path: Path, rows: list[list[object]], *, title: str = "Playbook") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path.read_bytes()


def test_xlsx_with_a_title_row_odd_headers_and_bad_rows(tmp_path: Path) -> None:
    data = write_xlsx(tmp_path / "playbook.xlsx", [
        ["Sổ tay CSKH của nhóm Hà Nội"],  # a title above the header
        ["STT", "NỘI DUNG (bắt buộc)", "nguyen tac", "Nguồn", "Tình huống", "Ghi chú"],
        [1, GOOD[1], GOOD[0], "Sổ tay", "Khách gọi 3 lần chưa ai gọi lại\nKhách hẹn gọi lại",
         "bỏ qua"],
        [2, "Khách bực thì xin lỗi trước rồi mới giải thích.", "Xin lỗi trước",
         None, "khách chửi; khách bực mình", None],
        [3, None, "Một nguyên tắc không có nội dung", "Sổ tay", None, None],  # row 5
        [4, "Nội dung hợp lệ.", "x" * (MAX_PRINCIPLE + 1), None, None, None],  # row 6
        [None, None, None, None, None, "chỉ ghi chú"],  # row 7: blank for us
        [5, GOOD[1], GOOD[0].upper(), None, None, None],  # row 8: same as row 3
        [6, 2024, "Số cũng là chữ", None, None, None],  # row 9: a number as text
    ])
    book = read_playbook("playbook.xlsx", data)
    assert [(t.row, t.principle) for t in book.tips] == [
        (3, GOOD[0]), (4, "Xin lỗi trước"), (9, "Số cũng là chữ")]
    first, second, third = book.tips
    assert first.passage == GOOD[1] and first.source == "Sổ tay"
    assert first.situations == ("Khách gọi 3 lần chưa ai gọi lại", "Khách hẹn gọi lại")
    assert second.situations == ("khách chửi", "khách bực mình") and second.source == ""
    assert third.passage == "2024"
    assert book.error_lines(VI) == [
        "dòng 5: thiếu nội dung",
        f"dòng 6: nguyên tắc dài quá (tối đa {MAX_PRINCIPLE} ký tự)",
        "dòng 8: trùng với dòng 3",
    ]
    assert book.error_lines(EN)[0] == "row 5: missing text"


@pytest.mark.parametrize("headers", [
    ("Nguyên tắc", "Nội dung", "Nguồn"),
    ("NGUYEN TAC", "noi dung", "nguon"),
    ("Principle", "Passage", "Source"),
    ("nguyên tắc:", "Nội Dung *", "source (optional)"),
])
def test_headers_in_either_language_with_or_without_diacritics(headers: tuple[str, ...]
                                                               ) -> None:
    text = ",".join(headers) + "\n" + ",".join([GOOD[0], f'"{GOOD[1]}"', "Sổ tay"]) + "\n"
    book = read_playbook("p.csv", text.encode())
    assert [(t.principle, t.passage, t.source) for t in book.tips] == [(*GOOD, "Sổ tay")]


def test_csv_with_bom_semicolons_and_a_cell_over_several_lines() -> None:
    text = ("\ufeffNguyên tắc;Nội dung;Ngắn gọn;Tình huống\r\n"
            f'{GOOD[0]};"{GOOD[1]}\nDòng thứ hai.";Gọi lại 24h;"a; b"\r\n'
            ";;;\r\n"
            "Chỉ có nguyên tắc;;;\r\n")
    book = read_playbook("Sổ tay.CSV", text.encode("utf-8"))
    (tip,) = book.tips
    assert tip.passage == GOOD[1] + "\nDòng thứ hai."
    assert tip.short == "Gọi lại 24h" and tip.situations == ("a", "b")
    assert book.error_lines(VI) == ["dòng 4: thiếu nội dung"]  # row 3 is blank


def test_csv_that_is_not_utf8_is_refused_with_the_fix() -> None:
    data = "Nguyên tắc,Nội dung\nA,B\n".encode("utf-16")  # Excel's "Unicode Text"
    with pytest.raises(PlaybookRefused) as caught:
        read_playbook("p.csv", data)
    assert caught.value.reason == "encoding"
    assert "CSV UTF-8" in caught.value.message(VI)


def test_seeds_toml_and_the_cli_export_read_as_a_playbook(corpus: Corpus) -> None:
    seed_file = DEFAULT_SEEDS_DIR / "tips" / "dinh-huong-khach-hang.toml"
    book = read_playbook(seed_file.name, seed_file.read_bytes())
    seeds = corpus.tips_of("dinh-huong-khach-hang")
    assert book.errors == ()
    assert [(t.principle, t.short, t.situations, t.source) for t in book.tips] == [
        (s.principle, s.short, s.situations, "Định hướng khách hàng") for s in seeds]
    records = [TeamTipRecord(1, -100, *GOOD, "Sổ tay", None),
               TeamTipRecord(2, -100, "Không nguồn", "Nội dung.", "", None)]
    again = read_playbook("export.toml", dump(records, -100).encode())
    assert [(t.principle, t.passage, t.source) for t in again.tips] == [
        (*GOOD, "Sổ tay"), ("Không nguồn", "Nội dung.", "")]
    broken = read_playbook("b.toml", '[[tips]]\nprinciple = "Chỉ nguyên tắc"\n'.encode())
    assert broken.error_lines(VI) == ["mẹo thứ 1: thiếu nội dung"]


@pytest.mark.parametrize("name", ["playbook.xls", "playbook.docx", "playbook.pdf", "playbook",
                                  "playbook.txt"])
def test_other_types_are_refused(name: str) -> None:
    with pytest.raises(PlaybookRefused) as caught:
        read_playbook(name, b"whatever")
    assert caught.value.reason == "bad_type"
    assert ".xlsx, .csv" in caught.value.message(VI) and name in caught.value.message(VI)


def test_files_over_one_megabyte_are_refused() -> None:
    with pytest.raises(PlaybookRefused) as caught:
        read_playbook("p.csv", b"x" * (MAX_BYTES + 1))
    assert caught.value.reason == "too_big"
    assert "1 MB" in caught.value.message(VI)
    assert read_playbook("p.csv", ("principle,passage\n" + "a,b\n").encode()).tips


def test_macro_workbooks_are_refused_by_name_and_by_content(tmp_path: Path) -> None:
    data = write_xlsx(tmp_path / "p.xlsx", [["Nguyên tắc", "Nội dung"], list(GOOD)])
    with pytest.raises(PlaybookRefused) as by_name:
        read_playbook("p.xlsm", data)
    assert by_name.value.reason == "macro"
    # An .xlsm renamed to .xlsx still carries its VBA project.
    with zipfile.ZipFile(tmp_path / "p.xlsx", "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 100)
    with pytest.raises(PlaybookRefused) as by_content:
        read_playbook("p.xlsx", (tmp_path / "p.xlsx").read_bytes())
    assert by_content.value.reason == "macro"
    assert "macro" in by_content.value.message(VI)


def test_formula_cells_are_refused_naming_the_cell(tmp_path: Path) -> None:
    data = write_xlsx(tmp_path / "p.xlsx", [
        ["Nguyên tắc", "Nội dung"], list(GOOD), ["Tính", '=CONCAT("a","b")']])
    with pytest.raises(PlaybookRefused) as caught:
        read_playbook("p.xlsx", data)
    assert caught.value.reason == "formula"
    assert caught.value.message(VI).startswith('Ô B3 là công thức (=CONCAT("a","b"))')


def test_damaged_empty_headerless_and_bomb_files_are_refused(tmp_path: Path) -> None:
    cases = {
        "not_xlsx": ("p.xlsx", b"PK not really a zip"),
        "no_header": ("p.csv", "Tên,Tuổi\nAn,20\n".encode()),
        "empty": ("p.csv", "Nguyên tắc,Nội dung\n,\n".encode()),
        "duplicate_column": ("p.csv", "Nguyên tắc,Nội dung,Principle\na,b,c\n".encode()),
    }
    for reason, (name, data) in cases.items():
        with pytest.raises(PlaybookRefused) as caught:
            read_playbook(name, data)
        assert caught.value.reason == reason, name
        assert caught.value.message(VI) and caught.value.message(EN)
    headerless = write_xlsx(tmp_path / "h.xlsx", [["a", "b"], ["c", "d"]])
    with pytest.raises(PlaybookRefused, match="no_header"):
        read_playbook("h.xlsx", headerless)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (21 * MAX_BYTES))
    assert len(bomb.getvalue()) < MAX_BYTES
    with pytest.raises(PlaybookRefused, match="unpacked"):
        read_playbook("bomb.xlsx", bomb.getvalue())
    rows = "principle,passage\n" + "".join(f"p{i},q{i}\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(PlaybookRefused, match="too_many_rows") as many:
        read_playbook("many.csv", rows.encode())
    assert many.value.message(EN) == f"The file has too many rows (at most {MAX_ROWS})."


def test_the_header_may_be_on_a_later_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["Hướng dẫn: điền mẹo ở trang sau"])
    sheet = workbook.create_sheet("Mẹo")
    sheet.append(["Principle", "Passage"])
    sheet.append(list(GOOD))
    workbook.save(tmp_path / "two.xlsx")
    book = read_playbook("two.xlsx", (tmp_path / "two.xlsx").read_bytes())
    assert [t.principle for t in book.tips] == [GOOD[0]]


def test_export_reads_back_unchanged(tmp_path: Path) -> None:
    tips = [
        PlaybookTip(*GOOD, "Sổ tay", "Gọi lại 24h", ("Khách gọi 3 lần", "Khách hẹn; chờ")),
        PlaybookTip("=1+1 không phải công thức", "<b>HTML</b> & “ngoặc”\n\nĐoạn hai."),
        PlaybookTip("Một tình huống có chấm phẩy", "Nội dung.", "", "",
                    ("khách chửi; khách bực",)),
    ]
    data = export_xlsx(tips)
    (tmp_path / "export.xlsx").write_bytes(data)
    sheet = load_workbook(tmp_path / "export.xlsx").active
    assert tuple(c.value for c in sheet[1]) == EXPORT_HEADERS
    assert sheet["A3"].data_type == "s"
    book = read_playbook("export.xlsx", data)
    assert book.errors == ()
    assert list(book.tips) == tips
    assert [t.row for t in book.tips] == [2, 3, 4]
    records = [TeamTipRecord(7, -1, *GOOD, "", None)]
    (tip,) = read_playbook("r.xlsx", export_xlsx(records)).tips
    assert (tip.principle, tip.passage, tip.source, tip.short) == (*GOOD, "", "")


def test_split_situations() -> None:
    assert split_situations("a; b ;; c") == ("a", "b", "c")
    assert split_situations("a; b\nc") == ("a; b", "c")
    assert split_situations(["x", " ", "y"]) == ("x", "y")
    assert split_situations(None) == ()


def test_the_cli_export_keeps_short_forms_and_situations(tmp_path: Path) -> None:
    from bot.teamtips.drafts import load_file

    records = [TeamTipRecord(1, -100, *GOOD, "Sổ tay", None, short="Gọi lại trong 24h",
                             situations=("Khách gọi ba lần", "Khách hẹn; chờ")),
               TeamTipRecord(2, -100, "Không ngắn", "Nội dung.", "", None)]
    path = tmp_path / "export.toml"
    path.write_text(dump(records, -100), encoding="utf-8")
    assert [(d.short, d.situations) for d in load_file(path, set())] == [
        ("Gọi lại trong 24h", ("Khách gọi ba lần", "Khách hẹn; chờ")), ("", ())]
    again = read_playbook("export.toml", path.read_bytes())
    assert [(t.short, t.situations) for t in again.tips] == [
        ("Gọi lại trong 24h", ("Khách gọi ba lần", "Khách hẹn; chờ")), ("", ())]
