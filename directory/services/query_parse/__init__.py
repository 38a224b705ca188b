"""The one-box interpreter: free text to a structured search (issue 14, part 3)."""
from .interpret import Interpretation, Part, PlaceMatch, interpret, suggest_places
from .vocabulary import ConditionInfo, Vocabulary, build_vocabulary, normalize_words

__all__ = ["ConditionInfo", "Interpretation", "Part", "PlaceMatch", "Vocabulary", "build_vocabulary", "interpret",
           "normalize_words", "suggest_places"]
