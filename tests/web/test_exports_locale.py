"""Exports people open: CSV in the reader's convention (German: semicolons, decimal commas,
German column names, figures rounded as on the page), and an .xlsx with numbers as numbers."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from .test_web_methods import make, vote


def _score_decision(organizer, api, browser):
    admin, did, ids, _ = make(
        organizer, api, "score", labels=("=Kuchen", "Brot"), scale_min="0", scale_max="10"
    )
    for name, (a, b) in (("Anna", (5, 2)), ("Ben", (6, 3)), ("Cem", (6, 3))):
        vote(browser, did, {f"answer-{ids[0]}": str(a), f"answer-{ids[1]}": str(b)}, name)
    return admin, did, ids


def test_german_csv_uses_semicolons_decimal_commas_and_german_columns(organizer, api, browser):
    admin, did, ids = _score_decision(organizer, api, browser)
    admin.get(f"/t/public/d/{did}/admin?lang=de")  # the organizer reads German
    text = admin.get(f"/t/public/d/{did}/admin/export/results.csv").data.decode("utf-8")
    header, first, second = text.lstrip("\ufeff").strip().split("\r\n")
    assert header.split(";")[:4] == ["Rang", "Options-ID", "Option", "Gewinner"]
    assert "Mittelwert" in header.split(";")
    # 17 / 3 = 5.666…: as on the page, with a decimal comma, and never a formula
    assert first.startswith(f"1;{ids[0]};'=Kuchen;ja;")
    assert ";5,67" in first
    assert "5.666" not in text
    assert second.startswith(f"2;{ids[1]};Brot;nein;")
    ballots = admin.get(f"/t/public/d/{did}/admin/export/ballots.csv").data.decode("utf-8")
    head = ballots.lstrip("\ufeff").split("\r\n")[0].split(";")
    assert head[:3] == ["Stimmzettel", "Name", "Abgegeben am"]


def test_english_csv_keeps_commas_and_keys_with_rounded_figures(organizer, api, browser):
    admin, did, ids = _score_decision(organizer, api, browser)
    admin.get(f"/t/public/d/{did}/admin?lang=en")
    text = admin.get(f"/t/public/d/{did}/admin/export/results.csv").data.decode("utf-8")
    header, first, _second = text.lstrip("\ufeff").strip().split("\r\n")
    assert header.startswith("rank,option_id,label,winner,")
    assert first.startswith(f"1,{ids[0]},'=Kuchen,true,")
    assert ",5.67" in first
    assert "5.666" not in text


def test_xlsx_has_results_and_ballots_with_numbers_as_numbers(organizer, api, browser):
    admin, did, _ids = _score_decision(organizer, api, browser)
    admin.get(f"/t/public/d/{did}/admin?lang=de")
    page = admin.page(f"/t/public/d/{did}/admin")
    assert f'href="/t/public/d/{did}/admin/export/results.xlsx"' in page
    resp = admin.get(f"/t/public/d/{did}/admin/export/results.xlsx")
    assert resp.status_code == 200
    assert resp.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(resp.data))
    assert book.sheetnames == ["Ergebnis", "Stimmzettel"]
    rows = list(book["Ergebnis"].iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:4] == ["Rang", "Options-ID", "Option", "Gewinner"]
    mean = rows[1][header.index("Mittelwert")]
    assert isinstance(mean, float)
    assert abs(mean - 17 / 3) < 1e-9  # exact, shown with two places
    assert rows[1][2] == "=Kuchen"  # text, not a formula
    assert book["Ergebnis"].cell(row=2, column=3).data_type == "s"
    ballots = list(book["Stimmzettel"].iter_rows(values_only=True))
    assert len(ballots) == 4
    assert ballots[1][ballots[0].index("Name")] == "Anna"
    assert all(isinstance(v, int) for v in ballots[1][-2:])
    assert browser().get(f"/t/public/d/{did}/admin/export/results.xlsx").status_code == 403
