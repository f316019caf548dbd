"""Vietnamese numbers in official documents: amounts of money with a dot for
thousands, numbers and money in words (the total of a decision, AWARDS.md "Numbers and
text") and the zero-padded counts of the lists ('02 tập thể và 05 cá nhân'). Beside
common/vietnamese.py, which writes the documents' numbers and dates."""


def count_label(collectives, people):
    """'02 tập thể và 05 cá nhân', leaving out a kind that has none."""
    parts = []
    if collectives:
        parts.append(f"{collectives:02d} tập thể")
    if people:
        parts.append(f"{people:02d} cá nhân")
    return " và ".join(parts) or "00 cá nhân"


def money(amount):
    """2340000 -> '2.340.000 đồng' (dot for thousands, AWARDS.md)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", "nghìn", "triệu", "tỷ"]


def _three_digits(number, full):
    """Words of 0..999; `full` reads the hundreds and 'linh' even when they are zero
    (inside a larger number: 'một triệu không trăm linh năm nghìn')."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return words


def number_in_words(number):
    """1005000 -> 'một triệu không trăm linh năm nghìn' (up to hundreds of billions)."""
    if number == 0:
        return "không"
    groups = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    words = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index] == 0:
            continue
        words += _three_digits(groups[index], full=index < len(groups) - 1)
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    return " ".join(words)


def money_in_words(amount):
    text = f"{number_in_words(amount)} đồng"
    return text[0].upper() + text[1:]
