"""Hostile and damaged files end in a reason in words, read in a worker that can be killed.

The files are crafted here part by part (``tests.support.xlsx``), as a sender would
craft them; the worker is the real ``python -m bot.teamtips.sandbox`` process.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bot.strings import EN, VI
from bot.teamtips import sandbox
from bot.teamtips.drafts import clean
from bot.teamtips.playbook import Playbook, PlaybookRefused, PlaybookTip, export_xlsx, read_playbook
from bot.teamtips.sandbox import Limits, Readers, read_in_worker
from tests.support import xlsx
from tests.support.xlsx import GOOD_ROW, HEADER, craft

# A reason in words: no class name, no repr, no Python in sight.
_NOT_WORDS = re.compile(r"Error\b|Exception|Traceback|\{'|\('|<class|\\x|\\u")


def refused(name: str, data: bytes) -> PlaybookRefused:
    with pytest.raises(PlaybookRefused) as caught:
        read_playbook(name, data)
    for strings in (VI, EN):
        text = caught.value.message(strings)
        assert text and not _NOT_WORDS.search(text), text
    return caught.value


@pytest.mark.parametrize("case", list(xlsx.HOSTILE))
def test_hostile_workbooks_are_refused_by_their_bounds(case: str) -> None:
    make, reason = xlsx.HOSTILE[case]
    assert refused("p.xlsx", make()).reason == reason


def test_the_refusals_name_what_is_too_far_or_too_many() -> None:
    assert refused("p.xlsx", xlsx.row_far_away()).message(VI).startswith(
        "Bảng tính có dòng số 1000000000000000, xa quá: mình chỉ đọc tới dòng 10000.")
    assert "ô XFD2" in refused("p.xlsx", xlsx.far_column()).message(VI)
    declared = craft(head='<dimension ref="A1:B1048576"/>')
    assert refused("p.xlsx", declared).reason == "far_row"


def _cell(xml: str) -> bytes:
    return craft(HEADER + GOOD_ROW + f'<row r="3">{xml}</row>')


@pytest.mark.parametrize(("data", "reason"), [
    (_cell('<c r="A3" t="s"><v>7</v></c>'), "bad_string"),  # no shared strings at all
    (craft(HEADER + '<row r="2"><c r="A2" t="s"><v>5</v></c></row>',
           shared='<sst><si><t>x</t></si></sst>'), "bad_string"),
    (_cell('<c r="A3"><v>mười hai</v></c>'), "bad_number"),
    (_cell('<c r="A3"><v>NaN</v></c>'), "bad_number"),
    (_cell('<c r="3A"><v>1</v></c>'), "bad_reference"),
    (_cell('<c r="B4"><v>1</v></c>'), "bad_reference"),  # a cell of row 4 in row 3
    (_cell('<c r="A3"><v>1</v></c><c r="A3"><v>2</v></c>'), "bad_reference"),
    (craft(HEADER + '<row r="-2"/>'), "bad_row"),
    (craft(HEADER + '<row r="hai"/>'), "bad_row"),
    (craft(HEADER + '<row r="1"/>'), "bad_row"),  # row 1 twice
    (craft(HEADER + GOOD_ROW + '<row r="3"><c r="A3" s="1"><v>99999999</v></c></row>',
           styles='<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
                  '</styleSheet>'), "bad_date"),
    (_cell('<c r="A3" t="d"><v>ngày 30 tháng 2</v></c>'), "bad_date"),
    (_cell('<c r="A3" t="inlineStr"><is><t>\x01</t></is></c>'), "damaged"),  # not XML
    (craft('<!DOCTYPE x [<!ENTITY a "aaaa">]>' + HEADER), "damaged"),
    (craft(extra={"xl/vbaProject.bin": b"\0"}), "macro"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls", "not_xlsx"),
])
def test_damaged_workbooks_end_in_a_reason(data: bytes, reason: str) -> None:
    assert refused("p.xlsx", data).reason == reason


def test_dates_numbers_and_shared_strings_read_as_text() -> None:
    styles = ('<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
              '<numFmt numFmtId="165" formatCode="0.0&quot;đ&quot;"/></numFmts><cellXfs>'
              '<xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>'
              '</styleSheet>')
    rows = (HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" s="1"><v>45000</v>'
            '</c></row><row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" s="2"><v>12.5</v>'
            '</c></row>')
    shared = ('<sst><si><r><t>Chào </t></r><r><t>khách</t></r><rPh><t>ちゃお</t></rPh></si>'
              '<si><t>G_x0069_á_x000D_</t></si></sst>')  # Excel's escapes: "i", "\r"
    book = read_playbook("p.xlsx", craft(rows, shared=shared, styles=styles))
    assert [(t.principle, t.passage) for t in book.tips] == [("Chào khách", "2023-03-15"),
                                                             ("Giá", "12.5")]


def test_deeply_nested_toml_and_bad_csv_and_toml_end_in_a_reason() -> None:
    nested = ("a = " + "[" * 5000 + "]" * 5000 + "\n").encode()
    assert refused("p.toml", nested).reason == "too_nested"
    bad = refused("p.toml", b'[[tips]]\nprinciple = "a"\npassage = \n')
    assert bad.reason == "bad_toml" and bad.values == {"line": "3"}
    assert refused("p.csv", b'principle,passage\n"a,' + b"x" * 200_000 + b"\n").reason == \
        "bad_csv"
    tables = b'[[tips]]\nprinciple = {a = 1}\npassage = "b"\n'
    assert read_playbook("p.toml", tables).error_lines(VI) == ["mẹo thứ 1: thiếu nguyên tắc"]


def test_characters_xml_cannot_hold_never_reach_a_tip_and_the_export_reads_back() -> None:
    text = "Chào\ufffe khách\uffff\x01 gọi\x1f lại\ud800"
    csv = f"principle,passage\n{text},Nội dung\x0b.\n".encode("utf-8", "surrogatepass")
    with pytest.raises(PlaybookRefused):
        read_playbook("p.csv", csv)  # a lone surrogate is not UTF-8
    csv = csv.replace("\ud800".encode("utf-8", "surrogatepass"), b"")
    (tip,) = read_playbook("p.csv", csv).tips
    assert tip.principle == "Chào khách gọi lại" and tip.passage == "Nội dung ."
    assert clean(text) == "Chào khách gọi lại"
    # A tip stored before clean() knew: the export drops what XML cannot hold.
    old = PlaybookTip("Cũ\ufffe", "Nội dung\x02 cũ")
    data = export_xlsx([old])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[2]][:2] == ["Cũ", "Nội dung cũ"]
    assert read_playbook("e.xlsx", data).tips[0].principle == "Cũ"


# --- the worker -------------------------------------------------------------------------
@pytest.mark.process
async def test_the_worker_reads_a_good_file_and_refuses_a_hostile_one() -> None:
    book = await read_in_worker("p.xlsx", craft(), Limits())
    assert [t.principle for t in book.tips] == ["Chào khách bằng tên"]
    for make, reason in xlsx.HOSTILE.values():
        with pytest.raises(PlaybookRefused) as caught:
            await read_in_worker("p.xlsx", make(), Limits())
        assert caught.value.reason == reason
    assert sandbox.running() == 0


@pytest.mark.process
async def test_the_worker_is_killed_at_its_time_limit() -> None:
    with pytest.raises(PlaybookRefused) as caught:
        await read_in_worker("slow.xlsx", xlsx.slow_but_bounded(), Limits(wall_seconds=1.0))
    assert caught.value.reason == "too_complex"
    assert "quá phức tạp để đọc" in caught.value.message(VI)
    assert sandbox.running() == 0


@pytest.mark.process
async def test_the_worker_is_killed_at_its_memory_limit() -> None:
    # 100k shared strings of 120 characters: within every bound, about 20 MB as Python
    # strings. The interpreter takes about 40 MB of address space; 52 MB hold a small
    # workbook but not these strings.
    shared = "<sst>" + "".join(f"<si><t>{n:0120d}</t></si>" for n in range(100_000)) + "</sst>"
    heavy, small = craft(shared=shared), craft()
    tight = Limits(memory_bytes=52 * 1024 * 1024)
    assert (await read_in_worker("p.xlsx", heavy, Limits())).tips  # enough memory: a preview
    assert (await read_in_worker("p.xlsx", small, tight)).tips
    with pytest.raises(PlaybookRefused) as caught:
        await read_in_worker("p.xlsx", heavy, tight)
    assert caught.value.reason == "too_complex"


@pytest.mark.process
async def test_a_stop_kills_the_workers_at_once() -> None:
    reading = asyncio.create_task(
        read_in_worker("slow.xlsx", xlsx.slow_but_bounded(), Limits(wall_seconds=60)))
    while sandbox.running() == 0:
        await asyncio.sleep(0.01)
    started = time.monotonic()
    assert sandbox.kill_all() == 1
    with pytest.raises(PlaybookRefused) as caught:
        await asyncio.wait_for(reading, 10)
    assert caught.value.reason == "stopped" and time.monotonic() - started < 10
    assert sandbox.running() == 0


@pytest.mark.process
async def test_two_files_at_once_and_one_per_chat() -> None:
    readers = Readers(Limits(wall_seconds=30), at_once=2, queue_wait=0.2)
    slow = xlsx.slow_but_bounded()
    first = asyncio.create_task(readers.read(1, "a.xlsx", slow))
    second = asyncio.create_task(readers.read(2, "b.xlsx", slow))
    while sandbox.running() < 2:
        await asyncio.sleep(0.01)
    with pytest.raises(PlaybookRefused, match="busy_chat"):
        await readers.read(1, "c.xlsx", craft())  # the same chat: at once, no wait
    with pytest.raises(PlaybookRefused, match="busy"):
        await readers.read(3, "d.xlsx", craft())  # a third chat: after a short wait
    book = await Readers().read(1, "c.xlsx", craft())  # other readers are not held up
    assert len(book.tips) == 1
    sandbox.kill_all()
    for task in (first, second):
        with pytest.raises(PlaybookRefused, match="stopped"):
            await task
    with pytest.raises(PlaybookRefused, match="stopped"):  # after a stop, nothing more
        await readers.read(1, "c.xlsx", craft())
    assert sandbox.running() == 0


async def test_a_file_takes_its_reader_first_and_a_stop_ends_the_wait_at_once() -> None:
    """What the handler does: take a reader, then download, then read. Waiting for a
    reader is bounded, and a stop ends it at once (not when the wait runs out)."""
    readers = Readers(at_once=1, queue_wait=0.2)
    async with readers.reader(1):
        with pytest.raises(PlaybookRefused, match="busy_chat"):
            async with readers.reader(1):
                pass
        started = time.monotonic()
        with pytest.raises(PlaybookRefused, match="busy"):
            async with readers.reader(2):
                pass
        assert 0.2 <= time.monotonic() - started < 1
        readers.queue_wait = 60
        waiting = asyncio.create_task(readers.read(3, "c.xlsx", craft()))
        await asyncio.sleep(0.1)
        assert not waiting.done()
        started = time.monotonic()
        sandbox.kill_all()
        with pytest.raises(PlaybookRefused, match="stopped"):
            await asyncio.wait_for(waiting, 1)
        assert time.monotonic() - started < 0.5
    with pytest.raises(PlaybookRefused, match="stopped"):  # and none is taken after it
        async with readers.reader(4):
            pass
    assert sandbox.running() == 0


def test_what_the_worker_sends_back_is_checked() -> None:
    for output in (b"", b"not json", b'{"tips": [[1, 2, 3, 4, [], 5]], "errors": []}',
                   b'{"refused": ["far_row", {"row": [1]}]}', b"[]",
                   b'{"refused": ["no_such_reason", {}]}', b'{"refused": ["far_row", {}]}'):
        with pytest.raises(PlaybookRefused, match="too_complex"):
            sandbox.decode(output)
    book = Playbook((PlaybookTip("a", "b", "c", "d", ("e",), row=3),), ())
    assert sandbox.decode(sandbox.encode(book)) == book


# --- any input: a refusal or a preview, in time -----------------------------------------
_BASE_PARTS = {name: zipfile.ZipFile(io.BytesIO(craft())).read(name)
               for name in zipfile.ZipFile(io.BytesIO(craft())).namelist()}
_SNIPPETS = ['<row r="{n}"/>', '<c r="{col}{n}"><v>{text}</v></c>', '<c t="s"><v>{n}</v></c>',
             '<c r="A{n}" t="d"><v>{text}</v></c>', '<c r="A2" s="{n}"><v>{n}</v></c>',
             '<row r="{n}"><c r="{col}{n}" t="inlineStr"><is><t>{text}</t></is></c></row>',
             '<dimension ref="A1:{col}{n}"/>', "<f>{text}</f>", "{text}"]


def _mutated_workbook(draw: st.DrawFn) -> bytes:
    pieces = draw(st.lists(st.tuples(
        st.sampled_from(_SNIPPETS), st.integers(-5, 10**16),
        st.sampled_from(["A", "B", "Z", "AA", "XFD", "ZZZZ", "a", ""]),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)),
        max_size=8))
    rows = HEADER + GOOD_ROW
    for snippet, n, col, text in pieces:
        safe = text.replace("&", "&amp;").replace("<", "&lt;")
        rows += snippet.format(n=n, col=col, text=safe if draw(st.booleans()) else text)
    data = craft(rows)
    if draw(st.booleans()):  # flip some bytes of the zip itself
        raw = bytearray(data)
        for at, value in draw(st.lists(st.tuples(st.integers(0, len(raw) - 1),
                                                 st.integers(0, 255)), max_size=4)):
            raw[at] = value
        data = bytes(raw)
    return data


@st.composite
def any_file(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["xlsx", "csv", "toml"]))
    if kind == "xlsx":
        return "f.xlsx", _mutated_workbook(draw)
    text = draw(st.text(max_size=300))
    if kind == "csv":
        head = draw(st.sampled_from(["principle,passage\n", "nguyên tắc;nội dung\n", ""]))
        return "f.csv", (head + text).encode("utf-8", "surrogatepass")
    head = draw(st.sampled_from(['[[tips]]\nprinciple = "a"\npassage = ', "[[tips]]\n", ""]))
    return "f.toml", (head + text).encode("utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_file())
def test_any_file_ends_in_a_refusal_or_a_preview_in_time(case: tuple[str, bytes]) -> None:
    name, data = case
    started = time.monotonic()
    try:
        book = read_playbook(name, data)
    except PlaybookRefused as refusal:
        for strings in (VI, EN):
            assert not _NOT_WORDS.search(refusal.message(strings))
    else:
        assert book.tips or book.errors
        for tip in book.tips:  # what could be stored holds nothing XML cannot
            assert all(filesandbox_safe(v) for v in (tip.principle, tip.passage, tip.source))
    assert time.monotonic() - started < Limits().wall_seconds


def filesandbox_safe(text: str) -> bool:
    from bot.text.normalize import xml_safe

    return xml_safe(text) == text


@pytest.mark.process
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_file())
def test_any_file_through_the_worker_ends_in_a_refusal_or_a_preview(
        case: tuple[str, bytes]) -> None:
    name, data = case
    try:
        asyncio.run(read_in_worker(name, data, Limits()))
    except PlaybookRefused as refusal:
        assert refusal.reason != "too_complex"  # small files: no limit is near
        assert not _NOT_WORDS.search(refusal.message(VI))


# --- a stop, in the real process --------------------------------------------------------
def _workers_of(pid: int) -> list[int]:
    """The file readers the bot's process ``pid`` started (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == pid and b"bot.teamtips.sandbox" in cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.process
def test_sigterm_while_a_file_is_read_ends_the_bot_and_the_worker_at_once(
        tmp_path: Path) -> None:
    from tests.conftest import TOKEN
    from tests.support.fake_bot_api import FakeBotAPI
    from tests.support.processes import ready, run_bot
    from tests.support.processes import stop_bot as stop
    from tests.support.strings import shows

    chat = 64_001
    with FakeBotAPI(token=TOKEN) as api:
        proc = run_bot(api, tmp_path)
        try:
            ready(api)
            api.send_document(chat, xlsx.slow_but_bounded(), "cham.xlsx")
            workers = api.wait_until_sync(lambda: _workers_of(proc.pid), timeout=20)
        finally:
            took, output = stop(proc)
        assert proc.returncode == 0 and took < 3.0, (took, output)
        assert not any(_alive(pid) for pid in workers)
        assert shows(api.messages(chat)[-1].text, VI.playbook_stopped)
        # The update is done: the restarted bot does not read the file again.
        proc = run_bot(api, tmp_path)
        try:
            api.send_text(chat, "/help")
            api.wait_until_sync(lambda: len(api.messages(chat)) == 2, timeout=30)
            time.sleep(0.5)
        finally:
            stop(proc)
        assert len(api.messages(chat)) == 2 and shows(api.messages(chat)[-1].text, VI.help)
