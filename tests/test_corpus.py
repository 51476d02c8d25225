"""Loading and validating the seeds, as a content editor meets them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import Corpus, SeedError, load_corpus
from bot.render import tip_html, tip_plain
from bot.search import build_index


def test_shipped_corpus_has_enough_tips_from_every_article(corpus: Corpus) -> None:
    assert len(corpus.articles) == 5
    assert len(corpus.tips) >= 35
    for article in corpus.articles:
        assert len(corpus.tips_of(article.id)) >= 5, article.id
    assert len({t.id for t in corpus.tips}) == len(corpus.tips)


def test_articles_keep_their_original_file_names(corpus: Corpus) -> None:
    originals = {a.original_file for a in corpus.articles}
    assert originals == {"000_4cc3e8c1d5a53ef8.txt", "001_d6bd504738bd6e94.txt",
                         "002_752d3341d49c969b.txt", "003_5c11f353f212019f.txt",
                         "004_2b45d80b47ef0597.txt"}


def test_tips_are_clean_text(corpus: Corpus) -> None:
    for tip in corpus.tips:
        for text in (tip.principle, tip.passage):
            assert "_" not in text, tip.id
            assert " ," not in text and " ." not in text, tip.id
            for junk in ("download", "đồng hồ đôi", "hcm", "Sựkhác", "chưong"):
                assert junk not in text, (tip.id, junk)


def test_every_tip_fits_a_telegram_message(corpus: Corpus) -> None:
    for tip in corpus.tips:
        assert len(tip_plain(tip)) < 3000
        assert len(tip_html(tip)) < 3500


def test_sources_name_title_and_author_where_known(corpus: Corpus) -> None:
    sources = {t.source.describe() for t in corpus.tips}
    assert any("Huỳnh Kiều Oanh" in s for s in sources)
    assert any("CRM Việt Nam" in s for s in sources)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(root: Path) -> str:
    with pytest.raises(SeedError) as info:
        load_corpus(root)
    return str(info.value)


def test_missing_field_names_file_tip_and_field(seeds_copy: Path) -> None:
    path = seeds_copy / "tips" / "dinh-huong-khach-hang.toml"
    _edit(path, 'principle = "', 'principl = "')
    message = _problems(seeds_copy)
    assert "dinh-huong-khach-hang.toml" in message
    assert "tip 'dh01'" in message
    assert "'principle'" in message and "unknown field 'principl'" in message


def test_duplicate_id_is_reported(seeds_copy: Path) -> None:
    _edit(seeds_copy / "tips" / "khi-khach-cu-lam-sai.toml", 'id = "ks02"', 'id = "ks01"')
    assert "tip 'ks01': field 'id': duplicate" in _problems(seeds_copy)


def test_unknown_topic_is_reported(seeds_copy: Path) -> None:
    path = seeds_copy / "tips" / "khi-khach-cu-lam-sai.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("topics = [", text.index('id = "ks03"'))
    end = text.index("]", start)
    path.write_text(text[:start] + 'topics = ["nau-an"' + text[end:], encoding="utf-8")
    message = _problems(seeds_copy)
    assert "tip 'ks03': field 'topics': unknown topic 'nau-an'" in message


def test_invented_passage_is_rejected_but_typo_fixes_pass(seeds_copy: Path) -> None:
    path = seeds_copy / "tips" / "dinh-huong-khach-hang.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('passage = "', text.index('id = "dh02"'))
    end = text.index('"\n', start + 11)
    invented = 'passage = "Nhân viên nên mỉm cười với khách và tặng quà sinh nhật mỗi năm.'
    path.write_text(text[:start] + invented + text[end:], encoding="utf-8")
    message = _problems(seeds_copy)
    assert "tip 'dh02': field 'passage': not found in dinh-huong-khach-hang.txt" in message


def test_too_long_principle_is_rejected(seeds_copy: Path) -> None:
    _edit(seeds_copy / "tips" / "khi-khach-cu-lam-sai.toml", 'principle = "',
          'principle = "' + "rất " * 60)
    assert "field 'principle':" in _problems(seeds_copy)
    assert "at most 200" in _problems(seeds_copy)


def test_broken_toml_names_the_file(seeds_copy: Path) -> None:
    (seeds_copy / "tips" / "hong.toml").write_text("[article\nid=", encoding="utf-8")
    assert "hong.toml: not valid TOML" in _problems(seeds_copy)


def test_all_problems_are_reported_at_once(seeds_copy: Path) -> None:
    _edit(seeds_copy / "tips" / "khi-khach-cu-lam-sai.toml", 'id = "ks02"', 'id = "ks01"')
    (seeds_copy / "tips" / "hong.toml").write_text("[article\nid=", encoding="utf-8")
    with pytest.raises(SeedError) as info:
        load_corpus(seeds_copy)
    assert len(info.value.problems) >= 2


def test_new_article_needs_no_code_change(seeds_copy: Path) -> None:
    (seeds_copy / "articles" / "moi.txt").write_text(
        "Lắng_nghe khách_hàng là bước đầu_tiên . Hãy ghi_chép mọi góp_ý của khách_hàng "
        "vào sổ tay Zebranova mỗi ngày .", encoding="utf-8")
    (seeds_copy / "tips" / "moi.toml").write_text(
        '[article]\nid = "moi"\nfile = "articles/moi.txt"\noriginal_file = "x.txt"\n'
        'title = "Bài mới"\n\n[[tips]]\nid = "new01"\n'
        'principle = "Ghi lại mọi góp ý của khách hàng."\n'
        'short = "Ghi lại mọi góp ý của khách"\n'
        'situations = ["khách góp ý mà em quên mất", "ghi góp ý vào đâu?", '
        '"sếp hỏi tuần này khách góp ý gì", "where do we keep feedback?", '
        '"em hay quên lời khách dặn", "khách bảo nói rồi mà không ai nhớ"]\n'
        'passage = "Hãy ghi chép mọi góp ý của khách hàng vào sổ tay Zebranova mỗi ngày."\n'
        'tags = ["góp ý", "ghi chép", "lắng nghe"]\ntags_en = ["feedback", "notes"]\n'
        'topics = ["thau-hieu"]\n', encoding="utf-8")
    corpus = load_corpus(seeds_copy)
    assert corpus.get("new01") is not None
    hits = build_index(corpus, seeds_copy / "lexicon.toml").search("so tay zebranova")
    assert hits and hits[0].tip.id == "new01"


def test_overlong_article_title_is_rejected(seeds_copy: Path) -> None:
    _edit(seeds_copy / "tips" / "khi-khach-cu-lam-sai.toml", 'title = "',
          'title = "' + "Tiêu đề rất dài " * 30)
    message = _problems(seeds_copy)
    assert "khi-khach-cu-lam-sai.toml: [article]: field 'title'" in message
