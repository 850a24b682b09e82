from transforms.names import PERSON_TITLES, singular


def test_singular_strips_plural_endings_only():
    assert singular("Koreans") == "Korean"
    assert singular("countries") == "country"
    assert singular("press") == "press"  # "ss" is not a plural
    assert singular("bus") == "bus"  # too short to tell


def test_person_titles_hold_abbreviations_with_and_without_dots():
    assert {"mr", "mr.", "president", "spokesman"} <= PERSON_TITLES
    assert "putin" not in PERSON_TITLES
