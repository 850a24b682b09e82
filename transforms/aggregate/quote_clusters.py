"""Quote clusters: the same statement as reported by different articles, in different wordings.

Guarantees:
- every quote row gets exactly one `quote_cluster_id` (a quote no other quote restates is its own cluster);
- two speech quotes join when one restates the other: most of the shorter quote's content words
  (compared by their first five letters, so "announce"/"announced" agree) occur in the longer one
  ("The missiles will speak for themselves" / "missiles speak for themselves"), which also puts a short
  quote inside a long one that contains it; quotes attributed to different speakers never join;
- non-speech rows (scare quotes, titles) stay singletons;
- ids are deterministic: the first 16 hex digits of SHA-256 of the cluster's smallest `quote_id`;
- the work is near-linear: candidate pairs come from an inverted index over each quote's rarest
  content words, and words shared by too many quotes are not used as keys.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

import pandas as pd

from transforms.schema import QUOTE_CLUSTERS

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_STEM_LENGTH = 5
# Function words carry no content; negations stay (they flip a statement).
_STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being am it its this that
    these those there here i me my we us our you your he him his she her they them their will would shall should can
    could may might must do does did have has had so such than then too very just also into onto about up out over
    what which who whom whose when where why how all any some each every other own same more most s t ll re ve d m""".split()
)
_MIN_SHARED_WORDS = 3
_MIN_CONTAINMENT = 0.75
_KEYS_PER_QUOTE = 3
_MAX_KEY_FREQUENCY = 200  # a word in more quotes than this is too common to propose pairs


def quote_content_words(quote_text: str) -> frozenset[str]:
    """The quote's content words, lower-cased and truncated to their first five letters."""
    stems = set()
    for word in _WORD.findall(quote_text):
        word = word.lower().replace("’", "'")
        if word.endswith("n't"):
            stems.add("not")  # don't / isn't / won't agree with "not"
            continue
        word = word.split("'")[0]
        if word not in _STOPWORDS:
            stems.add(word[:_STEM_LENGTH])
    return frozenset(stems)


def _restates(words_a: frozenset[str], words_b: frozenset[str]) -> bool:
    """One quote restates the other: most content words of the shorter one are in the longer one."""
    shared = len(words_a & words_b)
    shorter = min(len(words_a), len(words_b))
    return shared >= min(_MIN_SHARED_WORDS, shorter) and shorter > 0 and shared / shorter >= _MIN_CONTAINMENT and (
        shorter >= _MIN_SHARED_WORDS or words_a == words_b
    )


def cluster_id_for(smallest_quote_id: str) -> str:
    return hashlib.sha256(smallest_quote_id.encode("utf-8")).hexdigest()[:16]


class _Clusters:
    """Union-find over row positions that refuses to join clusters with conflicting speakers."""

    def __init__(self, speakers: list[str | None]) -> None:
        self.parent = list(range(len(speakers)))
        self.speakers: list[set[str]] = [{s} if s else set() for s in speakers]

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        root_a, root_b = self.root(a), self.root(b)
        if root_a == root_b:
            return
        if self.speakers[root_a] and self.speakers[root_b] and not self.speakers[root_a] & self.speakers[root_b]:
            return  # different speakers: different statements
        root_a, root_b = min(root_a, root_b), max(root_a, root_b)
        self.parent[root_b] = root_a
        self.speakers[root_a] |= self.speakers[root_b]


def _candidate_pairs(words: list[frozenset[str]], eligible: list[bool]) -> set[tuple[int, int]]:
    """Pairs of rows where one row holds a rarest content word of the other: every row is indexed
    under its words, and each row looks up only its few rarest ones (a quote inside a longer one
    shares them), so the work per row is bounded by `_KEYS_PER_QUOTE * _MAX_KEY_FREQUENCY`."""
    frequency: Counter[str] = Counter()
    for row_words, ok in zip(words, eligible):
        if ok:
            frequency.update(row_words)
    postings: dict[str, list[int]] = defaultdict(list)
    for position, (row_words, ok) in enumerate(zip(words, eligible)):
        if ok:
            for word in row_words:
                if frequency[word] <= _MAX_KEY_FREQUENCY:
                    postings[word].append(position)
    pairs: set[tuple[int, int]] = set()
    for position, (row_words, ok) in enumerate(zip(words, eligible)):
        if not ok:
            continue
        keys = sorted((w for w in row_words if frequency[w] <= _MAX_KEY_FREQUENCY), key=lambda w: (frequency[w], w))
        for key in keys[:_KEYS_PER_QUOTE]:
            for other in postings[key]:
                if other != position:
                    pairs.add((min(position, other), max(position, other)))
    return pairs


def cluster_quotes(quotes: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Assign every quote a `quote_cluster_id` and build the `quote_clusters` table.

    Returns the ids as a Series aligned to `quotes.index`, and one row per cluster with the
    columns of `schema.QUOTE_CLUSTERS`.
    """
    required = {"quote_id", "article_id", "quote_text", "speaker_entity_id", "speaker_name", "is_speech"}
    missing = required - set(quotes.columns)
    if missing:
        raise KeyError(f"cluster_quotes needs columns {sorted(missing)}")
    columns = QUOTE_CLUSTERS.column_names
    if quotes.empty:
        return pd.Series([], index=quotes.index, dtype="string", name="quote_cluster_id"), pd.DataFrame(columns=columns)

    quote_ids = quotes["quote_id"].astype(str).tolist()
    texts = quotes["quote_text"].fillna("").astype(str).tolist()
    speakers = [s if isinstance(s, str) and s else None for s in quotes["speaker_entity_id"].tolist()]
    eligible = [bool(v) for v in quotes["is_speech"].fillna(False).tolist()]
    words = [quote_content_words(text) if ok else frozenset() for text, ok in zip(texts, eligible)]

    clusters = _Clusters(speakers)
    # identical wordings always meet, even when all their words are common
    by_wording: dict[tuple[frozenset[str], str], int] = {}
    for position, (row_words, ok) in enumerate(zip(words, eligible)):
        if ok and row_words:
            first = by_wording.setdefault((row_words, speakers[position] or ""), position)
            clusters.join(first, position)
    # same-speaker pairs first, so an unattributed quote joins the statement it matches best
    pairs = sorted(_candidate_pairs(words, eligible), key=lambda p: (speakers[p[0]] != speakers[p[1]], p))
    for a, b in pairs:
        if _restates(words[a], words[b]):
            clusters.join(a, b)

    members: dict[int, list[int]] = defaultdict(list)
    for position in range(len(quote_ids)):
        members[clusters.root(position)].append(position)
    cluster_of_row: list[str] = [""] * len(quote_ids)
    rows = []
    for positions in members.values():
        cluster_id = cluster_id_for(min(quote_ids[p] for p in positions))
        for p in positions:
            cluster_of_row[p] = cluster_id
        rows.append(_summarise_cluster(cluster_id, positions, quotes, texts, speakers))
    ids = pd.Series(cluster_of_row, index=quotes.index, dtype="string", name="quote_cluster_id")
    table = pd.DataFrame(rows, columns=columns).sort_values("quote_cluster_id", ignore_index=True)
    return ids, table


def _summarise_cluster(
    cluster_id: str, positions: list[int], quotes: pd.DataFrame, texts: list[str], speakers: list[str | None]
) -> dict[str, object]:
    """One `quote_clusters` row: longest wording, distinct wordings, majority speaker, counts."""
    wordings = sorted({texts[p] for p in positions}, key=lambda t: (-len(t), t))
    speaker_counts = Counter(speakers[p] for p in positions if speakers[p])
    speaker_id = min(speaker_counts, key=lambda s: (-speaker_counts[s], s)) if speaker_counts else None
    speaker_name = None
    if speaker_id is not None:
        names = Counter(
            quotes["speaker_name"].iloc[p] for p in positions if speakers[p] == speaker_id and isinstance(quotes["speaker_name"].iloc[p], str)
        )
        speaker_name = min(names, key=lambda n: (-names[n], n)) if names else None
    return {
        "quote_cluster_id": cluster_id,
        "representative_text": wordings[0],
        "variants": wordings,
        "speaker_entity_id": speaker_id,
        "speaker_name": speaker_name,
        "n_articles": int(quotes["article_id"].iloc[positions].nunique()),
        "n_quotes": len(positions),
    }
