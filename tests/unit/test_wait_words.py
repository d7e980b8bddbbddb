"""How the 429 pages say a wait: rounded up, never shorter than the real one."""

from __future__ import annotations

import pytest

from directory.errors import wait_words


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (None, "a while"),
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (61, "about 2 minutes"),
        (3599, "about 60 minutes"),
        (5340, "about 89 minutes"),
        (5341, "about 2 hours"),
        (86400, "about 24 hours"),
    ],
)
def test_waits_are_rounded_up(seconds, said):
    assert wait_words(seconds) == said
