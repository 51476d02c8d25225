"""Every scrape quirk and typing habit named in the issue has a test here."""

import pytest

from bot.text import normalize


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoà", "hòa"), ("thuý", "thúy"), ("thoả", "thỏa"), ("khoẻ", "khỏe"), ("Hoà", "Hòa"),
     ("HOÀ", "HÒA"), ("loà", "lòa")],
)
def test_old_and_new_tone_placement_are_equal(old: str, new: str) -> None:
    assert normalize.canonical_tones(old) == normalize.canonical_tones(new)


@pytest.mark.parametrize(
    "word", ["người", "quý", "giữ", "gì", "tuyết", "hoàng", "ngoài", "khuỷu", "quả", "thuở"]
)
def test_canonical_tones_keeps_correct_words(word: str) -> None:
    assert normalize.canonical_tones(word) == word


def test_nfd_input_is_composed() -> None:
    decomposed = "cha\u0306m so\u0301c"
    assert normalize.canonical_tones(decomposed) == "chăm sóc"
    assert normalize.fold(decomposed) == "cham soc"


def test_fold_removes_accents_case_and_d_stroke() -> None:
    assert normalize.fold("Đảm bảo CHẤT LƯỢNG đồng hồ") == "dam bao chat luong dong ho"


def test_tokens_split_word_segmentation_underscores_and_punctuation() -> None:
    assert normalize.tokens("chăm_sóc khách_hàng , KHÁCH!!!") == [
        "cham", "soc", "khach", "hang", "khach"]


def test_tokens_normalise_numbers_and_percent() -> None:
    assert normalize.tokens("125.000 đô la, 59%") == normalize.tokens("125000 do la 59 phần trăm")


def test_tokens_survive_controls_emoji_and_mixed_scripts() -> None:
    assert normalize.tokens("khách\x00hàng 😀 клиент 顧客\u200b") == [
        "khach", "hang", "клиент", "顧客"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("khachs", "khach"), ("hangf", "hang"), ("nguowif", "nguoi"), ("ddam", "dam"),
     ("meef", "me"), ("thaanf", "than"), ("trungthanh", "trungthanh")],
)
def test_decode_telex_residue(typed: str, meant: str) -> None:
    assert normalize.decode_telex(typed) == meant


def test_tidy_spacing_fixes_segmenter_output() -> None:
    raw = 'Hãy luôn chịu_khó " đi dạo thị_trường " để đáp_ứng ( có_thể bằng email ) .'
    assert normalize.tidy_spacing(raw) == (
        "Hãy luôn chịu khó “đi dạo thị trường” để đáp ứng (có thể bằng email).")


def test_tidy_spacing_rejoins_split_names() -> None:
    assert normalize.tidy_spacing("Công_ty Broadc @_st và MailWorkZ_chuyên") == (
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
    paragraphs = normalize.join_wrapped_lines(lines)
    assert len(paragraphs) == 2
    assert "mình không cần phải biết" in paragraphs[0]
    assert paragraphs[1].endswith("muốn bị đổ lỗi.")


def test_unwrapped_text_keeps_headings_apart() -> None:
    lines = [
        "Sai lầm thứ ba: Mất dần đam mê",
        "Thoạt đầu, bạn là một người khởi nghiệp với một ý tưởng cao đẹp: làm cho cuộc sống "
        "tốt đẹp hơn với sản phẩm và dịch vụ mới của mình. Bạn dùng sự đam mê để tạo ra.",
    ] * 3
    paragraphs = normalize.join_wrapped_lines(lines)
    assert paragraphs[0] == "Sai lầm thứ ba: Mất dần đam mê"


def test_lost_first_letter_is_restored() -> None:
    assert normalize.restore_lost_initial("ể thành công thì") == "Để thành công thì"
    assert normalize.restore_lost_initial("Để thành công") == "Để thành công"


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
    assert normalize.is_boilerplate(line)


def test_clean_article_removes_boilerplate_and_inline_ads() -> None:
    raw = (
        "Số chương: 1\nPhí download: 1 gạo\n\nLàm sao để cả công ty suy nghĩ và thở với "
        "khách hàng, đặc biệt là với công ty đồng hồ đôi giá rẻ? Jan Carlzon viết cuốn sách.\n"
        "\nLIÊN HỆ TƯ VẤN\nTitle\nCaption\n"
    )
    paragraphs = normalize.clean_article(raw)
    text = " ".join(paragraphs)
    assert "đồng hồ" not in text and "gạo" not in text and "TƯ VẤN" not in text
    assert text.startswith("Làm sao để cả công ty suy nghĩ và thở với khách hàng?")


def test_split_sentences() -> None:
    assert normalize.split_sentences("Một câu. Hai câu! “Ba” câu? 4 câu.") == [
        "Một câu.", "Hai câu!", "“Ba” câu?", "4 câu."]
