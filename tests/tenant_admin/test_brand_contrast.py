"""Every element that wears the tenant's colour stays readable, for any colour the settings
accept: text in the colour is the darkened link colour (4.5:1 on the white page), text on the
colour is white or black (4.5:1), and controls drawn in the colour stand out (3:1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from groupdecide.models import Tenant
from groupdecide.services.tenant_admin import brand_css, contrast, readable

ROOT = Path(__file__).resolve().parents[2]
# a spread of colours: dark, saturated, mid-tone, and the palest the settings accept
COLOURS = [
    f"#{r:02x}{g:02x}{b:02x}"
    for r in (0, 90, 170, 230)
    for g in (0, 110, 200)
    for b in (0, 120, 255)
]


def _rules(css: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        props = dict(
            (k.strip(), v.strip())
            for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p)
        )
        for sel in selectors.split(","):
            out.setdefault(sel.strip(), {}).update(props)
    return out


@pytest.mark.parametrize("colour", [c for c in COLOURS if readable(c)])
def test_every_rule_of_the_brand_stylesheet_reads(colour):
    rules = _rules(brand_css(Tenant(slug="x", name="x", brand_color=colour)))
    root = rules[":root"]
    on, dark = root["--on-brand"], root["--brand-dark"]
    assert contrast(colour, on) >= 4.5  # text on the colour: header, primary buttons
    assert contrast(dark, "#ffffff") >= 4.5  # text in the colour: links, secondary buttons
    assert contrast(colour, "#ffffff") >= 3.0  # the colour as a control against the page
    header = rules[".site-header"]["background"]
    for sel in (".site-header a", ".site-header .link-button", ".site-header .brand"):
        assert contrast(header, rules[sel]["color"]) >= 4.5, sel
    primary = rules[".button.primary"]
    assert contrast(primary["background"], primary["color"]) >= 4.5
    assert contrast("#ffffff", rules[".button.secondary"]["color"]) >= 4.5


def test_no_stylesheet_writes_text_in_the_raw_brand_colour():
    """The raw colour may be only 3:1 against white: text in it must use --brand-dark."""
    found = []
    for path in sorted((ROOT / "static" / "css").glob("*.css")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"(?<![-\w])color:\s*var\(--brand\)", line):
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert found == []
