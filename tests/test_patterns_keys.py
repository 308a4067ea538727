"""patterns.yaml is read section by section with .get(): a misspelt section name must fail loudly."""

from __future__ import annotations

import pytest

from milgraph.errors import InputError
from milgraph.loaders.gazetteer import KNOWN_TOP_LEVEL_KEYS, _read_yaml, check_top_level_keys


def test_the_package_patterns_use_only_known_keys():
    data = _read_yaml("patterns.yaml")
    check_top_level_keys("patterns.yaml", data)
    assert "river_pair_words" in data and set(data) <= KNOWN_TOP_LEVEL_KEYS["patterns.yaml"]


def test_a_misspelt_patterns_key_is_an_error_naming_the_file_and_key():
    data = {"river_pair_words": ["rivers"], "river_pair_word": ["streams"]}
    with pytest.raises(InputError) as err:
        check_top_level_keys("patterns.yaml", data)
    assert "loaders/data/patterns.yaml" in str(err.value) and "'river_pair_word'" in str(err.value)


def test_patterns_must_be_a_mapping():
    with pytest.raises(InputError, match="patterns.yaml"):
        check_top_level_keys("patterns.yaml", ["sea_words"])


def test_files_without_known_keys_are_not_checked():
    check_top_level_keys("names.yaml", {"anything": 1})
