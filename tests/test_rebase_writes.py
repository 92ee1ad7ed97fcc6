"""A rebase writes claim updates as add does: validated under the lock, free text
neutralised, nothing written when a row would fail check."""

from __future__ import annotations

import pytest
from builders import claim_row, make_claims_folder

from ffcheck.authoring.appends import NotWritten
from ffcheck.authoring.revisions import write_claim_updates
from ffcheck.tables.load import display_path, load_claimset


def folder_with_one_claim(tmp_path):
    folder = make_claims_folder(tmp_path, [claim_row(claim_id="fra-a", low=100, high=100)])
    claimset = load_claimset(folder)
    row = claimset.claims.iloc[0]
    key = (str(row["_file"]), int(row["_line"]))
    cells = {c: str(row[c]) for c in claimset.claims.columns if not c.startswith("_")}
    return folder, claimset, key, cells


def test_an_update_check_would_refuse_is_not_written(tmp_path):
    folder, claimset, key, cells = folder_with_one_claim(tmp_path)
    before = (folder / "main.csv").read_bytes()
    with pytest.raises(NotWritten, match="figure"):  # 250 is not what the quote says
        write_claim_updates(claimset, {key: {**cells, "low": "250", "high": "250"}})
    assert (folder / "main.csv").read_bytes() == before


def test_an_accepted_update_neutralises_a_formula_in_free_text(tmp_path):
    folder, claimset, key, cells = folder_with_one_claim(tmp_path)
    written = write_claim_updates(claimset, {key: {**cells, "note": "=HYPERLINK(1)"}})
    assert written == [display_path(folder / "main.csv")]
    assert "'=HYPERLINK(1)" in (folder / "main.csv").read_text(encoding="utf-8")
    assert load_claimset(folder).claims.iloc[0]["note"] == "=HYPERLINK(1)"  # read back as is
