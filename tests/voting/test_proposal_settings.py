"""Consensus ``support_threshold`` and ``order`` (issue 12): defaults and every refusal with its
field key. The count does not read them."""

from __future__ import annotations

import pytest

from groupdecide.voting import SettingsError, get_method


def test_defaults_and_accepted_values():
    method = get_method("consensus")
    parsed = method.parse_settings({"support_threshold": 3, "order": "shuffled"})
    assert parsed.support_threshold == 3
    assert parsed.order == "shuffled"
    default = method.parse_settings({})
    assert default.support_threshold == 0
    assert default.order == "fixed"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"support_threshold": -1}, "settings.support_threshold"),
        ({"support_threshold": 10**20}, "settings.support_threshold"),
        ({"support_threshold": "2"}, "settings.support_threshold"),
        ({"support_threshold": True}, "settings.support_threshold"),
        ({"support_threshold": 1.5}, "settings.support_threshold"),
        ({"order": "random"}, "settings.order"),
        ({"order": 1}, "settings.order"),
    ],
)
def test_refusals_name_the_field(raw, key):
    with pytest.raises(SettingsError) as info:
        get_method("consensus").parse_settings(raw)
    assert key in info.value.fields
