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


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("kha1ch", "khach"), ("hie65n", "hien"), ("d9a2o", "dao"), ("khach", "khach"),
     ("2tr", "2tr"), ("50k", "50k")],
)
def test_decode_vni_residue(typed: str, meant: str) -> None:
    assert normalize.decode_vni(typed) == meant


def test_drop_names_keeps_what_happened_not_who_or_where() -> None:
    told = normalize.drop_names("Tiệm bánh Mộc Lan ở Đà Lạt của chị Mai. Khách quen chê bánh khô.")
    assert normalize.tokens(told) == normalize.tokens(
        "tiệm bánh ở của chị khách quen chê bánh khô")


def test_split_sentences() -> None:
    assert normalize.split_sentences("Một câu. Hai câu! “Ba” câu? 4 câu.") == [
        "Một câu.", "Hai câu!", "“Ba” câu?", "4 câu."]


def test_asking_sentence_is_the_question_not_the_telling() -> None:
    def asked(text: str) -> list[str]:
        forms = normalize.token_forms(text)
        flags = normalize.asking_sentence(text)
        assert len(flags) == len(forms)
        return [folded for (folded, _), flag in zip(forms, flags, strict=True) if flag]

    story = "Tiệm có quy định riêng. Tối qua khách xin đổi. Em nên làm gì?"
    assert asked(story) == ["em", "nen", "lam", "gi"]
    # The question may come first, and a message may end in a remark.
    assert asked("Vì sao khách bỏ đi? Chị Uyên ở resort kể vậy. Em thấy lạ") == \
        ["vi", "sao", "khach", "bo", "di"]
    # Without a question mark, the last sentence asks.
    assert asked("khach quen bo di. em nen lam gi") == ["em", "nen", "lam", "gi"]
    assert asked("") == []
