"""people_import: a CSV of people is checked as a whole and saved all or nothing."""

import pytest
from django.core import mail
from django.test import Client

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import log_in, make_person
from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Membership, Organisation
from trinvis.organisations.people_import import MAX_BYTES, ImportFailed, people_import
from trinvis.organisations.selectors import people_csv
from trinvis.organisations.services import membership_set_active, organisation_create
from trinvis.organisations.tests.helpers import csv_file, join

Role = Membership.Role
HEADER = "name,email,unit,role"


def run_import(world, data: bytes, *, by=None, organisation=None):
    return people_import(
        organisation=organisation or world.municipality_a,
        data=data,
        by=by or world.alice,
        base_url="http://testserver/",
    )


def refused(world, data: bytes, **kwargs) -> list[tuple[int | None, str]]:
    with pytest.raises(ImportFailed) as failure:
        run_import(world, data, **kwargs)
    return failure.value.errors


def membership_of(email: str) -> tuple[str, str, bool]:
    membership = Membership.objects.select_related("organisation").get(user__email=email)
    return membership.organisation.name, membership.role, membership.is_active


# --- what a good file does --------------------------------------------------------------------


def test_import_adds_new_people_to_the_named_units_with_their_roles(world):
    result = run_import(
        world,
        csv_file(
            HEADER,
            "Mette Hansen,mette@example.org,Jobcentre A,employee",
            "Jens Jensen,jens@example.org,Team A,leader",
        ),
    )

    assert (result.created_people, result.added_memberships, result.changed_roles) == (2, 2, 0)
    assert membership_of("mette@example.org") == ("Jobcentre A", Role.EMPLOYEE, True)
    assert membership_of("jens@example.org") == ("Team A", Role.LEADER, True)
    mette = User.objects.get(email="mette@example.org")
    assert mette.full_name == "Mette Hansen"
    assert not mette.has_usable_password()


def test_semicolon_file_with_danish_header_and_role_names(world):
    run_import(
        world,
        csv_file(
            "navn;e-mail;enhed;rolle",
            "Mette Hansen;mette@example.org;Jobcentre A;Medarbejder",
            "Søren Kjær;soren@example.org;Refugee service A;Leder",
        ),
    )

    assert membership_of("mette@example.org") == ("Jobcentre A", Role.EMPLOYEE, True)
    assert membership_of("soren@example.org") == ("Refugee service A", Role.LEADER, True)


def test_tab_separated_file_with_norwegian_header_and_role_names(world):
    run_import(
        world,
        csv_file(
            "Navn\tE-post\tEnhet\tRolle",
            "Kari Nilsen\tkari@example.org\tLanguage centre A\tMedarbeider",
            "Ola Nordmann\tola@example.org\tTeam A\tLeder",
        ),
    )

    assert membership_of("kari@example.org") == ("Language centre A", Role.EMPLOYEE, True)
    assert membership_of("ola@example.org") == ("Team A", Role.LEADER, True)


def test_utf8_file_with_byte_order_mark_from_excel(world):
    data = b"\xef\xbb\xbf" + csv_file("navn;e-mail;enhed;rolle", "Åse Ærø;ase@example.org;;Leder")

    run_import(world, data)

    assert User.objects.get(email="ase@example.org").full_name == "Åse Ærø"


def test_blank_unit_means_the_organisation_itself(world):
    run_import(world, csv_file(HEADER, "Mette Hansen,mette@example.org,,employee"))

    assert membership_of("mette@example.org") == ("Municipality A", Role.EMPLOYEE, True)


def test_unit_names_match_regardless_of_case_and_surrounding_spaces(world):
    run_import(world, csv_file(HEADER, "Mette Hansen,mette@example.org,  jobCENTRE a ,Employee"))

    assert membership_of("mette@example.org") == ("Jobcentre A", Role.EMPLOYEE, True)


def test_quoted_names_may_contain_the_separator(world):
    run_import(world, csv_file(HEADER, '"Hansen, Mette",mette@example.org,Team A,employee'))

    assert User.objects.get(email="mette@example.org").full_name == "Hansen, Mette"


def test_blank_lines_and_lines_of_empty_cells_are_skipped(world):
    result = run_import(
        world, csv_file(HEADER, "", ",,,", "Mette Hansen,mette@example.org,Team A,employee", "")
    )

    assert result.total == 1


def test_import_is_audited_with_its_counts(world):
    run_import(world, csv_file(HEADER, "Mette Hansen,mette@example.org,Team A,employee"))

    event = AuditEvent.objects.get(action=AuditEvent.Action.PEOPLE_IMPORTED)
    assert event.actor == world.alice
    assert event.organisation_id == world.municipality_a.pk
    assert event.details == {
        "rows": 1,
        "created_people": 1,
        "added_memberships": 1,
        "changed_roles": 0,
    }


# --- invitations ------------------------------------------------------------------------------


def test_invitations_go_out_only_after_commit_and_only_to_new_people(
    world, django_capture_on_commit_callbacks
):
    data = csv_file(
        HEADER,
        "Mette Hansen,mette@example.org,Team A,employee",
        "Charlie Employee,charlie@example.org,Team A,employee",
        "Jens Jensen,jens@example.org,Jobcentre A,employee",
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = run_import(world, data)
        assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "jens@example.org",
        "mette@example.org",
    ]
    assert result.added_memberships == 3


def test_refused_file_sends_no_invitations(world, django_capture_on_commit_callbacks):
    data = csv_file(HEADER, "Mette Hansen,mette@example.org,Team A,employee", "x,bad,,employee")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused(world, data)

    assert callbacks == []
    assert mail.outbox == []


# --- all or nothing, with every problem reported ---------------------------------------------


def test_one_bad_row_means_nothing_is_imported(world):
    users_before, memberships_before = User.objects.count(), Membership.objects.count()

    errors = refused(
        world,
        csv_file(
            HEADER,
            "Mette Hansen,mette@example.org,Team A,employee",
            "Jens Jensen,jens@example.org,Nowhere,employee",
            "Ida Holm,ida@example.org,Team A,employee",
        ),
    )

    assert [line for line, _message in errors] == [3]
    assert (User.objects.count(), Membership.objects.count()) == (users_before, memberships_before)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PEOPLE_IMPORTED).exists()


def test_every_bad_row_is_reported_with_its_physical_line_number(world):
    errors = refused(
        world,
        csv_file(
            HEADER,  # line 1
            "Mette Hansen,mette@example.org,Team A,employee",  # 2
            "",  # 3
            "Jens Jensen,not-an-address,Team A,employee",  # 4
            "Ida Holm,ida@example.org,Team A,employee",  # 5
            ",,,",  # 6
            ",nameless@example.org,Team A,boss",  # 7
        ),
    )

    assert [line for line, _message in errors] == [4, 7]
    assert "not-an-address" in errors[0][1]
    assert "name is missing" in errors[1][1]
    assert "“boss” is not a role" in errors[1][1]


def test_unknown_unit_is_reported(world):
    errors = refused(world, csv_file(HEADER, "Mette Hansen,mette@example.org,Nowhere,employee"))

    assert errors == [
        (2, "There is no unit called “Nowhere” in Municipality A."),
    ]


def test_unit_of_another_municipality_is_unknown_here(world):
    errors = refused(world, csv_file(HEADER, "Mette Hansen,mette@example.org,NAV B,employee"))

    assert "no unit called “NAV B”" in errors[0][1]


def test_ambiguous_unit_name_is_reported(world):
    organisation_create(by=None, parent=world.unit_a_refugee, name="Team A", kind="team")

    errors = refused(world, csv_file(HEADER, "Mette Hansen,mette@example.org,team a,employee"))

    assert errors == [(2, "More than one unit is called “team a”.")]


def test_duplicate_e_mail_within_a_file_is_reported_on_the_later_line(world):
    errors = refused(
        world,
        csv_file(
            HEADER,
            "Mette Hansen,mette@example.org,Team A,employee",
            "Mette H.,METTE@example.org,Jobcentre A,leader",
        ),
    )

    assert [line for line, _message in errors] == [3]
    assert "mette@example.org is already on line 2" in errors[0][1].lower()


def test_role_the_importer_may_not_grant_is_reported(world):
    errors = refused(world, csv_file(HEADER, "Mette Hansen,mette@example.org,,administrator"))

    assert errors == [(2, "You may not give the role “Administrator”.")]


def test_leader_cannot_take_administrator_rights_away_by_import(world):
    join(make_person("it@example.org"), world.municipality_a, Role.ADMINISTRATOR)

    errors = refused(world, csv_file(HEADER, "IT,it@example.org,,employee"))

    assert [line for line, _message in errors] == [2]
    assert membership_of("it@example.org") == ("Municipality A", Role.ADMINISTRATOR, True)


def test_importer_cannot_change_their_own_role_by_import(world):
    errors = refused(world, csv_file(HEADER, "Alice Leader,alice@example.org,,employee"))

    assert [line for line, _message in errors] == [2]
    assert "own role" in errors[0][1]
    assert membership_of("alice@example.org") == ("Municipality A", Role.LEADER, True)


def test_employee_may_import_nobody(world):
    errors = refused(
        world,
        csv_file(HEADER, "Mette Hansen,mette@example.org,,employee"),
        by=world.bob,
        organisation=world.team_a,
    )

    assert [line for line, _message in errors] == [2]


def test_missing_column_is_reported_on_the_header_line(world):
    errors = refused(world, csv_file("name,email,role", "Mette,mette@example.org,employee"))

    assert len(errors) == 1
    assert errors[0][0] == 1
    assert "no column for unit" in errors[0][1]
    assert "enhed" in errors[0][1]


def test_file_that_is_not_utf8_is_refused_with_a_clear_message(world):
    data = csv_file(HEADER, "Søren Kjær,soren@example.org,,employee", encoding="cp1252")

    errors = refused(world, data)

    assert errors == [(None, "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”.")]
    assert not User.objects.filter(email="soren@example.org").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n", "The file is empty."),
        (csv_file(HEADER), "The file has no people in it."),
        (b"x" * (MAX_BYTES + 1), "The file is larger than 2 MB."),
    ],
)
def test_file_without_people_is_refused(world, data, message):
    assert refused(world, data) == [(None, message)]


# --- importing again --------------------------------------------------------------------------

TEAM_FILE = csv_file(
    "navn;e-mail;enhed;rolle",
    "Mette Hansen;mette@example.org;Team A;Medarbejder",
    "Bob Employee;bob@example.org;Team A;Medarbejder",
    "Jens Jensen;jens@example.org;;Leder",
)


def test_importing_the_same_file_again_changes_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_import(world, TEAM_FILE)
    state = sorted(Membership.objects.values_list("user__email", "organisation", "role"))
    users, mails = User.objects.count(), len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        again = run_import(world, TEAM_FILE)

    assert (again.created_people, again.added_memberships, again.changed_roles) == (0, 0, 0)
    assert again.unchanged == 3
    assert sorted(Membership.objects.values_list("user__email", "organisation", "role")) == state
    assert User.objects.count() == users
    assert len(mail.outbox) == mails, "no second invitation"


def test_changed_role_on_reimport_is_applied_and_counted(world):
    run_import(world, TEAM_FILE)

    again = run_import(
        world,
        TEAM_FILE.replace(
            b"Mette Hansen;mette@example.org;Team A;Medarbejder",
            b"Mette Hansen;mette@example.org;Team A;Leder",
        ),
    )

    assert (again.changed_roles, again.unchanged) == (1, 2)
    assert membership_of("mette@example.org") == ("Team A", Role.LEADER, True)


def test_reimport_brings_back_a_deactivated_person_who_can_then_log_in(world):
    membership_set_active(
        membership=Membership.objects.get(user=world.bob), active=False, by=world.alice
    )

    result = run_import(world, TEAM_FILE)

    assert result.changed_roles == 1
    assert membership_of("bob@example.org") == ("Team A", Role.EMPLOYEE, True)
    assert log_in(Client(), "bob@example.org").status_code == 302


def test_exported_people_file_imports_back_unchanged(world):
    join(make_person("ida@example.org", "Ida Holm"), world.unit_a_language, Role.LEADER)
    join(make_person("lars@example.org"), world.unit_a_job, Role.DEVELOPMENT_CONSULTANT)

    result = run_import(world, people_csv(organisation=world.municipality_a).encode())

    assert result.unchanged == result.total == 4
    assert result.created_people == result.added_memberships == result.changed_roles == 0


def test_import_into_a_unit_sees_only_that_units_subtree(world):
    errors = refused(
        world,
        csv_file(HEADER, "Mette Hansen,mette@example.org,Refugee service A,employee"),
        organisation=world.unit_a_job,
    )

    assert "no unit called “Refugee service A” in Jobcentre A" in errors[0][1]
    assert Organisation.objects.filter(name="Refugee service A").exists()
