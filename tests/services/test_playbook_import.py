"""The import's decisions without Telegram: what a confirm would add, what waits, what is shown."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.models import MAX_TEAM_TIPS
from bot.render import MAX_MESSAGE_LENGTH
from bot.services import playbook_import as imports
from bot.storage import Storage
from bot.strings import EN, VI
from bot.teamtips.playbook import Playbook, PlaybookRefused, PlaybookTip, RowError
from tests.support.strings import shows, values

NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
WAIT = dt.timedelta(minutes=5)


def tips(n: int, prefix: str = "Nguyên tắc") -> tuple[PlaybookTip, ...]:
    return tuple(PlaybookTip(f"{prefix} {i}", f"Nội dung {i}.", "", row=i + 2)
                 for i in range(n))


@pytest.mark.parametrize(("name", "size", "reason"), [
    ("a.xlsx", 2 * 1024 * 1024, "too_big"), ("a.docx", 10, "bad_type"),
    ("a.XLSM", 10, "macro"), ("", 10, "bad_type"), (None, None, "bad_type")])
def test_precheck_refuses_by_name_and_size(name: str | None, size: int | None,
                                           reason: str) -> None:
    with pytest.raises(PlaybookRefused) as refused:
        imports.precheck(name, size)
    assert refused.value.reason == reason


def test_precheck_lets_the_three_types_through() -> None:
    for name in ("a.xlsx", "B.CSV", "seeds.toml", ".xlsx"):  # a file named just ".xlsx" too
        imports.precheck(name, 1024 * 1024)
    imports.precheck("a.csv", None)  # no size given: read_playbook checks the bytes


def test_refusal_is_escaped_html() -> None:
    refused = PlaybookRefused("formula", cell="B3", formula='=A1&"<b>"')
    text = imports.refusal(refused, VI)
    assert "&amp;" in text and "&lt;b&gt;" in text and shows(text, VI.playbook_formula)


async def test_store_skips_what_the_team_has_and_stops_at_the_limit(storage: Storage) -> None:
    await storage.team_tips.add(1, "NGUYÊN TẮC 0", "Nội dung 0.", "", 7)  # tips(…)[0], spelt so
    for i in range(MAX_TEAM_TIPS - 4):
        await storage.team_tips.add(1, f"Cũ {i}", f"Cũ {i}.", "", 7)
    found = imports.plan(tips(6), await storage.team_tips.of_chat(1))
    assert (len(found.new), found.duplicates, found.no_room) == (3, 1, 2)
    outcome = await imports.store(storage, 1, [t.draft for t in tips(6)], 9)
    assert outcome == imports.Outcome(added=3, duplicates=1, no_room=2)
    assert len(await storage.team_tips.of_chat(1)) == MAX_TEAM_TIPS
    assert values(outcome.describe(EN, EN.playbook_team_here).split("\n")[0],
                  EN.playbook_done) == {"added": "3", "team": EN.playbook_team_here}
    assert await imports.store(storage, 2, [t.draft for t in tips(2)], 9) == \
        imports.Outcome(2, 0, 0)


async def test_confirm_counts_what_the_preview_left_out_and_what_changed_since(
        storage: Storage) -> None:
    await storage.team_tips.add(1, "Nguyên tắc 0", "Nội dung 0.", "", 7)
    found = imports.plan(tips(3), await storage.team_tips.of_chat(1), limit=3)
    assert (len(found.new), found.duplicates, found.no_room) == (2, 1, 0)
    pending = await imports.hold(storage, 1, 1, found, NOW, WAIT)
    await storage.team_tips.add(1, "Nguyên tắc 1", "Nội dung 1.", "", 8)  # meanwhile
    assert await imports.confirm(storage, pending, 7) == imports.Outcome(1, 2, 0)


async def test_pending_imports_expire_are_per_chat_and_taken_once(storage: Storage) -> None:
    first = await imports.hold(storage, 10, 10, imports.plan(tips(1), []), NOW, WAIT)
    assert await imports.waiting(storage, 10, "forged", NOW) is None
    assert await imports.waiting(storage, 11, first.token, NOW) is None  # another chat's
    assert await imports.waiting(storage, 10, first.token, NOW) == first
    assert await imports.take(storage, 10, first.token, NOW) == first
    assert await imports.take(storage, 10, first.token, NOW) is None  # twice: nothing
    # A chat keeps its newest few; a newer file pushes the oldest out.
    held = [await imports.hold(storage, 10, -100, imports.plan(tips(n + 1), []), NOW, WAIT)
            for n in range(imports.PENDING_PER_CHAT + 1)]
    assert await imports.waiting(storage, 10, held[0].token, NOW) is None
    for pending in held[1:]:
        assert await imports.waiting(storage, 10, pending.token, NOW) == pending
    last = held[-1]
    assert await imports.waiting(storage, 10, last.token, NOW + WAIT) is None  # expired
    assert await imports.take(storage, 10, last.token, NOW + WAIT) is None


async def test_previews_in_other_chats_never_push_a_teams_import_out(storage: Storage) -> None:
    mine = await imports.hold(storage, -100, -100, imports.plan(tips(3), []), NOW, WAIT)
    for chat in range(1, 101):
        await imports.hold(storage, chat, chat, imports.plan(tips(1), []), NOW, WAIT)
    assert await imports.take(storage, -100, mine.token, NOW) == mine
    # Expired imports are not only ignored but deleted, as new ones come.
    assert await storage.count("pending_imports") == 100
    await imports.hold(storage, 5, 5, imports.plan(tips(1), []), NOW + WAIT, WAIT)
    assert await storage.count("pending_imports") == 1


def test_preview_fits_one_message_however_many_rows_are_bad() -> None:
    errors = tuple(RowError(n, "passage", "empty") for n in range(3, 1003))
    playbook = Playbook(tips(150, "x" * 190), errors)
    for s in (VI, EN):
        text = imports.preview(playbook, imports.plan(playbook.tips, []), s,
                               file_name="<b>bảng</b>.xlsx" * 10, team=s.playbook_team_here)
        assert len(text) <= MAX_MESSAGE_LENGTH - 500
        assert values(text, s.playbook_errors_more) is not None
        assert "&lt;b&gt;" in text and shows(text, s.playbook_confirm_hint)


async def test_short_forms_and_situations_go_in_and_come_back_out(storage: Storage) -> None:
    """A spreadsheet's short forms and situations are stored on confirm, and the team's
    export writes them back: read again, it is the same playbook."""
    from bot.services import tippool
    from bot.teamtips.playbook import export_xlsx, read_playbook

    rows = ["principle;passage;source;short;situations",
            'Gọi lại trong 24 giờ;Khách để lại số thì trong 24 giờ phải có người gọi lại.;'
            'Sổ tay;Gọi lại trong 24h;"Khách gọi ba lần chưa ai nghe\nKhách hẹn; chờ mãi"',
            "Chào khách bằng tên;Gọi tên khách ngay câu đầu.;;;",
            "Một tình huống có chấm phẩy;Nội dung.;;Ngắn;\"khách chửi; khách bực\""]
    book = read_playbook("playbook.csv", "\n".join(rows).encode())
    assert book.errors == ()
    pending = await imports.hold(storage, 1, -100, imports.plan(book.tips, []), NOW, WAIT)
    assert await imports.confirm(storage, pending, 7) == imports.Outcome(3, 0, 0)
    stored = await storage.team_tips.of_chat(-100)
    assert [(r.short, r.situations) for r in stored] == [
        ("Gọi lại trong 24h", ("Khách gọi ba lần chưa ai nghe", "Khách hẹn; chờ mãi")),
        ("", ()), ("Ngắn", ("khách chửi", "khách bực"))]
    again = read_playbook("export.xlsx", export_xlsx(stored))
    assert again.errors == ()
    assert [(t.principle, t.passage, t.source, t.short, t.situations) for t in again.tips] == \
        [(t.principle, t.passage, t.source, t.short, t.situations) for t in book.tips]
    # As the bot uses them: the situations are searched, the short form is quizzed.
    first = (await tippool.team_tips(storage, -100, VI))[0]
    assert first.short == "Gọi lại trong 24h" and first.situations == stored[0].situations


def test_a_file_name_is_shown_without_controls_or_direction_marks() -> None:
    # "evil\u202eslx.csv" would show as "evilcsv.xls" in a chat: the name is cleaned.
    sneaky = "evil\u202eslx\u2066\x00\x1b[31m.csv"
    playbook = Playbook(tips(1), ())
    text = imports.preview(playbook, imports.plan(playbook.tips, []), VI, file_name=sneaky,
                           team="nhóm này")
    with pytest.raises(PlaybookRefused) as refused:
        imports.precheck("evil\u202egpj.exe", 10)
    for shown in (text, imports.refusal(refused.value, VI)):
        assert not any(c in shown for c in "\u202e\u2066\x00\x1b"), shown
    assert "evil" in text and "evil" in imports.refusal(refused.value, VI)
