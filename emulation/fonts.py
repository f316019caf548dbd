"""Widths of text in the documents' font, measured from the font files the project
ships: a header line that would not fit its column is broken before printing, and Word
columns are sized to what they hold."""

from functools import cache

from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont

# Liberation Serif has the metrics of Times New Roman: a line measured in it takes the
# same width in Word.
FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}


@cache
def _metrics(bold, italic):
    font = TTFont(finders.find(f"fonts/{FONT_FILES[bold, italic]}"), lazy=True)
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def text_width_mm(text, size_pt, look):
    """The width of one line of `text` in Times New Roman of `size_pt`, bold and italic
    as `look` (anything with .bold and .italic) says."""
    characters, advances, units = _metrics(bool(look.bold), bool(look.italic))
    width = sum(advances.get(characters.get(ord(c), ".notdef"), (units // 2, 0))[0] for c in text)
    return width / units * size_pt * 25.4 / 72
