"""Numbering of document parts as Vietnamese administrative documents write them."""

VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"
ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(number):
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def letter(number):
    letters = VIETNAMESE_LETTERS
    if number <= len(letters):
        return letters[number - 1]
    return letters[(number - 1) // len(letters) - 1] + letters[(number - 1) % len(letters)]


def label_for(level, number):
    """Level 1: 'I.', 2: '1.', 3: 'a)', 4: '-', 5: '+'."""
    if level == 1:
        return f"{roman(number)}."
    if level == 2:
        return f"{number}."
    if level == 3:
        return f"{letter(number)})"
    return "-" if level == 4 else "+"


def number_items(items, level_of=lambda item: item.level, override=lambda item: ""):
    """Pair each item with its label; counters of deeper levels restart after a
    shallower item, as in 'I. 1. 2. II. 1.'."""
    counters = {}
    labelled = []
    for item in items:
        level = level_of(item)
        counters[level] = counters.get(level, 0) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        labelled.append((override(item) or label_for(level, counters[level]), item))
    return labelled
