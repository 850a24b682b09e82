"""Accuracy and cost of language identifiers on the texts that decide what the pipeline parses.

Run: `.venv/bin/python benchmarks/language.py [--specs DIR]`. Reads `../shared/` beside the repo.
Candidates that are not installed are left out (`pip install py3langid lingua-language-detector` to compare).

What is scored is the pipeline's decision, not the code alone: an English text is right when it is
parsed (detected `en`, or undetermined `und`); a text in another language is right when it is skipped.
The library columns apply newsfacts' rule to each library's probabilities (skip when English gets under
MAX_ENGLISH_PROBABILITY_TO_SKIP and the text has at least MIN_WORDS_TO_IDENTIFY words); the rule table
compares it with other thresholds and with the usual rule (skip when the best language is not English
and its probability reaches a threshold). In brackets: the best language is the text's language.

Text sets:
- English short: every input of Recognizers-Text's English specs (lower-cased newswire, spec sentences,
  bare numbers), quantulum3's sentences, BBC headlines and BBC first sentences;
- English long: BBC article bodies (title dropped);
- other languages: the Recognizers-Text specs of every other language found under `--specs` (the
  shared copy holds English only; point `--specs` at a full `Specs/` folder of the Recognizers-Text
  repository to score them), and news headlines and paragraphs written for this benchmark below.
Many non-English spec inputs are a number and a word ("1 234", "un demi"): parsing those as English
costs little, so a detector that abstains on them is not wrong in practice; the `>=4 words` rows keep
the inputs with at least four words.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transforms.normalize import (  # noqa: E402
    MAX_ENGLISH_PROBABILITY_TO_SKIP,
    MIN_WORDS_TO_IDENTIFY,
    PARSED_LANGUAGES,
    count_language_words,
    detect_language,
)

SHARED = REPO.parent / "shared"
SPECS = SHARED / "eval" / "recognizers-text" / "Specs"
QUANTULUM = SHARED / "eval" / "quantulum3" / "quantities.json"
BBC = SHARED / "corpora" / "bbc" / "bbc"
ENGLISH_PROBABILITY_THRESHOLDS = (0.001, 0.005, 0.01, 0.02, 0.05)
TOP_CONFIDENCE_THRESHOLDS = (0.0, 0.5, 0.7, 0.9)
SPEC_LANGUAGES = {
    "Arabic": "ar", "Chinese": "zh", "Dutch": "nl", "French": "fr", "German": "de", "Hindi": "hi", "Italian": "it",
    "Japanese": "ja", "Korean": "ko", "Portuguese": "pt", "Spanish": "es", "SpanishMexican": "es", "Swedish": "sv",
    "Turkish": "tr",
}

# Written for this benchmark: news headlines (short) and lead paragraphs (long), in the languages a
# European news feed is most likely to mix in.
WRITTEN_HEADLINES = {
    "de": ["Regierung beschließt neues Klimapaket", "Bahn streicht Tausende Stellen", "Kanzler reist nach Washington",
           "Inflation sinkt auf 2,1 Prozent", "Hochwasser in Bayern: Tausende evakuiert", "Bundestag stimmt über Haushalt ab"],
    "fr": ["Le gouvernement annonce une hausse des impôts", "Grève nationale dans les transports", "Macron reçoit le chancelier allemand",
           "Le chômage recule de 0,3 point", "Incendies : des milliers d'hectares brûlés", "Les députés adoptent la réforme des retraites"],
    "es": ["El Gobierno aprueba los presupuestos", "Miles de personas protestan en Madrid", "La inflación baja al 3,2%",
           "El Real Madrid gana la Liga", "Incendio forestal obliga a evacuar tres pueblos", "El paro cae en 50.000 personas"],
    "it": ["Il governo approva la manovra", "Sciopero dei treni in tutta Italia", "L'inflazione scende al 5 per cento",
           "Maltempo, allerta rossa in Liguria", "Il Milan vince il derby", "Nuove regole per i migranti"],
    "pt": ["Governo aprova novo orçamento", "Milhares protestam em Lisboa", "Inflação cai para 4%",
           "Incêndios obrigam à evacuação de aldeias", "Benfica vence o clássico", "Presidente promulga lei da habitação"],
    "nl": ["Kabinet valt over migratie", "Duizenden boeren protesteren in Den Haag", "Inflatie daalt naar 3 procent",
           "Storm veroorzaakt grote schade", "Ajax verliest opnieuw", "Nieuwe regels voor huurwoningen"],
}
WRITTEN_PARAGRAPHS = {
    "de": "Die Bundesregierung hat am Mittwoch ein neues Klimapaket beschlossen. Bis 2030 sollen die Emissionen um 65 Prozent "
          "sinken, sagte der Minister in Berlin. Kritiker halten die Maßnahmen für unzureichend und fordern schnellere Schritte.",
    "fr": "Le gouvernement a présenté mercredi un plan d'économies de 10 milliards d'euros. Selon le ministre, les dépenses "
          "publiques doivent baisser dès l'année prochaine, mais les syndicats dénoncent une politique d'austérité.",
    "es": "El Gobierno aprobó este martes un paquete de ayudas de 3.000 millones de euros para los agricultores afectados por "
          "la sequía. La ministra aseguró que los fondos llegarán antes del verano, aunque las organizaciones agrarias piden más.",
    "it": "Il governo ha approvato ieri sera la legge di bilancio, che vale circa 30 miliardi di euro. Secondo il ministro "
          "dell'Economia, la manovra sosterrà le famiglie con redditi bassi, mentre l'opposizione parla di promesse mancate.",
    "pt": "O Governo aprovou esta quinta-feira um pacote de 2 mil milhões de euros para a habitação. O primeiro-ministro disse "
          "que as medidas vão ajudar as famílias jovens, mas a oposição considera que chegam tarde demais.",
    "nl": "Het kabinet heeft dinsdag een pakket van 5 miljard euro gepresenteerd om de energierekening te verlagen. Volgens de "
          "minister profiteren vooral huishoudens met lage inkomens, maar de oppositie noemt de plannen onvoldoende.",
    "sv": "Regeringen presenterade på torsdagen en ny budget med satsningar på försvaret och sjukvården. Finansministern sade "
          "att inflationen nu är under kontroll, men oppositionen kritiserar skattesänkningarna.",
    "pl": "Rząd przyjął w środę projekt budżetu na przyszły rok. Deficyt ma wynieść około 5 procent PKB, powiedział minister "
          "finansów, a opozycja zapowiada, że będzie głosować przeciw.",
}

# The detector newsfacts used until issue 14, kept here as the baseline: the language whose function
# words make up at least 8% of the words, `und` under five words.
_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in a is that for on was with as by it he said his at from are have has be an this".split()),
    "fr": frozenset("le la les de des et en un une du est que pour dans qui au sur par pas ne il elle".split()),
    "de": frozenset("der die das und in den von zu mit ist im nicht sich auf für ein eine dem des".split()),
    "es": frozenset("el la los las de y en que un una por con para es del se al lo como".split()),
    "it": frozenset("il la di e che per un una in del della sono non con si le da al".split()),
    "pt": frozenset("o a os as de e que em um uma para com do da não por se na no".split()),
    "nl": frozenset("de het een en van in is dat op te zijn met voor niet die er aan".split()),
}


def stopword_language(text: str) -> Guess:
    words = _WORD.findall(text[:5000].lower())
    if len(words) < 5:
        return Guess("und", 0.0, 0.0)
    counts = Counter(words)
    scores = {language: sum(counts[word] for word in stopwords) for language, stopwords in _STOPWORDS.items()}
    language, hits = max(scores.items(), key=lambda item: item[1])
    return Guess(language, 1.0, float(language == "en")) if hits / len(words) >= 0.08 else Guess("und", 0.0, 0.0)


@dataclass(frozen=True)
class TextSet:
    name: str
    texts: list[str]
    languages: list[str]  # ISO 639-1 code of each text

    @property
    def is_english(self) -> bool:
        return all(code == "en" for code in self.languages)


@dataclass(frozen=True)
class Guess:
    language: str  # the identifier's best language, ISO 639-1 (or `und`)
    confidence: float  # its probability
    english: float  # the probability the identifier gives English


@dataclass(frozen=True)
class Detector:
    """`identify` gives the raw guess; `skips` turns it into the pipeline's decision."""

    name: str
    identify: Callable[[str], Guess]
    skips: Callable[[str, Guess], bool]


def _spec_inputs(*folders: Path) -> list[str]:
    """The distinct inputs of every spec file in the folders that exist."""
    inputs: dict[str, None] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            for item in json.loads(path.read_text(encoding="utf-8-sig")):
                inputs.setdefault(item["Input"], None)
    return list(inputs)


def _bbc_files() -> list[Path]:
    return sorted(BBC.rglob("*.txt")) if BBC.exists() else []


def _bbc_parts(path: Path) -> tuple[str, str]:
    """(headline, body) of a BBC file: a title line, a blank line, then the body."""
    title, _, body = path.read_bytes().decode("utf-8", errors="replace").partition("\n")
    return title.strip(), body.strip()


def _first_sentence(body: str) -> str:
    return re.split(r"(?<=[.!?])\s", body.split("\n")[0], maxsplit=1)[0]


def _four_words_or_more(text_set: TextSet) -> TextSet:
    kept = [(t, c) for t, c in zip(text_set.texts, text_set.languages) if len(_WORD.findall(t)) >= 4]
    return TextSet(f"{text_set.name} >=4 words", [t for t, _ in kept], [c for _, c in kept])


def load_text_sets(specs: Path) -> list[TextSet]:
    english = _spec_inputs(specs / "Number" / "English", specs / "NumberWithUnit" / "English")
    sets = [TextSet("RT English specs", english, ["en"] * len(english))]
    quantulum = [item["req"] for item in json.loads(QUANTULUM.read_text(encoding="utf-8"))]
    sets.append(TextSet("quantulum3 sentences", quantulum, ["en"] * len(quantulum)))
    parts = [_bbc_parts(path) for path in _bbc_files()]
    if parts:
        headlines = [title for title, _ in parts]
        firsts = [_first_sentence(body) for _, body in parts]
        sets += [TextSet("BBC headlines", headlines, ["en"] * len(headlines)), TextSet("BBC first sentences", firsts, ["en"] * len(firsts))]
    non_english: list[TextSet] = []
    for folder_name, code in SPEC_LANGUAGES.items():
        texts = _spec_inputs(specs / "Number" / folder_name, specs / "NumberWithUnit" / folder_name)
        if texts:
            non_english.append(TextSet(f"RT {folder_name} specs", texts, [code] * len(texts)))
    if non_english:
        pooled = TextSet("RT non-English pooled", [t for s in non_english for t in s.texts], [c for s in non_english for c in s.languages])
        sets += [*non_english, pooled, _four_words_or_more(pooled)]
    headlines = [(text, code) for code, texts in WRITTEN_HEADLINES.items() for text in texts]
    sets.append(TextSet("written headlines (6 langs)", [t for t, _ in headlines], [c for _, c in headlines]))
    sets.append(TextSet("written paragraphs (8 langs)", list(WRITTEN_PARAGRAPHS.values()), list(WRITTEN_PARAGRAPHS)))
    if parts:
        bodies = [body for _, body in parts]
        sets.append(TextSet("BBC articles (long)", bodies, ["en"] * len(bodies)))
    return sets


def _load_py3langid() -> Callable[[str], Guess] | None:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.labels if len(code) == 2])  # as newsfacts loads it

    def identify(text: str) -> Guess:
        ranked = identifier.rank(text)
        return Guess(ranked[0][0], ranked[0][1], dict(ranked).get("en", 0.0))

    return identify


def _load_lingua(low_accuracy: bool) -> Callable[[str], Guess] | None:
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return None
    builder = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models()
    detector = (builder.with_low_accuracy_mode() if low_accuracy else builder).build()

    def identify(text: str) -> Guess:
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value == 0.0:
            return Guess("und", 0.0, 0.0)
        english = next((v.value for v in values if v.language.iso_code_639_1.name == "EN"), 0.0)
        return Guess(values[0].language.iso_code_639_1.name.lower(), values[0].value, english)

    return identify


def skips_below_english_probability(threshold: float, min_words: int = MIN_WORDS_TO_IDENTIFY) -> Callable[[str, Guess], bool]:
    """The newsfacts rule on any identifier: skip when English gets under `threshold` and there are enough words."""
    return lambda text, guess: guess.english < threshold and guess.language != "en" and count_language_words(text) >= min_words


def skips_above_top_confidence(threshold: float) -> Callable[[str, Guess], bool]:
    """The usual rule: skip when the best language is not English and its probability reaches `threshold`."""
    return lambda text, guess: guess.language not in PARSED_LANGUAGES and guess.confidence >= threshold


@dataclass
class Outcome:
    decisions_right: int
    codes_right: int
    seconds: float
    guesses: list[Guess]


def run(detector: Detector, text_set: TextSet) -> Outcome:
    started = time.perf_counter()
    guesses = [detector.identify(text) for text in text_set.texts]
    seconds = time.perf_counter() - started
    decisions = codes = 0
    for text, guess, truth in zip(text_set.texts, guesses, text_set.languages):
        skipped = detector.skips(text, guess)
        decisions += skipped == (truth != "en")
        codes += guess.language == truth
    return Outcome(decisions, codes, seconds, guesses)


def _memory_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def build_detectors() -> tuple[list[Detector], dict[str, tuple[float, float]]]:
    """The detectors that are installed, and what each cost to load (seconds, MB of memory)."""
    rule = skips_below_english_probability(MAX_ENGLISH_PROBABILITY_TO_SKIP)
    detectors = [Detector("stopwords (old)", stopword_language, lambda text, guess: guess.language not in PARSED_LANGUAGES)]
    load_costs: dict[str, tuple[float, float]] = {}
    for name, loader in (("py3langid", _load_py3langid), ("lingua low-accuracy", lambda: _load_lingua(True)), ("lingua", lambda: _load_lingua(False))):
        before, started = _memory_mb(), time.perf_counter()
        identify = loader()
        if identify is None:
            print(f"({name} is not installed: left out)", file=sys.stderr)
            continue
        identify("warm up the model")
        load_costs[name] = (time.perf_counter() - started, _memory_mb() - before)
        detectors.append(Detector(name, identify, rule))
    detect_language("warm up the model")  # loads once per process, as in the pipeline
    newsfacts = Detector("newsfacts detect_language", lambda text: Guess(detect_language(text), 1.0, 0.0),
                         lambda text, guess: guess.language not in PARSED_LANGUAGES)
    detectors.append(newsfacts)
    return detectors, load_costs


def print_tables(detectors: Sequence[Detector], sets: Sequence[TextSet], outcomes: dict[tuple[str, str], Outcome]) -> None:
    header = "| text set | n | " + " | ".join(d.name for d in detectors) + " |"
    print("Accuracy of the decision (English parsed / other language skipped); in brackets: exact language code")
    print(header)
    print("|---|---|" + "---|" * len(detectors))
    for text_set in sets:
        cells = [f"{outcomes[d.name, text_set.name].decisions_right / len(text_set.texts):.3f} "
                 f"({outcomes[d.name, text_set.name].codes_right / len(text_set.texts):.3f})" for d in detectors]
        print(f"| {text_set.name} | {len(text_set.texts)} | " + " | ".join(cells) + " |")
    print("\nSpeed, texts per second")
    print(header)
    print("|---|---|" + "---|" * len(detectors))
    for text_set in sets:
        cells = [f"{len(text_set.texts) / max(outcomes[d.name, text_set.name].seconds, 1e-9):,.0f}" for d in detectors]
        print(f"| {text_set.name} | {len(text_set.texts)} | " + " | ".join(cells) + " |")


def print_rule_sweep(detectors: Sequence[Detector], sets: Sequence[TextSet], outcomes: dict[tuple[str, str], Outcome]) -> None:
    """Both rules at several thresholds, on each library's guesses (no new identification needed)."""
    named = {s.name: s for s in sets}
    columns = {
        "short English parsed": ([s for s in sets if s.is_english and s.name != "BBC articles (long)"], False),
        "BBC articles parsed": ([named["BBC articles (long)"]] if "BBC articles (long)" in named else [], False),
        "written headlines skipped": ([named["written headlines (6 langs)"]], True),
        "written paragraphs skipped": ([named["written paragraphs (8 langs)"]], True),
        "RT non-English >=4 words skipped": ([named["RT non-English pooled >=4 words"]] if "RT non-English pooled >=4 words" in named else [], True),
    }
    rules = [(f"P(en) < {t}, >= {MIN_WORDS_TO_IDENTIFY} words", skips_below_english_probability(t)) for t in ENGLISH_PROBABILITY_THRESHOLDS]
    rules += [(f"P(en) < {MAX_ENGLISH_PROBABILITY_TO_SKIP}, >= {w} words", skips_below_english_probability(MAX_ENGLISH_PROBABILITY_TO_SKIP, w)) for w in (1, 2, 4)]
    rules += [(f"best language's P >= {t}", skips_above_top_confidence(t)) for t in TOP_CONFIDENCE_THRESHOLDS]
    print("\nRules compared on each library's guesses")
    print("| identifier | skip rule | " + " | ".join(columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    for detector in detectors:
        if detector.name.startswith(("stopwords", "newsfacts")):
            continue
        for rule_name, skips in rules:
            cells = []
            for text_sets, want_skipped in columns.values():
                pairs = [(text, guess) for s in text_sets for text, guess in zip(s.texts, outcomes[detector.name, s.name].guesses)]
                hits = sum(skips(text, guess) == want_skipped for text, guess in pairs)
                cells.append(f"{hits / len(pairs):.3f}" if pairs else "-")
            print(f"| {detector.name} | {rule_name} | " + " | ".join(cells) + " |")


def print_english_skipped(detectors: Sequence[Detector], sets: Sequence[TextSet], outcomes: dict[tuple[str, str], Outcome], limit: int) -> None:
    for detector in detectors:
        skipped = [
            (text, guess)
            for s in sets if s.is_english
            for text, guess in zip(s.texts, outcomes[detector.name, s.name].guesses)
            if detector.skips(text, guess)
        ]
        print(f"\n{detector.name}: {len(skipped)} English texts skipped; first {limit}:", file=sys.stderr)
        for text, guess in skipped[:limit]:
            print(f"  {guess.language} P={guess.confidence:.2f} P(en)={guess.english:.4f} {text[:100]!r}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=Path, default=SPECS, help="a Recognizers-Text Specs/ folder (other languages are scored when present)")
    parser.add_argument("--show-skipped", type=int, default=0, help="print this many skipped English texts per detector (stderr)")
    args = parser.parse_args()
    sets = load_text_sets(args.specs)
    detectors, load_costs = build_detectors()
    outcomes = {(d.name, s.name): run(d, s) for d in detectors for s in sets}
    print_tables(detectors, sets, outcomes)
    print_rule_sweep(detectors, sets, outcomes)
    print("\nLoad cost (time to first answer, resident memory added): "
          + "; ".join(f"{name} {seconds:.2f}s, +{mb:.0f} MB" for name, (seconds, mb) in load_costs.items()))
    if args.show_skipped:
        print_english_skipped(detectors, sets, outcomes, args.show_skipped)


if __name__ == "__main__":
    main()
