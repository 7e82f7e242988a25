from __future__ import annotations

from workstation.services.text import clean_text, normalize_identifier


def test_identifier_normalisation() -> None:
    assert normalize_identifier(" ０１２３ab\t") == "0123AB"
    assert normalize_identifier("Ｃ０００１２３４５\n") == "C00012345"


def test_clean_text_keeps_chinese_punctuation() -> None:
    assert clean_text("  长治市图书馆（新馆）  ") == "长治市图书馆（新馆）"
    assert clean_text("《红楼梦》　第２册") == "《红楼梦》 第2册"
    assert clean_text("Ｚｈａｎｇ  San") == "Zhang San"
