"""Attribution: each way a quote's cue and speaker are found."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.quotes.support import (
    only_quote,
    quotes_of,
    resolved_speaker,
    speech_of,
)
from transforms.extract.entities import extract_entity_mentions
from transforms.extract.quotes import find_quoted_spans
from transforms.extract.quotes.attribution import (
    ATTRIBUTION_STEPS,
    QuoteSite,
    colon_introduction,
    unlisted_verb_after,
)
from transforms.extract.quotes.doc_index import DocIndex
from transforms.reference.catalog import load_reference_catalog


def test_partial_quote_inside_a_sentence(nlp: Language) -> None:
    text = "Donald Trump promised during his campaign that he would end the war “within 24 hours,” while Maria Lopez urged patience."
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "within 24 hours,"
    assert resolved_speaker(text, quote) == "Donald Trump"
    assert quote["cue"] == "promised"


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("“Prices will fall next year,” said Maria Lopez.", "Maria Lopez", "said"),
        ("“Prices will fall next year,” Maria Lopez said.", "Maria Lopez", "said"),
        ("Maria Lopez warned that “prices will fall next year.”", "Maria Lopez", "warned"),
        ("Maria Lopez said that “prices will fall next year.”", "Maria Lopez", "said"),
        ("Prices will fall next year, according to Maria Lopez, who called it “a certainty.”", "Maria Lopez", None),
        ("Maria Lopez told reporters: “Prices will fall next year.”", "Maria Lopez", "told"),
        ("“Prices will fall next year,” the Kremlin said in a statement.", "Kremlin", "said"),
    ],
)
def test_reporting_verbs_in_either_order(nlp: Language, text: str, speaker: str, cue: str | None) -> None:
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == speaker
    if cue is not None:
        assert quote["cue"] == cue


def test_according_to_gives_the_speaker(nlp: Language) -> None:
    text = "The bridge will reopen “within two weeks,” according to Maria Lopez."
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Maria Lopez"
    assert quote["cue"] == "according to"


def test_quoted_sentence_after_a_sentence_about_a_named_person(nlp: Language) -> None:
    text = "The firm grew fast. His former partner, Lawrence Cummings, praised him at length. “He closed deals nobody else could.”"
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Lawrence Cummings"


def test_a_quoted_paragraph_after_a_paragraph_that_reports_a_person_is_theirs(nlp: Language) -> None:
    text = (
        'Labour spokesman Fraser Kemp said: "Britain is working." Mr Howard also praised the nation. The '
        'catastrophe was overshadowing the hopes for the new year, Mr Howard said.\n\n"We watched the scenes of '
        'destruction with a sense of disbelief."'
    )
    quote = speech_of(nlp, text)[-1]
    assert resolved_speaker(text, quote) == "Howard"


def test_of_two_subjects_the_named_one_speaks(nlp: Language) -> None:
    text = (
        'The Elect the Lords Campaign said the draft bill was an important contribution. "We believe this draft bill '
        'is detailed enough to form the basis of closer parliamentary scrutiny," said co-ordinator Peter Facey.'
    )
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Peter Facey"


def test_outer_report_owns_the_quoted_words(nlp: Language) -> None:
    text = "Senator Maria Lopez said John Carter called on members to be “closely coordinated.”"
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Maria Lopez"


def test_a_document_relays_the_words_of_whom_it_reports(nlp: Language) -> None:
    text = 'Mr Peston\'s book claimed that Gordon Brown told Mr Blair: "There is nothing you could ever say to me now."'
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Gordon Brown"


def test_a_name_in_apposition_to_a_title_speaks(nlp: Language) -> None:
    text = (
        'The EU\'s Humanitarian Aid Commissioner, Louis Michel, was quoted as saying that it was key to bring aid '
        '"in those vital hours and days immediately after the disaster".'
    )
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Louis Michel"


def test_speaker_introduced_by_a_colon_in_the_previous_paragraph(nlp: Language) -> None:
    text = "Maria Lopez released the following statement:\n\n“We are grateful to the rescue teams.”"
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Maria Lopez"


def test_dash_credit_line_names_the_speaker(nlp: Language) -> None:
    text = "“He does not understand our communities at all.” ― Carla Sanchez\n\n“We need better leaders.” ― Jorge Falcon"
    found = speech_of(nlp, text)
    assert [resolved_speaker(text, q) for q in found] == ["Carla Sanchez", "Jorge Falcon"]


def test_a_clause_set_off_by_dashes_after_a_name_is_that_persons(nlp: Language) -> None:
    """The parser hangs the clause from the sentence's verb, whose subject is the group, not the person."""
    text = (
        "A chorus of Republicans has said the same thing, including the senator Maria Lopez -- ''It is wrong "
        "to hide the returns from the voters'' -- and Jorge Falcon, a former official."
    )
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Maria Lopez"


def test_a_short_term_set_off_by_dashes_after_a_name_is_not_theirs(nlp: Language) -> None:
    text = "Jorge Falcon attacked Maria Lopez -- ''a reckless gambler'' -- at the rally on Monday."
    [quote] = quotes_of(nlp, text)
    assert resolved_speaker(text, quote) != "Maria Lopez"


def test_attribution_steps_run_in_the_documented_order():
    assert [step.__name__ for step in ATTRIBUTION_STEPS] == [
        "trailing_tag",
        "claim_owner",
        "governing_speech_verb",
        "colon_introduction",
        "nearest_speech_cue",
        "unlisted_verb_after",
        "subject_of_previous_sentence",
        "subject_of_enclosing_clause",
    ]


def test_an_unlisted_verb_after_a_comma_quote_names_the_speaker(nlp: Language) -> None:
    text = "“That is simply wrong,” Bennett shot back."
    site, index = site_of(nlp, text)
    found = unlisted_verb_after(site, index, load_reference_catalog().speech_cues)
    assert found is not None and found.speaker is not None and found.speaker.text == "Bennett"
    assert found.cue is not None and found.cue.text == "shot"


def test_a_colon_before_the_quote_hands_it_to_the_clause_before(nlp: Language) -> None:
    text = "Michael McDonald: “We never agreed to this plan at all.”"
    site, index = site_of(nlp, text)
    found = colon_introduction(site, index, load_reference_catalog().speech_cues)
    assert found is not None and found.speaker is not None and found.speaker.text in ("McDonald", "Michael")


def test_a_quote_with_no_colon_before_it_gets_nothing_from_the_colon_step(nlp: Language) -> None:
    site, index = site_of(nlp, "“We never agreed to this plan at all,” McDonald said.")
    assert colon_introduction(site, index, load_reference_catalog().speech_cues) is None


def site_of(nlp: Language, text: str) -> tuple[QuoteSite, DocIndex]:
    """The first quote of the text where the attribution steps see it."""
    doc = nlp(text)
    quotes = find_quoted_spans(text)
    index = DocIndex(doc, text, extract_entity_mentions(doc, load_reference_catalog().entities), quotes)
    quote = quotes[0]
    lo = index.first_token_from(quote.start)
    hi = max(index.first_token_from(quote.end), lo + 1)
    paragraph = (index.paragraph_of(quote.open_at)[0], index.paragraph_of(max(quote.open_at, quote.close_at - 1))[1])
    return QuoteSite(quote, (lo, hi), paragraph), index


def test_a_contrasting_clause_reports_its_own_quote(nlp: Language) -> None:
    """"while the Tories say …" has its own subject: its quote is not Labour's, whose report the parser hangs it on."""
    text = (
        'Labour say a Lib Dem vote could "let the Tories in", while the Tories say the Lib Dems would mean '
        '"higher taxes, soft crime laws, more power to Europe".'
    )
    first, second = speech_of(nlp, text)
    assert (first["speaker_text"], second["speaker_text"]) == ("Labour", "Tories")


def test_who_after_a_long_title_is_the_name_before_it(nlp: Language) -> None:
    """The parser hangs "who said" on the first word of "Culture, Media and Sport Secretary Tessa Jowell"."""
    text = (
        'Her call was backed by Culture, Media and Sport Secretary Tessa Jowell who said: "You would not let '
        'your child watch the Texas Chainsaw Massacre."'
    )
    assert resolved_speaker(text, only_quote(nlp, text)) == "Tessa Jowell"


def test_a_subordinate_clause_without_its_own_subject_is_reported_by_the_main_subject(nlp: Language) -> None:
    text = (
        "Small groups of protesters continued to call for more information about the fatal shooting of Keith Lamont "
        "Scott, looping the streets around Bank of America Stadium - where the National Football League's Charlotte "
        "Panthers played the Minnesota Vikings - while chanting, \"Hands up, don't shoot.\""
    )
    assert only_quote(nlp, text)["speaker_text"] != "Charlotte Panthers"


def test_a_quoted_sentence_after_a_role_and_its_name_as_two_subjects_is_the_named_persons(nlp: Language) -> None:
    """"The chairman of the Bar Council, Guy Mansfield QC warned …" parses "chairman" and "QC" as two subjects."""
    text = (
        'Lib Dem home affairs spokesman Mark Oaten has branded the ID scheme a waste of money. He said: "This has '
        'all the signs of Michael Howard overruling concerns."\n\nThe chairman of the Bar Council, Guy Mansfield QC '
        'warned there was a real risk that people on the "margins of society" would be driven into the hands of '
        'extremists. "What is going to happen to young Asian men when there has been a bomb gone off somewhere? '
        'They are going to be stopped."'
    )
    assert resolved_speaker(text, speech_of(nlp, text)[-1]) == "Guy Mansfield"


def test_the_tag_right_after_a_quote_beats_a_verb_the_quote_hangs_from(nlp: Language) -> None:
    text = "The four “loopholes” he cited are “the ability to use real estate losses to offset other income,” The Hill reported."
    found = speech_of(nlp, text)
    assert [q["cue"] for q in found][-1] == "reported"
    assert "Hill" in resolved_speaker(text, found[-1])


def test_a_clause_after_the_closing_mark_is_no_speech_tag(nlp: Language) -> None:
    text = "Mr. Trump answered, “That makes me smart,” when Clinton blasted him for not paying income tax."
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Trump"


def test_a_speaking_participle_before_the_quote_introduces_it(nlp: Language) -> None:
    text = "The spot concludes with footage of Trump saying during the debate last week, “That makes me smart,” when Clinton blasted him."
    quote = only_quote(nlp, text)
    assert quote["cue"] == "saying"
    assert resolved_speaker(text, quote) == "Trump"


def test_quoted_words_are_never_the_speaker(nlp: Language) -> None:
    text = (
        "Mr. Trump hardly clarified the matter, treating her remark first as a compliment -- ''That makes me smart'' -- "
        "and, when questioned after the debate, asserting, ''Of course, I pay federal taxes.''"
    )
    found = speech_of(nlp, text)
    assert [resolved_speaker(text, q) for q in found] == ["Trump", "Trump"]


def test_a_non_finite_clause_takes_the_subject_of_the_clause_it_hangs_from(nlp: Language) -> None:
    text = "In January, Gov. Earl Ray Tomblin lauded Mr. Clarke in his address for helping develop \"new and innovative ideas.\""
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Earl Ray Tomblin"


def test_a_verb_after_the_mark_with_a_clause_of_its_own_is_no_speech_tag(nlp: Language) -> None:
    text = (
        "While Donald Trump promised during his campaign that he would end the war “within 24 hours,” Zelensky "
        "declared on Friday that Ukraine must “do everything to bring this war to an end next year,” in an interview."
    )
    found = speech_of(nlp, text)
    assert [(q["quote_text"], resolved_speaker(text, q)) for q in found] == [
        ("within 24 hours,", "Donald Trump"),
        ("do everything to bring this war to an end next year,", "Zelensky"),
    ]


def test_a_quoted_paragraph_is_the_person_the_paragraph_before_reports_last(nlp: Language) -> None:
    """The paragraph before reports Donofrio in its first sentence and goes on in the reporter's voice; a sentence
    about another person in between breaks the chain."""
    text = (
        "Computing will change slowly.\n\nWe are in a different phase now when it comes to technology, argues Mr "
        "Donofrio, Industry Week's Technology Leader of the Year. The hype and over-promise is over and now technology "
        'leaders have to demonstrate that things work.\n\n"In the dotcom era, there was something jumping up in your '
        'face every five minutes."'
    )
    assert resolved_speaker(text, only_quote(nlp, text)) == "Donofrio"
    other = 'Mr Smith said the plan would fail. Ms Jones, the minister, is not convinced.\n\n"It is a mess of a plan."'
    assert resolved_speaker(other, only_quote(nlp, other)) is None


def test_the_speech_verb_nearest_the_colon_introduces_the_quote(nlp: Language) -> None:
    """The parser hangs the quote on the sentence's root "cited"; the words are what Mr Prescott told Mr Blair."""
    text = (
        "Downing Street cited that comment when reporters suggested Mr Brown had pointedly failed to deny claims that "
        'Mr Prescott had once told Mr Blair: "There is nothing you could ever say to me now that I could ever believe".'
    )
    assert resolved_speaker(text, only_quote(nlp, text)) == "Prescott"


def test_a_speaker_inside_the_quote_before_does_not_introduce_the_next(nlp: Language) -> None:
    """"… adding:" has no subject of its own; the "I" of the quote before it is not who speaks."""
    text = (
        'Mr Blair spoke at length. Although in the next breath he declared: "I get increasingly alarmed by what I read '
        'in the newspapers" before catching himself on and quickly adding: "In so far as I read them of course."'
    )
    assert resolved_speaker(text, speech_of(nlp, text)[-1]) == "Blair"


def test_a_relative_subject_of_the_enclosing_clause_is_its_antecedent(nlp: Language) -> None:
    """A partial quote under a verb off the cue list in a relative clause is the antecedent's, when that names someone."""
    text = (
        "The airlines face two challenges - one from the International Air Transport Association (IATA), which has "
        'attacked the package as a "bad piece of legislation".'
    )
    assert resolved_speaker(text, only_quote(nlp, text)) == "International Air Transport Association"
    unnamed = 'He opposed the law, which makes it "illegal to sell the product in shops".'
    assert only_quote(nlp, unnamed)["speaker_text"] is None


def test_a_quote_inside_someones_claim_is_the_claimants(nlp: Language) -> None:
    """The words of "X's claim that …" are X's, even as a bare term; a claim with no owner names no one."""
    text = "Politifact checked Donald Trump’s claim that there have been “thousands of shootings” in Chicago this year."
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "thousands of shootings" and quote["cue"] == "claim"
    assert resolved_speaker(text, quote) == "Donald Trump"
    (unowned,) = quotes_of(nlp, "Politifact checked the claim that there have been “thousands of shootings” in Chicago this year.")
    assert unowned["is_speech"] is False
