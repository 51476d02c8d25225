"""Search finds the right tip however users type, and nothing for off-topic queries."""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path

import pytest

from bot.corpus import DEFAULT_SEEDS_DIR, load_corpus
from bot.render import tip_plain
from bot.search import SearchIndex, build_index
from bot.search.analysis import stem_en
from bot.text import normalize

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import search_quality


def _top_text(index: SearchIndex, query: str, k: int = 3) -> list[str]:
    return [" ".join(normalize.tokens(tip_plain(h.tip))) for h in index.search(query, limit=k)]


def _found(index: SearchIndex, query: str, phrase: str, k: int = 3) -> bool:
    needle = " ".join(normalize.tokens(phrase))
    return any(needle in text for text in _top_text(index, query, k))


@pytest.mark.parametrize(
    ("kind", "query", "phrase"),
    [
        ("diacritics", "đam mê trong kinh doanh", "đam mê"),
        ("no_diacritics", "nhan vien phai co thai do dung dan", "thái độ đúng đắn"),
        ("tone placement", "thoả mãn thực sự", "thoả mãn thực sự"),
        # A typo typed with diacritics (trác) is a well-formed syllable: repaired only
        # because the fix makes a phrase the tips use with its neighbour (trát phấn).
        ("typo", "tô son trác phấn", "son phấn"),
        ("typo", "chấp nhận khách hàng rắt rối", "khách hàng rắc rối"),
        ("typo", "khach hang trung thàn", "trung thành"),
        ("telex", "khachs hangf ddoor looix", "đổ lỗi"),
        # a VNI keyboard in the wrong mode leaves its digits, glued to the letters
        ("vni", "kha1ch ha2ng d9o63 lo64i", "đổ lỗi"),
        ("segmented", "chăm_sóc khách_hàng đặc_biệt", "quan trọng đặc biệt"),
        # up to four words typed without spaces; a typo inside a phrase of two
        ("run_together", "chamsockhachhang dac biet", "quan trọng đặc biệt"),
        ("run_together", "khachhangtrungthanh bo di", "trung thành"),
        ("typo", "khách hàng đổ lõi cho công ty", "đổ lỗi"),
        ("typo", "threadles cuoc thi ao", "Threadless"),  # the stemmer cut "es" off a typo
        ("upper_punct", "TUẦN TRĂNG MẬT ĐÃ KẾT THÚC???", "tuần trăng mật"),
        ("question", "làm sao để khách hàng ủng hộ hết mình cho doanh nghiệp?", "ủng hộ hết mình"),
        ("keyword", "Disney", "Disney"),
        ("paraphrase", "khách hay đổ thừa cho mình", "đổ lỗi"),
        ("english", "moments of truth", "thời khắc của sự thật"),
        ("english", "hiring for attitude", "thái độ"),
        # everyday verbs and quantifiers ("each", "come", "own") say nothing of the topic
        ("english", "should each service package come with its own promotion?",
         "khuyến mãi cho mỗi"),
        ("english", "Can we just flag the problem customers in advance and stop serving them?",
         "đoán trước"),
        ("detail", "59%", "59%"),
        # the article numbers its mistakes; a tip opening one carries its number
        ("detail", "sai lam thu 3 la gi", "đánh mất đam mê"),
        ("detail", "Threadless ao phong", "Threadless"),
        ("detail", "Karen Fegarty", "Karen"),
        ("detail", "Broadc@st", "Broadc@st"),
    ],
)
def test_query_kinds_find_the_right_tip(index: SearchIndex, kind: str, query: str,
                                        phrase: str) -> None:
    assert _found(index, query, phrase), (kind, query)


@pytest.mark.parametrize(
    "query",
    ["công thức nấu phở", "bitcoin price", "đổi trả hàng hoàn tiền", "asdfgh", "123456",
     "thời tiết ngày mai", "xin chào",
     # Syllables the articles hold, in phrases they never use, naming no customer.
     "giá vàng hôm nay tăng hay giảm", "lịch thi đấu bóng chuyền tuần sau"],
)
def test_off_topic_queries_return_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


@pytest.mark.parametrize(
    "query",
    ["", "   ", "\x00\x01\x1b[31m", "😀😀😀", "клиент 顧客 عميل", "?" * 500,
     "khách hàng " * 1000, "\u200b\u200d\ufeff"],
)
def test_bad_input_never_raises(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert all(0.0 <= h.score <= 1.0 for h in hits)


def test_results_are_ranked_and_scored(index: SearchIndex) -> None:
    hits = index.search("giữ chân khách hàng cũ", limit=5)
    assert 1 <= len(hits) <= 5
    assert [h.rank_score for h in hits] == sorted((h.rank_score for h in hits), reverse=True)
    assert len({h.tip.id for h in hits}) == len(hits)


def test_every_article_detail_leads_to_its_tip(index: SearchIndex) -> None:
    for name in ["Lior Arussy", "Jan Carlzon", "L.L. Bean", "Delta Airlines", "1047",
                 "125.000 đô la", "IE 6", "98%", "Lỗi tại anh", "tuần trăng mật",
                 "chú vịt xấu xí", "đi dạo thị trường"]:
        assert _found(index, name, name, k=1), name


def test_development_set_meets_the_quality_floor(index: SearchIndex) -> None:
    """The whole development set (all kinds, all articles): a regression guard.

    The floor sits a little under the measured figures (README) so a real regression
    fails while a tip wording change does not.
    """
    result = search_quality.summary(search_quality.evaluate(index, search_quality.load_queries()))
    assert result["queries"] >= 200
    assert result["hit@3"] >= 0.96
    assert result["hit@1"] >= 0.90
    assert result["offtopic_rejected"] >= 0.95


@pytest.mark.parametrize(("name", "hit3", "rejected"), [
    ("staff", 0.94, 0.95), ("mixed", 0.95, 0.95), ("set4", 0.95, 0.95), ("set6", 0.89, 0.94),
    ("set9", 0.89, 0.93), ("set10", 0.93, 0.94), ("set12", 0.91, 0.92)])
def test_every_development_set_meets_its_floor(index: SearchIndex, name: str, hit3: float,
                                               rejected: float) -> None:
    """The other development sets, each a little under its measured figures: a change
    that helps one set's wording at another's cost fails here. The tip model was fitted
    on these sets (``bench/fit_tips.py``): the figures are what it learned, not what an
    unseen author gets (the held-out sets in ``bench/search_quality.py`` say that)."""
    result = search_quality.summary(search_quality.evaluate(
        index, search_quality.load_queries(search_quality.SETS[name])))
    assert result["hit@3"] >= hit3 and result["offtopic_rejected"] >= rejected, result


def test_index_cache_is_used_and_follows_the_seeds(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEEDS_DIR, seeds)
    monkeypatch.setenv("BOT_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("BOT_CACHE_DIR", str(tmp_path / "cache"))
    corpus = load_corpus(seeds, check_sources=False)
    first = build_index(corpus)
    assert len(list((tmp_path / "cache").glob("index-*.json"))) == 1
    again = build_index(corpus)
    assert [h.tip.id for h in again.search("giữ chân khách hàng")] == \
        [h.tip.id for h in first.search("giữ chân khách hàng")]
    # A new synonym changes the seeds, so the index is built again and knows it.
    lexicon = seeds / "lexicon.toml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace(
        "synonyms_more = [", 'synonyms_more = [\n  ["zebranova", "đam mê"],', 1),
        encoding="utf-8")
    files = set((tmp_path / "cache").glob("index-*.json"))
    rebuilt = build_index(corpus)
    assert ("zebranova",) in rebuilt.lexicon.phrase_group
    assert ("zebranova",) not in first.lexicon.phrase_group
    assert set((tmp_path / "cache").glob("index-*.json")) != files
    (tmp_path / "cache").chmod(0o500)  # a cache that cannot be written is no error
    try:
        lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert build_index(corpus).search("giữ chân khách hàng")
    finally:
        (tmp_path / "cache").chmod(0o700)


@pytest.mark.parametrize(
    ("typed", "read"),
    [("khách complain hoài, em handle sao", "khách phàn nàn hoài, em xử lý sao"),
     ("team em onboarding fresher kiểu gì", "đội ngũ em đào tạo nhân viên mới kiểu gì"),
     ("khach churn nhieu qua", "khach rời bỏ nhieu qua")],
)
def test_english_words_inside_vietnamese_read_as_the_articles_concepts(
        index: SearchIndex, typed: str, read: str) -> None:
    assert index.expand(typed) == read


@pytest.mark.parametrize("typed", ["kh cu bi bo roi", "khach hang roi bo minh roi"])
def test_a_plain_vietnamese_word_is_no_english_one(index: SearchIndex, typed: str) -> None:
    """"roi" is "rồi" typed plainly long before it is ROI: the mixed table must not map
    an English word that a Vietnamese syllable spells."""
    assert "lợi nhuận" not in index.expand(typed)


@pytest.mark.parametrize("typed", ["how to handle customer complaints",
                                   "satisfied vs truly delighted customers"])
def test_an_english_message_keeps_its_words(index: SearchIndex, typed: str) -> None:
    assert "phàn nàn" not in index.expand(typed) and "hài lòng" not in index.expand(typed)


def test_a_key_held_too_long_is_read_as_the_word(index: SearchIndex) -> None:
    assert _found(index, "dịch vuu hậu mãii chu đáo là làm nhữngg gì", "hậu mãi")


def test_a_storys_setting_is_ignored_but_a_short_question_keeps_it(index: SearchIndex) -> None:
    """A long story's shop, products and people are scenery; asked briefly, they are
    what is asked (and plain-typed, a one-word setting must not swallow "sửa")."""
    story = ("tiệm bánh bên em có bà khách mua bánh kem đều mỗi tuần suốt hai năm liền, "
             "tháng này bà chuyển sang mua chỗ khác vì bên đó giao nhanh hơn, em nên "
             "làm gì để giữ bà ấy lại")
    seq, _, _ = index.analyzer.analyse(story, index.terms)
    index.terms.end_query()
    ignored = {t.toned for t in seq if t.stop}
    assert {"tiệm", "bánh", "kem", "bà"} <= ignored
    seq, _, _ = index.analyzer.analyse("tiệm bánh giữ khách quen", index.terms)
    index.terms.end_query()
    assert not any(t.stop for t in seq if t.toned in ("tiệm", "bánh"))
    plain = ("khach mua may ve tu sua roi lam hong, goi len bat shop sua mien phi, "
             "em da huong dan ky lam roi ma ong ay van tu lam, gio em nen tra loi sao")
    seq, _, _ = index.analyzer.analyse(plain, index.terms)
    index.terms.end_query()
    assert not any(t.stop for t in seq if t.word == "sua")
    assert any(t.stop for t in seq if t.word == "ong")


@pytest.mark.parametrize(("typed", "not_read_as"), [
    ("khách lắp ngược lõi lọc", "sai_lam"),  # lõi (core) is not lỗi (error)
    ("tuyến đầu tiếp khách", "tuyen_dung"),  # tuyến (front line) is not tuyển (hire)
])
def test_a_word_typed_with_diacritics_is_no_synonym_of_another_it_folds_onto(
        index: SearchIndex, typed: str, not_read_as: str) -> None:
    from bot.search.ranking import units

    seq, english, _ = index.analyzer.analyse(typed, index.terms)
    terms = {t for u in units(seq, english, index.lexicon, index.terms)
             for alt, _ in u.alternatives for t in alt}
    index.terms.end_query()
    assert not_read_as not in terms
    plain, english, _ = index.analyzer.analyse(normalize.fold(typed), index.terms)
    assert any(not_read_as in alt for u in units(plain, english, index.lexicon, index.terms)
               for alt, _ in u.alternatives)  # typed plainly, it may be either
    index.terms.end_query()


def test_names_in_a_story_do_not_drown_its_question(index: SearchIndex) -> None:
    """Capitalised words inside a sentence the articles never use are names: ignored."""
    seq, _, _ = index.analyzer.analyse(
        "Chị Hạnh mua bánh ở tiệm Mộc Lan tại Đà Lạt, giờ chị chuyển qua Butter House",
        index.terms)
    index.terms.end_query()
    ignored = {t.word for t in seq if t.stop}
    # "Hạnh" folds onto an article's word (hành) but is not written so in any tip.
    assert {"hanh", "moc", "lan", "da", "lat", "butter", "house"} <= ignored
    seq, _, _ = index.analyzer.analyse("hãng hàng không của Jan Carlzon", index.terms)
    index.terms.end_query()
    assert not any(t.stop for t in seq if t.word in ("jan", "carlzon"))


def test_a_storys_telling_is_not_its_question(index: SearchIndex) -> None:
    """A rule or a price told in a story's telling asks no fact: the story is answered.
    Its question still does ("theo luật … bao nhiêu ngày"), and "nào cũng" ("anywhere")
    asks nothing, while "chỗ nào cung cấp" (where to get) does."""
    told = ("Phòng tập bên em có quy định hội viên tự lau máy sau khi tập, bảng hướng dẫn "
            "dán khắp nơi. Vậy mà anh khách quen tuần nào cũng bỏ mặc máy ướt rồi còn lên "
            "mạng chê phòng tập bẩn. Em nên làm gì với khách như anh ấy?")
    asked = ("Chị khách mua máy giặt ở cửa hàng bên em, dùng được hai tuần thì hỏng bo "
             "mạch. Chị muốn đổi máy mới. Theo luật bảo vệ người tiêu dùng thì cửa hàng "
             "bắt buộc đổi trong bao nhiêu ngày?")

    def asks(text: str) -> bool:
        seq, _, _ = index.analyzer.analyse(text, index.terms)
        index.terms.end_query()
        return any(t.asks for t in seq)

    assert not asks(told) and index.search(told)
    assert asks(asked) and not index.search(asked)
    assert not asks("khách bảo mua chỗ nào cũng vậy")
    assert asks("chỗ nào cung cấp tai nghe tổng đài rẻ")


def test_a_refund_in_a_storys_telling_is_not_its_question(index: SearchIndex) -> None:
    """A customer who demanded a refund is a story the tips answer; how long a refund
    takes is a question for someone else, told as a story or not."""
    told = ("Tiệm bánh bên em dặn khách giữ lạnh bánh kem, vậy mà chị khách quen để bánh "
            "trong cốp xe cả buổi rồi đòi hoàn tiền. Tháng trước chị cũng làm y vậy. Em có "
            "nên nói thẳng là lỗi của chị không?")
    asked = ("Tiệm bánh bên em có chị khách quen đặt bánh kem sinh nhật rồi hủy đơn trước "
             "một ngày vì đổi kế hoạch. Chị đã chuyển khoản đủ tiền. Hoàn tiền qua ngân "
             "hàng thì mất mấy ngày?")
    assert index.search(told)
    assert not index.search(asked)


@pytest.mark.parametrize("query", [
    "phí ship nội thành bao nhiêu", "mẫu email xin lỗi khách", "tăng ca có được trả lương không",
    "nên dùng phần mềm help desk nào", "luật hoàn tiền cho khách là gì",
    "hotline làm việc mấy giờ",
    # A tool's name, capitalised as names are, is still a tool the articles never name.
    "Nên dùng phần mềm CRM nào cho team 10 người, Hubspot, Salesforce hay Zendesk?",
    # Selling online, staff matters, accounts and paperwork the articles never cover.
    "có nên livestream bán hàng trên Shopee mỗi tối không", "nhân viên xin nghỉ việc thì sao",
    "khách quên mật khẩu đăng nhập thì hướng dẫn thế nào",
    # "hoàn" is no word of the tips; a letter away, "toàn" is: still a refund question.
    "khách đòi hoàn tiền về ví bao lâu thì nhận được"])
def test_near_domain_questions_the_articles_skip_find_nothing(index: SearchIndex,
                                                               query: str) -> None:
    assert index.search(query) == []


@pytest.mark.parametrize(("query", "phrase"), [
    ("team mình muốn customer-centric hơn thì bắt đầu từ đâu", "hướng về khách hàng"),
    ("khách không renew hợp đồng nữa", "khách mới"),
    ("onboarding fresher thế nào cho bài bản", "đào tạo"),
])
def test_a_mixed_sentence_is_a_question(index: SearchIndex, query: str, phrase: str) -> None:
    assert _found(index, query, phrase), query


@pytest.mark.parametrize("query", [
    "khách hỏi đối soát COD mấy ngày thì shop nhận tiền",
    "nhân viên CSKH được đóng bảo hiểm thất nghiệp thế nào",
    "cai macro tra loi nhanh tren Freshchat cho khach",
])
def test_a_matter_only_the_long_list_names_finds_nothing(index: SearchIndex, query: str) -> None:
    """seeds/outside.toml (by subject: shipping, pay, tools…) extends the lexicon's list."""
    assert index.search(query) == [], query


def test_a_matter_is_compared_as_typed_when_typed_with_diacritics(index: SearchIndex) -> None:
    """Folded, "dịch vụ không" is "vu khống" (slander) and "vẫn chuyển" is "vận chuyển";
    typed with diacritics the words are what they say, so no matter is named."""
    for query in ("dịch vụ không tốt thì khách vẫn chuyển sang bên khác",):
        toks, _, _ = index.analyzer.analyse(query, index.terms)
        assert not [t.toned for t in toks if t.outside], query
    toks, _, _ = index.analyzer.analyse("khach doi van chuyen nhanh", index.terms)
    assert [t.word for t in toks if t.outside] == ["van", "chuyen"]


def test_no_mixed_word_stands_for_a_matter_the_articles_skip(index: SearchIndex) -> None:
    """An English word the lexicon lists as outside the articles ("crm", "salary") must
    not be read as one of the articles' concepts first, or the gate never sees it."""
    with (DEFAULT_SEEDS_DIR / "mixed.toml").open("rb") as fh:
        rules = tomllib.load(fh)["rule"]
    typed = {tuple(stem_en(w) for w in normalize.tokens(t)) for r in rules for t in r["typed"]}
    assert not typed & index.lexicon.outside


def test_a_name_nobody_wrote_about_is_what_a_short_question_asks(index: SearchIndex) -> None:
    """Unknown capitalised words are dropped as names after a title ("chị Hạnh") or in a
    story; in a short question ("dùng Slack hay Teams") the name is what is asked, so
    it counts as a word no tip holds instead of vanishing."""
    seq, _, _ = index.analyzer.analyse("team mình nên dùng Slack hay Teams", index.terms)
    assert any(t.word == "slack" and not t.stop and not t.known for t in seq)
    seq, _, _ = index.analyzer.analyse("chị Hạnh không quay lại nữa", index.terms)
    assert all(t.stop for t in seq if t.word == "hanh")


def test_an_english_adverb_is_read_as_its_adjective() -> None:
    assert stem_en("differently") == stem_en("different")
    assert stem_en("regularly") == stem_en("regular")
    assert stem_en("apply") != "app" and stem_en("reply") != "rep"
