"""Contact details and order codes in what people type: replaced before a question is
kept, ignored by the search; prices, times, dates and counts stay as typed."""

from __future__ import annotations

import time

import pytest

from bot.replies.lookup import searchable, strip_noise
from bot.text import redact
from bot.text.redact import EMAIL, LINK, ORDER, PHONE

PHONES = [
    "0912345678", "0912 345 678", "0912.345.678", "0912-345-678", "0912 - 345 - 678",
    "091 234 5678", "09 1234 5678", "0387 654 321", "0703.123.456",
    "+84 912 345 678", "+84912345678", "+84-912-345-678", "(+84) 912 345 678",
    "+84 (0) 912 345 678", "0084 912 345 678", "84912345678",
    "028.3822.1234", "(028) 3822 1234", "024 3826 1234", "0236 3822 123",
    "1900 1234", "19001234", "1900.6035", "1800 599 920",
    "+1 415 555 2671", "+44 20 7946 0958",
]
EMAILS = ["abc@gmail.com", "nguyen.van.a+shop@yahoo.com.vn", "CSKH@Cong-ty.VN",
          "hỗ_trợ@công-ty.vn"]
LINKS = [
    "https://shopee.vn/product/123456789/987654321", "http://example.com", "HTTPS://A.VN/x",
    "www.google.com/images", "shopee.vn", "tiki.vn/don-hang", "Shopee.VN/abc",
    "t.me/cskh_bot", "bit.ly/3xYz9Qk", "goo.gl/abc", "zalo.me/0912345678", "fb.com/trang",
    "m.facebook.com/groups/123", "docs.google.com/spreadsheets/d/1aB",
]
ORDERS = [
    "DH2403150087", "dh12345", "SPX-VN123456", "GHN-12345678", "#ORD-2024-000981",
    "EB123456789VN", "S123456.BO.123456", "#123456", "240315ABCD1234", "851234567890",
]
KEPT = [  # must come out exactly as typed
    "giá 500k", "hoàn 1.500.000đ", "350.000 VND", "1500000vnd", "10000000 đồng",
    "2.000.000.000", "1,5 triệu", "giảm 50% cho 3 đơn", "trả góp 0% 12 tháng", "0,5%", "15%",
    "8h30 sáng", "07:30", "từ 8h đến 17h30", "ngày 12/03/2024", "2024-03-12", "12-03-2024",
    "năm 2024", "1800-1900", "Q1 2024", "iPhone 15 Pro", "Covid-19", "size 38", "A4A4",
    "phiên bản 2.0", "v.v.", "tp.hcm", "Chào anh.Co cách nào", "khách đặt 2 lần 3 món",
    "123456", "500000", "giao trong 3-5 ngày", "khách 60 tuổi", "hotline là gì", "email là gì",
    "mã đơn hàng ở đâu", "Khách nói: mẹ tôi bị ốm", "ship 30k ra Hà Nội",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_are_replaced(phone: str) -> None:
    assert redact.redact(f"khách để lại số {phone} nhờ gọi lại") == (
        f"khách để lại số {PHONE} nhờ gọi lại")


@pytest.mark.parametrize("email", EMAILS)
def test_email_addresses_are_replaced(email: str) -> None:
    assert redact.redact(f"gửi hóa đơn về {email}.") == f"gửi hóa đơn về {EMAIL}."


@pytest.mark.parametrize("link", LINKS)
def test_links_are_replaced_up_to_the_sentence_end(link: str) -> None:
    assert redact.redact(f"khách gửi link {link}, hỏi sao lỗi?") == (
        f"khách gửi link {LINK}, hỏi sao lỗi?")
    assert redact.redact(f"({link})") == f"({LINK})"


@pytest.mark.parametrize("code", ORDERS)
def test_order_codes_are_replaced(code: str) -> None:
    assert redact.redact(f"đơn {code} chưa giao") == f"đơn {ORDER} chưa giao"


@pytest.mark.parametrize("text", KEPT)
def test_prices_times_dates_and_counts_stay(text: str) -> None:
    assert redact.redact(text) == text
    assert strip_noise(text) == text  # and the search still reads them


def test_several_details_in_one_message_each_get_their_placeholder() -> None:
    text = ("Chị Lan (0912 345 678, lan@gmail.com) hỏi đơn DH2403150087 giá 1.500.000đ "
            "xem ở https://shopee.vn/abc lúc 8h30")
    assert redact.redact(text) == (f"Chị Lan ({PHONE}, {EMAIL}) hỏi đơn {ORDER} giá "
                                   f"1.500.000đ xem ở {LINK} lúc 8h30")


def test_a_phone_number_glued_to_a_word_is_still_a_phone_number() -> None:
    assert redact.redact("sdt0912345678 nha") == f"sdt{PHONE} nha"
    assert redact.redact("SĐT:0912345678") == f"SĐT:{PHONE}"


def test_redacting_twice_changes_nothing_more() -> None:
    once = redact.redact("gọi 0912 345 678 hoặc mail a@b.vn, đơn #123456, t.me/x")
    assert redact.redact(once) == once


def test_the_search_blanks_the_same_details() -> None:
    assert strip_noise("0912 345 678").strip() == ""
    assert strip_noise("https://bit.ly/3xYz9Qk").strip() == ""
    assert strip_noise("DH2403150087").strip() == ""
    assert strip_noise("khách hỏi a@b.vn").strip() == "khách hỏi"


@pytest.mark.parametrize("text", [
    "0 " * 2000, "0" + " 3" * 2000, "DH1234" + "a" * 4000 + "é", "a." * 2000,
    "a" * 4000 + "@", "1" * 4000 + "é", "+" + "1 " * 2000, "x-" * 2000 + ".com",
    "#" + "1" * 4000 + "é", "0912 345 67 " * 400, "http://" + "a" * 4000,
])
def test_a_long_hostile_message_is_handled_at_once(text: str) -> None:
    """Telegram messages run to 4,096 characters; no shape of one makes the patterns
    backtrack for long (a generous bound: this is a guard, not a benchmark)."""
    start = time.perf_counter()
    redact.redact(text)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(("text", "kept"), [
    ("Ma OTP cua quy khach la 482913. Khong cung cap ma nay cho bat ky ai",
     f"Ma OTP cua quy khach la {redact.CODE}."),
    ("[VCB] Mã xác thực giao dịch của Quý khách là 120394, hiệu lực 3 phút",
     f"Quý khách là {redact.CODE}, hiệu lực 3 phút"),
    ("123456 la ma xac thuc cua ban", f"{redact.CODE} la ma xac thuc"),
    ("Your verification code is 1234", f"code is {redact.CODE}"),
])
def test_one_time_codes_are_replaced_and_their_text_is_no_question(text: str, kept: str) -> None:
    assert kept in redact.redact(text)
    assert redact.redact(redact.redact(text)) == redact.redact(text)
    assert searchable(text) is None


@pytest.mark.parametrize("text", [
    "khách nhập OTP sai 3 lần bị khóa tài khoản", "mã giảm giá 2024 cho khách quen",
    "khach doc ma OTP 3 lan sai thi sao", "OTP gửi chậm 5 phút khách phàn nàn"])
def test_a_question_about_codes_is_still_a_question(text: str) -> None:
    assert not redact.has_code(text)
    assert searchable(text) is not None
