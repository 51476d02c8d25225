"""Time and zone parsing, slots across midnight and zones, grace, rotation."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import schedule
from bot.schedule import ScheduleError
from bot.strings import EN, VI

UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8:30", (8, 30)), ("08:30", (8, 30)), ("8h30", (8, 30)), ("8h", (8, 0)),
     ("20h15", (20, 15)), ("20:15", (20, 15)), ("8H30", (8, 30)), ("8g30", (8, 30)),
     ("0h", (0, 0)), ("23:59", (23, 59)), ("8pm", (20, 0)), ("8h tối", (20, 0)),
     ("9", (9, 0))],
)
def test_times_as_vietnamese_users_write_them(text: str, expected: tuple[int, int]) -> None:
    assert schedule.parse_time(text) == dt.time(*expected)


@pytest.mark.parametrize("text", ["25h", "8h61", "24:00", "8h3", "abc", "", "-1", "8:30:00"])
def test_invalid_times_are_refused(text: str) -> None:
    with pytest.raises(ScheduleError) as info:
        schedule.parse_time(text)
    assert info.value.kind == "time"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Asia/Ho_Chi_Minh", "Asia/Ho_Chi_Minh"), ("asia/ho_chi_minh", "Asia/Ho_Chi_Minh"),
     ("+07:00", "UTC+07:00"), ("+7", "UTC+07:00"), ("UTC+7", "UTC+07:00"),
     ("GMT-05:30", "UTC-05:30"), ("utc", "UTC"), ("Europe/Paris", "Europe/Paris")],
)
def test_zones(text: str, expected: str) -> None:
    assert schedule.parse_timezone(text) == expected


@pytest.mark.parametrize("text", ["Mars/Base", "+15", "+07:70", "Asia/Hanoi2"])
def test_invalid_zones_are_refused(text: str) -> None:
    with pytest.raises(ScheduleError):
        schedule.parse_timezone(text)


def test_arguments_in_any_order() -> None:
    assert schedule.split_arguments(["+07:00", "8h30"]) == (dt.time(8, 30), "UTC+07:00", [])
    assert schedule.split_arguments(["8h", "tối"]) == (dt.time(20), None, [])
    assert schedule.split_arguments(["sáng", "mai"]) == (None, None, ["sáng", "mai"])


def test_next_slot_today_or_tomorrow() -> None:
    tz = "Asia/Ho_Chi_Minh"  # UTC+7
    before = dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 08:00 local
    assert schedule.next_slot(before, dt.time(8, 30), tz) == schedule.Slot(
        dt.date(2026, 11, 23), dt.datetime(2026, 11, 23, 1, 30, tzinfo=UTC))
    after = dt.datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 09:00 local
    assert schedule.next_slot(after, dt.time(8, 30), tz).local_date == dt.date(2026, 11, 24)


def test_local_day_differs_from_utc_day_across_midnight() -> None:
    # 23:30 UTC on the 23rd is 06:30 on the 24th in Ho Chi Minh City.
    now = dt.datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    slot = schedule.next_slot(now, dt.time(7, 0), "Asia/Ho_Chi_Minh")
    assert slot.local_date == dt.date(2026, 11, 24)
    assert slot.due_utc == dt.datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    # The same instant is still 18:30 on the 23rd in New York: 20:00 there is today.
    ny = schedule.next_slot(now, dt.time(20, 0), "America/New_York")
    assert ny.local_date == dt.date(2026, 11, 23)
    assert ny.due_utc == dt.datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


def test_dst_gap_and_fold_give_one_slot_a_day() -> None:
    # 2026-03-29: Paris jumps from 02:00 to 03:00; 02:30 does not exist.
    now = dt.datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    slot = schedule.next_slot(now, dt.time(2, 30), "Europe/Paris")
    assert slot.local_date == dt.date(2026, 3, 29)
    days = set()
    moment = now
    for _ in range(5):
        slot = schedule.next_slot(moment, dt.time(2, 30), "Europe/Paris")
        days.add(slot.local_date)
        moment = slot.due_utc
    assert len(days) == 5


def test_grace_window() -> None:
    slot = schedule.Slot(dt.date(2026, 11, 23), dt.datetime(2026, 11, 23, 1, 30, tzinfo=UTC))
    grace = dt.timedelta(hours=3)
    assert schedule.within_grace(slot, slot.due_utc + dt.timedelta(hours=2), grace)
    assert not schedule.within_grace(slot, slot.due_utc + dt.timedelta(hours=3, seconds=1),
                                     grace)


def test_rotation_walks_every_tip_before_repeating() -> None:
    tips = [f"t{i:02d}" for i in range(40)]
    delivered: set[str] = set()
    cycle = 0
    seen: list[str] = []
    for _ in range(80):
        tip, new_cycle = schedule.next_tip(tips, seed=7, cycle=cycle, delivered=delivered)
        if new_cycle != cycle:
            cycle, delivered = new_cycle, set()
        delivered.add(tip)
        seen.append(tip)
    assert sorted(seen[:40]) == sorted(tips) and sorted(seen[40:]) == sorted(tips)
    assert seen[:40] != seen[40:]  # a new order each cycle


def test_two_chats_get_different_orders() -> None:
    tips = [f"t{i:02d}" for i in range(40)]
    assert schedule.rotation_order(tips, 1, 0) != schedule.rotation_order(tips, 2, 0)


def test_penalised_tips_come_later_but_still_come() -> None:
    tips = [f"t{i:02d}" for i in range(10)]
    order = schedule.rotation_order(tips, 3, 0, penalties={"t00": 1})
    assert order[-1] == "t00" and sorted(order) == tips


def test_describe_moment() -> None:
    moment = dt.datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    assert schedule.describe_moment(moment, "Asia/Ho_Chi_Minh") == "08:30 Thứ Ba, 24/11/2026"
    assert schedule.describe_moment(moment, "UTC", EN) == "01:30 Tuesday, 24/11/2026"


@pytest.mark.parametrize(
    ("text", "days"),
    [("t2-t6", [0, 1, 2, 3, 4]), ("thứ 2 - thứ 6", [0, 1, 2, 3, 4]),
     ("thu 2 - thu 6", [0, 1, 2, 3, 4]), ("t2,t4,t6", [0, 2, 4]), ("t2, t4, t6", [0, 2, 4]),
     ("thứ hai", [0]), ("thu ba", [1]), ("thứ tư", [2]), ("thứ năm", [3]), ("thứ sáu", [4]),
     ("thứ bảy", [5]), ("chủ nhật", [6]), ("chu nhat", [6]), ("cn", [6]), ("t7,cn", [5, 6]),
     ("t7-cn", [5, 6]), ("t2 đến t6", [0, 1, 2, 3, 4]), ("T2-T6", [0, 1, 2, 3, 4]),
     ("mon-fri", [0, 1, 2, 3, 4]), ("Mon, Wed, Fri", [0, 2, 4]), ("weekdays", [0, 1, 2, 3, 4]),
     ("daily", list(range(7))), ("hằng ngày", list(range(7))), ("hang ngay", list(range(7))),
     ("cuối tuần", [5, 6]), ("t6-t2", [4, 5, 6, 0])],
)
def test_days_as_users_write_them(text: str, days: list[int]) -> None:
    assert schedule.parse_days(text) == sum(1 << d for d in days)


@pytest.mark.parametrize("text", ["t8", "t1", "abc", "thứ mười", "", "2-6"])
def test_wrong_day_words_are_refused(text: str) -> None:
    with pytest.raises(ScheduleError) as info:
        schedule.parse_days(text)
    assert info.value.kind == "days"


def test_days_described_in_words() -> None:
    assert schedule.describe_days(0b0011111) == "Thứ Hai đến Thứ Sáu"
    assert schedule.describe_days(0b0010101) == "Thứ Hai, Thứ Tư, Thứ Sáu"
    assert schedule.describe_days(schedule.ALL_DAYS) == "hằng ngày"
    assert schedule.describe_days(0b0011111, EN) == "Monday to Friday"


def test_next_slot_skips_days_off() -> None:
    friday_evening = dt.datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    slot = schedule.next_slot(friday_evening, dt.time(8), "Asia/Ho_Chi_Minh", days=0b0011111)
    assert slot.local_date == dt.date(2026, 11, 30)  # Monday


def test_a_number_after_thu_is_a_day_not_a_time() -> None:
    assert schedule.split_arguments(["thứ", "2,", "thứ", "4,", "thứ", "6"]) == (
        None, None, ["thứ", "2,", "thứ", "4,", "thứ", "6"])
    assert schedule.split_arguments(["8h30", "thứ", "2", "-", "thứ", "6"])[0] == dt.time(8, 30)


def test_pause_arguments() -> None:
    today = dt.date(2026, 11, 23)
    assert schedule.parse_pause("", today) == schedule.PAUSED_INDEFINITELY
    assert schedule.parse_pause("3", today) == dt.date(2026, 11, 26)
    assert schedule.parse_pause("3 ngày", today) == dt.date(2026, 11, 26)
    assert schedule.parse_pause("20/2", today) == dt.date(2027, 2, 21)  # the next 20/2
    assert schedule.parse_pause("25/11", today) == dt.date(2026, 11, 26)
    assert schedule.parse_pause("20/02/2027", today) == dt.date(2027, 2, 21)
    assert schedule.parse_pause("2027-02-20", today) == dt.date(2027, 2, 21)
    for bad in ("mai", "0", "400", "31/2", "2025-01-01", "20/13"):
        with pytest.raises(ScheduleError):
            schedule.parse_pause(bad, today)


def test_digest_arguments() -> None:
    assert schedule.parse_digest(["t2", "9h"]) == (0, dt.time(9))
    assert schedule.parse_digest(["9:30", "friday"]) == (4, dt.time(9, 30))
    assert schedule.parse_digest(["off"]) is None
    assert schedule.parse_digest(["tắt"]) is None
    for bad in (["t2"], ["9h"], ["t2-t6", "9h"], ["mai", "9h"]):
        with pytest.raises(ScheduleError):
            schedule.parse_digest(bad)


@pytest.mark.parametrize(
    ("words", "expected"),
    [(["8am"], dt.time(8)), (["8pm"], dt.time(20)), (["12am"], dt.time(0)),
     (["12pm"], dt.time(12)), (["8:30pm"], dt.time(20, 30)), (["8", "pm"], dt.time(20)),
     (["8pm", "t2-t6"], dt.time(20))],
)
def test_am_pm_times_are_times_not_days(words: list[str], expected: dt.time) -> None:
    at, _, rest = schedule.split_arguments(words)
    assert at == expected
    assert rest == [w for w in words if "-" in w]


@pytest.mark.parametrize("text", ["-1", "-7", "- 3"])
def test_a_bare_negative_number_is_not_taken_for_a_zone(text: str) -> None:
    with pytest.raises(ScheduleError) as info:
        schedule.split_arguments([text])
    assert info.value.kind == "timezone"


def test_negative_offsets_written_as_offsets_still_work() -> None:
    assert schedule.parse_timezone("UTC-1") == "UTC-01:00"
    assert schedule.parse_timezone("-01:00") == "UTC-01:00"
    assert schedule.parse_timezone("GMT-5") == "UTC-05:00"


@pytest.mark.parametrize(
    ("words", "expected"),
    [(["giờ", "Việt", "Nam"], "Asia/Ho_Chi_Minh"), (["gio", "viet", "nam"], "Asia/Ho_Chi_Minh"),
     (["Việt", "Nam"], "Asia/Ho_Chi_Minh"), (["VN"], "Asia/Ho_Chi_Minh"),
     (["Hanoi"], "Asia/Ho_Chi_Minh"), (["Hà", "Nội"], "Asia/Ho_Chi_Minh"),
     (["ICT"], "Asia/Ho_Chi_Minh"), (["Saigon"], "Asia/Ho_Chi_Minh"),
     (["Sài", "Gòn"], "Asia/Ho_Chi_Minh"), (["giờ", "Bangkok"], "Asia/Bangkok"),
     (["Bangkok"], "Asia/Bangkok"), (["Thái", "Lan"], "Asia/Bangkok"),
     (["Singapore"], "Asia/Singapore"), (["giờ", "Singapore"], "Asia/Singapore"),
     (["Tokyo"], "Asia/Tokyo"), (["Bắc", "Kinh"], "Asia/Shanghai"),
     (["New", "York"], "America/New_York"), (["Paris"], "Europe/Paris"),
     (["Vietnam", "time"], "Asia/Ho_Chi_Minh")],
)
def test_zones_named_in_words(words: list[str], expected: str) -> None:
    assert schedule.split_arguments(["8h", *words]) == (dt.time(8), expected, [])
    assert schedule.split_arguments([*words, "7h30", "t2-t6"]) == (
        dt.time(7, 30), expected, ["t2-t6"])
    assert schedule.parse_timezone(" ".join(words)) == expected


def test_zone_words_do_not_eat_day_words() -> None:
    assert schedule.split_arguments(["8h", "chủ", "nhật"]) == (dt.time(8), None,
                                                              ["chủ", "nhật"])
    assert schedule.split_arguments(["8h", "thứ", "năm"]) == (dt.time(8), None, ["thứ", "năm"])
    assert schedule.split_arguments(["8h", "giờ"]) == (dt.time(8), None, ["giờ"])


def test_well_known_zones_are_named_in_words() -> None:
    assert schedule.describe_zone("Asia/Ho_Chi_Minh") == "giờ Việt Nam"
    assert schedule.describe_zone("Asia/Ho_Chi_Minh", VI) == "giờ Việt Nam"
    assert schedule.describe_zone("Asia/Bangkok") == "giờ Bangkok"
    assert schedule.describe_zone("Asia/Singapore") == "giờ Singapore"
    assert schedule.describe_zone("Asia/Shanghai") == "giờ Bắc Kinh"
    assert schedule.describe_zone("America/Argentina/Buenos_Aires") == "giờ Buenos Aires"
    assert schedule.describe_zone("Asia/Ho_Chi_Minh", EN) == "Vietnam time"
    assert schedule.describe_zone("UTC+07:00") == "UTC+07:00"
    assert schedule.describe_zone("UTC") == "UTC"
    # every zone typed in words is named back in words
    for words in ("giờ Việt Nam", "Bangkok", "Singapore", "Tokyo", "Bắc Kinh", "Hồng Kông"):
        assert not schedule.describe_zone(schedule.parse_timezone(words)).startswith("giờ Asia")


@pytest.mark.parametrize(
    ("zone", "warn"),
    [("UTC+01:00", True), ("UTC+02:00", True), ("UTC-05:00", True), ("UTC+10:00", True),
     ("UTC+07:00", False), ("UTC+08:00", False), ("UTC+09:00", False), ("UTC", False),
     ("Europe/Paris", False), ("Asia/Ho_Chi_Minh", False)],
)
def test_fixed_offsets_that_will_not_follow_summer_time_are_flagged(zone: str,
                                                                    warn: bool) -> None:
    assert schedule.misses_summer_time(zone) is warn


@pytest.mark.parametrize("args", [["-1h"], ["99999999h"], ["8h", "tối", "8h", "sáng"],
                                  ["25:99h", "t2-t6"]])
def test_a_time_that_is_not_one_is_a_time_error_not_a_day_error(args: list[str]) -> None:
    with pytest.raises(schedule.ScheduleError) as error:
        schedule.split_arguments(args)
    assert error.value.kind == "time"


def test_days_with_digits_are_still_days() -> None:
    _, _, rest = schedule.split_arguments(["8h30", "t2-t6", "t2,t4,t6"])
    assert rest == ["t2-t6", "t2,t4,t6"]
    _, _, rest = schedule.split_arguments(["thứ", "2", "-", "thứ", "6"])
    assert schedule.parse_days(" ".join(rest)) == 0b0011111
