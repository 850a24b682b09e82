"""The run report: one self-contained HTML page about the published warehouse, for people, not BI tools.

`query_report_data` asks a DuckDB connection over the published tables a few small questions
(counts, top-N lists, the conflicting claims); `render_report` turns the answers into one HTML
string with inline SVG charts and HTML tables. Reading the snapshot and writing the page to
`<warehouse>/_report/index.html` is I/O: `transforms/io/report.py`. The page loads nothing:
no script, no stylesheet, no font, no image URL, so it opens offline and from an attachment, and
every text that comes from the inputs (titles, names, paths) is escaped. matplotlib is imported
only when a page is rendered: it costs a second that a run without a report should not pay.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from transforms import schema

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

REPORT_DIR = "_report"
REPORT_FILE = "index.html"
UNKNOWN_SOURCE = "(unknown)"
TOP_N = 15
TOP_SOURCES = 20
MAX_CONFLICT_ROWS = 50
MAX_RUNS_SHOWN = 40  # bars and table rows of the latest runs; older runs stay in `runs`
# Fact tables whose rows can be attributed to the run that added them: through `articles.run_id`
# for what was extracted from an article, or their own `run_id`. Corpus tables (entities, claims,
# ...) are maintained across runs and have no such attribution.
RUN_ATTRIBUTED_TABLES: tuple[str, ...] = ("articles", "entity_mentions", "quotes", "figures", "rejected_inputs", "validation_results")


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows, already aggregated: small frames, whatever the warehouse holds."""

    warehouse: str
    snapshot: int | None = None
    table_rows: dict[str, int] = field(default_factory=dict)
    runs: pd.DataFrame = field(default_factory=lambda: _empty("run_id", "started_at", "status", "articles_seen", "articles_new",
                                                               "articles_rejected", "rows_relinked", "validation_success"))
    rows_by_run: pd.DataFrame = field(default_factory=lambda: _empty("run_id", "table_name", "rows"))
    articles_by_source: pd.DataFrame = field(default_factory=lambda: _empty("source_name", "articles"))
    articles_by_day: pd.DataFrame = field(default_factory=lambda: _empty("day", "dated_by", "articles"))
    figures_by_unit: pd.DataFrame = field(default_factory=lambda: _empty("unit", "dimension", "figures"))
    conflicts: pd.DataFrame = field(default_factory=lambda: _empty(
        "claim_id", "label", "normalized_unit", "min_value", "max_value", "relative_spread", "n_articles",
        "source_name", "title", "source_uri", "surface", "value", "unit", "qualifier"))
    conflicting_claims: int = 0
    conflicting_figures: int = 0
    top_speakers: pd.DataFrame = field(default_factory=lambda: _empty("speaker_name", "quotes", "articles"))
    top_entities: pd.DataFrame = field(default_factory=lambda: _empty("canonical_name", "entity_type", "mention_count", "article_count"))
    top_stories: pd.DataFrame = field(default_factory=lambda: _empty("label", "n_articles", "n_sources", "first_published_at", "last_published_at"))
    validation_by_run: pd.DataFrame = field(default_factory=lambda: _empty("run_id", "passed", "failed_warning", "failed_blocking"))
    latest_failures: pd.DataFrame = field(default_factory=lambda: _empty("run_id", "table_name", "expectation", "severity", "observed_value"))

    @property
    def latest_run(self) -> dict[str, Any] | None:
        if self.runs.empty:
            return None
        return self.runs.iloc[-1].to_dict()

    @property
    def has_rows(self) -> bool:
        return not self.runs.empty or any(self.table_rows.values())


# ---------------------------------------------------------------------------------------------
# Data: DuckDB questions over one snapshot
# ---------------------------------------------------------------------------------------------


TOP_STORIES_SQL = f"""
    SELECT label, n_articles, n_sources, first_published_at, last_published_at
    FROM stories ORDER BY n_articles DESC, n_sources DESC, story_id LIMIT {TOP_N}"""


def query_report_data(con: DuckDBPyConnection, warehouse_label: str, snapshot: int | None) -> ReportData:
    """The report's answers from a connection with one view per published table (`register_views`)."""

    def frame(sql: str) -> pd.DataFrame:
        return con.execute(sql).df()

    table_rows = {t.name: int(con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0]) for t in schema.TABLES}  # type: ignore[index]
    runs = frame("""
        SELECT run_id, started_at, status, articles_seen, articles_new, articles_rejected, rows_relinked, validation_success
        FROM runs ORDER BY started_at, run_id""")
    rows_by_run = frame("""
        SELECT 'articles' AS table_name, run_id, count(*) AS rows FROM articles GROUP BY run_id
        UNION ALL SELECT 'entity_mentions', a.run_id, count(*) FROM entity_mentions JOIN articles a USING (article_id) GROUP BY a.run_id
        UNION ALL SELECT 'quotes', a.run_id, count(*) FROM quotes JOIN articles a USING (article_id) GROUP BY a.run_id
        UNION ALL SELECT 'figures', a.run_id, count(*) FROM figures JOIN articles a USING (article_id) GROUP BY a.run_id
        UNION ALL SELECT 'rejected_inputs', run_id, count(*) FROM rejected_inputs GROUP BY run_id
        UNION ALL SELECT 'validation_results', run_id, count(*) FROM validation_results GROUP BY run_id""")
    articles_by_source = frame(f"""
        SELECT coalesce(source_name, '{UNKNOWN_SOURCE}') AS source_name, count(*) AS articles
        FROM articles GROUP BY 1 ORDER BY articles DESC, source_name""")
    # The publication day in UTC (never the session's time zone); the ingest day when the input gave none.
    articles_by_day = frame("""
        SELECT coalesce(CAST(timezone('UTC', published_at) AS DATE), ingest_date) AS day,
               CASE WHEN published_at IS NULL THEN 'ingested' ELSE 'published' END AS dated_by, count(*) AS articles
        FROM articles GROUP BY ALL ORDER BY day, dated_by""")
    figures_by_unit = frame("SELECT unit, dimension, count(*) AS figures FROM figures GROUP BY ALL ORDER BY figures DESC, unit")
    conflicting_claims, conflicting_figures = con.execute(
        "SELECT count(DISTINCT claim_id), count(*) FROM claims JOIN figures USING (claim_id) WHERE is_conflict").fetchone()  # type: ignore[misc]
    conflicts = frame(f"""
        SELECT c.claim_id, c.label, c.normalized_unit, c.min_value, c.max_value, c.relative_spread, c.n_articles,
               coalesce(a.source_name, '{UNKNOWN_SOURCE}') AS source_name, a.title, a.source_uri,
               f.surface, f.value, f.unit, f.qualifier
        FROM claims c JOIN figures f USING (claim_id) LEFT JOIN articles a USING (article_id)
        WHERE c.is_conflict
        ORDER BY c.relative_spread DESC, c.n_articles DESC, c.claim_id, f.normalized_value, f.figure_id
        LIMIT {MAX_CONFLICT_ROWS}""")
    top_speakers = frame(f"""
        SELECT speaker_name, count(*) AS quotes, count(DISTINCT article_id) AS articles
        FROM quotes WHERE is_speech AND speaker_name IS NOT NULL
        GROUP BY 1 ORDER BY quotes DESC, articles DESC, speaker_name LIMIT {TOP_N}""")
    top_entities = frame(f"""
        SELECT canonical_name, entity_type, mention_count, article_count
        FROM entities ORDER BY mention_count DESC, canonical_name LIMIT {TOP_N}""")
    top_stories = frame(TOP_STORIES_SQL)
    validation_by_run = frame("""
        SELECT run_id,
               count(*) FILTER (WHERE success) AS passed,
               count(*) FILTER (WHERE NOT success AND severity = 'warning') AS failed_warning,
               count(*) FILTER (WHERE NOT success AND severity = 'blocking') AS failed_blocking
        FROM validation_results GROUP BY run_id ORDER BY run_id""")  # run ids begin with their UTC start time
    latest_failures = frame(f"""
        SELECT run_id, table_name, expectation, severity, observed_value FROM validation_results
        WHERE NOT success AND run_id = (SELECT max(run_id) FROM validation_results)
        ORDER BY severity, table_name, expectation LIMIT {MAX_CONFLICT_ROWS}""")
    return ReportData(
        warehouse=warehouse_label, snapshot=snapshot, table_rows=table_rows, runs=runs, rows_by_run=rows_by_run,
        articles_by_source=articles_by_source, articles_by_day=articles_by_day, figures_by_unit=figures_by_unit,
        conflicts=conflicts, conflicting_claims=int(conflicting_claims), conflicting_figures=int(conflicting_figures),
        top_speakers=top_speakers, top_entities=top_entities, top_stories=top_stories, validation_by_run=validation_by_run, latest_failures=latest_failures,
    )


# ---------------------------------------------------------------------------------------------
# Charts: matplotlib figures saved as SVG text
# ---------------------------------------------------------------------------------------------

# Glyphs as paths: the chart looks the same wherever the page is opened (no font needed, and the
# labels were laid out with the metrics of the font that drew them); each glyph is defined once per
# chart and reused. Math text is off: a `$` in a source name is a dollar sign, not TeX.
CHART_STYLE = {
    "svg.fonttype": "path",
    "svg.hashsalt": "newsfacts-report",  # stable element ids: the same data gives the same page
    "text.parse_math": False,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}
COLORS = {"passed": "#2e7d32", "failed_warning": "#f9a825", "failed_blocking": "#c62828", "published": "#1565c0", "ingested": "#90a4ae"}
_SVG_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_SVG_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')  # an HTML parser puts <svg> and xlink:href in their namespaces itself
_WHITESPACE = re.compile(r"\s+")


def _label(text: object, width: int = 40) -> str:
    """A name fit for an axis: one line, at most `width` characters."""
    flat = _WHITESPACE.sub(" ", str(text)).strip()
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _svg(figure: Figure) -> str:
    """The figure as an inline `<svg>` element: without the XML prologue, DOCTYPE, RDF metadata and
    namespace declarations, which are URLs a page that fetches nothing should not even name."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _SVG_METADATA.sub("", _SVG_PROLOGUE.sub("", buffer.getvalue(), count=1), count=1)
    opening_tag_end = svg.index(">")
    return _SVG_NAMESPACES.sub("", svg[:opening_tag_end]) + svg[opening_tag_end:]


def _figure(height_inches: float = 3.2) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, height_inches), layout="constrained")
    return figure, figure.subplots()


def _barh(names: Sequence[str], values: Sequence[float], xlabel: str, color: str = "#1565c0") -> str:
    """Horizontal bars, largest on top."""
    figure, axes = _figure(max(1.6, 0.28 * len(names) + 0.8))
    positions = range(len(names))
    axes.barh(positions, values, color=color)
    axes.set_yticks(list(positions), [_label(name) for name in names])
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.grid(axis="y", visible=False)
    for position, value in zip(positions, values):
        axes.annotate(f"{value:,.0f}", (value, position), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    return _svg(figure)


def _run_labels(run_ids: Sequence[str]) -> list[str]:
    """Short axis labels for runs: their UTC start (`20261202T134755Z-43b656` -> `12-02 13:47`)."""
    labels = []
    for run_id in run_ids:
        match = re.match(r"\d{4}(\d\d)(\d\d)T(\d\d)(\d\d)", str(run_id))
        labels.append(f"{match[1]}-{match[2]} {match[3]}:{match[4]}" if match else _label(run_id, 16))
    return labels


def cumulative_rows_by_run(runs: pd.DataFrame, rows_by_run: pd.DataFrame) -> pd.DataFrame:
    """Rows of each run-attributed table after each run (runs in start order, one column per table),
    counting the rows now published by the run that added them."""
    order = list(runs["run_id"])
    counts = rows_by_run[rows_by_run["run_id"].isin(order)]
    wide = counts.pivot_table(index="run_id", columns="table_name", values="rows", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=order, columns=[t for t in RUN_ATTRIBUTED_TABLES if t in wide.columns], fill_value=0)
    return wide.cumsum().astype("int64")


def _runs_axis(axes: Axes, run_ids: Sequence[str]) -> None:
    """Runs as evenly spaced positions labelled with their start: several runs a day stay apart, and
    a long history gets a readable number of labels."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    labels = _run_labels(run_ids)
    axes.set_xlim(-0.6, max(len(labels), 8) - 0.4)  # a bar keeps its width when there are few runs
    axes.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: labels[int(x)] if 0 <= int(x) < len(labels) and x == int(x) else ""))
    axes.tick_params(axis="x", labelrotation=45)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("right")
    axes.set_xlabel("run start (UTC)")


def chart_rows_over_runs(data: ReportData) -> str | None:
    from matplotlib.ticker import FuncFormatter, NullFormatter

    cumulative = cumulative_rows_by_run(data.runs, data.rows_by_run)
    if cumulative.empty or not cumulative.to_numpy().any():
        return None
    figure, axes = _figure()
    positions = range(len(cumulative))
    for table_name in cumulative.columns:
        rows = cumulative[table_name].where(cumulative[table_name] > 0)  # a log axis has no zero
        axes.plot(positions, rows.to_numpy(dtype=float), marker="o", markersize=4, label=table_name)
    axes.set_yscale("log")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    axes.yaxis.set_minor_formatter(NullFormatter())
    axes.set_ylabel("rows (log scale)")
    _runs_axis(axes, list(cumulative.index))
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _svg(figure)


def chart_articles_by_source(data: ReportData) -> str | None:
    by_source = data.articles_by_source
    if by_source.empty:
        return None
    shown = by_source.head(TOP_SOURCES)
    names, values = list(shown["source_name"]), list(shown["articles"])
    if len(by_source) > TOP_SOURCES:
        names.append(f"({len(by_source) - TOP_SOURCES} other sources)")
        values.append(int(by_source["articles"].iloc[TOP_SOURCES:].sum()))
    return _barh(names, values, "articles")


def chart_articles_by_day(data: ReportData) -> str | None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, DayLocator

    by_day = data.articles_by_day
    if by_day.empty:
        return None
    wide = by_day.pivot_table(index="day", columns="dated_by", values="articles", aggfunc="sum", fill_value=0)
    days = pd.to_datetime(wide.index)
    figure, axes = _figure(2.8)
    bottom = None
    for dated_by, legend in (("published", "publication day (UTC)"), ("ingested", "ingest day (no publication time given)")):
        if dated_by in wide.columns:
            counts = wide[dated_by].to_numpy()
            axes.bar(days.to_numpy(), counts, width=0.8, bottom=bottom, color=COLORS[dated_by], label=legend)
            bottom = counts if bottom is None else bottom + counts
    span = (days.max() - days.min()).days
    padding = pd.Timedelta(days=max(2, span // 50 + 1))
    axes.set_xlim(days.min() - padding, days.max() + padding)  # one day is a bar, not the whole axis
    locator = DayLocator() if span < 10 else AutoDateLocator(minticks=3, maxticks=10)  # never hours: a bar is a day
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_ylabel("articles")
    axes.grid(axis="x", visible=False)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _svg(figure)


def chart_figures_by_unit(data: ReportData) -> str | None:
    by_unit = data.figures_by_unit
    if by_unit.empty:
        return None
    names = [f"{unit} ({dimension})" for unit, dimension in zip(by_unit["unit"], by_unit["dimension"])]
    return _barh(names, list(by_unit["figures"]), "figures")


def chart_top_speakers(data: ReportData) -> str | None:
    speakers = data.top_speakers
    return None if speakers.empty else _barh(list(speakers["speaker_name"]), list(speakers["quotes"]), "quotes (speech only)")


def chart_top_entities(data: ReportData) -> str | None:
    entities = data.top_entities
    if entities.empty:
        return None
    names = [f"{name} ({kind})" for name, kind in zip(entities["canonical_name"], entities["entity_type"])]
    return _barh(names, list(entities["mention_count"]), "mentions", color="#6a1b9a")


def chart_validation_over_runs(data: ReportData) -> str | None:
    results = data.validation_by_run.tail(MAX_RUNS_SHOWN)
    if results.empty:
        return None
    figure, axes = _figure()
    positions = list(range(len(results)))
    bottom = [0] * len(results)
    for column, legend in (("passed", "passed"), ("failed_warning", "failed: warning"), ("failed_blocking", "failed: blocking")):
        values = [int(v) for v in results[column]]
        axes.bar(positions, values, bottom=bottom, color=COLORS[column], label=legend, width=0.7)
        bottom = [b + v for b, v in zip(bottom, values)]
    axes.set_ylabel("expectations")
    _runs_axis(axes, list(results["run_id"]))
    axes.grid(axis="x", visible=False)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _svg(figure)


# ---------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 2rem auto; max-width: 62rem;
       padding: 0 1rem; color: #212121; line-height: 1.4; }
h1 { font-size: 1.5rem; margin-bottom: .3rem; } h2 { font-size: 1.15rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .85rem; } th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee;
       text-align: left; vertical-align: top; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; font-size: .9rem; } dl.meta dt { color: #616161; }
code { font-size: .85em; word-break: break-all; } svg { max-width: 100%; height: auto; display: block; }
.note { color: #616161; font-size: .85rem; } .empty { color: #757575; font-style: italic; padding: 1rem; background: #fafafa; }
.status-published, .status-no_change { color: #2e7d32; } .status-gate_failed, .status-nothing_read { color: #c62828; }
nav a { margin-right: .8rem; font-size: .85rem; }
"""
SECTIONS: tuple[tuple[str, str], ...] = (
    ("rows-over-runs", "Rows per table over runs"),
    ("articles", "Articles per source and per day"),
    ("figures-by-unit", "Figures by unit"),
    ("conflicts", "Claims in conflict"),
    ("top-stories", "Largest stories"),
    ("top-speakers", "Top speakers"),
    ("top-entities", "Top entities"),
    ("validation", "Validation results over runs"),
)
NO_DATA = '<p class="empty">No data yet.</p>'


def _text(value: object) -> str:
    """Escaped text for the page; missing values as an empty cell."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _number(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return ""
    return f"{float(value):,.15g}"  # type: ignore[arg-type]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _time(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return ""
    return pd.Timestamp(value).tz_convert("UTC").strftime("%Y-%m-%d %H:%M:%S UTC") if pd.Timestamp(value).tzinfo else str(value)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """An HTML table of cells already escaped or formatted; `numeric` columns align right."""
    head = "".join(f'<th{" class=n" if i in numeric else ""}>{html.escape(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{cell}</td>' for i, cell in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart(svg: str | None) -> str:
    return svg if svg is not None else NO_DATA


def _section(anchor: str, title: str, *parts: str) -> str:
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2>{"".join(parts)}</section>'


def _header(data: ReportData, title: str, written_at: datetime) -> str:
    latest = data.latest_run
    status = str(latest["status"]) if latest else None
    facts = [
        ("warehouse", f"<code>{_text(data.warehouse)}</code>"),
        ("snapshot", _text(data.snapshot) if data.snapshot is not None else "none published yet"),
        ("latest run", f"<code>{_text(latest['run_id'])}</code>" if latest else "none yet"),
        ("status", f'<span class="status-{_text(status)}">{_text(status)}</span>' if latest else ""),
        ("started", _time(latest["started_at"]) if latest else ""),
        ("report written", _time(pd.Timestamp(written_at))),
    ]
    nav = "".join(f'<a href="#{anchor}">{html.escape(name)}</a>' for anchor, name in SECTIONS)
    facts_html = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
    return f'<header><h1>{html.escape(title)}</h1><dl class="meta">{facts_html}</dl><nav>{nav}</nav></header>'


def _rows_section(data: ReportData) -> str:
    note = ('<p class="note">Rows now published in each fact table, counted by the run that added them (entity mentions, quotes '
            "and figures through their article's <code>run_id</code>) and summed over runs in start order. Corpus tables "
            "(entities, quote clusters, claims, co-occurrence) are maintained across runs, so only their current size is shown.</p>")
    current = _table(["table", "rows now"], [[_text(name), _number(rows)] for name, rows in data.table_rows.items()], numeric=(1,))
    runs = data.runs.tail(MAX_RUNS_SHOWN).iloc[::-1]
    run_rows = [
        [f"<code>{_text(r.run_id)}</code>", _time(r.started_at), f'<span class="status-{_text(r.status)}">{_text(r.status)}</span>',
         _number(r.articles_seen), _number(r.articles_new), _number(r.articles_rejected), _number(r.rows_relinked)]
        for r in runs.itertuples()
    ]
    run_table = (f'<p class="note">The latest {_count(len(runs), "run")} of {len(data.runs):,}, newest first.</p>'
                 + _table(["run", "started", "status", "inputs read", "articles added", "rejected", "rows re-linked"], run_rows,
                          numeric=(3, 4, 5, 6))) if run_rows else ""
    return _section("rows-over-runs", "Rows per table over runs", note, _chart(chart_rows_over_runs(data)), current, run_table)


def _conflicts_section(data: ReportData) -> str:
    if data.conflicts.empty:
        return _section("conflicts", "Claims in conflict", '<p class="empty">No claim in conflict.</p>' if data.has_rows else NO_DATA)
    rows = [
        [_text(r.label), f"{_number(r.min_value)} – {_number(r.max_value)} {_text(r.normalized_unit)}", _number(round(r.relative_spread, 3)),
         _text(r.source_name), _text(r.title) if _text(r.title) else f"<code>{_text(r.source_uri)}</code>",
         _text(r.surface), f"{_number(r.value)} {_text(r.unit)}", _text(r.qualifier)]
        for r in data.conflicts.itertuples()
    ]
    note = (f'<p class="note">{_count(data.conflicting_claims, "claim")} in conflict, with {_count(data.conflicting_figures, "figure")}; '
            f"{'the first ' + str(len(rows)) + ' figures' if len(rows) < data.conflicting_figures else 'every figure'}, "
            "widest spread first. A claim is in conflict when its sources differ beyond the tolerance their qualifiers allow.</p>")
    table = _table(["claim", "range", "spread", "source", "article", "as written", "value", "qualifier"], rows, numeric=(2,))
    return _section("conflicts", "Claims in conflict", note, table)


def _stories_section(data: ReportData) -> str:
    if data.top_stories.empty:
        return _section("top-stories", f"Largest stories ({TOP_N})", NO_DATA)
    rows = [[_text(r.label), _number(r.n_articles), _number(r.n_sources), _time(r.first_published_at), _time(r.last_published_at)]
            for r in data.top_stories.itertuples()]
    note = ('<p class="note">The news events covered by the most articles (<code>stories</code>), each labelled by its first '
            "article's headline; outlets are the distinct <code>source_name</code>s.</p>")
    table = _table(["story", "articles", "outlets", "first published", "last published"], rows, numeric=(1, 2))
    return _section("top-stories", f"Largest stories ({TOP_N})", note, table)


def _validation_section(data: ReportData) -> str:
    chart = chart_validation_over_runs(data)
    parts = [_chart(chart)]
    if chart is not None and len(data.validation_by_run) > MAX_RUNS_SHOWN:
        parts.insert(0, f'<p class="note">The latest {MAX_RUNS_SHOWN} of {len(data.validation_by_run)} validated runs.</p>')
    if not data.latest_failures.empty:
        rows = [[_text(r.table_name), f"<code>{_text(r.expectation)}</code>", _text(r.severity), _text(r.observed_value)]
                for r in data.latest_failures.itertuples()]
        parts += [f'<p class="note">Expectations that failed in the latest validated run, <code>{_text(data.latest_failures["run_id"].iloc[0])}</code>:</p>',
                  _table(["table", "expectation", "severity", "observed"], rows)]
    elif chart is not None:
        parts.append('<p class="note">Every expectation held in the latest validated run.</p>')
    return _section("validation", "Validation results over runs", *parts)


def render_report(data: ReportData, title: str = "newsfacts run report", written_at: datetime | None = None) -> str:
    """The whole page as one HTML string: inline CSS and SVG, nothing to fetch."""
    from matplotlib import rc_context

    written_at = written_at or datetime.now(UTC)
    with rc_context(CHART_STYLE):
        if not data.has_rows:
            body = '<p class="empty">No data yet: no run has published to this warehouse.</p>'
        else:
            body = "".join([
                _rows_section(data),
                _section("articles", "Articles per source and per day",
                         "<h3>Per source</h3>", _chart(chart_articles_by_source(data)),
                         "<h3>Per day</h3>", _chart(chart_articles_by_day(data))),
                _section("figures-by-unit", "Figures by unit", _chart(chart_figures_by_unit(data))),
                _conflicts_section(data),
                _stories_section(data),
                _section("top-speakers", f"Top speakers ({TOP_N})", _chart(chart_top_speakers(data))),
                _section("top-entities", f"Top entities ({TOP_N}, by mentions)", _chart(chart_top_entities(data))),
                _validation_section(data),
            ])
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
        f"<body>{_header(data, title, written_at)}<main>{body}</main></body></html>\n"
    )
