"""PolNeAR quote accuracy measured through the product: `newsfacts run` on the articles as files.

Each PolNeAR text of the split is written to `<scratch>/inputs/<name>.txt`, run into a fresh warehouse
with `newsfacts run`, and the warehouse's `quotes` table is read back with DuckDB. The product quotes
`articles.body_text` (normalised: paragraphs joined by a blank line, spaces folded, markup tags and
boilerplate removed), so each quote's and speaker's offsets are carried back to the raw .txt, which the
gold offsets index, by aligning the two texts; the scoring is then `quotes.score_polnear`, as in-process.

Usage: .venv/bin/python benchmarks/quotes.py --via-cli [--split dev|train] [--limit N] [--errors N] [--scratch DIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.newsfacts_cli import parquet_table, run_newsfacts  # noqa: E402
# Characters of the body looked up in the raw text to find the place again after a removed stretch.
RESYNC_CHARS = 24


def align_offsets(raw: str, body: str) -> list[int]:
    """For each offset of `body` (and its end), the offset in `raw` of the same character.

    Normalisation only drops or folds characters (spaces, line breaks, zero-width marks, tags,
    boilerplate), so one forward walk finds each body character in the raw text; after a stretch of
    the raw text was removed, the next few body characters are looked up ahead to find the place again.
    """
    mapping: list[int] = []
    i = 0
    for j, character in enumerate(body):
        if i < len(raw) and raw[i] == character:
            mapping.append(i)
            i += 1
            continue
        if character.isspace():
            while i < len(raw) and raw[i].isspace() and raw[i] != character:
                i += 1
            if i < len(raw) and raw[i] == character:
                mapping.append(i)
                i += 1
            else:
                mapping.append(i)  # a folded or added space: it stands where the raw text is
            continue
        found = raw.find(body[j : j + RESYNC_CHARS], i)
        if found < 0:
            found = raw.find(character, i)
        if found < 0:
            mapping.append(min(i, len(raw)))
            continue
        mapping.append(found)
        i = found + 1
    mapping.append(len(raw) if not mapping else min(len(raw), mapping[-1] + 1))
    return mapping


def raw_span(mapping: list[int], start: int, end: int) -> tuple[int, int]:
    """The raw offsets of the body span `start..end` (end exclusive)."""
    if end <= start:
        return mapping[start], mapping[start]
    return mapping[start], mapping[end - 1] + 1


def run_cli(articles: list[tuple[str, str, list]], scratch: Path) -> Path:
    """Write each article to `scratch/inputs/<name>.txt` and `newsfacts run` them into a fresh warehouse."""
    inputs, warehouse = scratch / "inputs", scratch / "warehouse"
    inputs.mkdir(parents=True, exist_ok=True)
    for name, text, _ in articles:
        (inputs / f"{name}.txt").write_text(text, encoding="utf-8")
    _, seconds = run_newsfacts(inputs, warehouse)
    print(f"newsfacts run: {len(articles)} files in {seconds:.0f}s into {warehouse}")
    return warehouse


def read_quote_records(warehouse: Path, articles: list[tuple[str, str, list]]) -> list[list[dict[str, object]]]:
    """The warehouse's quote rows per article, their offsets carried back to the raw text (the article is
    known by its file name in `source_uri`)."""
    import duckdb
    import pandas as pd

    with duckdb.connect() as connection:
        stored = connection.sql(f"SELECT article_id, source_uri, body_text FROM {parquet_table(warehouse, 'articles')}").df()
        quotes = connection.sql(
            f"SELECT article_id, quote_text, start_char, end_char, is_speech, speaker_start_char, speaker_end_char FROM {parquet_table(warehouse, 'quotes')}"
        ).df()
    stored["name"] = stored["source_uri"].map(lambda uri: Path(uri).stem)
    by_name = {row.name: (row.article_id, row.body_text) for row in stored.itertuples(index=False)}
    missing = [name for name, _, _ in articles if name not in by_name]
    print(f"articles stored: {len(articles) - len(missing)} of {len(articles)}" + (f"; not stored: {missing}" if missing else ""))
    rows_by_article = {article_id: group for article_id, group in quotes.groupby("article_id")}
    records: list[list[dict[str, object]]] = []
    reproduced = total = 0
    for name, text, _ in articles:
        if name not in by_name:
            records.append([])
            continue
        article_id, body = by_name[name]
        mapping = align_offsets(text, body)
        rows = rows_by_article.get(article_id)
        article_records = []
        for row in [] if rows is None else rows.itertuples(index=False):
            start, end = raw_span(mapping, int(row.start_char), int(row.end_char))
            total += 1
            reproduced += " ".join(text[start:end].split()) == " ".join(row.quote_text.split())
            speaker = (None, None)
            if not pd.isna(row.speaker_start_char):
                speaker = raw_span(mapping, int(row.speaker_start_char), int(row.speaker_end_char))
            article_records.append(
                {"start_char": start, "end_char": end, "is_speech": bool(row.is_speech),
                 "speaker_start_char": speaker[0], "speaker_end_char": speaker[1]}
            )
        records.append(sorted(article_records, key=lambda record: record["start_char"]))
    print(f"quote rows carried back to the raw text: {total}, of which {reproduced} read the same there (spaces folded)")
    return records


def benchmark_via_cli(split: str, limit: int | None, n_errors: int, scratch: Path | None) -> None:
    from polnear import load_polnear, score_polnear

    articles = load_polnear(split, limit)
    if scratch is None:
        with tempfile.TemporaryDirectory(prefix="newsfacts-polnear-") as temporary:
            warehouse = run_cli(articles, Path(temporary))
            records = read_quote_records(warehouse, articles)
    else:
        warehouse = scratch / "warehouse"
        records = read_quote_records(warehouse if warehouse.exists() else run_cli(articles, scratch), articles)
    errors = score_polnear(f"{split} through newsfacts run", articles, records, n_errors)
    for kind, lines in errors.items():
        if lines:
            print(f"\n{kind}:")
            print("\n".join(lines))

