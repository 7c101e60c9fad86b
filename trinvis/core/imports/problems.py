"""What can be wrong with an import: one problem per cell, column or file, and the
exception that refuses a whole file."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem: the row (None: the whole file or a column), the column's heading as
    written in the file ("" when about no column), and the message in the user's language."""

    row: int | None
    column: str
    message: str


class ImportFailed(Exception):
    """Nothing was imported; `problems` lists the first problems found, `more` how many
    more there were beyond them."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        super().__init__(f"{len(problems) + more} problems")
        self.problems = problems
        self.more = more
