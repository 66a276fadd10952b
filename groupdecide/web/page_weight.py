"""What a page weighs as a browser fetches it: the HTML and every stylesheet and script it
links (same host only; images are not counted), as transferred to a browser that accepts
gzip (the stylesheets and scripts are compressed, the HTML never is). Used by the page-weight
test and the benchmark."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}
_ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]*href|script[^>]+src)="([^"]+)"')


@dataclass(frozen=True)
class Weight:
    html: int
    assets: dict[str, int]

    @property
    def total(self) -> int:
        return self.html + sum(self.assets.values())


def weigh(client: Any, path: str) -> Weight:
    """Fetch ``path`` and what it links with a Flask test client. An asset on another host
    raises ValueError: a page must need nothing but its own host."""
    resp = client.get(path, headers=ACCEPT)
    if resp.status_code != 200:
        raise ValueError(f"{path} answered {resp.status_code}")
    html = resp.get_data()
    assets: dict[str, int] = {}
    for url in _ASSET.findall(html.decode("utf-8")):
        if not url.startswith("/") or url.startswith("//"):
            raise ValueError(f"{path} links {url} on another host")
        asset = client.get(url, headers=ACCEPT)
        assets[url] = len(asset.get_data())
        asset.close()  # what a server does after sending it (closes the file)
    return Weight(len(html), assets)
