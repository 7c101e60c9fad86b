"""The shipped indicator definitions: the key figures the source documents name for the
zero point and for selecting municipalities (DOMAIN.md §2 and §4), in our own words.

Names and descriptions are English msgids translated through gettext, so a shipped
indicator reads in the user's language wherever it is shown (`label`); `indicators_load`
(services.py) writes them to the database, where values, baselines and selection rules
refer to them by row. The breakdown dimensions are a fixed vocabulary, so files from
different sources map their columns onto the same dimensions; the categories within a
dimension are kept as the file writes them.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

BREAKDOWNS: dict[str, Promise] = {
    "age_band": _("Age band"),
    "gender": _("Gender"),
    "origin_group": _("Country of origin group"),
    "residence_basis": _("Basis of residence"),
    "education": _("Education level"),
}


@dataclass(frozen=True)
class Definition:
    key: str
    name: Promise
    description: Promise
    unit: str
    direction: str
    breakdowns: tuple[str, ...]
    source: str
    decimals: int = 0


STATISTICS = "Statistics Denmark / Statistics Norway"

LIBRARY: tuple[Definition, ...] = (
    Definition(
        "refugees-family-reunified",
        _("Refugees and family-reunified residents"),
        _(
            "Residents who came as refugees or were reunified with a refugee, by age and "
            "gender: who the integration work is for."
        ),
        "count",
        "neutral",
        ("residence_basis", "age_band", "gender"),
        STATISTICS,
    ),
    Definition(
        "refugees-settled",
        _("Refugees settled in the year"),
        _("Refugees the municipality received and settled in the period."),
        "count",
        "neutral",
        ("age_band", "gender"),
        STATISTICS,
    ),
    Definition(
        "introduction-participants",
        _("Participants in the introduction programme"),
        _("People taking part in the integration or introduction programme in the period."),
        "count",
        "neutral",
        ("age_band", "gender", "education"),
        STATISTICS,
    ),
    Definition(
        "benefit-duration",
        _("Time on benefits"),
        _(
            "Average time citizens in the target group have received public benefits; "
            "shorter means they reach self-support sooner."
        ),
        "months",
        "lower",
        ("age_band", "gender", "origin_group"),
        STATISTICS,
        decimals=1,
    ),
    Definition(
        "job-ready",
        _("Job-ready citizens"),
        _("Citizens assessed as ready to take a job now."),
        "count",
        "neutral",
        ("age_band", "gender"),
        STATISTICS,
    ),
    Definition(
        "activity-ready",
        _("Activity-ready citizens"),
        _("Citizens assessed as needing activities before they are ready for a job."),
        "count",
        "neutral",
        ("age_band", "gender"),
        STATISTICS,
    ),
    Definition(
        "employer-activities",
        _("Employer-oriented activities"),
        _(
            "Activities that take place at a workplace (work practice, wage subsidy, "
            "mentoring at work) started in the period."
        ),
        "count",
        "higher",
        ("age_band", "gender"),
        STATISTICS,
    ),
    Definition(
        "work-education-right-after",
        _("In work or education right after the programme"),
        _(
            "Share of those who ended the introduction programme who were in work or "
            "education straight afterwards."
        ),
        "percent",
        "higher",
        ("gender", "age_band", "education"),
        STATISTICS,
        decimals=1,
    ),
    Definition(
        "work-education-one-year-after",
        _("In work or education one year after the programme"),
        _(
            "Share of those who ended the introduction programme who were in work or "
            "education one year later: the programme's main goal."
        ),
        "percent",
        "higher",
        ("gender", "age_band", "education"),
        STATISTICS,
        decimals=1,
    ),
    Definition(
        "population",
        _("Population"),
        _("Inhabitants of the municipality: its size, for comparing like with like."),
        "count",
        "neutral",
        (),
        STATISTICS,
    ),
)

BY_KEY: dict[str, Definition] = {definition.key: definition for definition in LIBRARY}


def breakdown_key(breakdown: dict[str, str]) -> str:
    """The canonical text of a breakdown, dimensions in name order: {"gender": "women",
    "age_band": "18-24"} → "age_band=18-24;gender=women"; the total is ""."""
    return ";".join(f"{name}={breakdown[name]}" for name in sorted(breakdown))
