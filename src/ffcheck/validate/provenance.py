"""Where each claim's quote stands in its document: how often, and under which heading."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ffcheck.tables.load import ClaimSet
from ffcheck.text.document import Document
from ffcheck.validate import distinct


def quote_provenance(claimset: ClaimSet, frame: pd.DataFrame, pairs: np.ndarray) -> pd.DataFrame:
    """How often each quote stands in its document (0, 1, or 2 for "more than once")
    and under which heading, per row. ``pairs`` numbers the rows' distinct (doc, quote)
    pairs (``distinct_codes``): each is searched once, every heading found by one sorted
    search over all documents."""
    firsts = pd.Series(pairs).drop_duplicates().index.to_numpy()
    doc_codes, doc_ids = pd.factorize(frame["doc"].iloc[firsts])
    documents = [claimset.documents.get(doc_id) for doc_id in doc_ids]
    quotes = frame["quote"].iloc[firsts]
    counts = np.zeros(len(firsts), dtype=np.int64)
    offsets = np.full(len(firsts), -1, dtype=np.int64)
    for start in range(0, len(firsts), distinct.ROWS_AT_ONCE):
        stop = start + distinct.ROWS_AT_ONCE
        chunk_counts: list[int] = []
        chunk_offsets: list[int] = []
        for code, quote in zip(
            doc_codes[start:stop].tolist(), quotes.iloc[start:stop].tolist(), strict=True
        ):
            document = documents[code] if code >= 0 and quote else None
            at = -1 if document is None else document.text.find(quote)
            # a second search says "more than once", as Document.occurrences (limit 2) does
            more = document is not None and at >= 0 and document.text.find(quote, at + 1) >= 0
            chunk_counts.append(0 if at < 0 else 2 if more else 1)
            chunk_offsets.append(at)
        counts[start:stop], offsets[start:stop] = chunk_counts, chunk_offsets
    sections = np.full(len(firsts), None, dtype=object)
    where = np.flatnonzero(offsets >= 0)
    if len(where):
        starts, titles, base = _sections_end_to_end(documents, np.unique(doc_codes[where]))
        at = base[doc_codes[where]] + offsets[where]
        sections[where] = titles[np.searchsorted(starts, at, side="right") - 1]
    return pd.DataFrame(
        {"count": counts[pairs], "found_section": sections[pairs]}, index=frame.index
    )


def _sections_end_to_end(
    documents: list[Document | None], codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The section starts and titles of ``documents[codes]`` as if their texts stood end
    to end (one character apart), and where each text starts (by code): a heading is one
    sorted search away. Each text's first section starts at its offset 0."""
    starts: list[int] = []
    titles: list[str] = []
    base = np.zeros(len(documents), dtype=np.int64)
    offset = 0
    for code in codes.tolist():
        document = documents[code]
        assert document is not None  # a quote was found in it
        base[code] = offset
        starts += [offset + section.start for section in document.sections]
        titles += [section.title for section in document.sections]
        offset += len(document.text) + 1
    return np.array(starts, dtype=np.int64), np.array(titles, dtype=object), base
