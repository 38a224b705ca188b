"""What the results page shows of the one-box interpretation: parts to remove, "did you mean", a condition's notes."""
from flask import url_for
from flask_babel import gettext

from ...services.query_parse import Interpretation, Vocabulary, suggest_places
from ...templating import pkr, url_with


def box_context(understood: Interpretation | None, vocabulary: Vocabulary | None) -> dict:
    """Template values: `understood` parts with links without them, suggestions, and the condition's red flags."""
    if understood is None or vocabulary is None:
        return {"box": None}
    parts = [{"label": _part_label(part), "kind": part.kind,
              "remove": url_with(q=understood.without(part) or None, page=None)}
             for part in understood.parts if part.kind != "unknown_place"]
    unknown, suggestions = _unknown_words(understood), []
    for name in understood.suggestions:
        words = [word for i, word in enumerate(understood.words) if i not in unknown[1:]]
        words[unknown[0]] = name
        suggestions.append({"name": name, "url": url_with(q=" ".join(words), page=None)})
    condition = vocabulary.conditions.get(understood.condition) if understood.condition else None
    return {"box": {
        "parts": parts, "text": understood.text, "near_me": understood.near_me,
        "unknown_place": understood.unknown_place, "suggestions": suggestions,
        "condition": None if condition is None else {
            "name": condition.name, "red_flags": condition.red_flags,
            "url": url_for("guide.index").rstrip("/") + f"/conditions/{condition.slug}"},
    }}


def _part_label(part) -> str:
    """A part's label in the page's language (the interpreter's labels are English)."""
    if part.kind == "place":
        return gettext("near %(place)s", place=part.value.name)
    if part.kind == "near_me":
        return gettext("near you")
    if part.kind == "filter" and part.value[0] == "max_price":
        return gettext("under %(price)s", price=pkr(part.value[1]))
    return gettext(part.label)  # names of conditions and massage types, filter labels (marked with N_)


def _unknown_words(understood: Interpretation) -> tuple[int, ...]:
    for part in understood.parts:
        if part.kind == "unknown_place":
            return part.words
    return ()


def near_suggestions(error, near: str, vocabulary) -> list[dict]:
    """For a "Where" the gazetteer does not know: known places spelled like it, as links."""
    if error is None or error.field != "near" or not near.strip():
        return []
    return [{"name": name, "url": url_with(near=name, page=None)} for name in suggest_places(near[:60], vocabulary())]
