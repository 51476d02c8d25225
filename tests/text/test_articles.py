"""Scraped articles made readable: segmenter spacing, wrapped lines, boilerplate and ads."""

import pytest

from bot.text import articles


def test_tidy_spacing_fixes_segmenter_output() -> None:
    raw = 'Hãy luôn chịu_khó " đi dạo thị_trường " để đáp_ứng ( có_thể bằng email ) .'
    assert articles.tidy_spacing(raw) == (
        "Hãy luôn chịu khó “đi dạo thị trường” để đáp ứng (có thể bằng email).")


def test_tidy_spacing_rejoins_split_names() -> None:
    assert articles.tidy_spacing("Công_ty Broadc @_st và MailWorkZ_chuyên") == (
        "Công ty Broadc@st và MailWorkZ chuyên")


def test_join_hard_wrapped_lines() -> None:
    lines = [
        "Họ không cần một thông tin nào khác. Hay ít nhất họ nghĩ rằng mình",
        "không cần phải biết. Họ sẽ dùng sai tay cầm. Họ cũng sẽ chẳng để ý đến",
        "cảnh báo không nên dùng IE 6 trên web nhà bạn. Bạn cũng sẽ ăn đạn khi",
        "chính họ tự đâm đầu vào ổ virus hay làm sai công thức, dù bạn đã cảnh",
        "báo nhiều lần.",
        "",
        "Vấn đề là, khăng khăng bảo khách hàng sai chả ích gì. Khách hàng không",
        "muốn bị đổ lỗi.",
    ]
    paragraphs = articles.join_wrapped_lines(lines)
    assert len(paragraphs) == 2
    assert "mình không cần phải biết" in paragraphs[0]
    assert paragraphs[1].endswith("muốn bị đổ lỗi.")


def test_unwrapped_text_keeps_headings_apart() -> None:
    lines = [
        "Sai lầm thứ ba: Mất dần đam mê",
        "Thoạt đầu, bạn là một người khởi nghiệp với một ý tưởng cao đẹp: làm cho cuộc sống "
        "tốt đẹp hơn với sản phẩm và dịch vụ mới của mình. Bạn dùng sự đam mê để tạo ra.",
    ] * 3
    paragraphs = articles.join_wrapped_lines(lines)
    assert paragraphs[0] == "Sai lầm thứ ba: Mất dần đam mê"


def test_lost_first_letter_is_restored() -> None:
    assert articles.restore_lost_initial("ể thành công thì") == "Để thành công thì"
    assert articles.restore_lost_initial("Để thành công") == "Để thành công"


@pytest.mark.parametrize(
    "line",
    ["Số chương: 1", "Phí download: 1 gạo", "Nhóm đọc/download: 0 / 1",
     "Link download: epubePub   PDF A4A4", "Tải bản đầy đủ (.doc) (2 trang)",
     "Bạn đang xem bản rút gọn của tài liệu.", "Tải bản đầy đủ ngay", "LIÊN HỆ TƯ VẤN",
     "WARNING: All images from Google Images (http://www.google.com/images) have reserved",
     "Rel nofollow", "×", "162",
     "Để tìm hiểu rõ hơn về đồng hồ đôi giá tre vui lòng truy cập vào đây."],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert articles.is_boilerplate(line)


def test_clean_article_removes_boilerplate_and_inline_ads() -> None:
    raw = (
        "Số chương: 1\nPhí download: 1 gạo\n\nLàm sao để cả công ty suy nghĩ và thở với "
        "khách hàng, đặc biệt là với công ty đồng hồ đôi giá rẻ? Jan Carlzon viết cuốn sách.\n"
        "\nLIÊN HỆ TƯ VẤN\nTitle\nCaption\n"
    )
    paragraphs = articles.clean_article(raw)
    text = " ".join(paragraphs)
    assert "đồng hồ" not in text and "gạo" not in text and "TƯ VẤN" not in text
    assert text.startswith("Làm sao để cả công ty suy nghĩ và thở với khách hàng?")
