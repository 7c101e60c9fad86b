"""Demo data loaders, contributed by apps and run in order by `manage.py load_demo`."""

from collections.abc import Callable

DEMO_PASSWORD = "trinvis-demo"  # noqa: S105  (stated in the README; loaded only by load_demo)

_loaders: list[tuple[int, Callable[[], None]]] = []


def register(order: int) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def decorator(loader: Callable[[], None]) -> Callable[[], None]:
        if all(existing is not loader for _order, existing in _loaders):
            _loaders.append((order, loader))
            _loaders.sort(key=lambda pair: pair[0])
        return loader

    return decorator


def load_all() -> None:
    for _order, loader in _loaders:
        loader()
