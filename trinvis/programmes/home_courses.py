"""What the course programmes put in the main menu: "Courses", for everyone logged in —
anyone in a municipality may enrol, a leader confirms enrolments, a provider runs them.
Shown without asking the database, so it costs no page a query."""

from django.utils.translation import gettext_lazy as _

from trinvis.core import navigation

navigation.register(_("Courses"), "programmes:courses", order=43, covers=("programmes:course_",))
