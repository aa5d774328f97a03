"""Language data lives in one place: the code that reads it agrees with the data files."""

from __future__ import annotations

from kehoach_parser.read.syllable import is_syllable
from kehoach_parser.restore.inventory import generate


def test_reader_accepts_every_syllable_the_restorer_can_write() -> None:
    # Both read diacritics/phonotactics.yaml; a syllable the restorer may produce must
    # never look like a wrong 8-bit table or a cut word to the reader.
    rejected = [s for s in generate() if not is_syllable(s)]
    assert not rejected, rejected[:20]
