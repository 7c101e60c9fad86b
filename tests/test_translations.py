"""The translation catalogues are complete and up to date.

`make messages` (the Makefile's `messages` target) is run on a copy of the project; the
catalogues it produces must equal the committed ones, apart from the POT-Creation-Date
header. Every Danish and Norwegian entry must be translated and not fuzzy. English is the
source language and has no catalogue.
"""

import difflib
import hashlib
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale"
CATALOGUE_LANGUAGES = {"da", "nb"}
# Not part of the source tree: never scanned by makemessages (the Makefile ignores them or
# they are hidden), so the copy leaves them out.
NOT_COPIED = shutil.ignore_patterns(
    ".*",
    "*.mo",
    "*.pyc",
    "__pycache__",
    "*.egg-info",
    "node_modules",
    "static_build",
    "staticfiles",
    "db.sqlite3",
    "test-artifacts",
)


def makemessages_arguments(makefile: Path = BASE_DIR / "Makefile") -> list[str]:
    """The arguments the Makefile's `messages` target passes to makemessages."""
    recipe = makefile.read_text(encoding="utf-8").split("\nmessages:", 1)[1]
    recipe = recipe.replace("\\\n", " ")
    for line in recipe.splitlines()[1:]:
        if not line.startswith("\t"):
            break
        words = shlex.split(line.strip().lstrip("@"))
        if "makemessages" in words:
            return words[words.index("makemessages") + 1 :]
    raise AssertionError("The Makefile's messages target does not run makemessages")


@dataclass
class Entry:
    msgid: str
    msgstrs: list[str]
    fuzzy: bool


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file (header included, obsolete `#~` entries left out)."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        fuzzy = False
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line[2:].replace(",", " ").split()
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += line.strip()[1:-1]
            else:
                keyword, _space, value = line.partition(" ")
                current = keyword
                fields[current] = value.strip()[1:-1]
        if "msgid" not in fields:
            continue  # only comments, or an obsolete entry
        msgstrs = [value for key, value in fields.items() if key.startswith("msgstr")]
        entries.append(Entry(fields["msgid"], msgstrs, fuzzy))
    return entries


def catalogue_problems(po_file: Path) -> list[str]:
    problems = []
    for entry in parse_po(po_file.read_text(encoding="utf-8")):
        name = repr(entry.msgid) if entry.msgid else "the header"
        if entry.fuzzy:
            problems.append(f"{name} is fuzzy")
        if entry.msgid and (not entry.msgstrs or not all(entry.msgstrs)):
            problems.append(f"{name} is not translated")
    return problems


def catalogues(locale_dir: Path) -> dict[str, Path]:
    return {
        path.relative_to(locale_dir).as_posix(): path for path in sorted(locale_dir.rglob("*.po"))
    }


def without_creation_date(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith('"POT-Creation-Date:')]


def catalogue_differences(committed: Path, generated: Path) -> list[str]:
    """A unified diff per catalogue that makemessages would change."""
    ours, theirs = catalogues(committed), catalogues(generated)
    differences = []
    for name in sorted(ours.keys() | theirs.keys()):
        if name not in ours or name not in theirs:
            where = "generated" if name in theirs else "committed"
            differences.append(f"{name} exists only in the {where} catalogues")
            continue
        before = without_creation_date(ours[name].read_text("utf-8"))
        after = without_creation_date(theirs[name].read_text("utf-8"))
        if before != after:
            diff = difflib.unified_diff(
                before, after, f"committed/{name}", f"generated/{name}", lineterm=""
            )
            differences.append("\n".join(list(diff)[:60]))
    return differences


def _fingerprint(locale_dir: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256(path.read_bytes()).hexdigest()
        for name, path in catalogues(locale_dir).items()
    }


@pytest.fixture(scope="module")
def generated_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make messages` run on a copy of the project: the catalogues as they should be."""
    copy = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(BASE_DIR, copy, ignore=NOT_COPIED, symlinks=True)
    before = _fingerprint(LOCALE_DIR)
    # manage.py puts its own directory first on sys.path, so the copy's settings (and their
    # LOCALE_PATHS) are the ones used; the fingerprint check proves the real ones are untouched.
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *makemessages_arguments()],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _fingerprint(LOCALE_DIR) == before, "makemessages wrote into the real locale/"
    return copy / "locale"


def test_makefile_builds_only_the_danish_and_norwegian_catalogues() -> None:
    arguments = makemessages_arguments()
    languages = {arguments[i + 1] for i, word in enumerate(arguments) if word in ("-l", "--locale")}
    languages |= {word.split("=", 1)[1] for word in arguments if word.startswith("--locale=")}
    assert languages == CATALOGUE_LANGUAGES


def test_only_danish_and_norwegian_catalogues_are_kept() -> None:
    languages = {path.parts[0] for path in map(Path, catalogues(LOCALE_DIR))}
    assert languages == CATALOGUE_LANGUAGES


def test_catalogues_are_what_makemessages_produces(generated_locale: Path) -> None:
    differences = catalogue_differences(LOCALE_DIR, generated_locale)
    assert not differences, (
        "makemessages would change the catalogues: run `make messages`, translate, commit.\n\n"
        + "\n\n".join(differences)
    )


@pytest.mark.parametrize("language", sorted(CATALOGUE_LANGUAGES))
def test_every_string_is_translated(language: str) -> None:
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    problems = catalogue_problems(po_file)
    assert not problems, f"{po_file.relative_to(BASE_DIR)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("language", sorted(CATALOGUE_LANGUAGES))
def test_catalogue_compiles_with_matching_placeholders(language: str) -> None:
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    # --check verifies that each translation keeps the placeholders (%(name)s) of its source.
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# The checks above must be able to fail: they are tried on catalogues made to be wrong.

SAMPLE_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Translated"
msgstr "Oversat"

msgid "Split over "
"two lines"
msgstr ""
"Delt over "
"to linjer"

msgid "Left empty"
msgstr ""

#, fuzzy, python-format
msgid "Guessed %(name)s"
msgstr "Gættet %(name)s"

msgid "One row"
msgid_plural "%(n)s rows"
msgstr[0] "Én række"
msgstr[1] ""

#~ msgid "Obsolete and empty"
#~ msgstr ""
"""


def test_catalogue_check_finds_empty_and_fuzzy_entries(tmp_path: Path) -> None:
    po_file = tmp_path / "django.po"
    po_file.write_text(SAMPLE_PO, encoding="utf-8")
    assert catalogue_problems(po_file) == [
        "'Left empty' is not translated",
        "'Guessed %(name)s' is fuzzy",
        "'One row' is not translated",
    ]


def test_catalogue_check_finds_a_fuzzy_header(tmp_path: Path) -> None:
    po_file = tmp_path / "django.po"
    po_file.write_text("#, fuzzy\n" + SAMPLE_PO.split("\n\n", 1)[0], encoding="utf-8")
    assert catalogue_problems(po_file) == ["the header is fuzzy"]


def test_catalogue_comparison_ignores_only_the_creation_date(tmp_path: Path) -> None:
    committed, generated = tmp_path / "committed", tmp_path / "generated"
    for root, date, translation in (
        (committed, "2025-01-01 10:00+0000", "Oversat"),
        (generated, "2026-06-01 12:00+0000", "Oversat"),
    ):
        (root / "da" / "LC_MESSAGES").mkdir(parents=True)
        (root / "da" / "LC_MESSAGES" / "django.po").write_text(
            f'msgid ""\nmsgstr ""\n"POT-Creation-Date: {date}\\n"\n\n'
            f'msgid "Translated"\nmsgstr "{translation}"\n',
            encoding="utf-8",
        )
    assert catalogue_differences(committed, generated) == []

    po_file = generated / "da" / "LC_MESSAGES" / "django.po"
    po_file.write_text(po_file.read_text("utf-8") + '\nmsgid "New string"\nmsgstr ""\n', "utf-8")
    (differences,) = catalogue_differences(committed, generated)
    assert '+msgid "New string"' in differences

    (generated / "nb" / "LC_MESSAGES").mkdir(parents=True)
    (generated / "nb" / "LC_MESSAGES" / "django.po").write_text("", encoding="utf-8")
    assert catalogue_differences(committed, generated)[1] == (
        "nb/LC_MESSAGES/django.po exists only in the generated catalogues"
    )
