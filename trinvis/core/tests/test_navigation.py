"""The menu marks one entry as the current page: its own, the one covering it, or the first
of its app."""

from trinvis.core.navigation import NavEntry, _current_entry


def _entry(url_name: str, covers: tuple[str, ...] = ()) -> NavEntry:
    return NavEntry(url_name, url_name, 0, lambda request: True, covers)


PROGRAMMES = _entry("programmes:index")
COURSES = _entry("programmes:courses", covers=("programmes:course_",))
ENTRIES = [PROGRAMMES, COURSES]


def test_a_page_in_the_menu_is_its_own_entry() -> None:
    assert _current_entry(ENTRIES, "programmes:courses") is COURSES
    assert _current_entry(ENTRIES, "programmes:index") is PROGRAMMES


def test_a_page_under_an_entry_marks_that_entry_not_the_app_s_first() -> None:
    assert _current_entry(ENTRIES, "programmes:course_progress") is COURSES


def test_other_pages_of_the_app_mark_its_first_entry() -> None:
    assert _current_entry(ENTRIES, "programmes:dashboard") is PROGRAMMES
    assert _current_entry(ENTRIES, "surveys:index") is None
