"""Fixtures for the toolkit engine: a small toolkit version and a run of it in municipality A."""

import datetime
from typing import Any

import pytest

from trinvis.toolkits.models import Run, RunStep, Toolkit
from trinvis.toolkits.services import toolkit_create_version


def text(da: str, nb: str, en: str) -> dict[str, str]:
    return {"da": da, "nb": nb, "en": en}


def small_document(slug: str = "small-kit", version: int = 1) -> dict[str, Any]:
    """Two phases, three steps, one free and one fixed worksheet with every column type."""
    return {
        "slug": slug,
        "version": version,
        "title": text("Lille værktøj", "Lite verktøy", "Small kit"),
        "summary": text("Til test", "For test", "For tests"),
        "references": [
            {
                "key": "attention-points",
                "title": text("Opmærksomhedspunkter", "Oppmerksomhetspunkter", "Attention points"),
                "items": [text("Involvering", "Involvering", "Involvement")],
            }
        ],
        "barriers": [
            {
                "key": "no-follow-up",
                "label": text("Ingen opfølgning", "Ingen oppfølging", "No follow-up"),
                "addressed_by": ["follow-up", "plan"],
            }
        ],
        "phases": [
            {
                "key": "prepare",
                "title": text("Forbered", "Forbered", "Prepare"),
                "steps": [
                    {
                        "key": "read",
                        "title": text("Læs", "Les", "Read"),
                        "purpose": text("Forstå", "Forstå", "Understand"),
                        "reflection_questions": [
                            text("Hvad virker?", "Hva virker?", "What works?")
                        ],
                        "knowledge": text("**Viden**", "**Kunnskap**", "**Knowledge**"),
                        "tips": [text("Tag noter", "Ta notater", "Take notes")],
                    },
                    {
                        "key": "plan",
                        "title": text("Planlæg", "Planlegg", "Plan"),
                        "purpose": text("Lav en plan", "Lag en plan", "Make a plan"),
                        "worksheets": ["plan", "checklist"],
                    },
                ],
            },
            {
                "key": "act",
                "title": text("Handl", "Handle", "Act"),
                "steps": [
                    {
                        "key": "follow-up",
                        "title": text("Følg op", "Følg opp", "Follow up"),
                        "purpose": text("Hold fast", "Hold fast", "Keep going"),
                    }
                ],
            },
        ],
        "worksheets": {
            "plan": {
                "title": text("Plan", "Plan", "Plan"),
                "rows": "free",
                "columns": [
                    {
                        "key": "activity",
                        "label": text("Aktivitet", "Aktivitet", "Activity"),
                        "type": "text",
                    },
                    {
                        "key": "details",
                        "label": text("Detaljer", "Detaljer", "Details"),
                        "type": "long_text",
                    },
                    {
                        "key": "responsible",
                        "label": text("Ansvarlig", "Ansvarlig", "Responsible"),
                        "type": "person",
                    },
                    {"key": "unit", "label": text("Enhed", "Enhet", "Unit"), "type": "unit"},
                    {
                        "key": "deadline",
                        "label": text("Frist", "Frist", "Deadline"),
                        "type": "date",
                    },
                    {
                        "key": "status",
                        "label": text("Status", "Status", "Status"),
                        "type": "status",
                    },
                    {"key": "cost", "label": text("Pris", "Pris", "Cost"), "type": "number"},
                    {"key": "level", "label": text("Niveau", "Nivå", "Level"), "type": "scale_1_5"},
                    {
                        "key": "confidence",
                        "label": text("Tiltro", "Tiltro", "Confidence"),
                        "type": "scale_0_10",
                    },
                    {
                        "key": "form",
                        "label": text("Form", "Form", "Form"),
                        "type": "choice",
                        "choices": [
                            {"key": "internal", "label": text("Intern", "Intern", "Internal")},
                            {"key": "external", "label": text("Ekstern", "Ekstern", "External")},
                        ],
                    },
                ],
            },
            "checklist": {
                "title": text("Tjekliste", "Sjekkliste", "Checklist"),
                "rows": "fixed",
                "row_labels": [
                    {"key": "background", "label": text("Baggrund", "Bakgrunn", "Background")},
                    {"key": "goals", "label": text("Mål", "Mål", "Goals")},
                ],
                "columns": [
                    {
                        "key": "description",
                        "label": text("Beskrivelse", "Beskrivelse", "Description"),
                        "type": "long_text",
                    },
                    {
                        "key": "deadline",
                        "label": text("Frist", "Frist", "Deadline"),
                        "type": "date",
                    },
                ],
            },
        },
    }


@pytest.fixture
def toolkit(db: None) -> Toolkit:
    return toolkit_create_version(document=small_document())


@pytest.fixture
def run(world: Any, toolkit: Toolkit) -> Run:
    """A run of the small toolkit in municipality A; alice is responsible, bob takes part."""
    run = Run.objects.create(
        organisation=world.municipality_a,
        toolkit=toolkit,
        title="Strategic competence development 2027",
        responsible=world.alice,
        start_date=datetime.date(2027, 1, 4),
        created_by=world.alice,
    )
    run.participants.add(world.bob)
    RunStep.objects.bulk_create(
        RunStep(run=run, key=step["key"], position=position)
        for position, step in enumerate(toolkit.steps)
    )
    return run
