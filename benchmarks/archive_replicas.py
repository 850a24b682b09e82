"""Replicas of a base warehouse for `benchmarks/archive.py`: every fact table, index and corpus-table row
copied with fresh ids, about 30% of the entities renamed and 30% of the claims rescaled, so an archive of
Nx the base holds new names and numbers for the corpus stages, without parsing anything again.

A replica's articles form stories of their own (fresh story ids, the same members and counts), as if the
copies had been placed among themselves: a story stays within one replica, as a quote cluster whose
speaker was renamed does."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from transforms import schema
from transforms.aggregate.links import _lookup_keys
from transforms.aggregate.stories import _label
from transforms.ids import stable_id
from transforms.io import warehouse

VARIED_SHARE = 0.30  # entities renamed / claims rescaled per replica
# Raised whenever a replica's files change (3: stories), so a work folder's older replicas and archives are rebuilt.
LAYOUT_VERSION = 3


def _hash_fraction(*parts: object) -> float:
    return int(hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def _fresh(values: pd.Series, k: int) -> pd.Series:
    """A replica's id for each id: the same for the same (id, k), so foreign keys still join."""
    return pd.Series([None if v is None or v != v else hashlib.sha1(f"{v}\x1freplica\x1f{k}".encode()).hexdigest()[:16]
                      for v in values.astype(object)], index=values.index, dtype=object)


def _token(k: int) -> str:
    """A replica's surname ending: letters only, so it reads as part of the name."""
    digest = hashlib.sha1(f"token{k}".encode()).hexdigest()
    return "".join("abcdefghijklmnop"[int(c, 16)] for c in digest[:3])


def _rename(values: pd.Series, hit: pd.Series, token: str) -> pd.Series:
    """Append the token to the last word of each hit name (its surname), nulls kept."""
    values = values.astype(object)
    return values.where(~hit | values.isna(), values.astype(str) + token)


@dataclass
class Base:
    """The base snapshot's tables in pandas (the benchmark may; the product never does)."""

    tables: dict[str, pd.DataFrame]
    state: dict[str, pd.DataFrame]
    run_ids: list[str]

    @classmethod
    def read(cls, wh: Path) -> Base:
        snapshot = warehouse.current_snapshot(wh)
        assert snapshot is not None
        tables = {t.name: warehouse.read_table_dir(snapshot.path(t.name), t) for t in schema.TABLES}
        state = {t.name: warehouse.read_table_dir(snapshot.path(t.name), t, hive=False) for t in schema.STATE_TABLES}
        return cls(tables, state, sorted(tables["runs"]["run_id"]))


@dataclass
class Replica:
    """What replica k changes: its surname token, the entities it renames, the claims it rescales."""

    k: int
    token: str
    entity_map: dict[str, str]
    scaled_claims: dict[str, float]
    run_of: dict[str, str]

    @classmethod
    def of(cls, base: Base, k: int) -> Replica:
        entities = base.tables["entities"]["entity_id"]
        varied_ids = {e for e in entities if _hash_fraction("entity", e, k) < VARIED_SHARE}
        entity_map = {e: hashlib.sha1(f"entity\x1f{e}\x1freplica\x1f{k}".encode()).hexdigest()[:16] for e in varied_ids}
        scaled_claims = {c: 1.0 + (1 + int(_hash_fraction("scale", c, k) * 50)) / 100
                         for c in base.tables["claims"]["claim_id"] if _hash_fraction("claim", c, k) < VARIED_SHARE}
        return cls(k, _token(k), entity_map, scaled_claims, {r: f"{r}-r{k:02d}" for r in base.run_ids})

    @property
    def varied_ids(self) -> set[str]:
        return set(self.entity_map)

    def entity(self, values: pd.Series) -> pd.Series:
        return values.astype(object).map(lambda v: self.entity_map.get(v, v) if isinstance(v, str) else v)

    def fresh(self, values: pd.Series) -> pd.Series:
        return _fresh(values, self.k)

    def rename(self, values: pd.Series, hit: pd.Series) -> pd.Series:
        return _rename(values, hit, self.token)


def _shared_claims(base: Base, replica: Replica) -> set[str]:
    """Claims a copied figure stays in: not rescaled, its anchor not renamed, and able to join others (a block)."""
    f, cf = base.tables["figures"], base.state["_state/claim_features"]
    cf_claims = cf.assign(claim_id=cf["figure_id"].map(dict(zip(f["figure_id"], f["claim_id"]))))
    apart = (cf_claims["block_keys"].map(len) == 0) | cf_claims["anchor_entity_id"].isin(replica.varied_ids)
    return (set(base.tables["claims"]["claim_id"]) - set(replica.scaled_claims) - set(cf_claims.loc[apart, "claim_id"])
            - set(f.loc[~f["figure_id"].isin(cf["figure_id"]), "claim_id"]))


def _replicate_facts(base: Base, replica: Replica, shared_claims: set[str]) -> dict[str, pd.DataFrame]:
    """Replica k of every fact table: fresh ids, renamed entities, rescaled claims."""
    t, k, token = base.tables, replica.k, replica.token
    facts: dict[str, pd.DataFrame] = {}
    a = t["articles"]
    facts["articles"] = a.assign(
        article_id=replica.fresh(a["article_id"]), duplicate_of=replica.fresh(a["duplicate_of"]),
        source_uri=a["source_uri"] + f"?replica={k}", title=a["title"].astype(object).where(a["title"].isna(), a["title"].astype(str) + f" ({token})"),
        body_text=a["body_text"] + f"\n\nArchive copy {token}.", word_count=a["word_count"] + 3,
        content_sha256=replica.fresh(a["content_sha256"]).map(lambda v: hashlib.sha256(v.encode()).hexdigest()),
        run_id=a["run_id"].map(replica.run_of), story_id=replica.fresh(a["story_id"]),
    )
    m = t["entity_mentions"]
    varied_mention = m["entity_id"].isin(replica.varied_ids)
    facts["entity_mentions"] = m.assign(
        mention_id=replica.fresh(m["mention_id"]), article_id=replica.fresh(m["article_id"]), entity_id=replica.entity(m["entity_id"]),
        mention_text=replica.rename(m["mention_text"], varied_mention), canonical_hint=replica.rename(m["canonical_hint"], varied_mention),
    )
    # A copy of a quote joins its original's cluster (the pipeline clusters identical wordings), unless
    # its speaker was renamed (clusters keep different speakers apart): then a cluster of its own.
    q = t["quotes"]
    renamed_speaker = q["speaker_entity_id"].isin(replica.varied_ids)
    facts["quotes"] = q.assign(
        quote_id=replica.fresh(q["quote_id"]), article_id=replica.fresh(q["article_id"]), speaker_entity_id=replica.entity(q["speaker_entity_id"]),
        speaker_name=replica.rename(q["speaker_name"], renamed_speaker),
        quote_cluster_id=q["quote_cluster_id"].astype(object).where(~renamed_speaker, replica.fresh(q["quote_cluster_id"])),
    )
    # A copy of a figure joins its original's claim (same block, same value), unless the claim was
    # rescaled, its anchor renamed, or it cannot join others (no block): then a claim of its own.
    f = t["figures"]
    factor = f["claim_id"].map(replica.scaled_claims).fillna(1.0)
    facts["figures"] = f.assign(
        figure_id=replica.fresh(f["figure_id"]), article_id=replica.fresh(f["article_id"]), paired_figure_id=replica.fresh(f["paired_figure_id"]),
        claim_id=f["claim_id"].astype(object).where(f["claim_id"].isin(shared_claims), replica.fresh(f["claim_id"])),
        value=f["value"] * factor, value_low=f["value_low"] * factor,
        value_high=f["value_high"] * factor, normalized_value=f["normalized_value"] * factor,
    )
    r = t["rejected_inputs"]
    facts["rejected_inputs"] = r.assign(
        rejection_id=replica.fresh(r["rejection_id"]), source_uri=r["source_uri"] + f"?replica={k}",
        content_sha256=replica.fresh(r["content_sha256"]).map(lambda v: hashlib.sha256(v.encode()).hexdigest()), run_id=r["run_id"].map(replica.run_of),
    )
    facts["runs"] = t["runs"].assign(run_id=t["runs"]["run_id"].map(replica.run_of))
    v = t["validation_results"]
    facts["validation_results"] = v.assign(result_id=replica.fresh(v["result_id"]), run_id=v["run_id"].map(replica.run_of))
    return facts


def _replicate_state(base: Base, replica: Replica, aliases: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Replica k of the indexes under _state/ (entity forms are aggregated over replicas by the caller)."""
    s, entity_map = base.state, replica.entity_map
    state: dict[str, pd.DataFrame] = {}
    forms = s["_state/entity_forms"]
    varied_form = forms["entity_id"].isin(replica.varied_ids)
    every = pd.Series(True, index=forms.index[varied_form])
    renamed = forms[varied_form].assign(
        mention_text=replica.rename(forms.loc[varied_form, "mention_text"], every),
        canonical_hint=replica.rename(forms.loc[varied_form, "canonical_hint"], every),
        entity_id=replica.entity(forms.loc[varied_form, "entity_id"]),
    )
    if not renamed.empty:
        renamed = renamed.assign(lookup_keys=_lookup_keys(renamed, aliases))
    state["_state/entity_forms"] = pd.concat([forms[~varied_form], renamed], ignore_index=True)
    qk = s["_state/quote_keys"]
    state["_state/quote_keys"] = qk.assign(quote_id=replica.fresh(qk["quote_id"]))
    bands = s["_state/article_bands"]
    state["_state/article_bands"] = bands.assign(article_id=replica.fresh(bands["article_id"]))
    cf, f = s["_state/claim_features"], base.tables["figures"]
    cf_factor = cf["figure_id"].map(dict(zip(f["figure_id"], f["claim_id"]))).map(replica.scaled_claims).fillna(1.0)
    anchor_varied = cf["anchor_entity_id"].isin(replica.varied_ids)
    state["_state/claim_features"] = cf.assign(  # block keys are words of the article: a replica keeps them
        figure_id=replica.fresh(cf["figure_id"]), article_id=replica.fresh(cf["article_id"]),
        anchor_entity_id=replica.entity(cf["anchor_entity_id"]), anchor_name=replica.rename(cf["anchor_name"], anchor_varied),
        subject_entity_id=replica.entity(cf["subject_entity_id"]),
        article_entity_ids=[[entity_map.get(e, e) for e in ids] for ids in cf["article_entity_ids"]],
        normalized_low=cf["normalized_low"] * cf_factor, normalized_high=cf["normalized_high"] * cf_factor,
        context_entity_ids=[[entity_map.get(e, e) for e in ids] for ids in cf["context_entity_ids"]],
        paired_figure_id=replica.fresh(cf["paired_figure_id"]),
    )
    sf = s["_state/story_features"]
    state["_state/story_features"] = sf.assign(  # article terms are words of the article: a replica keeps them
        article_id=replica.fresh(sf["article_id"]), story_id=replica.fresh(sf["story_id"]),
        entity_ids=[sorted(entity_map.get(e, e) for e in ids) for ids in sf["entity_ids"]],
    )
    return state


def _replicate_stories(stories: pd.DataFrame, articles: pd.DataFrame, replica: Replica) -> pd.DataFrame:
    """Replica k's stories: the same members, counts and dates, fresh ids, labelled by the copy of the first article."""
    first = articles.set_index("article_id").reindex(replica.fresh(stories["first_article_id"]))
    return stories.assign(story_id=replica.fresh(stories["story_id"]), first_article_id=first.index.to_numpy(),
                          label=[_label(title, body) for title, body in zip(first["title"], first["body_text"])])


def _replicate_corpus(base: Base, replica: Replica, facts: dict[str, pd.DataFrame], shared_claims: set[str]) -> dict[str, pd.DataFrame]:
    """Replica k's rows of the corpus tables: its share of each cluster and claim (counts summed over replicas by
    the caller) and its own stories."""
    t, quotes = base.tables, facts["quotes"]
    corpus: dict[str, pd.DataFrame] = {"stories": _replicate_stories(t["stories"], facts["articles"], replica)}
    entities = t["entities"]
    varied_entity = entities["entity_id"].isin(replica.varied_ids)
    corpus["entity_names"] = entities[["entity_id", "canonical_name", "entity_type"]].assign(
        entity_id=replica.entity(entities["entity_id"]), canonical_name=replica.rename(entities["canonical_name"], varied_entity))
    qc = t["quote_clusters"]
    copies = quotes.assign(original=t["quotes"]["quote_cluster_id"])
    counts = copies.groupby(["quote_cluster_id", "original"]).agg(n_quotes=("quote_id", "size"), n_articles=("article_id", "nunique")).reset_index()
    rows = counts.merge(qc.drop(columns=["n_quotes", "n_articles"]).rename(columns={"quote_cluster_id": "original"}), on="original")
    own = rows["quote_cluster_id"] != rows["original"]
    corpus["quote_clusters"] = rows.assign(
        speaker_entity_id=rows["speaker_entity_id"].where(~own, replica.entity(rows["speaker_entity_id"])),
        speaker_name=rows["speaker_name"].where(~own, replica.rename(rows["speaker_name"], rows["speaker_entity_id"].isin(replica.varied_ids))),
    )[qc.columns]
    c = t["claims"]
    c_factor = c["claim_id"].map(replica.scaled_claims).fillna(1.0)
    shared = c["claim_id"].isin(shared_claims)
    corpus["claims"] = c.assign(claim_id=c["claim_id"].astype(object).where(shared, replica.fresh(c["claim_id"])),
                                min_value=c["min_value"] * c_factor, max_value=c["max_value"] * c_factor)
    co = t["entity_cooccurrence"]
    ea, eb = replica.entity(co["entity_id_a"]), replica.entity(co["entity_id_b"])
    lo, hi = ea.where(ea < eb, eb), eb.where(ea < eb, ea)
    touched = (ea != co["entity_id_a"]) | (eb != co["entity_id_b"])
    pair_id = co["pair_id"].astype(object).copy()
    pair_id[touched] = [stable_id("entity_pair", x, y) for x, y in zip(lo[touched], hi[touched])]
    corpus["entity_cooccurrence"] = co.assign(pair_id=pair_id, entity_id_a=lo, entity_id_b=hi)
    return corpus


def replicate(base: Base, k: int, aliases: pd.DataFrame | None) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """Replica k (k >= 1) of every fact table and index, plus its rows of the corpus tables."""
    replica = Replica.of(base, k)
    shared_claims = _shared_claims(base, replica)
    facts = _replicate_facts(base, replica, shared_claims)
    facts.update(_replicate_state(base, replica, aliases))
    return facts, _replicate_corpus(base, replica, facts, shared_claims)


FACT_TABLES = ("articles", "entity_mentions", "quotes", "figures", "rejected_inputs", "runs", "validation_results")
STATE_APPENDED = ("_state/quote_keys", "_state/article_bands", "_state/claim_features", "_state/story_features")


def write_by_day(frame: pd.DataFrame, table: schema.Table, folder: Path, prefix: str, day_of_article: dict[str, int]) -> None:
    """A replica's rows as the daily runs that would have written them: one file set per day's
    articles, so a re-linked row rewrites a day's file, as in an archive grown by daily runs."""
    if "article_id" not in frame.columns or frame.empty:
        warehouse.write_table(frame, table, folder, prefix=prefix)
        return
    days = frame["article_id"].map(day_of_article)
    for day, rows in frame.groupby(days, sort=True):
        warehouse.write_table(rows, table, folder, prefix=f"{prefix}-d{int(day):03d}")


def write_replica_pool(base: Base, k: int, pool: Path, aliases: pd.DataFrame | None, articles_per_run: int) -> Path:
    """Replica k's files, laid out as a run's publish folder (`<table>/...`, `_state/...`) split into
    daily runs of `articles_per_run` articles, plus `corpus/` (its rows of the corpus tables and its
    entity forms, aggregated per archive)."""
    folder = pool / f"{k:03d}-v{LAYOUT_VERSION}"  # replicas of one base, reused by every archive size
    if (folder / ".done").exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    facts, corpus = replicate(base, k, aliases)
    prefix = f"{base.run_ids[0]}-r{k:02d}"
    articles = sorted(facts["articles"]["article_id"])
    day_of_article = {article_id: position // articles_per_run for position, article_id in enumerate(articles)}
    for name in FACT_TABLES:
        write_by_day(facts[name], schema.table(name), folder / "publish" / name, prefix, day_of_article)
    by_name = {t.name: t for t in schema.STATE_TABLES}
    for name in STATE_APPENDED:
        warehouse.write_table(facts[name], by_name[name], folder / "publish" / name, prefix=prefix)
    (folder / "corpus").mkdir(parents=True)
    facts["_state/entity_forms"].to_parquet(folder / "corpus" / "entity_forms.parquet", index=False)
    for name, frame in corpus.items():
        frame.to_parquet(folder / "corpus" / f"{name}.parquet", index=False)
    (folder / ".done").touch()
    return folder
