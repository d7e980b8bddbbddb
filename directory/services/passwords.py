"""Is a new password too easy to guess? Checked offline, as NIST SP 800-63B advises:
against lists of common and breached passwords, dictionary words, names, keyboard
patterns and repeats, and against the person's own address and this site's name.

The lists and the estimator are zxcvbn's (Dropbox's estimator; the Python port ships
its frequency lists, 30,000 of the most common passwords from breach corpora among
them, MIT licence); nothing is sent anywhere.
"""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

# zxcvbn's scale: 0-2 fall to an online or fast offline attack (under about 10^8
# guesses); 3 is "safely unguessable" for a slow hash such as ours (argon2id).
MIN_SCORE = 3
# The estimator's own limit; a longer password is judged by its first 72 characters.
SCORED_LENGTH = 72
SITE_WORDS = ["find", "practitioner", "directory", "tweakment", "aesthetic", "aesthetics"]


def too_guessable(password: str, email: str = "") -> bool:
    """True when ``password`` is common, breached-list material or built from the
    address (``email``) or the site's name."""
    hints = [*SITE_WORDS, *(w for w in re.split(r"[@._+-]", email.lower()) if len(w) > 2)]
    result = zxcvbn(password[:SCORED_LENGTH], user_inputs=hints)
    return int(result["score"]) < MIN_SCORE
