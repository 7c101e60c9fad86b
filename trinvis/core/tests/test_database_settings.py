"""Every PostgreSQL connection is set up for many short web requests at once: no JIT
compilation and no parallel workers per query (config/settings.py, DATABASE_PG_OPTIONS)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_a_postgresql_connection_compiles_nothing_and_starts_no_parallel_workers() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the options are PostgreSQL settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
