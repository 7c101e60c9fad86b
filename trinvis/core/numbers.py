"""Numbers as readers see them: rounded half up to a fixed number of decimals (as statistics
offices publish them, and as the `floatformat` filter rounds), with the active language's
decimal separator and thousands grouping ("1.234,5" in Danish, "1 234,5" in Norwegian).

Django's `number_format` cuts the decimals off rather than rounding (41.26 with one decimal
comes out as 41.2, where `floatformat` says 41.3), and looks the formats up on every call,
while a key-figure page writes a few hundred numbers.
"""

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils.formats import get_format
from django.utils.translation import get_language


@lru_cache(maxsize=8)
def _separators(language: str | None) -> dict[int, str]:
    """Python's "1,234.5" turned into the language's: every language Trinvis speaks groups
    by three (NUMBER_GROUPING), only the separators differ."""
    return {
        ord("."): str(get_format("DECIMAL_SEPARATOR", language)),
        ord(","): str(get_format("THOUSAND_SEPARATOR", language)),
    }


def rounded_text(value: Decimal | float | int, places: int) -> str:
    """`value` rounded half up to `places` decimals, thousands grouped, in the active
    language's format; never "-0"."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not number:
        number = abs(number)
    return f"{number:,f}".translate(_separators(get_language()))
