"""Language data lives in one place: the code that reads it agrees with the data files."""

from __future__ import annotations

from kehoach_parser.read.syllable import is_syllable
from kehoach_parser.restore.inventory import generate


def test_reader_accepts_every_syllable_the_restorer_can_write() -> None:
    # Both read diacritics/phonotactics.yaml; a syllable the restorer may produce must
    # never look like a wrong 8-bit table or a cut word to the reader.
    rejected = [s for s in generate() if not is_syllable(s)]
    assert not rejected, rejected[:20]


def test_folded_word_lists_are_folded() -> None:
    # These lists are matched on folded text (no marks, lowercase): an entry written with
    # its marks ("triệu") would silently never match.
    from kehoach_parser.data import load_yaml
    from kehoach_parser.fold import ocr_fold

    tables, time, read = (load_yaml("grammars", f) for f in ("tables.yaml", "time.yaml",
                                                              "read.yaml"))
    money = tables["money"]
    words = [*money["units"], *money["misreadings"], *money["abbreviations"],
             *money["header_label"], *money["fragment_units"], *money["fragment_phrases"],
             *tables["cells"]["plural"], *time["number_year"], *time["day"], *time["and"],
             *time["half_year"], *read["fill_in_before"], *read["fill_in_after"],
             *load_yaml("diacritics", "references.yaml")["letter_refs"]]
    assert [w for w in words if ocr_fold(str(w)) != w] == []


def test_money_units_resolve() -> None:
    # A misreading or abbreviation names a unit the table gives a value.
    from kehoach_parser.tables.money import money_vocab

    money = money_vocab()
    for key in ("misreadings", "abbreviations"):
        assert set(money[key].values()) <= set(money["units"]), key
