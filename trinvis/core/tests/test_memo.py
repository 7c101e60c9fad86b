"""A committed memo keeps what a request read outside a transaction, per key, and reads
again inside one (where a rollback could take a revision back)."""

import pytest
from django.db import transaction

from trinvis.core.memo import committed_memo

calls: list[int] = []


@committed_memo(maxsize=2)
def _square(number: int) -> int:
    calls.append(number)
    return number * number


@pytest.fixture(autouse=True)
def _fresh() -> None:
    _square.cache_clear()
    calls.clear()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_each_key_is_read_once() -> None:
    assert [_square(3), _square(3), _square(4), _square(3)] == [9, 9, 16, 9]
    assert calls == [3, 4]
    assert _square.cache_info().hits == 2


@pytest.mark.django_db(transaction=True)
def test_the_least_recently_used_key_makes_room() -> None:
    _square(1), _square(2), _square(3), _square(1)
    assert calls == [1, 2, 3, 1]


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_it_reads_every_time_and_keeps_nothing() -> None:
    with transaction.atomic():
        assert [_square(5), _square(5)] == [25, 25]
    assert calls == [5, 5]
    assert _square.cache_info().currsize == 0
    _square(5)
    assert calls == [5, 5, 5]
