"""Reading the published archive by key: the IO edge of the incremental stages.

A daily run must cost what its own articles cost, whatever the archive holds. So nothing here
reads a whole table into pandas: every question is a DuckDB query over one snapshot's Parquet
files that returns only the rows whose keys the run touches (the input hashes it read, the
article ids it made, the name forms, quote keys and claim blocks of its new rows). DuckDB scans
the key columns out of core, with a memory limit and spilling to disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from transforms import schema
from transforms.io import warehouse
from transforms.io.warehouse import Snapshot
from transforms.schema import Table

FORM_COLUMNS = ["mention_text", "extracted_type", "canonical_hint"]
# Stored founders through which a new article finds stories, at most: those sharing the most entities with it.
STORY_CANDIDATES_PER_ARTICLE = 200
# Stored figures a new figure is compared with, at most: those whose articles share the most entities with its own.
CLAIM_CANDIDATES_PER_FIGURE = 64


def form_match(mention: str, form: str) -> str:
    """SQL: mention row `mention` has the name form of row `form` (text, extracted type, hint)."""
    return (f"{mention}.mention_text = {form}.mention_text AND coalesce({mention}.extracted_type, {mention}.entity_type) = {form}.extracted_type "
            f"AND {mention}.canonical_hint IS NOT DISTINCT FROM {form}.canonical_hint")


def forms_table(forms: pd.DataFrame, columns: Sequence[str] = FORM_COLUMNS) -> pa.Table:
    """Name forms (and e.g. their entity) as an Arrow table of text columns, nulls kept, to join in DuckDB."""
    frame = forms[list(columns)].astype(object)
    return pa.Table.from_pandas(frame.where(frame.notna(), None), preserve_index=False, schema=pa.schema([(c, pa.string()) for c in columns]))


DUCKDB_MEMORY_LIMIT = "512MB"  # the run's own frames stay in pandas; DuckDB spills past this


def text_table(column: str, values: Iterable[object]) -> pa.Table:
    """One text column of the distinct non-null `values`, sorted: the keys a query asks for."""
    return pa.table({column: pa.array(sorted({str(v) for v in values if v is not None}), type=pa.string())})


@dataclass
class Archive:
    """The published snapshot a run builds on, queried by key. `snapshot` None: an empty warehouse."""

    snapshot: Snapshot | None
    temp_directory: Path | None = None

    def __post_init__(self) -> None:
        self.con = warehouse.duckdb_connection(DUCKDB_MEMORY_LIMIT, self.temp_directory)
        warehouse.register_views(self.con, self.snapshot, schema.TABLES)
        for table in schema.STATE_TABLES:
            self._register_state(table)

    def _register_state(self, table: Table) -> None:
        name = table.name.split("/")[-1]
        files = self.snapshot.files(table.name) if self.snapshot else []
        if files:
            self.con.execute(f"CREATE OR REPLACE VIEW state_{name} AS SELECT * FROM {warehouse.parquet_source(files, None)}")
        else:
            self.con.register(f"__empty_state_{name}", table.frame_schema().empty_table())
            self.con.execute(f"CREATE OR REPLACE VIEW state_{name} AS SELECT * FROM __empty_state_{name}")

    def close(self) -> None:
        self.con.close()

    def query(self, sql: str, **tables: pa.Table) -> pd.DataFrame:
        """Run `sql` with the given Arrow tables registered under their names (the keys wanted)."""
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            return self.con.execute(sql).df()
        finally:
            for name in tables:
                self.con.unregister(name)

    def has_rows(self, table_name: str) -> bool:
        return bool(self.snapshot and self.snapshot.files(table_name))

    # -- ingest and normalise ---------------------------------------------------------------

    def known_inputs(self, inputs: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
        """Which (source, content hash) pairs the warehouse already holds, as an article or a rejection.

        Matched by source AND content: another file with the text of a stored article is read again,
        and recorded as its duplicate, so every input a run sees leaves a trace."""
        if self.snapshot is None:
            return frozenset()
        pairs = list(inputs)
        wanted = pa.table({"s": [p[0] for p in pairs], "h": [p[1] for p in pairs]}, schema=pa.schema([("s", pa.string()), ("h", pa.string())]))
        known = self.query(
            """SELECT DISTINCT source_uri, content_sha256 FROM (
                   SELECT source_uri, content_sha256 FROM articles WHERE content_sha256 IN (SELECT h FROM wanted)
                   UNION ALL SELECT source_uri, content_sha256 FROM rejected_inputs WHERE content_sha256 IN (SELECT h FROM wanted)
               ) k JOIN wanted w ON k.source_uri = w.s AND k.content_sha256 = w.h""",
            wanted=wanted,
        )
        return frozenset(zip(known["source_uri"], known["content_sha256"]))

    def existing_article_ids(self, article_ids: Iterable[str]) -> frozenset[str]:
        if self.snapshot is None:
            return frozenset()
        found = self.query("SELECT DISTINCT article_id FROM articles WHERE article_id IN (SELECT v FROM wanted)", wanted=text_table("v", article_ids))
        return frozenset(found["article_id"])

    def near_duplicate_candidates(self, band_keys: Iterable[str]) -> pd.DataFrame:
        """Stored articles sharing a MinHash band with a new article, oldest first (they take precedence)."""
        return self.query(
            """SELECT a.article_id, a.body_text, a.duplicate_of FROM articles a
               WHERE a.article_id IN (SELECT article_id FROM state_article_bands WHERE band_key IN (SELECT v FROM wanted))
               ORDER BY a.ingested_at, a.article_id""",
            wanted=text_table("v", band_keys),
        )

    # -- entities ---------------------------------------------------------------------------

    def entity_form_closure(self, keys: Iterable[str], max_rounds: int = 8) -> pd.DataFrame:
        """Stored forms that share a lookup key with `keys`, and with those forms' keys, until no new
        form turns up: the forms whose resolution the run's new forms can read or change."""
        found = pd.DataFrame(columns=schema.ENTITY_FORMS.column_names)
        frontier = {str(k) for k in keys}
        seen_keys: set[str] = set()
        for _ in range(max_rounds):
            frontier -= seen_keys
            if not frontier:
                break
            seen_keys |= frontier
            batch = self.query(
                """SELECT * EXCLUDE (k) FROM (SELECT *, unnest(lookup_keys) AS k FROM state_entity_forms)
                   WHERE k IN (SELECT v FROM wanted)""",
                wanted=text_table("v", frontier),
            )
            if batch.empty:
                break
            found = pd.concat([found, batch], ignore_index=True) if not found.empty else batch
            found = found.drop_duplicates(subset=["mention_text", "extracted_type", "canonical_hint"], ignore_index=True)
            frontier = {key for keys_of_form in batch["lookup_keys"] for key in keys_of_form}
        return found

    def mention_files_with_forms(self, forms: pd.DataFrame) -> list[str]:
        """Files of `entity_mentions` holding a mention of one of these forms."""
        if forms.empty or not self.has_rows("entity_mentions"):
            return []
        source = warehouse.parquet_source(self.snapshot.files("entity_mentions"), "ingest_date", filename=True)  # type: ignore[union-attr]
        found = self.query(f"SELECT DISTINCT m.filename FROM {source} m JOIN wanted w ON {form_match('m', 'w')}", wanted=forms_table(forms))
        return sorted(found["filename"])

    def mentions_of_forms(self, select: str, forms: pd.DataFrame, columns: Sequence[str] = FORM_COLUMNS, group_by: str = "") -> pd.DataFrame:
        """`SELECT <select>` over stored mentions `m` joined to the given forms `w` (with their `columns`)."""
        return self.query(f"SELECT {select} FROM entity_mentions m JOIN wanted w ON {form_match('m', 'w')} {group_by}",
                          wanted=forms_table(forms, columns))

    def rows_by_key(self, table_name: str, column: str, values: Iterable[object], columns: str = "*") -> pd.DataFrame:
        """Rows of a published table whose `column` is one of `values`."""
        return self.query(f"SELECT {columns} FROM {table_name} WHERE {column} IN (SELECT v FROM wanted)", wanted=text_table("v", values))

    def files_with_keys(self, table_name: str, column: str, values: Iterable[object]) -> list[str]:
        """Files of a published table holding a row whose `column` is one of `values`."""
        if not self.has_rows(table_name):
            return []
        source = warehouse.parquet_source(self.snapshot.files(table_name), schema.table(table_name).partition_column, filename=True)  # type: ignore[union-attr]
        found = self.query(f"SELECT DISTINCT filename FROM {source} WHERE {column} IN (SELECT v FROM wanted)", wanted=text_table("v", values))
        return sorted(found["filename"])

    # -- quotes -----------------------------------------------------------------------------

    def quotes_sharing_keys(self, keys: Iterable[str]) -> pd.DataFrame:
        """Stored quotes with one of these candidate keys, plus every member of their clusters."""
        return self.query(
            """WITH hit AS (SELECT DISTINCT quote_id FROM state_quote_keys WHERE key IN (SELECT v FROM wanted)),
                    clusters AS (SELECT DISTINCT quote_cluster_id FROM quotes WHERE quote_id IN (SELECT quote_id FROM hit))
               SELECT * FROM quotes WHERE quote_cluster_id IN (SELECT quote_cluster_id FROM clusters)""",
            wanted=text_table("v", keys),
        )

    def quote_key_counts(self, keys: Iterable[str]) -> dict[str, int]:
        counts = self.query("SELECT key, count(*) AS n FROM state_quote_keys WHERE key IN (SELECT v FROM wanted) GROUP BY key", wanted=text_table("v", keys))
        return dict(zip(counts["key"], counts["n"].astype(int)))

    # -- stories ----------------------------------------------------------------------------

    def story_candidates(self, features: pd.DataFrame, min_shared: int, window_days: int, founders: int,
                         per_article: int = STORY_CANDIDATES_PER_ARTICLE) -> pd.DataFrame:
        """The founding members (`story_rank < founders`, with `story_id`) of the stored stories a new article
        may join: those with a founder sharing at least `min_shared` entities with it and, when both are dated,
        published within `window_days` of it. For each new article, the `per_article` founders that share the
        most, so an undated archive of common names (every article naming the UK) is never read whole."""
        pairs = [(str(a), str(e), d) for a, entities, d in zip(features["article_id"], features["entity_ids"], features["published_day"]) for e in entities]
        if not pairs:
            return self.query("SELECT * FROM state_story_features WHERE false")
        wanted = pa.table({
            "article_id": pa.array([p[0] for p in pairs], type=pa.string()),
            "entity_id": pa.array([p[1] for p in pairs], type=pa.string()),
            "published_day": pa.array([p[2] if p[2] is not None and not pd.isna(p[2]) else None for p in pairs], type=pa.date32()),
        })
        return self.query(
            f"""WITH stored AS (SELECT article_id, story_id, published_day, unnest(entity_ids) AS entity_id
                                FROM state_story_features WHERE story_rank < {int(founders)}),
                     hit AS (SELECT s.story_id FROM stored s JOIN wanted w USING (entity_id)
                             WHERE s.published_day IS NULL OR w.published_day IS NULL
                                OR abs(date_diff('day', s.published_day, w.published_day)) <= {int(window_days)}
                             GROUP BY s.article_id, s.story_id, w.article_id HAVING count(*) >= {int(min_shared)}
                             QUALIFY row_number() OVER (PARTITION BY w.article_id ORDER BY count(*) DESC, s.article_id) <= {int(per_article)})
                SELECT * FROM state_story_features
                WHERE story_rank < {int(founders)} AND story_id IN (SELECT story_id FROM hit) ORDER BY story_id, story_rank""",
            wanted=wanted,
        )

    # -- claims -----------------------------------------------------------------------------

    def claim_features_for(self, features: pd.DataFrame, max_ratio: float, min_shared_entities: int,
                           per_figure: int = CLAIM_CANDIDATES_PER_FIGURE) -> pd.DataFrame:
        """Stored features, with the figure's current `claim_id`, of the figures a new figure can link to: those of
        one of its blocks whose value is within `max_ratio` of its value and whose article shares
        `min_shared_entities` entities with its article, as every link needs (`claim_rules`); for each new figure,
        the `per_figure` whose articles share the most entities with its own, then nearest in value. A block of a
        common word holds thousands of figures in a year's archive: reading it whole cost a run 115 s and 9.5 GB
        on a 64x BBC archive. Entities are shared by articles, so they are counted once per pair of articles, and
        only for the pairs some new figure is near: a stored article's entities are read from one of its near
        figures (`article_entity_ids` is the same on every figure of an article), not grouped from all its rows.
        New figures and articles are numbered, so DuckDB hashes small integers instead of their ids."""
        figure_numbers = {figure_id: n for n, figure_id in enumerate(dict.fromkeys(map(str, features["figure_id"])))}
        article_numbers = {article_id: n for n, article_id in enumerate(dict.fromkeys(map(str, features["article_id"])))}
        rows = [(figure_numbers[str(figure_id)], article_numbers[str(article_id)], str(key), float(low)) for figure_id, article_id, keys, low in
                zip(features["figure_id"], features["article_id"], features["block_keys"], features["normalized_low"]) for key in keys]
        wanted = pa.table({
            "new_figure": pa.array([r[0] for r in rows], type=pa.int32()),
            "new_article": pa.array([r[1] for r in rows], type=pa.int32()),
            "block_key": pa.array([r[2] for r in rows], type=pa.string()),
            "low": pa.array([r[3] for r in rows], type=pa.float64()),
        })
        entities = sorted({(article_numbers[str(a)], str(e)) for a, ids in zip(features["article_id"], features["article_entity_ids"]) for e in ids})
        new_entities = pa.table({"new_article": pa.array([a for a, _ in entities], type=pa.int32()),
                                 "entity_id": pa.array([e for _, e in entities], type=pa.string())})
        return self.query(
            f"""WITH near AS (SELECT w.new_figure, w.new_article, s.figure_id, s.article_id, min(abs(s.low - w.low)) AS distance
                              FROM (SELECT figure_id, article_id, normalized_low AS low, unnest(block_keys) AS block_key
                                    FROM state_claim_features) s JOIN wanted w USING (block_key)
                              WHERE (s.low = 0 AND w.low = 0) OR (s.low * w.low > 0
                                    AND greatest(abs(s.low), abs(w.low)) <= {float(max_ratio)} * least(abs(s.low), abs(w.low)))
                              GROUP BY ALL),
                     pairs AS (SELECT DISTINCT new_article, article_id FROM near),
                     stored_entities AS (SELECT article_id, unnest(article_entity_ids) AS entity_id FROM state_claim_features
                                         WHERE figure_id IN (SELECT min(figure_id) FROM near GROUP BY article_id)),
                     sharing AS (SELECT p.new_article, p.article_id, count(*) AS shared
                                 FROM new_entities n JOIN stored_entities s USING (entity_id)
                                 JOIN pairs p ON p.new_article = n.new_article AND p.article_id = s.article_id
                                 GROUP BY ALL HAVING count(*) >= {int(min_shared_entities)}),
                     ranked AS (SELECT near.figure_id FROM near JOIN sharing USING (new_article, article_id)
                                QUALIFY row_number() OVER (PARTITION BY near.new_figure ORDER BY sharing.shared DESC, near.distance, near.figure_id) <= {int(per_figure)})
                SELECT f.*, c.claim_id FROM state_claim_features f JOIN (SELECT DISTINCT figure_id FROM ranked) k USING (figure_id)
                JOIN (SELECT figure_id, claim_id FROM figures WHERE figure_id IN (SELECT figure_id FROM ranked)) c USING (figure_id)""",
            wanted=wanted, new_entities=new_entities,
        )

    def claim_members(self, claim_ids: Iterable[str]) -> pd.DataFrame:
        """Every member of the given claims, by the few columns a claim's row folds (`claim_rows.MEMBER_COLUMNS`)."""
        return self.query(
            """SELECT m.claim_id, f.figure_id, f.article_id, f.is_restatement, f.normalized_low, f.normalized_high,
                      f.counted_object, f.anchor_name, f.dimension, f.normalized_unit
               FROM state_claim_features f
               JOIN (SELECT figure_id, claim_id FROM figures WHERE claim_id IN (SELECT v FROM wanted)) m USING (figure_id)""",
            wanted=text_table("v", claim_ids),
        )
