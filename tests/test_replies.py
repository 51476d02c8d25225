"""The reply core, offline: limits hold for any input (hypothesis), buttons are valid."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.corpus import Corpus
from bot.replies import MAX_CALLBACK_BYTES, Replies, Reply
from bot.strings import EN, VI
from tests.support.fake_bot_api import parse_html


def check(reply: Reply) -> None:
    text, _ = parse_html(reply.html)  # Telegram would accept the HTML
    assert 0 < len(text) <= 4096
    for row in reply.buttons:
        for button in row:
            assert 0 < len(button.data.encode()) <= MAX_CALLBACK_BYTES
            assert button.text.strip()


_VI_WORDS = ["khách", "hàng", "giữ", "chân", "đam", "mê", "thái", "độ", "Disney", "59%",
             "khachs", "hangf", "chăm_sóc", "???", "<b>", "&", "\x00", "😀", "中文"]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300),
                 st.lists(st.sampled_from(_VI_WORDS), max_size=40).map(" ".join)))
def test_any_text_gets_a_valid_reply(replies_fixture: Replies, text: str) -> None:
    for strings in (VI, EN):
        check(replies_fixture.text(text, strings))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_button_data_gets_a_valid_reply(replies_fixture: Replies, data: str) -> None:
    check(replies_fixture.button(data, VI))


def test_every_tip_and_its_buttons_are_valid(corpus: Corpus, replies_fixture: Replies) -> None:
    for tip in corpus.tips:
        for verb in ("tip", "more", "src"):
            check(replies_fixture.button(f"{verb}:{tip.id}", VI))


def test_long_query_is_cut_and_said(replies_fixture: Replies) -> None:
    reply = replies_fixture.search_command("giữ chân khách hàng " * 200, VI)
    check(reply)
    assert "dài quá" in reply.html


def test_greeting_and_thanks(replies_fixture: Replies) -> None:
    assert "Chào bạn" in replies_fixture.text("xin chào", VI).html
    assert "Glad" in replies_fixture.text("thanks", EN).html


def test_inline_empty_query_starts_with_todays_principle(replies_fixture: Replies) -> None:
    day = dt.date(2026, 11, 23)
    items = replies_fixture.inline("", VI, day)
    assert items[0].title.startswith("🌅")
    assert items[0].id == replies_fixture.tip_of_the_day(day).id
    assert replies_fixture.inline("bitcoin price", VI, day) == []
    for item in items + replies_fixture.inline("khach hang", VI, day):
        parse_html(item.html)
        assert len(item.title) <= 100


def test_random_tip_never_repeats_the_current_one(replies_fixture: Replies) -> None:
    for _ in range(50):
        reply = replies_fixture.button("more:dh08", VI)
        assert reply.tip_id != "dh08"
