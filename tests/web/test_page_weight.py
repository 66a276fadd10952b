"""The participation page weighs under 60 KB (HTML, CSS and JS as transferred, no images) and
asks nothing of another host, for every method (the benchmark prints the figures)."""

from __future__ import annotations

import pytest

from groupdecide.voting.methods import KEYS
from groupdecide.web.page_weight import weigh

LIMIT = 60 * 1024
LABELS = tuple(f"Proposal number {i} with a label of a usual length" for i in range(8))
SLOTS = tuple(f"2030-06-{d:02d} 10:00" for d in range(1, 9))


@pytest.mark.parametrize("method", KEYS)
def test_the_participation_page_is_light_and_self_contained(api, client, method):
    d = api.create(method=method, labels=SLOTS if method == "schedule" else LABELS)
    weight = weigh(client, f"/t/public/d/{d['id']}")
    assert weight.assets, "the page links its stylesheet and script"
    assert weight.total < LIMIT, (weight.total, weight.html, weight.assets)


def test_an_asset_on_another_host_is_refused_by_the_measure(app):
    class Client:
        def get(self, path, headers=None):
            class R:
                status_code = 200

                def get_data(self):
                    return b'<script src="https://cdn.example/x.js"></script>'

            return R()

    with pytest.raises(ValueError, match="another host"):
        weigh(Client(), "/")
