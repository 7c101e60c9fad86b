"""Figures kept in the process between requests, for reads whose result is fixed by their
arguments: one of them a revision counter that every writer of the underlying rows raises
in the same transaction (for example Indicator.values_revision). A new revision is a new
key, so nothing kept has to be thrown away when the data change, and every process sees
the change at its next request, having read the revision anew.

Only what a request reads outside a transaction is kept: that is committed data, at least
as new as the revision read before it. Inside a transaction (a test, a task writing the
rows) the read runs every time, since a rollback can take the revision back and a later
commit reach the same number with other data.
"""

import functools
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.db import connection

T = TypeVar("T")


class CommittedMemo(Generic[T]):
    """A function of hashable arguments, kept per process (least recently used first out)
    when called outside a transaction. What it returns is shared by its callers: it must be
    immutable (a tuple, a frozenset, a MappingProxyType)."""

    def __init__(self, function: Callable[..., T], maxsize: int) -> None:
        functools.update_wrapper(self, function)
        self._function = function
        self._kept = functools.lru_cache(maxsize=maxsize)(function)

    def __call__(self, *args: Hashable) -> T:
        if connection.in_atomic_block or not connection.get_autocommit():
            return self._function(*args)
        return self._kept(*args)

    def cache_info(self) -> "functools._CacheInfo":
        return self._kept.cache_info()

    def cache_clear(self) -> None:
        self._kept.cache_clear()


def committed_memo(maxsize: int) -> Callable[[Callable[..., T]], CommittedMemo[T]]:
    def decorate(function: Callable[..., T]) -> CommittedMemo[T]:
        return CommittedMemo(function, maxsize)

    return decorate
