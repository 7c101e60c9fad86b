"""Loading toolkit files: all or nothing, unchanged files skipped, versions must rise."""

from pathlib import Path

import pytest
import yaml

from trinvis.toolkits.content import ContentError, load_text, missing_translations
from trinvis.toolkits.models import Toolkit, ToolkitStep
from trinvis.toolkits.services import CONTENT_DIR, toolkits_load
from trinvis.toolkits.tests.conftest import small_document

SHIPPED_FILES = sorted(CONTENT_DIR.glob("*.yaml"))


def write(directory: Path, name: str, document: dict) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_good_files_are_loaded_with_their_steps(tmp_path):
    path = write(tmp_path, "small.yaml", small_document())

    report = toolkits_load(paths=[path])

    toolkit = Toolkit.objects.get()
    assert report.loaded == ["small-kit v1"]
    assert (toolkit.slug, toolkit.version, toolkit.organisation, toolkit.is_latest) == (
        "small-kit",
        1,
        None,
        True,
    )
    assert list(ToolkitStep.objects.values_list("key", flat=True)) == ["read", "plan", "follow-up"]


@pytest.mark.django_db
def test_one_bad_file_means_nothing_is_loaded(tmp_path):
    good = write(tmp_path, "a-good.yaml", small_document())
    bad = tmp_path / "b-bad.yaml"
    bad.write_text("slug: broken\nversion: [1\n", encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        toolkits_load(paths=[good, bad])

    assert [problem.file for problem in caught.value.problems] == ["b-bad.yaml"]
    assert not Toolkit.objects.exists()


@pytest.mark.django_db
def test_two_files_with_the_same_slug_are_refused(tmp_path):
    first = write(tmp_path, "a.yaml", small_document())
    second = write(tmp_path, "b.yaml", small_document())

    with pytest.raises(ContentError, match=r"also in a\.yaml"):
        toolkits_load(paths=[first, second])

    assert not Toolkit.objects.exists()


@pytest.mark.django_db
def test_an_unchanged_file_is_skipped(tmp_path):
    path = write(tmp_path, "small.yaml", small_document())
    toolkits_load(paths=[path])

    report = toolkits_load(paths=[path])

    assert report.loaded == []
    assert report.unchanged == ["small-kit"]
    assert Toolkit.objects.count() == 1


@pytest.mark.django_db
def test_changed_content_without_a_higher_version_is_refused(tmp_path):
    path = write(tmp_path, "small.yaml", small_document())
    toolkits_load(paths=[path])
    changed = small_document()
    changed["title"]["en"] = "A new title"
    write(tmp_path, "small.yaml", changed)

    with pytest.raises(ContentError, match="raise “version”"):
        toolkits_load(paths=[path])

    assert Toolkit.objects.get().title["en"] == "Small kit"


@pytest.mark.django_db
def test_a_new_version_is_loaded_and_becomes_the_latest(tmp_path):
    path = write(tmp_path, "small.yaml", small_document())
    toolkits_load(paths=[path])
    write(tmp_path, "small.yaml", small_document(version=2))

    report = toolkits_load(paths=[path])

    assert report.loaded == ["small-kit v2"]
    assert list(Toolkit.objects.values_list("version", "is_latest")) == [(2, True), (1, False)]


def test_the_content_directory_exists():
    # The shipped toolkits live here; the tests below check each file in it.
    assert CONTENT_DIR.is_dir()


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=[path.name for path in SHIPPED_FILES])
def test_shipped_file_is_valid_and_fully_translated(path):
    document = load_text(path.read_text(encoding="utf-8"), path.name)

    assert list(missing_translations(document)) == [], f"{path.name} lacks translations"


@pytest.mark.django_db
def test_all_shipped_files_load_together():
    report = toolkits_load(paths=SHIPPED_FILES)

    assert len(report.loaded) == len(SHIPPED_FILES)
