"""Name words shared by the extractors and the aggregate stage, kept free of spaCy so the flow's
own process does not import it when worker processes do the parsing."""

from __future__ import annotations

PERSON_TITLES = frozenset(
    {
        "president", "vice", "president-elect", "prime", "minister", "secretary", "mr", "mr.", "mrs", "mrs.",
        "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady", "sen", "sen.", "senator", "rep", "rep.",
        "gov", "gov.", "governor", "gen", "gen.", "general", "col", "col.", "colonel", "lt", "lt.",
        "chancellor", "king", "queen", "prince", "princess", "pope", "mayor", "judge", "justice",
        "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "ambassador", "commander",
        "foreign", "defence", "defense", "press", "chief", "deputy", "premier", "envoy", "admiral",
        "prof", "prof.", "professor", "rabbi", "rev", "rev.", "reverend", "bishop", "archbishop", "cardinal",
        "sheikh", "baroness", "baron", "treasurer", "miss",
    }
)


def singular(word: str) -> str:
    """A plural's singular by suffix, for demonyms and name keys ("Koreans" -> "Korean", "Philippines" -> "Philippine")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def fold_alias_key(text: str) -> str:
    """Key for alias look-ups, the same for the extractor's hints and the aggregate's overrides:
    case, dots, a leading 'the' and spacing do not matter ("the U.S." == "US")."""
    key = " ".join(text.replace(".", "").replace("\u2019", "'").casefold().split())
    return key.removeprefix("the ")
