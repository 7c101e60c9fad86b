"""Demo run: Odense Kommune works through the strategic education toolkit, if it is loaded.

`make run` loads the shipped toolkits before the demo data; without them there is no run.
"""

import datetime

from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.core import demo
from trinvis.organisations.models import Organisation
from trinvis.toolkits.models import Run, Toolkit
from trinvis.toolkits.services import run_start

DEMO_TOOLKIT = "strategic-education"
DEMO_TITLE = "Strategisk kompetenceudvikling 2027 – Job og integration"


@demo.register(order=20)
def load() -> None:
    toolkit = Toolkit.objects.filter(
        slug=DEMO_TOOLKIT, organisation__isnull=True, is_latest=True
    ).first()
    odense = Organisation.objects.filter(name="Odense Kommune").first()
    alice = User.objects.filter(email="alice@example.org").first()
    if toolkit is None or odense is None or alice is None:
        return
    if Run.objects.filter(organisation=odense, title=DEMO_TITLE).exists():
        return
    participants = User.objects.filter(
        email__in=[
            "bob@example.org",
            "mette.kjaer@odense.example.dk",
            "henrik.moller@odense.example.dk",
            "lars.kristensen@odense.example.dk",
        ]
    )
    today = timezone.localdate()
    run_start(
        organisation=odense,
        toolkit=toolkit,
        title=DEMO_TITLE,
        responsible=alice,
        participants=participants,
        start_date=today,
        target_date=today + datetime.timedelta(days=365),
        by=alice,
    )
