"""The list of personal-data sources covers every relation to the user in the project: a
new model with a person in it cannot ship without someone deciding what the download shows
and what erasure does (trinvis/accounts/personal_data/sources.py)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.personal_data.export import section_of
from trinvis.accounts.personal_data.registry import Erase, Exclusion, Field, Registry, Source
from trinvis.accounts.personal_data.sources import EXCLUSIONS, REGISTRY, SOURCES


def user_relations() -> set[str]:
    """Every "app_label.Model.field" that is a foreign key, one-to-one or many-to-many to
    the user, in every installed app (Django's and third parties' too)."""
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and field.related_model is user
    }


def uncovered(registry: Registry) -> list[str]:
    return sorted(user_relations() - registry.covered_links())


def test_every_relation_to_the_user_is_a_source_or_a_deliberate_exclusion():
    missing = uncovered(REGISTRY)
    assert not missing, (
        "These relations to the user are in no personal-data source and not excluded. Add "
        "each to trinvis/accounts/personal_data/sources.py: a Source (what the person "
        "downloads, what erasure does, why) or an Exclusion with its reason:\n  "
        + "\n  ".join(missing)
    )


def test_a_relation_left_out_of_the_list_is_reported():
    without_logbook = Registry(
        tuple(source for source in SOURCES if source.key != "logbook"), EXCLUSIONS
    )
    assert uncovered(without_logbook) == ["learning.LogbookEntry.author"]


def test_the_list_names_no_relation_that_does_not_exist():
    stale = REGISTRY.covered_links() - user_relations()
    assert not stale, f"sources.py names relations that are gone: {sorted(stale)}"


def test_every_exclusion_gives_a_reason():
    assert all(exclusion.reason.strip() for exclusion in EXCLUSIONS)
    links = [exclusion.link for exclusion in EXCLUSIONS]
    assert len(links) == len(set(links))


def test_no_relation_is_both_a_source_and_an_exclusion():
    named = {f"{source.model}.{link}" for source in SOURCES for link in source.links}
    assert not named & {exclusion.link for exclusion in EXCLUSIONS}


def test_every_source_says_why_and_anonymises_with_values():
    for source in SOURCES:
        assert str(source.reason).strip(), source.key
        if source.erase is Erase.ANONYMISE:
            assert source.clear is not None, source.key


def test_an_anonymising_source_without_values_is_refused():
    with pytest.raises(ValueError, match="clear"):
        Source(
            key="x",
            title=_("X"),
            model="learning.LogbookEntry",
            where=lambda person: Q(author=person),
            fields=(Field("date"),),
            erase=Erase.ANONYMISE,
            reason=_("X"),
        )


def test_two_sources_with_one_key_are_refused():
    with pytest.raises(ValueError, match="key"):
        Registry((SOURCES[1], SOURCES[1]), ())


def test_every_source_reads_in_one_query(world, django_assert_num_queries):
    """Every path of every source exists (the query runs), one query each."""
    for source in SOURCES:
        with django_assert_num_queries(1):
            section = section_of(source, person=world.bob, language="en")
        assert [column.key for column in section.columns] == [f.key for f in source.fields]


def test_the_calendar_key_is_never_a_field():
    paths = [str(field.lookup) for source in SOURCES for field in source.fields if field.lookup]
    assert not [path for path in paths if path.startswith("calendar_token")]


def test_an_exclusion_is_a_link_with_a_reason():
    exclusion = Exclusion("learning.Reminder.person", "for the test")
    assert Registry((), (exclusion,)).covered_links() == {"learning.Reminder.person"}
