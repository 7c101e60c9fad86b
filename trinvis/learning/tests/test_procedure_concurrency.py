"""Two reminder runs at the same moment: every mail is sent once.

Needs PostgreSQL: SQLite serialises writers, so the race does not happen there. Run with
`DATABASE_URL=postgres://… pytest --create-db` on this file.
"""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from conftest import World, add_member, make_user
from trinvis.learning import procedure
from trinvis.learning.models import Reminder
from trinvis.learning.tasks import run_reminders
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import make_enrolment
from trinvis.organisations.models import Membership

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_runs_send_each_reminder_once(world: World) -> None:
    activity = make_activity(world.municipality_a, starts_in_days=40)
    people = [world.bob]
    for number in range(6):
        person = make_user(f"p{number}@example.org", f"Participant {number}", language="en")
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)
        people.append(person)
    for person in people:
        make_enrolment(activity, person)
    assert activity.starts_on is not None
    moment = procedure.at(activity.starts_on - datetime.timedelta(days=28))
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            outcomes.append(sum(run_reminders(now=moment).values()))
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # Seven participants and their one leader: eight mails between the two runs.
    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    assert sum(outcomes) == 8  # type: ignore[arg-type]
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert len(recipients) == 8
    assert len(set(recipients)) == 8
    assert Reminder.objects.filter(activity=activity).count() == 8
