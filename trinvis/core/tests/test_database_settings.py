"""Every PostgreSQL connection is set up for many short web requests at once: no JIT
compilation, no parallel workers per query, and index reads costed as on SSDs
(config/settings.py, DATABASE_PG_OPTIONS)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_a_postgresql_connection_is_set_up_for_short_requests() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the options are PostgreSQL settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
