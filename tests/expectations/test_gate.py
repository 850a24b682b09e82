"""The GX gate, run for real on small frames: blocking failures are caught, warnings are only reported,
and the Data Docs open offline and name the run."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

from expectations.gate import add_check_columns, data_docs_run_name, run_gate

BODY = "US President Joe Biden spoke in Kyiv."
RUN_ID = "20241118T000000Z-0a1b2c"
NOW = datetime(2024, 11, 18, tzinfo=timezone.utc)


def _frames() -> dict[str, pd.DataFrame]:
    articles = pd.DataFrame([{
        "article_id": "a1", "source_uri": "a.txt", "source_name": None, "title": None, "author": None, "url": None,
        "published_at": None, "ingested_at": NOW, "language": "en", "body_text": BODY, "word_count": 7,
        "is_truncated": False, "visible_fraction": 1.0, "removed_boilerplate": [], "duplicate_of": None, "story_id": "s1",
        "content_sha256": "f" * 64, "source_encoding": "utf-8", "metadata_notes": [], "run_id": "r1", "ingest_date": date(2024, 11, 18)}])
    mentions = pd.DataFrame([
        {"mention_id": "m1", "article_id": "a1", "entity_id": "e1", "mention_text": "Joe Biden", "entity_type": "PERSON", "extracted_type": "PERSON",
         "start_char": 13, "end_char": 22, "sentence_index": 0, "canonical_hint": None, "ingest_date": date(2024, 11, 18)},
        {"mention_id": "m2", "article_id": "a1", "entity_id": "e2", "mention_text": "Kyiv", "entity_type": "GPE", "extracted_type": "GPE",
         "start_char": 32, "end_char": 36, "sentence_index": 0, "canonical_hint": None, "ingest_date": date(2024, 11, 18)},
    ])
    entities = pd.DataFrame([
        {"entity_id": "e1", "canonical_name": "Joe Biden", "entity_type": "PERSON", "aliases": ["Joe Biden"], "mention_count": 1, "article_count": 1},
        {"entity_id": "e2", "canonical_name": "Kyiv", "entity_type": "GPE", "aliases": ["Kyiv"], "mention_count": 1, "article_count": 1},
    ])
    stories = pd.DataFrame([{"story_id": "s1", "label": BODY, "first_article_id": "a1", "n_articles": 1, "n_sources": 0,
                             "first_published_at": None, "last_published_at": None}])
    return {"articles": articles, "entity_mentions": mentions, "entities": entities, "stories": stories}


@pytest.fixture(scope="module")
def docs_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("docs")


@pytest.fixture(scope="module")
def clean_report(docs_dir):
    return run_gate(_frames(), RUN_ID, docs_dir)


def test_valid_tables_pass_and_results_are_recorded(clean_report):
    assert clean_report.passed, clean_report.blocking_failures
    results = clean_report.results
    assert set(results["table_name"]) == {"articles", "entity_mentions", "entities", "stories"}
    assert results["result_id"].is_unique
    assert "expect_column_values_to_be_unique(article_id)" in set(results["expectation"])


def _result_page(docs_dir: Path, table_name: str) -> Path:
    (page,) = (docs_dir / "validations" / table_name / data_docs_run_name(RUN_ID)).glob("*/*.html")
    return page


def test_a_run_id_that_reads_as_a_date_still_gets_its_result_pages(tmp_path):
    # dateutil reads "...Z-9662ad" as a date AD with an offset of -96:62; GX then failed to title the page.
    run_id = "20261202T183001Z-9662ad"
    run_gate(_frames(), run_id, tmp_path)
    for table_name in ("articles", "entity_mentions", "entities"):
        assert list((tmp_path / "validations" / table_name / data_docs_run_name(run_id)).glob("*/*.html")), table_name


def test_each_result_page_is_named_after_the_run_and_the_table(clean_report, docs_dir):
    index = (docs_dir / "index.html").read_text(encoding="utf-8")
    for table_name in ("articles", "entity_mentions", "entities"):
        page = _result_page(docs_dir, table_name)
        assert page.relative_to(docs_dir).as_posix() in index  # the index links it
        # The breadcrumb, now also the page title: suite / data asset / run name / run time.
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8")).group(1)
        assert title.startswith(f"Validations / {table_name} / {table_name} / run-{RUN_ID} / "), title


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class _LoadedAssets(HTMLParser):
    """What a browser fetches to show the page: scripts, stylesheets, icons, images, url()s in styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        source = attributes.get("href") if tag == "link" else attributes.get("src") if tag in ("script", "img", "iframe") else None
        if source:
            self.urls.append(source)
        self.urls += CSS_URL.findall(attributes.get("style") or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += CSS_URL.findall(data)


def _loaded_assets(page: Path) -> list[str]:
    parser = _LoadedAssets()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


def _local_file(referrer: Path, url: str) -> Path:
    return (referrer.parent / unquote(urlsplit(url).path)).resolve()


def test_data_docs_load_only_files_of_their_own_folder(clean_report, docs_dir):
    pages = [docs_dir / "index.html", *(_result_page(docs_dir, name) for name in ("articles", "entity_mentions", "entities"))]
    for page in pages:
        urls = [url for url in _loaded_assets(page) if not url.startswith("data:")]
        assert urls, page
        remote = [url for url in urls if urlsplit(url).scheme or url.startswith("//")]
        assert not remote, f"{page.relative_to(docs_dir)} loads {remote}"
        for url in urls:
            asset = _local_file(page, url)
            assert asset.is_file() and asset.is_relative_to(docs_dir.resolve()), f"{page.relative_to(docs_dir)}: {url}"
            if asset.suffix == ".css":  # and the fonts and images a stylesheet loads in turn
                for inner in CSS_URL.findall(asset.read_text(encoding="utf-8")):
                    assert inner.startswith("data:") or _local_file(asset, inner).is_file(), f"{asset.name}: {inner}"


def test_offset_mismatch_dangling_key_and_bad_vocabulary_block_the_publish():
    frames = _frames()
    mentions = frames["entity_mentions"].copy()
    mentions.loc[0, "end_char"] = 21  # "Joe Bide" != "Joe Biden"
    mentions.loc[1, "entity_id"] = "missing-entity"
    mentions.loc[1, "entity_type"] = "ANIMAL"
    report = run_gate({**frames, "entity_mentions": mentions}, "r3")
    assert not report.passed
    failures = "\n".join(report.blocking_failures)
    assert "expect_column_pair_values_to_be_equal(check__text_at_offsets, mention_text)" in failures
    assert "expect_column_values_to_be_in_set(check__fk__entity_id)" in failures
    assert "expect_column_values_to_be_in_set(entity_type)" in failures


def test_duplicate_keys_block_and_warnings_do_not():
    frames = _frames()
    doubled = pd.concat([frames["entities"], frames["entities"].iloc[:1]], ignore_index=True)
    assert "expect_column_values_to_be_unique(entity_id)" in "\n".join(run_gate({**frames, "entities": doubled}, "r4").blocking_failures)

    no_mentions = {**frames, "entity_mentions": frames["entity_mentions"].iloc[0:0]}
    report = run_gate(no_mentions, "r5")
    warned = report.results[(report.results["severity"] == "warning") & ~report.results["success"]]
    assert "expect_column_values_to_be_between(check__entity_mention_count)" in set(warned["expectation"])
    assert report.passed


def test_unit_codes_outside_the_vocabulary_are_flagged_for_the_gate():
    claims = pd.DataFrame({"claim_id": ["c1"]})
    figures = pd.DataFrame({"figure_id": ["f1", "f2"], "article_id": ["a1", "a1"], "claim_id": ["c1", "c1"], "paired_figure_id": [None, None],
                            "unit": ["km", "furlong"], "normalized_unit": ["km", "km"], "start_char": [0, 4], "end_char": [2, 6], "surface": ["US", "Jo"]})
    checked = add_check_columns("figures", figures, {**_frames(), "claims": claims, "figures": figures})
    assert checked["check__vocabulary__unit"].tolist() == [True, False]
    assert checked["check__vocabulary__normalized_unit"].tolist() == [True, True]
    assert checked["check__fk__claim_id"].tolist() == [True, True]
