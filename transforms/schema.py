"""The table contract: the single source of truth for every table newsfacts publishes.

Column names, Arrow types, nullability, vocabularies, keys and foreign keys are declared here
once. The Parquet writer conforms frames to these schemas, the GX suites in `expectations/`
are generated from them, and `docs/tables.md` (the data dictionary for BI users) is rendered
from them; tests check that both generated artefacts are current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pyarrow as pa

from transforms import units

TIMESTAMP = pa.timestamp("us", tz="UTC")
TEXT = pa.string()  # never large_string: pandas 3 would otherwise write large_string

QUALIFIERS: tuple[str, ...] = (
    "exact",
    "approximately",
    "nearly",
    "more_than",
    "at_least",
    "less_than",
    "up_to",
)
# Qualifiers that bound a value from one side: "more than 40" allows anything above 40.
LOWER_BOUNDS = frozenset({"more_than", "at_least"})
UPPER_BOUNDS = frozenset({"less_than", "up_to"})
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "WEAPON",
)
REJECTION_REASONS: tuple[str, ...] = (
    "empty",
    "binary",
    "undecodable",
    "oversized",
    "malformed",
    "missing_text",
    "unsupported_type",
    "unreadable",
    "duplicate",
    "too_deep",
    "no_words",
    "too_long_for_parser",
    "outside_inputs",
    "symlink_loop",
)
# Who speaks a quote: a named person or organisation (a party, a company, a court: `speaker_entity_id` then
# points at it), a document nobody is named as issuing, a source the article does not name ("a senior
# official"), or nobody (no speaker found, or not speech).
SPEAKER_KINDS: tuple[str, ...] = ("person", "organisation", "document", "unnamed source", "none")
RUN_STATUSES: tuple[str, ...] = ("published", "no_change", "gate_failed", "nothing_read")
SEVERITIES: tuple[str, ...] = ("blocking", "warning")
STAGES: tuple[str, ...] = ("ingest", "normalize", "extract", "aggregate", "run")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True
    vocabulary: tuple[str, ...] | None = None
    dictionary: bool = False  # dictionary-encode: low-cardinality text for BI tools
    partition: bool = False  # a Hive partition key: a folder level, not a column inside the files

    def arrow_type(self) -> pa.DataType:
        if self.dictionary:
            return pa.dictionary(pa.int32(), self.type)
        return self.type


@dataclass(frozen=True)
class ForeignKey:
    column: str
    ref_table: str
    ref_column: str


@dataclass(frozen=True)
class Table:
    name: str
    stage: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str | None = None
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def partition_column(self) -> str | None:
        return next((column.name for column in self.columns if column.partition), None)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def file_schema(self) -> pa.Schema:
        """The Arrow schema of the Parquet files (partition keys live in folder names)."""
        return pa.schema(
            [pa.field(c.name, c.arrow_type(), nullable=c.nullable) for c in self.columns if not c.partition]
        )

    def frame_schema(self) -> pa.Schema:
        """The Arrow schema of the full table as readers see it, partition keys included."""
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])


def _ingest_date() -> Column:
    return Column(
        "ingest_date",
        pa.date32(),
        "UTC date the article was first ingested; the Hive partition folder (`ingest_date=YYYY-MM-DD`).",
        nullable=False,
        partition=True,
    )


def _offsets(what: str) -> tuple[Column, Column]:
    return (
        Column("start_char", pa.int32(), f"Offset of the first character of the {what} in `articles.body_text`.", False),
        Column("end_char", pa.int32(), f"Offset after the last character: `body_text[start_char:end_char]` is the {what}.", False),
    )


ARTICLES = Table(
    name="articles",
    stage="normalize",
    description="One row per distinct article, with its normalised body text. Offsets in every other table index `body_text`.",
    primary_key="article_id",
    columns=(
        Column("article_id", TEXT, "Stable id: the first 16 hex digits of SHA-256 of the normalised body text.", False),
        Column("source_uri", TEXT, "Where the article was read: a file path, with `#N` for the Nth record of a JSON/JSONL file.", False),
        Column("source_name", TEXT, "Outlet name from the input's metadata (JSON `source`, HTML site name) or the URL's host.", dictionary=True),
        Column("title", TEXT, "Headline: the input's title field, or a first line followed by a blank line in plain text."),
        Column("author", TEXT, "Byline from the input's metadata, when given."),
        Column("url", TEXT, "Canonical URL from the input's metadata, when given."),
        Column("published_at", TIMESTAMP, "Publication time from the input's metadata, in UTC."),
        Column("ingested_at", TIMESTAMP, "When newsfacts first read this article, in UTC.", False),
        Column("language", TEXT, "ISO 639-1 code identified by py3langid; `und` when undetermined (too short, digits only, not confident). `en` and `und` articles are parsed; others are kept but not parsed.", False, dictionary=True),
        Column("body_text", TEXT, "The normalised article text: Unicode repaired (NFC), whitespace folded, paragraphs separated by a blank line, paywall/teaser/cross-link lines removed.", False),
        Column("word_count", pa.int32(), "Number of words in `body_text`.", False),
        Column("is_truncated", pa.bool_(), "True when the outlet cut the article (paywall notice found).", False),
        Column("visible_fraction", pa.float64(), "Share of the full article that is visible: 1.0 when complete, `1 - pct/100` from a 'You have pct% of this article left' notice, null when truncated by an unknown amount."),
        Column("removed_boilerplate", pa.list_(TEXT), "The paywall, teaser and cross-link strings and the markup tags removed from the body, kept for audit.", False),
        Column("duplicate_of", TEXT, "For a near duplicate (same story, minor edits), the `article_id` of the earlier article it copies.", True),
        Column("story_id", TEXT, "The story (news event) the article reports, see `stories`: decided when the article arrives and never changed.", False),
        Column("content_sha256", TEXT, "SHA-256 of the raw input bytes of the record, used to skip unchanged inputs on reruns.", False),
        Column("source_encoding", TEXT, "Text encoding the input was decoded with (`utf-8`, `cp1252`, ...).", False, dictionary=True),
        Column("metadata_notes", pa.list_(TEXT), "Metadata dropped on ingest and why, e.g. a `published_at` outside 1850 .. now + 2 days or not a date string (the column is then null). Empty for most articles.", False),
        Column("run_id", TEXT, "The run that ingested this article.", False),
        _ingest_date(),
    ),
    foreign_keys=(ForeignKey("duplicate_of", "articles", "article_id"), ForeignKey("story_id", "stories", "story_id")),
)

STORIES = Table(
    name="stories",
    stage="aggregate",
    description="One row per story: the articles that report one news event, across outlets. An article joins the story whose first articles it matches best (at least half of them: shared frequent words and named entities, the entities rare in the archive weighing more, published within 14 days), or starts one; stories never merge.",
    primary_key="story_id",
    columns=(
        Column("story_id", TEXT, "Stable id of the story, derived from the id of the article that started it (`first_article_id`).", False),
        Column("label", TEXT, "The headline of the article that started the story (else the start of its text); never changes.", False),
        Column("first_article_id", TEXT, "The article that started the story: the first placed in it (`_state/story_features.story_rank` 0), which gives its id and label. Not necessarily the earliest published: a later run may bring an article dated earlier, which joins without changing this.", False),
        Column("n_articles", pa.int32(), "Number of articles in the story.", False),
        Column("n_sources", pa.int32(), "Number of distinct outlets (`articles.source_name`) among them; 0 when none names its outlet.", False),
        Column("first_published_at", TIMESTAMP, "Earliest `published_at` of its articles; null when none is dated."),
        Column("last_published_at", TIMESTAMP, "Latest `published_at` of its articles; null when none is dated."),
    ),
    foreign_keys=(ForeignKey("first_article_id", "articles", "article_id"),),
)

ENTITY_MENTIONS = Table(
    name="entity_mentions",
    stage="extract",
    description="One row per named-entity mention in an article, linked to its canonical entity.",
    primary_key="mention_id",
    columns=(
        Column("mention_id", TEXT, "Stable id of the mention (article, offsets).", False),
        Column("article_id", TEXT, "The article the mention is in.", False),
        Column("entity_id", TEXT, "The canonical entity this mention refers to (see `entities`).", False),
        Column("mention_text", TEXT, "The mention as written: `body_text[start_char:end_char]`.", False),
        Column("entity_type", TEXT, "Entity type of the mention, after the corpus-wide vote (the type of its canonical entity, or NORP for a nationality adjective).", False, ENTITY_TYPES, dictionary=True),
        Column("extracted_type", TEXT, "Entity type the extractor gave this mention in its article, before the corpus-wide vote; null in rows written before 2026-12.", True, ENTITY_TYPES, dictionary=True),
        *_offsets("mention"),
        Column("sentence_index", pa.int32(), "0-based index of the sentence containing the mention.", False),
        Column("canonical_hint", TEXT, "A fuller form of the name known inside the article or from the reference lists (`Joe Biden` for `Biden`), used to link the mention."),
        _ingest_date(),
    ),
    foreign_keys=(ForeignKey("article_id", "articles", "article_id"), ForeignKey("entity_id", "entities", "entity_id")),
)

ENTITIES = Table(
    name="entities",
    stage="aggregate",
    description="One row per real-world thing mentioned anywhere in the corpus: the canonical entity behind its mentions.",
    primary_key="entity_id",
    columns=(
        Column("entity_id", TEXT, "Stable id derived from the canonical name and type.", False),
        Column("canonical_name", TEXT, "The fullest name used for the entity across the corpus.", False),
        Column("entity_type", TEXT, "Entity type (majority type over its mentions).", False, ENTITY_TYPES, dictionary=True),
        Column("aliases", pa.list_(TEXT), "Every distinct surface form used for the entity.", False),
        Column("mention_count", pa.int64(), "Number of mentions of the entity.", False),
        Column("article_count", pa.int32(), "Number of articles mentioning the entity.", False),
    ),
)

ENTITY_COOCCURRENCE = Table(
    name="entity_cooccurrence",
    stage="aggregate",
    description="Pairs of entities named in the same sentence of the same article, with counts: the edges of an entity network.",
    primary_key="pair_id",
    columns=(
        Column("pair_id", TEXT, "Stable id of the pair, derived from `entity_id_a` and `entity_id_b`.", False),
        Column("entity_id_a", TEXT, "One entity of the pair: the smaller of the two ids (`entity_id_a < entity_id_b`).", False),
        Column("entity_id_b", TEXT, "The other entity of the pair: the larger id.", False),
        Column("n_sentences", pa.int32(), "Number of sentences, over all articles, that name both entities.", False),
        Column("n_articles", pa.int32(), "Number of distinct articles with at least one such sentence.", False),
    ),
    foreign_keys=(ForeignKey("entity_id_a", "entities", "entity_id"), ForeignKey("entity_id_b", "entities", "entity_id")),
)

QUOTES = Table(
    name="quotes",
    stage="extract",
    description="One row per direct quotation, with its speaker as written and as a canonical entity.",
    primary_key="quote_id",
    columns=(
        Column("quote_id", TEXT, "Stable id of the quote (article, offsets).", False),
        Column("article_id", TEXT, "The article the quote is in.", False),
        Column("quote_text", TEXT, "The quoted words without the quotation marks: `body_text[start_char:end_char]`.", False),
        Column("speaker_text", TEXT, "The speaker as written near the quote (`Zelensky`, `he`, `the Kremlin`)."),
        Column("speaker_start_char", pa.int32(), "Offset of the mention the speaker resolves to (for `he`, the person it refers to)."),
        Column("speaker_end_char", pa.int32(), "End offset of that mention."),
        Column("speaker_entity_id", TEXT, "The canonical entity of the speaker, when resolved."),
        Column("speaker_name", TEXT, "Canonical name of the speaker entity; without one, the name as the article writes it (a speaker the entity layer did not tag)."),
        Column(
            "speaker_kind",
            TEXT,
            "Who speaks: a `person`, an `organisation` (also for 'a spokesman' of one), a `document`, an `unnamed source` "
            "('a senior official'), or `none` (no speaker found, or not speech). For a pronoun or a nominal ('he', "
            "'the company') it is the kind of the person or organisation it was resolved to. Null in rows written before 2026-12-03.",
            vocabulary=SPEAKER_KINDS,
            dictionary=True,
        ),
        Column("cue", TEXT, "The reporting verb or phrase that attributes the quote (`said`, `according to`).", dictionary=True),
        *_offsets("quote"),
        Column("sentence_index", pa.int32(), "0-based index of the sentence where the quote starts.", False),
        Column("is_speech", pa.bool_(), "False for marks that do not report speech (scare quotes, titles): filter on this for 'who said what'.", False),
        Column("quote_cluster_id", TEXT, "The cluster of the same statement across articles (see `quote_clusters`).", False),
        _ingest_date(),
    ),
    foreign_keys=(
        ForeignKey("article_id", "articles", "article_id"),
        ForeignKey("speaker_entity_id", "entities", "entity_id"),
        ForeignKey("quote_cluster_id", "quote_clusters", "quote_cluster_id"),
    ),
)

QUOTE_CLUSTERS = Table(
    name="quote_clusters",
    stage="aggregate",
    description="The same statement as reported by one or more articles, with different wordings grouped together.",
    primary_key="quote_cluster_id",
    columns=(
        Column("quote_cluster_id", TEXT, "Stable id of the cluster.", False),
        Column("representative_text", TEXT, "The longest wording of the statement.", False),
        Column("variants", pa.list_(TEXT), "Every distinct wording of the statement.", False),
        Column("speaker_entity_id", TEXT, "The speaker most articles attribute the statement to."),
        Column("speaker_name", TEXT, "Canonical name of that speaker."),
        Column("n_articles", pa.int32(), "Number of distinct articles quoting the statement.", False),
        Column("n_quotes", pa.int32(), "Number of quote rows in the cluster.", False),
    ),
    foreign_keys=(ForeignKey("speaker_entity_id", "entities", "entity_id"),),
)

FIGURES = Table(
    name="figures",
    stage="extract",
    description="One row per reported number: value or range, unit, qualifier, and what it counts.",
    primary_key="figure_id",
    columns=(
        Column("figure_id", TEXT, "Stable id of the figure (article, offsets).", False),
        Column("article_id", TEXT, "The article the figure is in.", False),
        Column("surface", TEXT, "The figure as written, qualifier and unit included: `body_text[start_char:end_char]`.", False),
        Column("value", pa.float64(), "The number in `unit` (for a range, its low end).", False),
        Column("value_low", pa.float64(), "Low end of a range, else equal to `value`.", False),
        Column("value_high", pa.float64(), "High end of a range, else equal to `value`.", False),
        Column("unit", TEXT, "Unit code from the unit vocabulary (see below).", False, dictionary=True),
        Column("dimension", TEXT, "What the unit measures.", False, dictionary=True),
        Column("qualifier", TEXT, "How the source hedged the number.", False, QUALIFIERS, dictionary=True),
        Column("normalized_value", pa.float64(), "`value` converted to the dimension's normalised unit (km, kg, day, ...).", False),
        Column("normalized_unit", TEXT, "The normalised unit of the dimension; a currency keeps its own code.", False, dictionary=True),
        Column("counted_object", TEXT, "What is counted or measured (`North Korean soldiers`, `missiles`), when the text says."),
        *_offsets("figure"),
        Column("sentence_index", pa.int32(), "0-based index of the sentence containing the figure.", False),
        Column("paired_figure_id", TEXT, "For a quantity given twice in two units (`300km (186 miles)`), the id of the first statement; null otherwise."),
        Column("period_text", TEXT, "The time expression of the figure's sentence the figure is about (`in January`, `the fourth quarter`, `last year`), nearest to it; null when the sentence has none."),
        Column("period_start", pa.date32(), "First day of that period, resolved against the article's `published_at`; null when its year is unknown (`in January` in an undated article)."),
        Column("period_end", pa.date32(), "Last day of that period; null when `period_start` is."),
        Column("claim_id", TEXT, "The cross-article claim this figure belongs to (see `claims`).", False),
        _ingest_date(),
    ),
    foreign_keys=(
        ForeignKey("article_id", "articles", "article_id"),
        ForeignKey("claim_id", "claims", "claim_id"),
        ForeignKey("paired_figure_id", "figures", "figure_id"),
    ),
)

CLAIMS = Table(
    name="claims",
    stage="aggregate",
    description="Figures from one or more articles that report the same quantity, with their spread and a conflict flag.",
    primary_key="claim_id",
    columns=(
        Column("claim_id", TEXT, "Stable id of the claim.", False),
        Column("label", TEXT, "What the claim is about: the counted object, or the unit's dimension.", False),
        Column("dimension", TEXT, "What the figures measure.", False, dictionary=True),
        Column("normalized_unit", TEXT, "Unit of `min_value` and `max_value`.", False, dictionary=True),
        Column("n_articles", pa.int32(), "Number of distinct articles reporting the quantity.", False),
        Column("n_figures", pa.int32(), "Number of figure rows in the claim; a restatement in the claim's unit (`300km (186 miles)`) is not counted again, nor in `n_articles`.", False),
        Column("min_value", pa.float64(), "Lowest normalised value reported.", False),
        Column("max_value", pa.float64(), "Highest normalised value reported.", False),
        Column("relative_spread", pa.float64(), "(max - min) / the larger of |max| and |min|, at most 1: 0 when every source agrees, 1 when the values differ in sign.", False),
        Column("is_conflict", pa.bool_(), "True when two sources that report this one fact (linked directly, not through other figures) differ beyond the tolerance their qualifiers allow.", False),
        Column("conflict_low_figure_id", TEXT, "For a conflict, its evidence: the figure with the lower value of the two directly linked sources furthest apart; join `figures` and `articles` for the source, the wording and the sentence. Null when there is no conflict."),
        Column("conflict_high_figure_id", TEXT, "For a conflict, the figure with the higher value of that pair. Null when there is no conflict."),
    ),
    foreign_keys=(
        ForeignKey("conflict_low_figure_id", "figures", "figure_id"),
        ForeignKey("conflict_high_figure_id", "figures", "figure_id"),
    ),
)

REJECTED_INPUTS = Table(
    name="rejected_inputs",
    stage="ingest",
    description="Inputs that could not be turned into an article, with the reason. The run goes on without them.",
    primary_key="rejection_id",
    columns=(
        Column("rejection_id", TEXT, "Stable id of the rejection (source and content).", False),
        Column("source_uri", TEXT, "The rejected file, with `#N` for a record of a JSON/JSONL file.", False),
        Column("reason", TEXT, "Why the input was rejected.", False, REJECTION_REASONS, dictionary=True),
        Column("detail", TEXT, "A human-readable explanation (the parser error, the size limit, the article it duplicates).", False),
        Column("content_sha256", TEXT, "SHA-256 of the rejected bytes.", False),
        Column("size_bytes", pa.int64(), "Size of the rejected input.", False),
        Column("run_id", TEXT, "The run that rejected it.", False),
        Column("rejected_at", TIMESTAMP, "When it was rejected, in UTC.", False),
    ),
)

RUNS = Table(
    name="runs",
    stage="run",
    description="One row per pipeline run that completed: what it saw, added and validated.",
    primary_key="run_id",
    columns=(
        Column("run_id", TEXT, "Id of the run (UTC start time and a random suffix).", False),
        Column("started_at", TIMESTAMP, "Start of the run, UTC.", False),
        Column("finished_at", TIMESTAMP, "End of the run, UTC.", False),
        Column("status", TEXT, "`published` (new rows published), `no_change` (nothing new to read) `gate_failed` (a blocking expectation failed: none of its rows were published; its results are in `validation_results`) or `nothing_read` (no new input became an article: its rejections were published; the command exits 3).", False, RUN_STATUSES, dictionary=True),
        Column("code_version", TEXT, "newsfacts version and git commit that produced the run.", False),
        Column("model_name", TEXT, "The spaCy pipeline used (name and version).", False),
        Column("parameters", TEXT, "The flow parameters of the run, as JSON.", False),
        Column("articles_seen", pa.int32(), "Input records read in this run.", False),
        Column("articles_new", pa.int32(), "Articles added by this run.", False),
        Column("articles_rejected", pa.int32(), "Inputs rejected by this run.", False),
        Column("validation_success", pa.bool_(), "True when every blocking expectation passed (false exactly for `gate_failed` runs).", False),
        Column("rows_relinked", pa.int64(), "Rows published by earlier runs whose link this run changed (entity, speaker, quote cluster or claim), as new evidence joined or split what they point to; their files were rewritten. Null in rows written before 2026-12.", True),
        Column("snapshot", pa.int64(), "Sequence number of the warehouse snapshot this run published (`<warehouse>/_snapshots/NNNNNNNN`). Null in rows written before 2026-12.", True),
    ),
)

VALIDATION_RESULTS = Table(
    name="validation_results",
    stage="run",
    description="One row per expectation evaluated by a run: the Great Expectations gate results.",
    primary_key="result_id",
    columns=(
        Column("result_id", TEXT, "Stable id (run, table, expectation).", False),
        Column("run_id", TEXT, "The run that evaluated the expectation.", False),
        Column("table_name", TEXT, "The table validated.", False, dictionary=True),
        Column("expectation", TEXT, "The expectation type and its column(s), e.g. `expect_column_values_to_be_unique(article_id)`.", False),
        Column("severity", TEXT, "`blocking` failures stop the publish; `warning` failures are reported only.", False, SEVERITIES, dictionary=True),
        Column("success", pa.bool_(), "Whether the expectation held.", False),
        Column("observed_value", TEXT, "What GX observed (unexpected count and share, or the observed value).", True),
    ),
    foreign_keys=(ForeignKey("run_id", "runs", "run_id"),),
)

TABLES: tuple[Table, ...] = (
    ARTICLES,
    ENTITY_MENTIONS,
    ENTITIES,
    QUOTES,
    QUOTE_CLUSTERS,
    FIGURES,
    CLAIMS,
    STORIES,
    REJECTED_INPUTS,
    RUNS,
    VALIDATION_RESULTS,
    ENTITY_COOCCURRENCE,
)


# Internal indexes under `<warehouse>/_snapshots/N/_state/`: published with the tables (so they always
# match them) but not tables for readers. The incremental stages look up only the keys a run touches.
ENTITY_FORMS = Table(
    name="_state/entity_forms",
    stage="state",
    description="One row per distinct mention form (text, extracted type, hint): its mention count, lookup keys and resolved entity.",
    columns=(
        Column("mention_text", TEXT, "The mention as written.", False),
        Column("extracted_type", TEXT, "The extractor's type.", False),
        Column("canonical_hint", TEXT, "The extractor's hint, if any."),
        Column("n_mentions", pa.int64(), "Mentions with this form in the warehouse.", False),
        Column("lookup_keys", pa.list_(TEXT), "Keys under which the form reads or feeds a corpus statistic.", False),
        Column("entity_id", TEXT, "The entity the form resolves to.", False),
        Column("entity_type", TEXT, "The mention type the form resolves to.", False),
    ),
)
QUOTE_KEYS = Table(
    name="_state/quote_keys",
    stage="state",
    description="Candidate keys of each quote (word pairs, wording): which stored quotes a new quote can restate.",
    columns=(Column("key", TEXT, "A candidate key.", False), Column("quote_id", TEXT, "The quote.", False)),
)
ARTICLE_BANDS = Table(
    name="_state/article_bands",
    stage="state",
    description="MinHash LSH band keys of each article: which stored articles a new one may nearly copy.",
    columns=(Column("band_key", TEXT, "Band number and band signature.", False), Column("article_id", TEXT, "The article.", False)),
)

CLAIM_FEATURES = Table(
    name="_state/claim_features",
    stage="state",
    description="What claim grouping needs of each figure (blocks, anchor, bounds, object, words, period, day), computed once from its article.",
    columns=(
        Column("figure_id", TEXT, "The figure.", False),
        Column("article_id", TEXT, "Its article.", False),
        Column("block_keys", pa.list_(TEXT), "Dimension, unit and one of the article's most frequent words: only figures sharing a block are compared.", False),
        Column("anchor_entity_id", TEXT, "The entity the figure is about."),
        Column("anchor_name", TEXT, "That entity's name when the figure arrived (for claim labels)."),
        Column("dimension", TEXT, "What the unit measures.", False),
        Column("normalized_unit", TEXT, "The normalised unit.", False),
        Column("normalized_low", pa.float64(), "Low end in the normalised unit.", False),
        Column("normalized_high", pa.float64(), "High end in the normalised unit.", False),
        Column("qualifier", TEXT, "The source's hedge.", False),
        Column("counted_object", TEXT, "What is counted."),
        Column("object_class", TEXT, "Class of the counted object."),
        Column("context_entity_ids", pa.list_(TEXT), "Entities of the figure's sentence and its neighbours.", False),
        Column("subject_entity_id", TEXT, "The entity the figure is said of: inside its counted object, else the first of its own clause."),
        Column("sentence_terms", pa.list_(TEXT), "Content words of the figure's sentence.", False),
        Column("local_terms", pa.list_(TEXT), "Content words next to the figure.", False),
        Column("neighbour_words", pa.list_(TEXT), "The content words right beside the figure.", False),
        Column("sentence_position", TEXT, "k/n: the k-th of the n figures of its sentence.", False),
        Column("article_terms", pa.list_(TEXT), "The article's story signature: its most frequent content words.", False),
        Column("article_entity_ids", pa.list_(TEXT), "The entities the article names.", False),
        Column("period_key", TEXT, "The period the figure is about, as a comparable key (see transforms/extract/periods.py)."),
        Column("published_day", pa.date32(), "Its publication day, when known."),
        Column("paired_figure_id", TEXT, "First statement of a restatement."),
        Column("is_restatement", pa.bool_(), "A restatement in another unit.", False),
        Column("features_version", pa.int32(), "The version of the rules that computed these features (`CLAIM_FEATURES_VERSION`): an index of another version asks for one `--full-refresh`.", False),
    ),
)
# Raised whenever `figure_claim_features` computes a stored column differently (2: the subject is the entity in the
# counted object or the first of the figure's own clause; 3 and 4: time frames, groups, referring numbers and names get no
# block keys, vague magnitudes and changes block apart, a distinctive amount is also blocked by its value; 5: quarters
# named by their months are periods, and tallies, age bands, stay thresholds, "the N" told before and chart names
# get no block keys; 6: the size of a ranked list, the span of a record and "the three months to September" get none,
# and a name after the number is no object class; 7: a round ("the last four"), a group picked by rank ("the world's 500
# largest companies"), an age range ("aged between 18 and 34") and a match's clock ("four minutes left") get none, and a
# figure a person's "his"/"her" owns is not anchored on a party or firm named before it; 8: each figure keeps its
# article's publication day, since figures of different days that name no period and disagree are two readings, not
# one fact; 9: a window of days to decades after "in" or "within" ("in 12 months"), "the 12 months to 30 September",
# versions listed after a name ("Windows 95, 98"), a sum's digits ("2+2=5") and a race named in miles get none), so
# that a warehouse indexed the old way is rebuilt once.
CLAIM_FEATURES_VERSION = 9

STORY_FEATURES = Table(
    name="_state/story_features",
    stage="state",
    description="What placing an article in a story needs (its words, opening, results, entities, day), computed once, with the story it joined.",
    columns=(
        Column("article_id", TEXT, "The article.", False),
        Column("story_id", TEXT, "The story it joined.", False),
        Column("story_rank", pa.int32(), "Its place in that story when it joined (0: it started the story); the first few are the story's founders, which judge every later article.", False),
        Column("published_day", pa.date32(), "Its publication day, when known."),
        Column("article_terms", pa.list_(TEXT), "Its most frequent content words.", False),
        Column("lead_terms", pa.list_(TEXT), "The content words of its opening (its first few dozen), which say which occasion it reports.", False),
        Column("results", pa.list_(TEXT), "The results it gives (`17-18` for 'beat England 18-17'), low side first.", False),
        Column("entity_ids", pa.list_(TEXT), "The entities it names.", False),
        Column("features_version", pa.int32(), "The version of the rules that computed these features (`STORY_FEATURES_VERSION`).", False),
    ),
)
# Raised whenever `story_features` computes a stored column differently.
STORY_FEATURES_VERSION = 1

STATE_TABLES: tuple[Table, ...] = (ENTITY_FORMS, QUOTE_KEYS, ARTICLE_BANDS, CLAIM_FEATURES, STORY_FEATURES)


@cache
def tables_by_name() -> dict[str, Table]:
    return {table.name: table for table in TABLES}


def table(name: str) -> Table:
    return tables_by_name()[name]


def figure_vocabularies() -> dict[str, tuple[str, ...]]:
    """Vocabularies of the figure columns that come from the unit module, not from literals here."""
    return {
        "unit": tuple(sorted(units.unit_codes())),
        "normalized_unit": tuple(sorted({u.normalized_unit for u in units.unit_table().values()})),
        "dimension": units.dimension_names(),
    }


def vocabulary(table_name: str, column_name: str) -> tuple[str, ...] | None:
    """The allowed values of a column, wherever they are declared."""
    declared = table(table_name).column(column_name).vocabulary
    if declared is not None:
        return declared
    if table_name in ("figures", "claims"):
        return figure_vocabularies().get(column_name)
    return None
