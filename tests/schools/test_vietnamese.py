import datetime

from common.vietnamese import (
    collation_key,
    document_date,
    document_number,
    name_sort_key,
    search_key,
    sort_people,
)


def test_letters_follow_the_vietnamese_alphabet():
    words = ["đào", "dung", "ân", "ăn", "an", "ơn", "ôn", "on", "ưng", "ung", "ê", "e"]
    assert sorted(words, key=collation_key) == [
        "an",
        "ăn",
        "ân",
        "dung",
        "đào",
        "e",
        "ê",
        "on",
        "ôn",
        "ơn",
        "ung",
        "ưng",
    ]


def test_tones_only_break_ties_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(words, key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # a tone never outweighs a letter: "má" < "mai"
    assert sorted(["mai", "má"], key=collation_key) == ["má", "mai"]


def test_names_sort_by_given_name_then_the_rest():
    names = [
        "Nguyễn Văn Bình",
        "Trần Thị An",
        "Lê Văn Anh",
        "Đặng Kim Ngân",
        "Bùi Thị Ân",
        "Nguyễn Thị Ánh",
        "Đỗ Thị An",
    ]
    assert sorted(names, key=name_sort_key) == [
        "Đỗ Thị An",
        "Trần Thị An",
        "Lê Văn Anh",
        "Nguyễn Thị Ánh",
        "Bùi Thị Ân",
        "Nguyễn Văn Bình",
        "Đặng Kim Ngân",
    ]


def test_sort_people_and_keys_are_digits_only():
    class P:
        def __init__(self, full_name):
            self.full_name = full_name

    people = [P("Võ Văn Đức"), P("Võ Văn Dũng")]
    assert [p.full_name for p in sort_people(people)] == ["Võ Văn Dũng", "Võ Văn Đức"]
    assert name_sort_key("Ưng Hoàng Phúc").isdigit()


def test_search_key_strips_accents_and_d_stroke():
    assert search_key("  Đặng   Kim Ngân ") == "dang kim ngan"
    assert search_key("TRƯỜNG MẦM NON") == "truong mam non"


def test_document_date_pads_day_and_first_two_months():
    assert document_date(datetime.date(2024, 1, 5)) == "ngày 05 tháng 01 năm 2024"
    assert document_date(datetime.date(2024, 5, 10)) == "ngày 10 tháng 5 năm 2024"
    assert document_date(datetime.date(2024, 12, 1)) == "ngày 01 tháng 12 năm 2024"


def test_document_numbers_below_ten_have_their_zero():
    """NĐ 30/2020 (Phụ lục I, Phần I, Mục II): 'Số: 05/KH-THLU'; a draft has no number."""
    assert document_number(4, "KH-THLU") == "04/KH-THLU"
    assert document_number(57, "KH-MNLN") == "57/KH-MNLN"
    assert document_number(120, "QĐ-SGDĐT") == "120/QĐ-SGDĐT"
    assert document_number(None, "TTr-THA1") == "/TTr-THA1"
