"""The catalogue pages: list, toolkit, step, search and barrier check."""

import pytest
from django.urls import reverse

from trinvis.toolkits.models import Toolkit
from trinvis.toolkits.services import toolkit_adapt, toolkit_create_version
from trinvis.toolkits.tests.conftest import small_document


def add_toolkits(count: int) -> None:
    for number in range(count):
        toolkit_create_version(document=small_document(slug=f"extra-{number}"))


def copy_for_a(world, toolkit: Toolkit) -> Toolkit:
    return toolkit_adapt(toolkit=toolkit, organisation=world.municipality_a, by=world.alice)


def test_list_shows_shipped_toolkits_in_the_users_language(world, toolkit, client_of):
    world.charlie.language = "nb"
    world.charlie.save(update_fields=["language"])

    response = client_of(world.charlie).get(reverse("toolkits:list"))

    assert response.status_code == 200
    assert "Lite verktøy" in response.content.decode()
    assert reverse("toolkits:detail", args=[toolkit.pk]) in response.content.decode()


def test_list_shows_the_copies_of_the_users_organisations_only(world, toolkit, client_of):
    copy = copy_for_a(world, toolkit)

    mine = client_of(world.alice).get(reverse("toolkits:list")).content.decode()
    theirs = client_of(world.charlie).get(reverse("toolkits:list")).content.decode()

    assert reverse("toolkits:detail", args=[copy.pk]) in mine
    assert "Municipality A" in mine
    assert reverse("toolkits:detail", args=[copy.pk]) not in theirs


def test_list_has_an_empty_state_when_nothing_is_loaded(world, client_of):
    response = client_of(world.alice).get(reverse("toolkits:list"))

    assert "No toolkits are loaded yet" in response.content.decode()


def test_list_is_in_the_main_menu(world, client_of):
    response = client_of(world.alice).get(reverse("core:home"))

    assert any(entry["url"] == reverse("toolkits:list") for entry in response.context["navigation"])


def test_list_shows_only_the_latest_version(world, client_of):
    toolkit_create_version(document=small_document())
    latest = toolkit_create_version(document=small_document(version=2))

    response = client_of(world.alice).get(reverse("toolkits:list"))

    assert [t.pk for t in response.context["shipped"]] == [latest.pk]


def test_list_query_count_does_not_grow_with_toolkits(
    world, toolkit, client_of, django_assert_max_num_queries
):
    copy_for_a(world, toolkit)
    add_toolkits(10)
    browser = client_of(world.alice)
    browser.get(reverse("toolkits:list"))

    with django_assert_max_num_queries(8):
        assert browser.get(reverse("toolkits:list")).status_code == 200


def test_detail_shows_phases_steps_references_and_worksheets(world, toolkit, client_of):
    response = client_of(world.bob).get(reverse("toolkits:detail", args=[toolkit.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("Prepare") < text.index("Read") < text.index("Plan") < text.index("Act")
    assert text.count("Attention points") == 2  # with each of the two phases
    assert "Involvement" in text
    assert "Checklist" in text
    assert reverse("toolkits:step", args=[toolkit.pk, "follow-up"]) in text


def test_detail_of_another_municipalitys_copy_is_404(world, toolkit, client_of):
    copy = copy_for_a(world, toolkit)

    assert (
        client_of(world.charlie).get(reverse("toolkits:detail", args=[copy.pk])).status_code == 404
    )
    assert client_of(world.alice).get(reverse("toolkits:detail", args=[copy.pk])).status_code == 200


def test_detail_offers_copying_only_to_write_roles(world, toolkit, client_of):
    adapt_url = reverse("toolkits:adapt", args=[toolkit.pk])
    detail_url = reverse("toolkits:detail", args=[toolkit.pk])

    assert adapt_url in client_of(world.alice).get(detail_url).content.decode()
    assert adapt_url not in client_of(world.bob).get(detail_url).content.decode()


def test_detail_query_count_does_not_grow_with_steps(
    world, client_of, django_assert_max_num_queries
):
    document = small_document()
    document["phases"][1]["steps"] += [
        {**document["phases"][1]["steps"][0], "key": f"more-{n}"} for n in range(30)
    ]
    big = toolkit_create_version(document=document)
    copy_for_a(world, big)
    browser = client_of(world.alice)

    with django_assert_max_num_queries(8):
        assert browser.get(reverse("toolkits:detail", args=[big.pk])).status_code == 200


def test_step_page_shows_the_step_content(world, toolkit, client_of):
    response = client_of(world.bob).get(reverse("toolkits:step", args=[toolkit.pk, "read"]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Understand" in text
    assert "What works?" in text
    assert "<strong>Knowledge</strong>" in text
    assert "Take notes" in text


def test_step_page_lists_the_worksheets_of_the_step(world, toolkit, client_of):
    response = client_of(world.bob).get(reverse("toolkits:step", args=[toolkit.pk, "plan"]))

    text = response.content.decode()
    assert "Checklist" in text
    assert "Make a plan" in text


def test_step_page_marks_a_missing_translation(world, client_of):
    document = small_document()
    del document["phases"][0]["steps"][0]["purpose"]["en"]
    toolkit = toolkit_create_version(document=document)

    response = client_of(world.bob).get(reverse("toolkits:step", args=[toolkit.pk, "read"]))

    text = response.content.decode()
    assert '<span lang="da">Forstå</span>' in text
    assert "not yet translated" in text


def test_unknown_step_is_404(world, toolkit, client_of):
    url = reverse("toolkits:step", args=[toolkit.pk, "no-such-step"])

    assert client_of(world.alice).get(url).status_code == 404


def search(client, query: str, **headers: str):
    return client.get(reverse("toolkits:search"), {"q": query}, **headers)


def test_search_finds_steps_by_their_texts_case_insensitively(world, toolkit, client_of):
    response = search(client_of(world.alice), "TAKE NOTES")

    groups = response.context["groups"]
    assert [(g.toolkit.pk, [s.key for s in g.steps]) for g in groups] == [(toolkit.pk, ["read"])]
    assert reverse("toolkits:step", args=[toolkit.pk, "read"]) in response.content.decode()


def test_search_uses_the_users_language(world, toolkit, client_of):
    world.alice.language = "da"
    world.alice.save(update_fields=["language"])
    browser = client_of(world.alice)

    assert [s.key for s in search(browser, "tag noter").context["groups"][0].steps] == ["read"]
    assert search(browser, "take notes").context["groups"] == []


def test_search_finds_worksheet_titles_and_groups_by_toolkit(world, toolkit, client_of):
    other = toolkit_create_version(document=small_document(slug="other-kit"))

    groups = search(client_of(world.bob), "checklist").context["groups"]

    assert {g.toolkit.pk for g in groups} == {toolkit.pk, other.pk}
    assert all([s.key for s in g.steps] == ["plan"] for g in groups)


def test_search_does_not_show_another_municipalitys_copy(world, toolkit, client_of):
    copy = copy_for_a(world, toolkit)

    alice_sees = {g.toolkit.pk for g in search(client_of(world.alice), "notes").context["groups"]}
    charlie_sees = {
        g.toolkit.pk for g in search(client_of(world.charlie), "notes").context["groups"]
    }

    assert alice_sees == {toolkit.pk, copy.pk}
    assert charlie_sees == {toolkit.pk}


def test_search_answers_htmx_with_the_results_only(world, toolkit, client_of):
    response = search(client_of(world.alice), "notes", HTTP_HX_REQUEST="true")

    text = response.content.decode()
    assert "<html" not in text
    assert reverse("toolkits:step", args=[toolkit.pk, "read"]) in text


def test_search_without_matches_says_so(world, toolkit, client_of):
    assert "No step matches your search" in search(client_of(world.alice), "zzz").content.decode()


def test_search_query_count_does_not_grow(world, toolkit, client_of, django_assert_max_num_queries):
    add_toolkits(10)
    browser = client_of(world.alice)

    with django_assert_max_num_queries(6):
        assert len(search(browser, "notes").context["groups"]) == 11


def barriers(client, *keys: str):
    return client.get(reverse("toolkits:barriers"), {"barrier": list(keys), "check": "1"})


def test_barrier_check_lists_every_barrier_once(world, toolkit, client_of):
    toolkit_create_version(document=small_document(slug="other-kit"))

    response = client_of(world.bob).get(reverse("toolkits:barriers"))

    assert [b.key for b in response.context["barriers"]] == ["no-follow-up"]
    assert response.content.decode().count('name="barrier"') == 1


def test_barrier_check_shows_steps_and_worksheets_that_help(world, toolkit, client_of):
    response = barriers(client_of(world.bob), "no-follow-up")

    text = response.content.decode()
    assert reverse("toolkits:step", args=[toolkit.pk, "follow-up"]) in text
    assert "Worksheet:" in text
    assert reverse("toolkits:step", args=[toolkit.pk, "plan"]) in text  # the plan sheet's step


def test_barrier_check_without_a_ticked_barrier_says_so(world, toolkit, client_of):
    response = barriers(client_of(world.bob))

    assert "No barrier is ticked" in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_barrier_check_query_count_does_not_grow(
    world, client_of, django_assert_max_num_queries, count
):
    add_toolkits(count)
    browser = client_of(world.bob)

    with django_assert_max_num_queries(6):
        assert barriers(browser, "no-follow-up").status_code == 200
