"""The labels, word lists and word shapes the entity rules and the mention extractor decide by."""

from __future__ import annotations

import re

RULES_COMPONENT = "newsfacts_entity_rules"
WEAPON = "WEAPON"

# spaCy labels that name things; numeric labels (CARDINAL, MONEY, ...) are the figures extractor's.
NAMED_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", WEAPON}
)
PLACE_LABELS = frozenset({"GPE", "LOC"})
# A gazetteer place the model typed as one of these is a model error (Kursk as PRODUCT).
NON_PLACE_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "FAC", "NORP", "PERSON"})
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
        "QC", "KC", "OBE", "MBE", "CBE",
        "GDP", "GNP", "VAT", "IT", "ID", "DNA", "HIV", "AIDS", "SARS", "PC", "CD", "DVD", "USB", "OK", "UFO", "DJ",
        "AGM", "IPO", "CCTV", "ATM", "SMS", "PDF", "FAQ", "RIP", "VIP", "PhD", "MBA", "BSE", "WMD", "GCSE", "PIN",
        "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "MW", "KM", "KG", "LB", "MPH", "CO", "AD", "BC", "ET",
    }
)
SPEAKING_LABELS = frozenset({"PERSON", "ORG"})  # the names that can be a quote's speaker by themselves
LOWERCASE_TAIL_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor"})
# Titles of peers and knights before a name ("Lord Rennard", "Baroness Scotland"); not before an office
# ("Lord Chancellor", "Lord Chief Justice", "Lord Mayor"), which names no one.
PEERAGE_TITLES = frozenset({"lord", "lady", "baroness", "baron", "sir", "dame"})
OFFICES_AFTER_PEERAGE_TITLE = frozenset(
    {"chancellor", "chief", "mayor", "advocate", "speaker", "justice", "justices", "president", "provost", "lieutenant", "privy", "protector", "high", "lords"}
)
NAME_JOINERS = frozenset({"and", "of", "in", "for", "the", "&"})
COMMON_WORD_TAGS = frozenset({"NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "RB", "IN", "DT", "PRP", "MD"})


def looks_like_name(text: str) -> bool:
    """Title case or all capitals: how names (and headline words) are written."""
    return text[:1].isupper() or text[:1].isdigit()


def is_number_like(token_text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,:/\-]+(st|nd|rd|th)?", token_text))

# Sports articles: words that (almost) only sport uses. Generic ones (win, victory, race, season,
# team, points) are left out: politics and business use them as much.
SPORTS_WORDS = frozenset(
    {
        "football", "soccer", "rugby", "cricket", "tennis", "golf", "baseball", "basketball", "hockey", "athletics",
        "striker", "midfielder", "defender", "goalkeeper", "winger", "fly-half", "scrum-half", "flanker", "batsman",
        "bowler", "innings", "wicket", "wickets", "premiership", "league", "cup", "championship", "tournament",
        "semi-final", "quarter-final", "semi-finals", "quarter-finals", "half-time", "fixture", "fixtures", "referee",
        "stadium", "squad", "scored", "drew", "goalless", "penalties", "olympic", "olympics", "medal", "seed", "tie-break",
        "tiebreak", "team-mate", "teammate", "derby", "relegation", "play-off", "play-offs", "kick-off", "hat-trick",
        "coach", "champion", "champions", "championships", "matches", "captain", "slam", "goals", "athletes", "ball",
        "injury", "kick", "kicking", "penalty", "sprint", "hurdles", "marathon",
    }
)
# Different sports words that make an article a sports article: on BBC (outside the typing gold)
# 410 of 493 sport articles and 19 of 1,696 others.
SPORTS_WORDS_FOR_ARTICLE = 3
# A name right after these plays ("beat Leeds", "against Essex", "drew with Hereford", "lost to Rotor").
TEAM_CONTEXT_BEFORE = frozenset(
    {"against", "beat", "beating", "v", "vs", "vs.", "versus", "host", "hosts", "hosting", "hosted", "visit", "visiting",
     "face", "faces", "facing", "faced", "play", "plays", "playing", "join", "joined", "joining", "beaten", "thrashed",
     "defeated"}
)
# Two-word cues before a name: "lost to", "drew with", "win over", "victory over", "defeat by".
TEAM_CONTEXT_PAIRS = frozenset(
    {("lost", "to"), ("losing", "to"), ("lose", "to"), ("drew", "with"), ("draw", "with"), ("drawn", "with"),
     ("win", "over"), ("victory", "over"), ("wins", "over"), ("defeat", "by"), ("beaten", "by"), ("defeat", "to"),
     ("win", "at"), ("defeat", "at"), ("draw", "at"), ("win", "against"), ("signed", "for"), ("move", "to")}
)
# A name right before these plays ("Leeds beat", "Essex reached", "Everton striker", "Bath coach").
TEAM_CONTEXT_AFTER = frozenset(
    {
        "beat", "beats", "drew", "draw", "lost", "won", "win", "wins", "defeated", "thrashed", "edged", "trail", "trailed",
        "host", "hosts", "hosted", "scored", "reached", "declared", "striker", "midfielder", "defender", "goalkeeper",
        "keeper", "winger", "manager", "coach", "boss", "captain", "skipper", "chairman", "fans", "supporters", "side",
        "team", "squad", "player", "players", "prop", "centre", "fly-half", "scrum-half", "flanker", "hooker", "lock",
        "full-back", "batsman", "bowler", "opener", "all-rounder", "spinner", "wicketkeeper", "team-mate", "teammate",
    }
)
# Club name words: a name holding one of these is a club in a sports article ("Aston Villa", "Manchester United").
CLUB_NAME_WORDS = frozenset(
    {"united", "city", "rovers", "wanderers", "athletic", "albion", "fc", "afc", "dynamo", "dinamo", "real", "sporting",
     "olympique", "rangers", "celtic", "hotspur", "villa", "forest", "town", "county", "sharks", "tigers", "saracens",
     "harlequins", "wasps", "falcons", "quins", "lions", "bulls", "giants", "jets", "red", "reds", "cf", "sc", "ac"}
)
# A descriptor noun right before a name makes it an organisation ("oil giant Yukos", "carmaker Fiat",
# "club Hereford", "accountants KPMG"). Nouns that also precede people (rival, partner, owner; "film
# maker Morgan Spurlock") are left out.
ORG_DESCRIPTORS = frozenset(
    {
        "firm", "company", "group", "giant", "carmaker", "automaker", "airline", "carrier", "bank", "lender", "insurer",
        "retailer", "supermarket", "chain", "broadcaster", "network", "publisher", "newspaper", "paper", "magazine",
        "manufacturer", "operator", "conglomerate", "brewer", "miner", "utility",
        "watchdog", "regulator", "agency", "club", "outfit", "label", "studio", "subsidiary", "exchange", "distributor",
        "supplier", "provider", "consultancy", "accountants", "store", "stores", "brand", "house", "giants", "firms",
        "companies", "banks", "clubs", "side", "rivals", "daily", "weekly", "tabloid",
        "department", "ministry", "charity", "body",
    }
)
# Legal-form words after a company's name ("Magna International Inc", "Jeans Mate Corp").
COMPANY_SUFFIXES = frozenset(
    {"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "plc", "co", "co.", "ag", "sa", "nv", "gmbh", "bancorp", "llc",
     "spa", "bhd", "pty", "holdings"}
)
