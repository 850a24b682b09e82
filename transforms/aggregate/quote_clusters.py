"""Quote clusters: the same statement as reported by different articles, in different wordings.

Guarantees:
- every quote row gets exactly one `quote_cluster_id` (a quote no other quote restates is its own cluster);
- two speech quotes join when one restates the other: at least 80% of the shorter quote's content words
  (compared by their first five letters, so "announce"/"announced" agree) occur in the longer one
  ("The missiles will speak for themselves" / "missiles speak for themselves"), which also puts a short
  quote inside a long one that contains it; quotes attributed to different speakers never join;
- non-speech rows (scare quotes, titles) stay singletons;
- ids are deterministic: the first 16 hex digits of SHA-256 of the cluster's smallest `quote_id`;
- the work is near-linear: candidate pairs come from an inverted index over pairs of nearby content
  words; each quote looks up only its few rarest pairs, and pairs shared by too many quotes are not keys.
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
_MIN_CONTAINMENT = 0.8
_SIMILAR_LENGTH = 0.5  # shorter / longer content-word count above which two quotes are rewordings, not a fragment
_KEYS_PER_QUOTE = 3
_MAX_KEY_FREQUENCY = 200  # a word in more quotes than this is too common to propose pairs


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
        if root_a == root_b:
            return
        if self.speakers[root_a] and self.speakers[root_b] and not self.speakers[root_a] & self.speakers[root_b]:
            return  # different speakers: different statements
        root_a, root_b = min(root_a, root_b), max(root_a, root_b)
        self.parent[root_b] = root_a
        self.speakers[root_a] |= self.speakers[root_b]


def _word_pair_keys(sequence: list[str]) -> frozenset[tuple[str, str]]:
    """Adjacent content-word pairs, and pairs with one word between them: rare enough to index, and a
    restated quote shares some of them with the original even when a word is added or changed."""
    keys = {(a, b) for a, b in zip(sequence, sequence[1:])}
    keys.update((a, c) for a, c in zip(sequence, sequence[2:]))
    return frozenset(keys)


def _candidate_pairs(keys_of: list[frozenset[tuple[str, str]]]) -> set[tuple[int, int]]:
    """Pairs of rows that share one of the rarer word-pair keys: every row is indexed under its keys,
    and each row looks up only its `_KEYS_PER_QUOTE` rarest ones, each holding at most
    `_MAX_KEY_FREQUENCY` rows, so the work per row is bounded and the whole is linear in the rows."""
    frequency: Counter[tuple[str, str]] = Counter()
    for keys in keys_of:
        frequency.update(keys)
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, keys in enumerate(keys_of):
        for key in keys:
            if frequency[key] <= _MAX_KEY_FREQUENCY:
                postings[key].append(position)
    pairs: set[tuple[int, int]] = set()
    for position, keys in enumerate(keys_of):
        usable = sorted((k for k in keys if 1 < frequency[k] <= _MAX_KEY_FREQUENCY), key=lambda k: (frequency[k], k))
        for key in usable[:_KEYS_PER_QUOTE]:
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
    speaker_names = [s if isinstance(s, str) and s else None for s in quotes["speaker_name"].tolist()]
    articles = quotes["article_id"].astype(str).tolist()
    eligible = [bool(v) for v in quotes["is_speech"].fillna(False).tolist()]
    sequences = [quote_content_sequence(text) if ok else [] for text, ok in zip(texts, eligible)]
    words = [frozenset(sequence) for sequence in sequences]

    clusters = _Clusters(speakers)
    # the same wording always meets, even when all its words are common or it has only one or two
    by_wording: dict[tuple[str, str], int] = {}
    for position, ok in enumerate(eligible):
        wording = _normalised_wording(texts[position]) if ok else ""
        if wording:
            clusters.join(by_wording.setdefault((wording, speakers[position] or ""), position), position)
    # Restatements of similar length join directly. A much shorter quote (a fragment) joins only the
    # one quote that contains it most tightly, so a common phrase cannot chain two different statements.
    # Same-speaker pairs come first, so an unattributed quote joins the statement it matches best.
    keys_of = [_word_pair_keys(sequence) for sequence in sequences]
    pairs = sorted(_candidate_pairs(keys_of), key=lambda p: (speakers[p[0]] != speakers[p[1]], p))
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

    members: dict[int, list[int]] = defaultdict(list)
    for position in range(len(quote_ids)):
        members[clusters.root(position)].append(position)
    cluster_of_row: list[str] = [""] * len(quote_ids)
    rows = []
    for positions in members.values():
        cluster_id = cluster_id_for(min(quote_ids[p] for p in positions))
        for p in positions:
            cluster_of_row[p] = cluster_id
        rows.append(_summarise_cluster(cluster_id, positions, articles, texts, speakers, speaker_names))
    ids = pd.Series(cluster_of_row, index=quotes.index, dtype="string", name="quote_cluster_id")
    table = pd.DataFrame(rows, columns=columns).sort_values("quote_cluster_id", ignore_index=True)
    return ids, table


def _summarise_cluster(
    cluster_id: str,
    positions: list[int],
    articles: list[str],
    texts: list[str],
    speakers: list[str | None],
    speaker_names: list[str | None],
) -> dict[str, object]:
    """One `quote_clusters` row: longest wording, distinct wordings, majority speaker, counts."""
    wordings = sorted({texts[p] for p in positions}, key=lambda t: (-len(t), t))
    speaker_counts = Counter(speakers[p] for p in positions if speakers[p])
    speaker_id = min(speaker_counts, key=lambda s: (-speaker_counts[s], s)) if speaker_counts else None
    speaker_name = None
    if speaker_id is not None:
        names = Counter(speaker_names[p] for p in positions if speakers[p] == speaker_id and speaker_names[p])
        speaker_name = min(names, key=lambda n: (-names[n], n)) if names else None
    return {
        "quote_cluster_id": cluster_id,
        "representative_text": wordings[0],
        "variants": wordings,
        "speaker_entity_id": speaker_id,
        "speaker_name": speaker_name,
        "n_articles": len({articles[p] for p in positions}),
        "n_quotes": len(positions),
    }
