"""The texts a translator owns: both languages fill the same blanks, English counts agree.

A translator edits ``bot/strings/`` without running the bot; these tests are what
tells them a placeholder was renamed in one language only, or a count reads "1 tips".
The plural forms are checked where people see them: through the reply builders.
"""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from bot import schedule
from bot.models import Subscription
from bot.render import show_date, visible_text
from bot.replies import Replies
from bot.strings import EN, LANGUAGES, VI, Both, Strings, Template
from tests.support.strings import values

TEXTS = Strings.texts()
TEMPLATES = sorted(name for name, both in TEXTS.items() if isinstance(both.by_lang["vi"], str))


def blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def plurals(template: str) -> list[tuple[str, str]]:
    return [(name, spec) for _, name, spec, _ in string.Formatter().parse(template)
            if name is not None and spec and "|" in spec]


@pytest.mark.parametrize("name", TEMPLATES)
def test_both_languages_fill_the_same_blanks(name: str) -> None:
    assert blanks(getattr(VI, name)) == blanks(getattr(EN, name)), name


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_text_formats_with_one_and_with_many(name: str) -> None:
    for strings in LANGUAGES.values():
        template = getattr(strings, name)
        assert isinstance(template, Template) == bool(plurals(template)), name
        for n in (0, 1, 2, 21):
            shown = template.format(**dict.fromkeys(blanks(template), n))
            assert "{" not in shown and "}" not in shown, (name, shown)
            if plurals(template):
                assert str(n) in shown and "|" not in shown, (name, shown)


def test_plural_forms_are_one_and_other_with_the_number_in_them() -> None:
    found = 0
    for name in TEMPLATES:
        for strings in LANGUAGES.values():
            for blank, spec in plurals(getattr(strings, name)):
                forms = spec.split("|")
                assert len(forms) == 2 and forms[0] != forms[1], (name, spec)
                # The number is shown either inside the forms or before them.
                assert all("#" in form for form in forms) or f"{{{blank}}}" in getattr(
                    strings, name), (name, spec)
                found += 1
    assert found >= 15


def test_no_english_count_stands_bare_before_a_plural_noun() -> None:
    """A bare ``{count} tips`` reads "1 tips"; only limits (never one) may stay bare."""
    bare = re.compile(r"\{(?!limit\})(\w+)\}(?:</b>)? (?:[\w-]+ )?"
                      r"(tips|days|people|answers|rows|others|ones|questions|votes)\b")
    offenders = [(name, m[0]) for name in TEMPLATES
                 if (m := bare.search(getattr(EN, name)))]
    assert offenders == []


def test_each_text_is_in_one_section_and_every_language_has_it() -> None:
    assert len(TEXTS) > 200
    assert all(set(both.by_lang) == set(LANGUAGES) for both in TEXTS.values())
    assert isinstance(Strings.no_results, Both) and VI.no_results != EN.no_results
    with pytest.raises(AttributeError):
        VI.no_results = "x"  # type: ignore[misc]  # the point: a text cannot be replaced


def subscription(delivered: int, days: int = schedule.ALL_DAYS) -> Subscription:
    return Subscription(
        chat_id=1, active=True, time_of_day=dt.time(8), timezone="Asia/Ho_Chi_Minh",
        days=days, paused_until=None, topics=(), rotation_seed=1, rotation_cycle=0,
        next_due_utc=dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC),
        delivered_count=delivered, language="en", stopped_reason="")


@pytest.mark.parametrize(("count", "words"), [(1, "1 tip"), (2, "2 tips"), (0, "0 tips")])
def test_status_counts_tips_in_the_plural_english_needs(replies_fixture: Replies, count: int,
                                                        words: str) -> None:
    text = visible_text(replies_fixture.status(subscription(count), EN).html)
    assert values(text, EN.status_on)["count"] == str(count)
    assert text.endswith(words) and "1 tips" not in text
    vi = visible_text(replies_fixture.status(subscription(count), VI).html)
    assert values(vi, VI.status_on)["count"] == str(count)


def test_stats_count_people_and_tips(replies_fixture: Replies) -> None:
    one = visible_text(replies_fixture.stats(1, 1, {}, EN).html)
    assert "1 daily tip ·" in one and "1 person voted" in one
    many = visible_text(replies_fixture.stats(3, 2, {}, EN).html)
    assert "3 daily tips ·" in many and "2 people voted" in many
    got = values(many, EN.stats)
    assert got is not None and (got["delivered"], got["voters"]) == ("3", "2")


def test_the_week_days_and_dates_are_in_the_readers_language(
        replies_fixture: Replies) -> None:
    assert schedule.describe_days(schedule.ALL_DAYS, EN) == EN.every_day == "every day"
    assert schedule.describe_days(schedule.ALL_DAYS, VI) == VI.every_day == "hằng ngày"
    assert schedule.describe_days(0b1100000, EN) == "Saturday, Sunday"
    weekdays = replies_fixture.status(subscription(1, days=0b0011111), EN).html
    assert "Monday to Friday" in weekdays
    assert show_date("2013-10-11", EN) == "11 October 2013"
    assert show_date("2013-10-11", VI) == "11/10/2013"
