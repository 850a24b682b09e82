"""Near-duplicate detection: the same story republished with small edits.

MinHash signatures over word 5-gram shingles, banded into an LSH index, propose candidate
pairs; a candidate is confirmed only when the exact Jaccard similarity of the shingle sets
reaches the threshold. Work grows with the number of articles, not with its square.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import numpy as np
import pandas as pd

SHINGLE_WORDS = 5
NUM_HASHES = 64
BANDS = 16  # 16 bands x 4 rows: pairs with Jaccard >= 0.8 collide with probability > 0.999
DEFAULT_THRESHOLD = 0.8

_WORD = re.compile(r"\w+")
_MASKS = np.frombuffer(hashlib.shake_128(b"newsfacts-minhash").digest(8 * NUM_HASHES), dtype=np.uint64)


def shingles(text: str) -> set[int]:
    """Hashes of the word 5-grams of a text (lower-cased); short texts give their whole word run."""
    words = _WORD.findall(text.lower())
    grams = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))]
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") for g in grams if g}


def minhash_signature(shingle_hashes: set[int]) -> np.ndarray:
    if not shingle_hashes:
        return np.full(NUM_HASHES, np.iinfo(np.uint64).max, dtype=np.uint64)
    values = np.fromiter(shingle_hashes, dtype=np.uint64, count=len(shingle_hashes))
    return (values[:, None] ^ _MASKS[None, :]).min(axis=0)


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def flag_near_duplicates(articles: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD) -> pd.Series:
    """`duplicate_of` for each article: the earliest earlier article it nearly copies, else None.

    `articles` holds `article_id` and `body_text` in precedence order (earlier rows win).
    """
    shingle_sets = [shingles(text) for text in articles["body_text"]]
    rows_per_band = NUM_HASHES // BANDS
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    duplicate_of: list[str | None] = [None] * len(articles)
    ids = articles["article_id"].tolist()
    for position, shingle_set in enumerate(shingle_sets):
        signature = minhash_signature(shingle_set)
        candidates: set[int] = set()
        for band in range(BANDS):
            key = (band, signature[band * rows_per_band : (band + 1) * rows_per_band].tobytes())
            candidates.update(buckets[key])
            buckets[key].append(position)
        for earlier in sorted(candidates):
            if jaccard(shingle_set, shingle_sets[earlier]) >= threshold:
                duplicate_of[position] = duplicate_of[earlier] or ids[earlier]
                break
    return pd.Series(duplicate_of, index=articles.index, dtype=object)


def band_keys(articles: pd.DataFrame) -> pd.DataFrame:
    """The LSH band keys of each article (`band_key`, `article_id`): stored as an index, they find the
    published articles a new one may nearly copy without reading every published body."""
    rows_per_band = NUM_HASHES // BANDS
    keys: list[str] = []
    ids: list[str] = []
    for article_id, text in zip(articles["article_id"], articles["body_text"]):
        signature = minhash_signature(shingles(text))
        for band in range(BANDS):
            keys.append(f"{band}:{signature[band * rows_per_band : (band + 1) * rows_per_band].tobytes().hex()}")
            ids.append(article_id)
    return pd.DataFrame({"band_key": keys, "article_id": ids}, dtype=object)


def flag_new_near_duplicates(existing: pd.DataFrame, new: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD) -> pd.Series:
    """`duplicate_of` for new articles: published articles take precedence (in the given order, and
    through their own stored `duplicate_of` when the frame has it), then earlier publication times.

    `existing` needs only the published articles that share a band with a new one (see `band_keys`).
    """
    if new.empty:
        return pd.Series(None, index=new.index, dtype=object)
    ordered_new = new.sort_values(["published_at", "source_uri"], na_position="last")
    history = pd.concat([existing[["article_id", "body_text"]], ordered_new[["article_id", "body_text"]]], ignore_index=True)
    flags = flag_near_duplicates(history, threshold).iloc[len(existing) :]
    if "duplicate_of" in existing.columns:  # a published copy points at what it copies, as stored
        stored = {a: d for a, d in zip(existing["article_id"], existing["duplicate_of"]) if isinstance(d, str)}
        flags = flags.map(lambda target: stored.get(target, target) if isinstance(target, str) else None)
    duplicate_of = dict(zip(ordered_new["article_id"], flags))
    return pd.Series([duplicate_of[article_id] for article_id in new["article_id"]], index=new.index, dtype=object)
