"""Quote clusters: the same statement as reported by different articles, in different wordings.

Guarantees:
- every quote row gets exactly one `quote_cluster_id` (a quote no other quote restates is its own cluster);
- two speech quotes join when one restates the other: at least 80% of the shorter quote's content words
  (compared by their first five letters, so "announce"/"announced" agree) occur in the longer one
  ("The missiles will speak for themselves" / "missiles speak for themselves"), which also puts a short
  quote inside a long one that contains it; quotes attributed to different speakers never join;
- non-speech rows (scare quotes, titles) stay singletons;
- clusters grow incrementally (`assign_quote_clusters`): a run sees only its new quotes and the published
  quotes that share an index key (`quote_index_keys`) with them, plus those quotes' clusters; published
  clusters are never split and keep their id, so an id, once published, names the same statement;
- ids are deterministic: a cluster with published quotes keeps the smallest of their ids (the others are
  re-linked to it); a cluster of new quotes only takes the first 16 hex digits of SHA-256 of its smallest
  `quote_id`; a full rebuild (`cluster_quotes`) therefore gives every cluster the id of its smallest quote;
- the work is near-linear: candidate pairs come from an inverted index over pairs of nearby content
  words; each quote looks up only its few rarest pairs (rarest in the whole corpus), and pairs shared by
  too many quotes are not keys.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

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
_MIN_CONTAINMENT = 0.8
_SIMILAR_LENGTH = 0.5  # shorter / longer content-word count above which two quotes are rewordings, not a fragment
_KEYS_PER_QUOTE = 3
_MAX_KEY_FREQUENCY = 200  # a word pair in more quotes than this is too common to propose pairs
# Index keys are plain strings, so the caller can store them in a table and count them with SQL.
_PAIR_KEY = "pair:"
_WORDING_KEY = "wording:"
QUOTE_COLUMNS = ("quote_id", "article_id", "quote_text", "speaker_entity_id", "speaker_name", "is_speech")


def quote_content_sequence(quote_text: str) -> list[str]:
    """The quote's content words in order, lower-cased and truncated to their first five letters."""
    stems = []
    for word in _WORD.findall(quote_text):
        word = word.lower().replace("’", "'")
        if word.endswith("n't"):
            stems.append("not")  # don't / isn't / won't agree with "not"
            continue
        word = word.split("'")[0]
        if word not in _STOPWORDS:
            stems.append(word[:_STEM_LENGTH])
    return stems


def quote_content_words(quote_text: str) -> frozenset[str]:
    return frozenset(quote_content_sequence(quote_text))


def _fragment_of(fragment: list[str], longer: list[str]) -> bool:
    """The fragment's words sit together in the longer quote (within a window about twice its length),
    not scattered through it: "missiles will speak for themselves" inside a longer statement."""
    wanted = set(fragment)
    needed = _MIN_CONTAINMENT * len(wanted)
    width = 2 * len(fragment) + 2
    counts: Counter[str] = Counter()
    for position, word in enumerate(longer):
        if word in wanted:
            counts[word] += 1
        if position >= width and longer[position - width] in wanted:
            counts[longer[position - width]] -= 1
            if counts[longer[position - width]] == 0:
                del counts[longer[position - width]]
        if len(counts) >= needed:
            return True
    return False


def _restates(words_a: frozenset[str], words_b: frozenset[str]) -> bool:
    """One quote restates the other: most content words of the shorter one are in the longer one.
    Quotes of fewer than three content words only restate a quote with the same wording (see
    `_normalised_wording`), never by their stems ("centrepiece" is not "central")."""
    shorter = min(len(words_a), len(words_b))
    if shorter < _MIN_SHARED_WORDS:
        return False
    shared = len(words_a & words_b)
    return shared >= _MIN_SHARED_WORDS and shared / shorter >= _MIN_CONTAINMENT


def _normalised_wording(quote_text: str) -> str:
    return " ".join(word.lower().replace("’", "'") for word in _WORD.findall(quote_text))


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
        if self.speakers[root_a] and self.speakers[root_b] and not self.speakers[root_a] & self.speakers[root_b]:
            return  # different speakers: different statements
        self.merge(root_a, root_b)

    def merge(self, a: int, b: int) -> None:
        """Join without the speaker check: a published cluster stays whole whatever its speakers are now."""
        root_a, root_b = self.root(a), self.root(b)
        if root_a == root_b:
            return
        root_a, root_b = min(root_a, root_b), max(root_a, root_b)
        self.parent[root_b] = root_a
        self.speakers[root_a] |= self.speakers[root_b]


def _word_pair_keys(sequence: list[str]) -> frozenset[str]:
    """Adjacent content-word pairs, and pairs with one word between them: rare enough to index, and a
    restated quote shares some of them with the original even when a word is added or changed."""
    keys = {f"{_PAIR_KEY}{a} {b}" for a, b in zip(sequence, sequence[1:])}
    keys.update(f"{_PAIR_KEY}{a} {c}" for a, c in zip(sequence, sequence[2:]))
    return frozenset(keys)


def _wording_key(quote_text: str) -> str:
    """Identical wordings always meet, even when all their words are common or there are only one or two."""
    wording = _normalised_wording(quote_text)
    return f"{_WORDING_KEY}{wording}" if wording else ""


def quote_index_keys(quotes: pd.DataFrame) -> pd.DataFrame:
    """One (quote_id, key) row per index key of each speech quote: its word-pair keys ("pair:missi speak")
    and its wording ("wording:the missiles will speak for themselves"). The published quotes that share a
    key with new quotes are the only ones `assign_quote_clusters` needs to see. The speaker is not part of
    the key: speaker links can be re-resolved later, and the clustering itself keeps speakers apart."""
    _require_columns(quotes, ("quote_id", "quote_text", "is_speech"), "quote_index_keys")
    rows: list[tuple[str, str]] = []
    for quote_id, text, is_speech in zip(quotes["quote_id"], quotes["quote_text"], quotes["is_speech"]):
        if not _is_true(is_speech) or not isinstance(text, str):
            continue
        wording = _wording_key(text)
        keys = sorted(_word_pair_keys(quote_content_sequence(text)) | ({wording} if wording else set()))
        rows.extend((str(quote_id), key) for key in keys)
    return pd.DataFrame(rows, columns=["quote_id", "key"], dtype=object)


def _candidate_pairs(keys_of: list[frozenset[str]], frequency: dict[str, int], published: list[bool] | None = None) -> set[tuple[int, int]]:
    """Pairs of rows that share one of the rarer word-pair keys: every row is indexed under its keys,
    and each row looks up only its `_KEYS_PER_QUOTE` rarest ones, each holding at most
    `_MAX_KEY_FREQUENCY` rows, so the work per row is bounded and the whole is linear in the rows.
    Two `published` rows were paired (or not) when the later of them was published: not again."""
    published = published or [False] * len(keys_of)
    postings: dict[str, list[int]] = defaultdict(list)
    for position, keys in enumerate(keys_of):
        for key in keys:
            if frequency[key] <= _MAX_KEY_FREQUENCY:
                postings[key].append(position)
    pairs: set[tuple[int, int]] = set()
    for position, keys in enumerate(keys_of):
        usable = sorted((k for k in keys if 1 < frequency[k] <= _MAX_KEY_FREQUENCY), key=lambda k: (frequency[k], k))
        for key in usable[:_KEYS_PER_QUOTE]:
            for other in postings[key]:
                if other != position and not (published[position] and published[other]):
                    pairs.add((min(position, other), max(position, other)))
    return pairs


def cluster_quotes(quotes: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Assign every quote a `quote_cluster_id` and build the `quote_clusters` table: the full rebuild,
    where every quote is new.

    Returns the ids as a Series aligned to `quotes.index`, and one row per cluster with the
    columns of `schema.QUOTE_CLUSTERS`.
    """
    _require_columns(quotes, QUOTE_COLUMNS, "cluster_quotes")
    no_known_quotes = quotes.iloc[:0].assign(quote_cluster_id=pd.Series(dtype=object))
    ids_by_quote, table = assign_quote_clusters(quotes, no_known_quotes)
    ids = ids_by_quote.reindex(quotes["quote_id"].astype(str).to_numpy())
    return pd.Series(ids.to_numpy(), index=quotes.index, dtype="string", name="quote_cluster_id"), table


def assign_quote_clusters(
    new_quotes: pd.DataFrame,
    known_quotes: pd.DataFrame,
    key_frequency: Mapping[str, int] | None = None,
) -> tuple[pd.Series, pd.DataFrame]:
    """Cluster this run's quotes into the published clusters without re-reading the archive.

    `new_quotes` has the `QUOTE_COLUMNS`; `known_quotes` also has `quote_cluster_id` and must hold every
    published quote that shares an index key (`quote_index_keys`) with a new quote, with all members of
    their clusters (word-pair keys in more than `_MAX_KEY_FREQUENCY` quotes propose no pairs and need not
    be fetched). `key_frequency` maps an index key to the number of quotes having it in the whole corpus,
    new quotes included, and should cover the keys of every given quote, because each quote looks up its
    rarest keys; a key it lacks, or every key when it is None (the full rebuild), is counted over the
    given quotes.

    Returns the `quote_cluster_id` of every given quote (a Series indexed by `quote_id`) and the
    `quote_clusters` rows of the clusters that hold a new quote or absorbed another published cluster.
    Ids of published clusters that were absorbed are in `known_quotes` but not among the returned ids.
    """
    rows = _quote_rows(new_quotes, known_quotes)
    columns = QUOTE_CLUSTERS.column_names
    if not rows.quote_ids:
        return pd.Series([], index=pd.Index([], name="quote_id"), dtype="string", name="quote_cluster_id"), pd.DataFrame(columns=columns)

    clusters = _Clusters(rows.speakers)
    first_of_published: dict[str, int] = {}
    for position, published_id in enumerate(rows.published_ids):
        if published_id is not None:
            clusters.merge(first_of_published.setdefault(published_id, position), position)
    _join_restatements(clusters, rows, key_frequency)

    members: dict[int, list[int]] = defaultdict(list)
    for position in range(len(rows.quote_ids)):
        members[clusters.root(position)].append(position)
    cluster_of_row: list[str] = [""] * len(rows.quote_ids)
    changed = []
    for positions in members.values():
        published = {rows.published_ids[p] for p in positions} - {None}
        # positions are in quote_id order, so positions[0] holds the smallest quote_id
        cluster_id = min(published) if published else cluster_id_for(rows.quote_ids[positions[0]])
        for p in positions:
            cluster_of_row[p] = cluster_id
        if len(published) != 1 or any(rows.published_ids[p] is None for p in positions):
            changed.append(_summarise_cluster(cluster_id, positions, rows))
    ids = pd.Series(cluster_of_row, index=pd.Index(rows.quote_ids, name="quote_id"), dtype="string", name="quote_cluster_id")
    table = pd.DataFrame(changed, columns=columns).sort_values("quote_cluster_id", ignore_index=True)
    return ids, table


@dataclass(frozen=True)
class _QuoteRows:
    """Known and new quotes as parallel lists in quote_id order; `published_ids` is None for a new quote."""

    quote_ids: list[str]
    articles: list[str]
    texts: list[str]
    speakers: list[str | None]
    speaker_names: list[str | None]
    eligible: list[bool]
    published_ids: list[str | None]


def _quote_rows(new_quotes: pd.DataFrame, known_quotes: pd.DataFrame) -> _QuoteRows:
    """Rows in quote_id order: every tie in the clustering is broken by position, so a part of the
    corpus (an incremental run) meets its quotes in the same order as the whole (a rebuild)."""
    _require_columns(new_quotes, QUOTE_COLUMNS, "assign_quote_clusters (new_quotes)")
    _require_columns(known_quotes, (*QUOTE_COLUMNS, "quote_cluster_id"), "assign_quote_clusters (known_quotes)")
    if not known_quotes["quote_cluster_id"].map(lambda c: isinstance(c, str) and bool(c)).all():
        raise ValueError("assign_quote_clusters: every known quote needs its quote_cluster_id")
    unsorted_ids = [str(q) for q in (*known_quotes["quote_id"], *new_quotes["quote_id"])]
    given_twice = pd.Index(unsorted_ids)[pd.Index(unsorted_ids).duplicated()]
    if len(given_twice):
        raise ValueError(f"assign_quote_clusters: quote ids given twice (a new quote already published?): {sorted(set(given_twice))[:5]}")
    order = sorted(range(len(unsorted_ids)), key=unsorted_ids.__getitem__)

    def column(values: list[object]) -> list[object]:
        return [values[i] for i in order]

    def text_or_none(value: object) -> str | None:
        return value if isinstance(value, str) and value else None

    def both(name: str) -> list[object]:
        return column([*known_quotes[name], *new_quotes[name]])

    return _QuoteRows(
        quote_ids=sorted(unsorted_ids),
        articles=[str(a) for a in both("article_id")],
        texts=[t if isinstance(t, str) else "" for t in both("quote_text")],
        speakers=[text_or_none(s) for s in both("speaker_entity_id")],
        speaker_names=[text_or_none(s) for s in both("speaker_name")],
        eligible=[_is_true(v) for v in both("is_speech")],
        published_ids=[text_or_none(c) for c in column([*known_quotes["quote_cluster_id"], *[None] * len(new_quotes)])],
    )


def _join_restatements(clusters: _Clusters, rows: _QuoteRows, key_frequency: Mapping[str, int] | None) -> None:
    """Join the quotes that restate one another (see the module docstring), refusing conflicting speakers."""
    speakers = rows.speakers
    sequences = [quote_content_sequence(text) if ok else [] for text, ok in zip(rows.texts, rows.eligible)]
    words = [frozenset(sequence) for sequence in sequences]
    by_wording: dict[tuple[str, str], int] = {}
    for position, ok in enumerate(rows.eligible):
        wording = _wording_key(rows.texts[position]) if ok else ""
        if wording:
            clusters.join(by_wording.setdefault((wording, speakers[position] or ""), position), position)
    # Restatements of similar length join directly. A much shorter quote (a fragment) joins only the
    # one quote that contains it most tightly, so a common phrase cannot chain two different statements.
    # Same-speaker pairs come first, so an unattributed quote joins the statement it matches best.
    keys_of = [_word_pair_keys(sequence) for sequence in sequences]
    given: Counter[str] = Counter()
    for keys in keys_of:
        given.update(keys)
    frequency = dict(given) if key_frequency is None else {key: key_frequency.get(key, count) for key, count in given.items()}
    published = [published_id is not None for published_id in rows.published_ids]
    pairs = sorted(_candidate_pairs(keys_of, frequency, published), key=lambda p: (speakers[p[0]] != speakers[p[1]], p))
    container: dict[int, tuple[float, int, int]] = {}  # fragment -> (-tightness, speaker mismatch, container)
    for a, b in pairs:
        if not _restates(words[a], words[b]):
            continue
        short, long = (a, b) if len(words[a]) <= len(words[b]) else (b, a)
        if not _fragment_of(sequences[short], sequences[long]):
            continue
        if len(words[short]) / len(words[long]) >= _SIMILAR_LENGTH:
            clusters.join(a, b)
            continue
        rank = (-len(words[short] & words[long]) / len(words[long]), speakers[a] != speakers[b], long)
        if short not in container or rank < container[short]:
            container[short] = rank
    for short in sorted(container):
        clusters.join(container[short][2], short)


def _require_columns(frame: pd.DataFrame, required: tuple[str, ...], caller: str) -> None:
    missing = set(required) - set(frame.columns)
    if missing:
        raise KeyError(f"{caller} needs columns {sorted(missing)}")


def _is_true(value: object) -> bool:
    """A true `is_speech` flag; missing counts as false."""
    return not pd.isna(value) and bool(value)


def _summarise_cluster(cluster_id: str, positions: list[int], rows: _QuoteRows) -> dict[str, object]:
    """One `quote_clusters` row: longest wording, distinct wordings, majority speaker, counts."""
    wordings = sorted({rows.texts[p] for p in positions}, key=lambda t: (-len(t), t))
    speaker_counts = Counter(rows.speakers[p] for p in positions if rows.speakers[p])
    speaker_id = min(speaker_counts, key=lambda s: (-speaker_counts[s], s)) if speaker_counts else None
    speaker_name = None
    if speaker_id is not None:
        names = Counter(rows.speaker_names[p] for p in positions if rows.speakers[p] == speaker_id and rows.speaker_names[p])
        speaker_name = min(names, key=lambda n: (-names[n], n)) if names else None
    return {
        "quote_cluster_id": cluster_id,
        "representative_text": wordings[0],
        "variants": wordings,
        "speaker_entity_id": speaker_id,
        "speaker_name": speaker_name,
        "n_articles": len({rows.articles[p] for p in positions}),
        "n_quotes": len(positions),
    }


def summarise_clusters(quotes: pd.DataFrame) -> pd.DataFrame:
    """`quote_clusters` rows for clusters whose members are all given (with their `quote_cluster_id`):
    a stored cluster whose speaker was re-linked or renamed is summarised again without re-clustering."""
    rows = _quote_rows(quotes.iloc[0:0][list(QUOTE_COLUMNS)], quotes)
    members: dict[str, list[int]] = {}
    for position, cluster_id in enumerate(rows.published_ids):
        members.setdefault(str(cluster_id), []).append(position)
    summaries = [_summarise_cluster(cluster_id, positions, rows) for cluster_id, positions in sorted(members.items())]
    return pd.DataFrame(summaries, columns=QUOTE_CLUSTERS.column_names)


def keys_to_look_up(index_keys: pd.DataFrame, key_frequency: Mapping[str, int]) -> set[str]:
    """The keys under which published quotes can pair with these (new) quotes: each quote's wording,
    and its `_KEYS_PER_QUOTE` rarest word pairs that are not too common to propose pairs (whole-corpus
    counts). A daily run then reads the few published quotes those keys name, not every quote that
    shares some common word pair with it. (A published quote can also pair through one of ITS rarest
    keys that is not among the new quote's; that pair is not looked for: see docs/warehouse.md.)"""
    wanted: set[str] = set()
    for _, keys in index_keys.groupby("quote_id")["key"]:
        pairs = [k for k in keys if k.startswith(_PAIR_KEY) and 1 < key_frequency.get(k, 1) <= _MAX_KEY_FREQUENCY]
        wanted.update(sorted(pairs, key=lambda k: (key_frequency.get(k, 1), k))[:_KEYS_PER_QUOTE])
        wanted.update(k for k in keys if k.startswith(_WORDING_KEY))
    return wanted
