"""A questionnaire model (`xlsform.Questionnaire`) as JSON for the database, and back."""

from typing import Any

from trinvis.surveys.xlsform import (
    Choice,
    ChoiceList,
    Item,
    MatrixItem,
    Question,
    Questionnaire,
    QuestionType,
    Section,
)


def to_json(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "title": questionnaire.title,
        "default_language": questionnaire.default_language,
        "languages": list(questionnaire.languages),
        "form_id": questionnaire.form_id,
        "version": questionnaire.version,
        "items": [_item_to_json(item) for item in questionnaire.items],
        "choice_lists": [
            {
                "name": choice_list.name,
                "choices": [
                    {"name": choice.name, "labels": choice.labels} for choice in choice_list.choices
                ],
            }
            for choice_list in questionnaire.choice_lists
        ],
    }


def _item_to_json(item: Item) -> dict[str, Any]:
    if isinstance(item, Section):
        return {
            "section": item.name,
            "labels": item.labels,
            "relevant": item.relevant,
            "items": [_item_to_json(child) for child in item.items],
        }
    return {
        "name": item.name,
        "type": item.type.value,
        "labels": item.labels,
        "hints": item.hints,
        "required": item.required,
        "relevant": item.relevant,
        "constraint": item.constraint,
        "constraint_messages": item.constraint_messages,
        "choice_list": item.choice_list,
        "items": [
            {"name": row.name, "labels": row.labels, "required": row.required} for row in item.items
        ],
    }


def from_json(data: dict[str, Any]) -> Questionnaire:
    return Questionnaire(
        title=data["title"],
        default_language=data["default_language"],
        languages=tuple(data["languages"]),
        form_id=data.get("form_id", ""),
        version=data.get("version", ""),
        items=tuple(_item_from_json(item) for item in data["items"]),
        choice_lists=tuple(
            ChoiceList(
                entry["name"],
                tuple(Choice(choice["name"], choice["labels"]) for choice in entry["choices"]),
            )
            for entry in data.get("choice_lists", [])
        ),
    )


def _item_from_json(data: dict[str, Any]) -> Item:
    if "section" in data:
        return Section(
            name=data["section"],
            labels=data["labels"],
            relevant=data.get("relevant", ""),
            items=tuple(_item_from_json(child) for child in data["items"]),
        )
    return Question(
        name=data["name"],
        type=QuestionType(data["type"]),
        labels=data["labels"],
        hints=data.get("hints", {}),
        required=data.get("required", False),
        relevant=data.get("relevant", ""),
        constraint=data.get("constraint", ""),
        constraint_messages=data.get("constraint_messages", {}),
        choice_list=data.get("choice_list", ""),
        items=tuple(
            MatrixItem(row["name"], row["labels"], row.get("required", False))
            for row in data.get("items", [])
        ),
    )
