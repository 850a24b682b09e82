from transforms.names import PERSON_TITLES, fold_alias_key, singular


def test_singular_strips_plural_endings_only():
    assert singular("Koreans") == "Korean"
    assert singular("countries") == "country"
    assert singular("press") == "press"  # "ss" is not a plural
    assert singular("bus") == "bus"  # too short to tell


def test_person_titles_hold_abbreviations_with_and_without_dots():
    assert {"mr", "mr.", "president", "spokesman"} <= PERSON_TITLES
    assert "putin" not in PERSON_TITLES


def test_alias_keys_ignore_case_dots_spacing_and_a_leading_the():
    assert fold_alias_key("the U.S.") == fold_alias_key("US") == "us"
    assert fold_alias_key("  Kim  Jong\u2019un ") == "kim jong'un"
    assert fold_alias_key("Theresa May") == "theresa may"
