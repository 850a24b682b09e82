"""Pronoun and nominal speakers resolved to the named person or organisation they stand for, with the
speaker_kind an analyst filters on."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from tests.transforms.extract.quotes.support import (
    only_quote,
    resolved_speaker,
    speech_of,
)
from transforms.extract.quotes import load_speech_cues


# (what the article says, the speaker as written (None: not checked), the name it resolves to, speaker_kind (None: not checked))
RESOLVED_SPEAKERS = [
    pytest.param(
        (
            'Festival director Dieter Kosslick announced the programme on Monday. The Academy Awards take '
            'place two weeks later. "I am not worried that we will not fill the red carpet with stars," he '
            'said.'
        ),
        'he', 'Dieter Kosslick', 'person',
        id='he_skips_an_organisation_that_is_the_nearer_subject',
    ),
    pytest.param(
        (
            'Party spokesman Mark Croucher said the members knew nothing of the views. He said the papers '
            'would not have been matched to Mr Houston when he was standing. He told BBC News: "We have '
            'suspended him as a member and as a candidate."'
        ),
        None, 'Mark Croucher', None,
        id='a_pronoun_subject_continues_the_earlier_speaker_past_other_names_in_its_clauses',
    ),
    pytest.param(
        (
            'Shares in Microsoft fell after chief executive Steve Ballmer spoke to investors. Microsoft '
            'later issued a warning. "Trading remains difficult in our main markets," it said.'
        ),
        'it', 'Microsoft', 'organisation',
        id='it_resolves_to_the_organisation_not_the_person',
    ),
    pytest.param(
        (
            'General Motors reported higher sales in Germany. "We expect the growth to continue into next '
            'year," the company said.'
        ),
        'the company', 'General Motors', 'organisation',
        id='the_company_resolves_to_the_organisation_named_before',
    ),
    pytest.param(
        (
            'The Tories announced their support for the plans on Monday. They said they would hold ministers '
            'to account. "It is important to remember that this bill will take a decade," a spokesman said.'
        ),
        'a spokesman', 'Tories', 'organisation',
        id='a_spokesman_speaks_for_the_organisation_of_the_sentence_before',
    ),
    pytest.param(
        (
            'House prices fell in December, the Halifax said. Economists at Barclays disagreed. "The '
            'slowdown is real," a Capital Economics statement said.'
        ),
        'a Capital Economics statement', 'Capital Economics', 'organisation',
        id='a_name_inside_the_nominal_wins',
    ),
    pytest.param(
        (
            'BBC correspondent Stephen Cape said the unions were a formidable force. Deputy Prime Minister '
            'John Prescott met union leaders on Thursday. Opposition to the plan is "one thing all the '
            'unions are agreed on", our correspondent added.'
        ),
        'our correspondent', 'Stephen Cape', 'person',
        id='a_role_goes_to_the_person_the_article_gives_it',
    ),
    pytest.param(
        (
            'Gordon Brown spoke to the Commons on Thursday. "The talks will go on into the night," a senior '
            'official said.'
        ),
        None, 'a senior official', 'unnamed source',
        id='an_unnamed_source_stays_as_written',
    ),
    pytest.param(
        'The talks went on all night. "Nobody knows," said a White House aide.',
        None, 'a White House aide', 'unnamed source',
        id='a_source_from_a_named_organisation_is_not_the_organisation_speaking',
    ),
    pytest.param(
        '"Demand for steel will double by 2010," a report said.',
        None, 'a report', 'document',
        id='a_document_nobody_is_named_as_issuing_is_a_document',
    ),
    pytest.param(
        (
            "Mike Pence says too much is made of Donald Trump's tweets. The Republican vice presidential "
            'nominee was speaking on Friday in Fort Wayne, hours after Trump unleashed a flurry of tweets. '
            'The Indiana governor said the media are to blame for focusing on "he said this, he tweeted '
            'that."'
        ),
        'The Indiana governor', 'Mike Pence', None,
        id='a_definite_description_as_subject_continues_the_referent_past_other_names',
    ),
    pytest.param(
        (
            'Indiana Gov. Mike Pence joined Donald Trump at the rally on Monday. Trump attacked the press. '
            'The Indiana governor said it was "a rigged system" for voters.'
        ),
        None, 'Mike Pence', None,
        id='a_role_written_as_an_abbreviated_title_before_the_name',
    ),
    pytest.param(
        'Rafael Nadal beat Roger Federer in four sets. "It was a great match for me," said the Spaniard.',
        None, 'Rafael Nadal', 'person',
        id='a_nationality_used_as_a_name_is_the_person_not_the_nation',
    ),
    # spaCy tags "old" an adjective: without this the quote has no speaker at all
    pytest.param(
        'Andy Murray beat Tim Henman in four sets on Monday. "I played well today," the 26-year-old said.',
        'the 26-year-old', 'Andy Murray', None,
        id='the_n_year_old_is_the_person_named_before',
    ),
    pytest.param(
        (
            'BBC correspondent Stephen Cape said the unions were a formidable force. Deputy Prime Minister '
            'John Prescott held a private meeting with union leaders on Thursday. Our correspondent said '
            'that no deal had been offered in that meeting. There was "some possibility" of the strike being '
            'avoided, he added.'
        ),
        'he', 'Stephen Cape', None,
        id='a_role_subject_passes_its_holder_on_to_a_later_pronoun',
    ),
    pytest.param(
        (
            'At a dinner hosted by Deputy Prime Minister John Prescott the book says a deal was made. Tony Blair '
            'has dismissed the reports. "You do not do deals over jobs like this," the prime minister said.'
        ),
        'the prime minister', 'Tony Blair', 'person',
        id='a_deputy_does_not_hold_the_role_without_the_rank',
    ),
    pytest.param(
        (
            'Tony Blair spoke to the Guardian on Monday. Echoing the new US Secretary of State Condoleezza Rice, '
            'the prime minister said policy had changed. The prime minister conceded that the US had "what '
            'appears to be a harder position" towards Iran.'
        ),
        'The prime minister', 'Tony Blair', 'person',
        id='a_name_before_a_role_subject_is_no_apposition',
    ),
    pytest.param(
        (
            'Mr Blair told BBC News he had not yet read the report. Asked if Mr Blunkett could return to '
            'frontline politics, he replied: "I have made my admiration for David very clear."'
        ),
        'he', 'Blair', 'person',
        id='a_name_inside_the_participle_clause_of_the_speaker_is_someone_else',
    ),
    pytest.param(
        (
            'Monitoring firm Netcraft found that the campaign was proving a little too successful. In a '
            'statement from Lycos Europe announcing the scrapping of the scheme, the company denied that this '
            'was its fault. "There is nothing to suggest that the campaign has brought down any of the sites," '
            'it said.'
        ),
        'it', 'Lycos Europe', 'organisation',
        id='the_company_of_a_statement_from_a_named_issuer_is_the_issuer',
    ),
    pytest.param(
        (
            'The Trafford Centre spokeswoman said about 8,500 vehicles had arrived at the centre on Saturday. '
            '"We predict that the next week will continue the same trend," she added.'
        ),
        'she', 'Trafford Centre', 'organisation',
        id='a_pronoun_after_a_spokeswoman_speaks_for_her_organisation',
    ),
    pytest.param(
        (
            'Conchita Martinez beat Shinobu Asagoe and Sania Mirza beat Jelena Kostanic. Mirza, the first '
            'Indian woman to win a WTA Tour title, will now face Svetlana Kuznetsova. But she is remaining '
            'confident. "I am looking forward to a great match," she said.'
        ),
        'she', 'Mirza', 'person',
        id='a_name_opening_the_sentence_before_its_description_is_the_subject',
    ),
    pytest.param(
        (
            'Former Cabinet minister Douglas Hogg said the Bill was unnecessary. But the Tory MP for Sleaford '
            'and North Hykeham admitted the role "cannot be frozen in aspic".'
        ),
        None, 'Douglas Hogg', 'person',
        id='an_mp_for_a_place_is_the_person_named_before',
    ),
    pytest.param(
        (
            'Scotland\'s justice minister has warned bigoted fans that she wants to hit them "where it hurts '
            'most" by banning them from matches. Cathy Jamieson said exclusion orders are being considered.'
        ),
        None, 'Cathy Jamieson', 'person',
        id='a_role_nobody_held_before_is_the_person_the_next_sentence_introduces',
    ),
    pytest.param(
        (
            'The environment select committee made 101 recommendations after hearing evidence. But the '
            'committee said the law on abandonment of animals "would be significantly weakened".'
        ),
        'the committee', 'environment select committee', 'organisation',
        id='the_committee_is_the_lower_case_committee_named_before',
    ),
    pytest.param(
        (
            'Most analysts thought the deal would go ahead. "Obviously we will have to wait and see, but I do not '
            'think it will make much difference," said one London-based broker.'
        ),
        'one London-based broker', 'one London-based broker', 'unnamed source',
        id='a_broker_is_an_unnamed_source_not_the_place_of_the_phrase',
    ),
    pytest.param(
        (
            'The Countryside Alliance has challenged the hunting ban in the courts. The alliance said the law was '
            '"impossibly difficult to determine".'
        ),
        'The alliance', 'Countryside Alliance', 'organisation',
        id='the_alliance_is_the_alliance_named_before',
    ),
    pytest.param(
        (
            'Marion Jones has sued Victor Conte for $25m in damages. Her lawsuit said Jones "has never taken banned '
            'performance-enhancing drugs".'
        ),
        'Her lawsuit', 'Marion Jones', 'person',
        id='a_possessive_before_a_document_names_its_issuer',
    ),
    pytest.param(
        (
            'Archbishop Desmond Tutu met the freed men in London on Monday. "We are saying thank you that these have '
            'been released," the archbishop added.'
        ),
        'the archbishop', 'Desmond Tutu', 'person',
        id='an_archbishop_is_a_role_its_holder_fills',
    ),
    pytest.param(
        'The National Trust bought the estate last year. The trust said the house was "a vital part of our national heritage".',
        'The trust', 'National Trust', 'organisation',
        id='the_trust_is_the_trust_named_before',
    ),
    pytest.param(
        'Professor Nancy Rothwell leads the research. "It is a very good result for science," the professor said.',
        'the professor', 'Nancy Rothwell', 'person',
        id='a_professor_is_a_role_its_holder_fills',
    ),
    pytest.param(
        (
            'The book, by Sunday Telegraph journalist Robert Peston, said the pair had "mutual animosity and contempt" '
            'for each other.'
        ),
        'The book', 'Robert Peston', 'person',
        id='a_book_is_a_document_whose_author_speaks',
    ),
    pytest.param(
        (
            'Following a late meeting, the Security Council issued a statement calling the nuclear test "a clear '
            'violation and in flagrant disregard" of five resolutions.'
        ),
        'a statement', 'Security Council', 'organisation',
        id='a_document_is_issued_by_the_subject_of_the_verb_it_is_the_object_of',
    ),
    pytest.param(
        'The tax is meant to curb "activist investors and others", according to a speech Hillary Clinton delivered in July.',
        'Hillary Clinton', 'Hillary Clinton', 'person',
        id='a_speech_is_the_words_of_whoever_delivered_it',
    ),
    pytest.param(
        (
            'Marion Jones has filed a lawsuit for defamation against Victor Conte. Her lawsuit, filed in the US District '
            'Court in San Francisco, said the sprinter had passed a lie detector test. Conte\'s statements, the suit '
            'added, were "false and malicious".'
        ),
        'the suit', 'Marion Jones', 'person',
        id='a_document_is_not_the_name_in_what_it_says_and_her_lawsuit_is_hers',
    ),
    pytest.param(
        (
            'Bernie Ebbers took the stand in New York on Monday. Mr Sullivan "made accounting decisions, not me," he '
            'told the federal court.'
        ),
        'he', 'Bernie Ebbers', 'person',
        id='a_pronoun_never_stands_for_a_name_in_what_it_says',
    ),
    pytest.param(
        (
            'President Obama rejected the test as a threat. Secretary General Ban Ki-moon rejected what he called a '
            '"brazen breach" of U.N. resolutions.'
        ),
        'he', 'Ban Ki-moon', 'person',
        id='a_pronoun_in_a_clause_its_subject_governs_is_that_subject',
    ),
    pytest.param(
        (
            'Having received his backing, Ms Hughes was forced to resign in April. Mr Blunkett\'s own comments on '
            'immigration had prompted censure - he told refugees from Afghanistan and Kosovo to "get back home" to '
            'start rebuilding their countries.'
        ),
        'he', 'Blunkett', 'person',
        id='a_clause_before_a_dash_is_no_report_of_the_pronouns_verb',
    ),
    pytest.param(
        (
            'Michael Howard met the press on Monday. TV presenter Anne Robinson praised his courtesy. Ms Robinson is a '
            'friend of the Tory leader. "It was all good fun," he said.'
        ),
        'he', 'Michael Howard', 'person',
        id='he_is_no_one_the_article_calls_ms',
    ),
    pytest.param(
        (
            'A spokesman for DLF Builders, Dr Vancheshwar, told the BBC the rules would help buyers. He said the firm '
            'will benefit from world class "strategic partnerships, design expertise and technology".'
        ),
        'He', 'Vancheshwar', 'person',
        id='a_spokesman_named_in_apposition_is_that_person_not_the_firm',
    ),
    pytest.param(
        (
            'Tony Blair has had the chance to tackle the problems facing Britain and has failed, Michael Howard has '
            'said. Mr Blair\'s government was a "bossy, interfering government that takes the wrong decisions," he added.'
        ),
        'he', 'Michael Howard', 'person',
        id='the_reporter_of_the_sentence_before_comes_before_the_name_it_reports',
    ),
]


@pytest.mark.parametrize(("text", "written", "resolved", "kind"), RESOLVED_SPEAKERS)
def test_a_speaker_resolves_to_whom_the_article_names(
    nlp: Language, text: str, written: str | None, resolved: str, kind: str | None
) -> None:
    """Pronouns, nominals, roles and sources: the name the speaker stands for, and the kind an analyst filters on."""
    quote = only_quote(nlp, text)
    if written is not None:
        assert quote["speaker_text"] == written
    assert resolved_speaker(text, quote) == resolved
    if kind is not None:
        assert quote["speaker_kind"] == kind


def test_a_role_named_in_an_apposition_after_an_of_phrase(nlp: Language) -> None:
    text = (
        "Lib Dem spokesman Mark Oaten called the scheme a waste of money. "
        'The chairman of the Bar Council, Guy Mansfield, warned that people on the "margins of society" would suffer.'
    )
    found = [q for q in speech_of(nlp, text) if q["quote_text"] == "margins of society"]
    assert len(found) == 1
    assert resolved_speaker(text, found[0]) == "Guy Mansfield"
    assert found[0]["speaker_kind"] == "person"


def test_a_definite_role_nobody_holds_by_name_goes_to_the_person_the_article_is_about(nlp: Language) -> None:
    text = (
        "Michael Howard has denied his shadow cabinet was split over ID cards. "
        'The Tory leader said it was "not an easy issue" for the party.'
    )
    found = [q for q in speech_of(nlp, text) if q["quote_text"] == "not an easy issue"]
    assert len(found) == 1
    assert found[0]["speaker_text"] == "The Tory leader"
    assert resolved_speaker(text, found[0]) == "Michael Howard"


def test_a_verb_after_a_finished_quoted_sentence_reports_the_next_sentence(nlp: Language) -> None:
    text = (
        "Charlie Hodgson missed the kick in the last minute. "
        '"I felt as soon as it hit my boot it had missed. I must recover." '
        'Andy Robinson said he would "keep working on the kicking".'
    )
    found = speech_of(nlp, text)
    second = next(q for q in found if q["quote_text"].startswith("I felt"))
    assert resolved_speaker(text, second) == "Charlie Hodgson"


def test_a_quote_without_a_speaker_and_titles_have_kind_none(nlp: Language) -> None:
    text = 'The film "Vera Drake" won. "Nobody expected this to happen at all."'
    quotes = {q["quote_text"]: q for q in speech_of(nlp, text)}
    assert quotes["Nobody expected this to happen at all."]["speaker_kind"] == "none"


def test_the_speaker_noun_list_is_read_with_its_kinds_and_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    cues = load_speech_cues()
    assert cues.speaker_noun_kind("Spokesman") == "spokesperson"
    assert cues.speaker_noun_kind("company") == "organisation"
    assert cues.speaker_noun_kind("weather") is None
    bad = tmp_path / "speaker_nouns.csv"
    bad.write_text("lemma,kind\nspokesman,mouthpiece\n", encoding="utf-8")
    with pytest.raises(ValueError, match="mouthpiece"):
        load_speech_cues(speaker_nouns_path=bad)


def test_plural_judges_are_not_the_one_person_the_next_sentence_introduces(nlp: Language) -> None:
    text = (
        'But Lord Justice Rix and Mr Justice Forbes ruled that UK jurisdiction could extend to a UK-run prison. '
        'They said as Mr Mousa was in custody when he died, his case came within the UK\'s jurisdiction. The other '
        'five Iraqis did not die in custody, so their cases had to fail, they said.\n\nAnd it was difficult to say '
        'that the investigation which had already occurred "has been timely, open or effective", the judges said. '
        'After the ruling Carla Ferstman, legal director of the human rights organisation Redress, said: "It is '
        'not enough for the military to investigate behind closed doors."'
    )
    judges = speech_of(nlp, text)[0]
    assert judges["speaker_text"] == "the judges"
    assert resolved_speaker(text, judges) != "Carla Ferstman"


def test_an_untagged_title_subject_is_the_person_in_its_apposition(nlp: Language) -> None:
    text = (
        '"We are not going into any details on this." Head of developmental genetics at the National Institute of '
        'Medical Research, Professor Robin Lovell-Badge, said he had witnessed the confused situation in the US where '
        'many religious groups opposed the practice. He said: "If someone as senior as Ruth Kelly is not going to '
        'favour stem cell research we will end up with a similarly schizophrenic system in this country."'
    )
    quote = speech_of(nlp, text)[-1]
    assert resolved_speaker(text, quote) == "Robin Lovell-Badge"


# The fourth BBC round's classes (dev4): (text, the quote's first words, the name its speaker resolves to)
BBC_ROUND_FOUR = [
    pytest.param(
        (
            'Security would be the key theme when the UK took over the chairmanship, said Mr Straw. Africa and climate '
            'change would also feature highly. He said the UK wanted the budget spent "where it adds most value".'
        ),
        'where it adds', 'Straw',
        id='a_proper_name_subject_typed_a_place_is_no_untagged_person',
    ),
    pytest.param(
        (
            'Woodward stressed his group might not be dominated by players from England. "Eddie in particular told me '
            'how tough they had made it for Australia." And Scotland forward Simon Taylor looks certain to get the '
            'call, provided he recovers from knee problems. "I took lessons from 2001 in that they did make a mistake '
            'in taking Lawrence Dallaglio when he was not fit."'
        ),
        'I took lessons', 'Woodward',
        id='a_reporters_aside_between_two_quotes_names_no_speaker',
    ),
    pytest.param(
        (
            'Mr Ancram condemned the document. "Is the government not involved in a propaganda exercise?," he asked. '
            'The Tory spokesman also criticised the government for its claims. "The government had to publish a '
            'commentary of 500 pages to explain this constitution," he said.'
        ),
        'The government had', 'Ancram',
        id='a_partys_definite_spokesman_continues_the_person_named_before',
    ),
    pytest.param(
        (
            'Mr Brown later told reporters he trusted Mr Blair. Downing Street cited that comment when reporters '
            'suggested Mr Brown had pointedly failed to deny claims he had once told Mr Blair: "There is nothing you '
            'could ever say to me now that I could ever believe".'
        ),
        'There is nothing', 'Brown',
        id='an_untagged_name_headed_by_street_is_no_person_for_he',
    ),
    pytest.param(
        (
            "Producer Tony Wilson arrived first at the premiere. Later the singer's daughter Natalie Curtis walked in. "
            '"People have different ideas as to what happened," he said.'
        ),
        'People have', 'Producer Tony Wilson',
        id='he_is_no_one_the_article_calls_a_daughter',
    ),
    pytest.param(
        (
            'One such avatar is Jeremiah. It is a virtual man.\n\nHis creator, Richard Bowden, lecturer at the Centre '
            'for Vision at the University of Surrey, refers to Jeremiah as "him", rather than it. "Jeremiah is a virtual '
            'face that attempts to emulate humans. He is very childlike, he likes visual stimulus," he told the BBC.'
        ),
        'Jeremiah is', 'Richard Bowden',
        id='a_pronoun_is_no_one_its_own_quote_talks_about',
    ),
]


@pytest.mark.parametrize(("text", "quote_start", "resolved"), BBC_ROUND_FOUR)
def test_a_speaker_resolves_past_the_fourth_rounds_error_classes(nlp: Language, text: str, quote_start: str, resolved: str) -> None:
    quote = next(q for q in speech_of(nlp, text) if q["quote_text"].startswith(quote_start))
    assert resolved_speaker(text, quote) == resolved


# (the article, the quote's first words, the organisation the spokesperson speaks for)
OFFICE_SPOKESPEOPLE = [
    pytest.param(
        'The Metropolitan Police Authority met on Monday. The prime minister\'s official spokesman said: "There is no '
        'question of the plan being dropped."',
        "There is no", "Downing Street",
        id='the_prime_ministers_spokesman_is_downing_street_not_the_nearest_organisation',
    ),
    pytest.param(
        'Labour MPs met the whips on Monday. Prime Minister Tony Blair\'s official spokesman said: "There are British '
        'nationals in Iraq."',
        "There are", "Downing Street",
        id='a_named_prime_ministers_spokesman_is_downing_street_not_the_person',
    ),
    pytest.param(
        'Parliament will debate the bill next week. A Number 10 spokeswoman said: "We will listen to every view on '
        'this."',
        "We will", "Downing Street",
        id='a_number_10_spokeswoman_is_downing_street',
    ),
]


@pytest.mark.parametrize(("text", "quote_start", "organisation"), OFFICE_SPOKESPEOPLE)
def test_an_offices_spokesperson_speaks_for_the_organisation_of_the_office(
    nlp: Language, text: str, quote_start: str, organisation: str
) -> None:
    """The gold's convention: a spokesperson stands for whoever issued the words, and the prime minister's for Downing
    Street (transforms/reference/spokesperson_offices.csv)."""
    quote = next(q for q in speech_of(nlp, text) if q["quote_text"].startswith(quote_start))
    assert quote["speaker_name"] == organisation
    assert quote["speaker_kind"] == "organisation"


def test_a_deputys_spokesman_is_not_the_prime_ministers(nlp: Language) -> None:
    text = 'A spokesman for Deputy Prime Minister John Prescott said: "The pension changes must go ahead in April."'
    quote = only_quote(nlp, text)
    assert quote["speaker_name"] is None


def test_an_offices_spokesperson_takes_the_articles_mention_of_the_organisation(nlp: Language) -> None:
    text = (
        'Tony Blair is pressing the US to cut greenhouse gases, Downing Street has indicated. The prime minister\'s '
        'spokesman said: "We will not be changing course on this matter."'
    )
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Downing Street"
    assert quote["speaker_name"] == "Downing Street"


def test_a_spokesperson_of_a_name_no_mention_covers_speaks_for_that_name_not_the_nearest_organisation(nlp: Language) -> None:
    text = (
        "The Advertising Standards Authority received 20 complaints about the mailing. A Five spokesman said: "
        '"We have also received emails and calls from recipients."'
    )
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Five"
    assert quote["speaker_name"] == "Five"


def test_a_persons_spokesman_is_not_an_organisation_named_after_them(nlp: Language) -> None:
    text = 'The Home Office published the figures on Monday. Mr Blair\'s spokesman said: "The prime minister is determined."'
    quote = only_quote(nlp, text)
    assert quote["speaker_name"] != "Mr Blair"


def test_a_spokesman_named_in_his_phrase_after_a_rank_is_that_person(nlp: Language) -> None:
    text = (
        "The government set out its sport plans on Monday. Shadow spokesman for sport Hugh Robertson said: "
        '"I suspect the correct way to tackle it is to look at the other end."'
    )
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Hugh Robertson"


def test_a_spokeswoman_of_a_common_noun_speaks_for_the_organisation_that_noun_names(nlp: Language) -> None:
    text = (
        "The Scottish Executive has defended the minister's remarks. SNP leader Nicola Sturgeon called them a gaffe. "
        'But an executive spokeswoman said: "He was talking in the context of adults binge drinking."'
    )
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Scottish Executive"
    assert quote["speaker_name"] == "Scottish Executive"


# The title or noun before a surname, found without a pattern per surname: what the pattern per surname found.
TITLED_TEXTS = [
    "Mr Lord Smith spoke; later Lady Jane Smith-Jones and Mr. J. Smith did too.",
    "his wife  Cherie Blair and her daughter Natalie; Sir A B Blair; Mr Blair’s son Euan Blair.",
    "Ms Smith Smith and Mr Smithson, Dame Smith, Mrs  O'Neill and Mr O'Neill-Brown.",
    "Mr Smith Lady Smith; his son Blair Blair.",  # the longest run first: findall never sees "Lady"
]


@pytest.mark.parametrize("text", TITLED_TEXTS)
@pytest.mark.parametrize("surname", ["Smith", "Blair", "O'Neill", "Smith-Jones", "Natalie", "Euan", "Jones"])
def test_titles_and_nouns_before_a_surname_are_those_a_pattern_per_surname_finds(text, surname):
    import re

    from transforms.extract.quotes.antecedents import NOUN_GENDER, _NOUN_BEFORE_NAME, _TITLE_BEFORE_NAME, _words_before_name

    chain = r"\s+(?:[A-Z][\w'’-]*\s+){0,2}" + re.escape(surname) + r"\b"
    assert _words_before_name(_TITLE_BEFORE_NAME, surname, text) == re.findall(r"\b(Mr|Mrs|Ms|Miss|Sir|Lord|Lady|Dame)\.?" + chain, text)
    assert _words_before_name(_NOUN_BEFORE_NAME, surname, text) == re.findall(rf"\b({'|'.join(NOUN_GENDER)})" + chain, text)
