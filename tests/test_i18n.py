"""German must not fall behind English.

Every message the source asks for (extracted as ``pybabel extract -F babel.cfg`` does) has a
German translation that is neither empty nor fuzzy, keeps the placeholders of its msgid, and
the main pages really come out in German with ``?lang=de`` and without German words with
``?lang=en``.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
BABEL_CFG = ROOT / "babel.cfg"
DE_PO = ROOT / "groupdecide" / "translations" / "de" / "LC_MESSAGES" / "messages.po"
# The same keywords as the extraction command in the Makefile and the README.
KEYWORDS = {**DEFAULT_KEYWORDS, **parse_keywords(["_l", "lazy_gettext", "ngettext:1,2"])}
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|\{\w+\}")
SKIPPED_DIRS = {"node_modules", "__pycache__", "instance", "tests", "bench", "scripts"}


def _dirs(dirname: str) -> bool:
    name = Path(dirname).name
    return not name.startswith((".", "_")) and name not in SKIPPED_DIRS


@lru_cache(maxsize=1)
def extracted() -> dict[str, tuple[Any, list[tuple[str, int]]]]:
    """msgid -> (msgid as extracted, where it is used), from the source tree as it is now."""
    with BABEL_CFG.open(encoding="utf-8") as fileobj:
        method_map, options_map = parse_mapping_cfg(fileobj, str(BABEL_CFG))
    found: dict[str, tuple[Any, list[tuple[str, int]]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=_dirs
    ):
        key = message[0] if isinstance(message, tuple) else message
        if not key:
            continue
        found.setdefault(key, (message, []))[1].append((filename, lineno))
    return found


@lru_cache(maxsize=1)
def german() -> Catalog:
    with DE_PO.open("rb") as fileobj:
        return read_po(fileobj, locale="de")


def _translated(msg: Message | None) -> bool:
    if msg is None or msg.fuzzy:
        return False
    forms = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
    return bool(forms) and all(isinstance(s, str) and s.strip() for s in forms)


def _where(places: list[tuple[str, int]]) -> str:
    return ", ".join(f"{f}:{n}" for f, n in places[:2])


# ----------------------------------------------------------------------------- the catalog


def test_babel_cfg_covers_the_package_and_the_templates() -> None:
    cfg = BABEL_CFG.read_text(encoding="utf-8")
    assert "[python: groupdecide/**.py]" in cfg
    assert "[jinja2: templates/**.html]" in cfg
    found = extracted()
    files = {f for _m, places in found.values() for f, _n in places}
    assert any(f.startswith("groupdecide/web/") for f in files)
    assert any(f.startswith("groupdecide/services/") for f in files)
    assert any(f.startswith("templates/public/") for f in files)
    assert len(found) > 500


def test_every_message_in_the_source_has_german() -> None:
    catalog = german()
    missing = []
    for key, (message, places) in sorted(extracted().items()):
        msg = catalog.get(key)
        if not _translated(msg):
            state = "missing" if msg is None else ("fuzzy" if msg.fuzzy else "empty")
            missing.append(f"{state}: {key!r} ({_where(places)})")
        elif isinstance(message, tuple) and not msg.pluralizable:
            missing.append(f"needs plural forms: {key!r} ({_where(places)})")
    assert not missing, (
        f"{len(missing)} messages lack German in {DE_PO.relative_to(ROOT)} (run pybabel extract "
        "and update, then translate):\n" + "\n".join(missing[:60])
    )


def test_no_fuzzy_or_empty_entries_in_the_german_catalog() -> None:
    bad = [m.id for m in german() if m.id and not _translated(m)]
    assert not bad, f"untranslated or fuzzy entries: {bad[:20]}"


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for msg in german():
        if not msg.id or not _translated(msg):
            continue
        ids = list(msg.id) if isinstance(msg.id, (list, tuple)) else [msg.id]
        forms = list(msg.string) if isinstance(msg.string, (list, tuple)) else [msg.string]
        for i, form in enumerate(forms):
            source = ids[min(i, len(ids) - 1)]
            want = sorted(set(PLACEHOLDER.findall(source)))
            got = sorted(set(PLACEHOLDER.findall(form)))
            if want != got:
                wrong.append(f"{source!r}: {want} != {got} in {form!r}")
            stray = PLACEHOLDER.sub("", form).count("%")
            if stray:
                wrong.append(f"{source!r}: a bare % in {form!r} (write %% or rephrase)")
    assert not wrong, "\n".join(wrong)


def test_the_catalog_has_its_plural_rule() -> None:
    catalog = german()
    assert catalog.num_plurals == 2
    assert "n != 1" in catalog.plural_expr


# ----------------------------------------------------------------------------- the pages

GERMAN_WORDS = (
    "Entscheidung",
    "Vorschlag",
    "Vorschläge",
    "Widerstand",
    "Bewertung",
    "Abstimmung",
    "Ergebnis",
    "Teilnehmende",
    "Antwort",
    "Passivlösung",
    "Sprache",
    "nicht bewertet",
    "Gemeinsam",
    "Zum Inhalt",
)


def text_of(page: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


def english_left(text: str) -> list[str]:
    """Whole English sentences of the catalog that stand on a German page untranslated."""
    left = []
    for msg in german():
        if not msg.id or msg.pluralizable or not _translated(msg):
            continue
        source = str(msg.id)
        if (
            PLACEHOLDER.search(source)
            or len(source.split()) < 4
            or msg.string == source
            or re.search(r"[*<>\[\]]", source)
        ):
            continue
        if source in text:
            left.append(source)
    return left


@pytest.fixture
def pages(client: Any, api: Any) -> dict[str, str]:
    """The paths of the pages to look at: the landing page, the create page, a consensus
    decision with one answer and its results."""
    created = api.create()
    decision_id = created["id"]
    options = created["decision"]["options"]
    api.cast(decision_id, {o["id"]: value for o, value in zip(options, (2, 7, 5), strict=False)})
    return {
        "landing": "/",
        "new": "/t/public/new",
        "participate": f"/t/public/d/{decision_id}",
        "results": f"/t/public/d/{decision_id}/results",
    }


def fetch(client: Any, path: str, lang: str) -> str:
    resp = client.get(f"{path}?lang={lang}")
    assert resp.status_code == 200, (path, resp.status_code)
    return resp.get_data(as_text=True)


EXPECTED_DE = {
    "landing": ["Gemeinsam entscheiden, per Link", "Systemisches Konsensieren"],
    "new": ["Entscheidung anlegen", "Wie die Gruppe entscheidet", "Mehrheitsbewertung"],
    "participate": ["Wie funktioniert das?", "Antwort absenden", "Passivlösung"],
    "results": ["Das bisherige Ergebnis", "Akzeptanz", "Geringster Widerstand"],
}


def test_pages_in_german(client: Any, pages: dict[str, str]) -> None:
    for name, path in pages.items():
        page = fetch(client, path, "de")
        assert '<html lang="de">' in page, name
        text = text_of(page)
        for words in EXPECTED_DE[name]:
            assert words in text, f"{name}: “{words}” is not on the German page"
        assert not english_left(text), f"{name}: English on the German page: {english_left(text)}"


def test_pages_in_english_have_no_german(client: Any, pages: dict[str, str]) -> None:
    for name, path in pages.items():
        page = fetch(client, path, "en")
        assert '<html lang="en">' in page, name
        text = text_of(page)
        found = [w for w in GERMAN_WORDS if re.search(rf"\b{re.escape(w)}\b", text)]
        assert not found, f"{name}: German words on the English page: {found}"


def test_the_language_switch_is_there(client: Any, pages: dict[str, str]) -> None:
    for name, path in pages.items():
        page = fetch(client, path, "en")
        switch = re.search(r'<nav class="lang"[^>]*>(.*?)</nav>', page, flags=re.S)
        assert switch, f"{name}: no language switch"
        assert re.search(
            r'<a href="[^"]*[?&]lang=de"[^>]*hreflang="de"[^>]*>Deutsch</a>', switch.group(1)
        ), name
        page = fetch(client, path, "de")
        switch = re.search(r'<nav class="lang"[^>]*>(.*?)</nav>', page, flags=re.S)
        assert switch, f"{name}: no language switch"
        assert re.search(r'<a href="[^"]*[?&]lang=en"[^>]*hreflang="en"', switch.group(1)), name
        assert 'aria-label="Sprache"' in page, name


def test_the_chosen_language_is_kept(client: Any, pages: dict[str, str]) -> None:
    fetch(client, pages["landing"], "de")
    page = client.get(pages["participate"]).get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Antwort absenden" in text_of(page)
