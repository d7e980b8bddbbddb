"""The one text cleaner (``directory.web.text``) that every form and search parameter uses."""

import pytest

from directory.web.text import clean_text, one_line


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("Amira\x00 Shah\x07", "Amira Shah"),  # NUL would be refused by PostgreSQL
        ("vic\x01tim@example.org", "victim@example.org"),  # one address for the limits
        ("\x1fVICTIM@example.org ", "VICTIM@example.org"),
        ("SW1A\t1AA\x00", "SW1A 1AA"),  # a pasted tab still separates the halves
        ("Leeds\nLS1", "Leeds LS1"),
        ("a\xa0b", "a b"),  # a no-break space is a space
        ("👩\u200d⚕️ nurse", "👩\u200d⚕️ nurse"),  # joiners hold emoji and scripts together
    ],
)
def test_one_line(typed, line):
    assert clean_text(typed) == line


def test_a_block_keeps_its_lines_and_tabs_and_spaces_out_controls():
    assert clean_text(" Line one\r\nline\x00two\tok\rend ", block=True) == (
        "Line one\nline two\tok\nend"
    )


def test_what_is_not_text_is_left_alone():
    assert clean_text(None) is None
    assert clean_text(3) == 3


def test_one_line_for_mail_headers_has_single_spaces():
    assert one_line(" Amira \n\n Shah\r\n") == "Amira Shah"
    assert one_line(None) is None
