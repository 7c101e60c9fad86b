"""Selection criteria of an agency programme and their evaluation: which municipalities of
a country the criteria suggest, why, and which cannot be judged for want of figures
(DOMAIN.md §4: "below 55 % in work or education right after the programme, or low on one
of the two; many participants; still settling refugees").

Pure: the figures come in as arguments (selectors_selection.py fetches them), nothing here
queries the database, so the rules are tested directly. criteria.py holds the criteria as
data (read from and written to the JSON below) and in words; evaluation.py judges the
municipalities by them.

The criteria are stored in `SelectionRule.criteria` as JSON (the country is the rule's own
field)::

    {
      "all": [                         # every item must hold:
        <condition>,                   #   a condition on its own, or
        {"any": [<condition>, ...]}    #   an either-or group: one of its conditions
      ],
      "size_classes": ["medium", "large"],  # Organisation.SizeClass values; [] = any size
      "exclude": ["4601"],             # municipality numbers never suggested
      "exclude_note": "Took part in 2023",  # why they are left out
      "rank_by": {"indicator": "<key>", "breakdown": "", "order": "asc" | "desc"} | null
    }

    <condition> = {
      "indicator": "<Indicator.key>",  # a shipped or an own key figure
      "breakdown": "",                 # canonical breakdown key ("gender=women"), "" = total
      "period": "",                    # "" = the municipality's latest period with a figure,
                                       # else a named one: "2024", "2024K3", "2024M05"
      "compare": "below" | "at_most" | "above" | "at_least",
      "threshold": "55"                # a decimal, as text so it stays exact
    }

A condition holds, fails, or is undecided when the municipality has no figure for it. An
either-or group holds when one of its conditions holds and fails when all fail; the whole
holds when every item holds and fails when one fails. A municipality that neither holds nor
fails lacks figures: it is listed apart with what is missing, never dropped. The size class
comes from the latest "population" figure (else the organisation's recorded population);
without either it is undecided too. Matches are ranked by one indicator's latest figure,
ascending or descending; equal figures share a rank; without a figure a match comes last;
without a rank order, matches follow the alphabet.
"""

from trinvis.programmes.selection.criteria import (
    COMPARISONS,
    LATEST,
    ORDERS,
    SIZE_CLASSES,
    AnyOf,
    Condition,
    Criteria,
    CriteriaError,
    Item,
    RankBy,
    Source,
    describe,
    figure_label,
    items_in_words,
    parse,
    rank_text,
    size_classes_text,
    threshold_text,
    to_json,
)
from trinvis.programmes.selection.evaluation import (
    Evaluation,
    Match,
    Miss,
    Municipality,
    Outcome,
    Size,
    Undecided,
    evaluate,
)

__all__ = [
    "COMPARISONS",
    "LATEST",
    "ORDERS",
    "SIZE_CLASSES",
    "AnyOf",
    "Condition",
    "Criteria",
    "CriteriaError",
    "Evaluation",
    "Item",
    "Match",
    "Miss",
    "Municipality",
    "Outcome",
    "RankBy",
    "Size",
    "Source",
    "Undecided",
    "describe",
    "evaluate",
    "figure_label",
    "items_in_words",
    "parse",
    "rank_text",
    "size_classes_text",
    "threshold_text",
    "to_json",
]
