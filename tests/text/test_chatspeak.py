"""Chat shorthand is read as the words it stands for, with context deciding."""

from __future__ import annotations

import pytest

from bot.corpus import seeds_dir
from bot.search import SearchIndex
from bot.text.chatspeak import Chatspeak


@pytest.fixture(scope="module")
def chatspeak() -> Chatspeak:
    return Chatspeak.load(seeds_dir() / "chatspeak.toml")


@pytest.mark.parametrize(("typed", "means"), [
    ("ko", "không"), ("k", "không"), ("hok", "không"), ("hem", "không"), ("khum", "không"),
    ("dc", "được"), ("đc", "được"), ("j", "gì"), ("ntn", "như thế nào"), ("nv", "nhân viên"),
    ("sp", "sản phẩm"), ("cty", "công ty"), ("vs", "với"), ("r", "rồi"), ("ms", "mới"),
    ("z", "vậy"), ("v", "vậy"), ("lm", "làm"), ("mn", "mọi người"), ("bik", "biết"),
    ("ng", "người"), ("e", "em"), ("a/c", "anh chị"), ("ctkm", "chương trình khuyến mãi"),
    ("dv", "dịch vụ"), ("rep", "trả lời"), ("ib", "nhắn tin"), ("bh", "bây giờ"),
])
def test_each_form_in_the_table(chatspeak: Chatspeak, typed: str, means: str) -> None:
    assert chatspeak.expand(f"xin {typed} nhé") == f"xin {means} nhé"


@pytest.mark.parametrize(("typed", "means"), [
    ("giá 50k thôi", "giá 50 nghìn thôi"),  # k after a number is nghìn
    ("giá 50 k thôi", "giá 50 nghìn thôi"),
    ("kh hàng cũ", "khách hàng cũ"),  # kh before hàng is khách
    ("kh complain hoài", "khách complain hoài"),  # a subject is khách
    ("em kh biết", "em không biết"),  # after a pronoun it is không
    ("KH HÀNG Ko Đc", "khách HÀNG không được"),
])
def test_context_decides(chatspeak: Chatspeak, typed: str, means: str) -> None:
    assert chatspeak.expand(typed) == means


def test_other_words_keep_what_was_typed(chatspeak: Chatspeak) -> None:
    text = "Khách hàng phàn nàn: “hoà” hay “hòa”, 08:30, email@x.vn!"
    assert chatspeak.expand(text) == text


def test_shorthand_finds_the_same_tips_as_the_words(index: SearchIndex) -> None:
    written = [h.tip.id for h in index.search("khách hàng không trung thành")]
    typed = [h.tip.id for h in index.search("kh hàng ko trung thành")]
    assert written and typed[:1] == written[:1]
