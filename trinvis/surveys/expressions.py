"""XLSForm expressions for skip logic (`relevant`) and constraints, evaluated in Python.

The subset Trinvis keeps, with XPath 1.0's meaning (as ODK Collect and Enketo evaluate it):

- `${name}`: the answer to a question; an unanswered question is the empty string, a
  multiple choice its chosen options separated by spaces (as in an XForm instance);
- `.`: the value being checked (constraints only);
- string literals in single or double quotes, numbers (`7`, `2.5`, `-1`);
- `=  !=  <  <=  >  >=`, `and`, `or`, parentheses;
- functions `not(x)`, `selected(${q}, 'x')`, `count-selected(${q})`, `string-length(x)`,
  `true()`, `false()`.

Comparison follows XPath: with a number on either side both are compared as numbers (an
unanswered or non-numeric value is NaN, so every comparison but `!=` is false); `<`, `<=`,
`>`, `>=` always compare numbers; otherwise `=` and `!=` compare strings.

`check(expression)` lists the problems of an expression (for import-time validation);
`evaluate(expression, answers, current=None)` gives its truth for one response's answers.
Pure Python: no Django. Problem messages are English templates marked for translation
(`Problem.template`, `Problem.params`); a caller shows `gettext(p.template) % p.params`.
"""

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any


def _(message: str) -> str:
    """Mark a message for `makemessages`; translated where it is shown."""
    return message


Value = str | float | bool
Answer = str | int | float | Decimal | bool | Sequence[str] | None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an expression, as a translatable template and its parameters."""

    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params


class ExpressionError(ValueError):
    """An expression that cannot be read or evaluated."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# --- reading -----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{(?P<refname>[^}]*)\})
      | (?P<number>\d+(?:\.\d*)?|\.\d+)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<op>!=|<=|>=|=|<|>|\(|\)|,|-)
      | (?P<dot>\.)
      | (?P<name>[A-Za-z_][A-Za-z0-9_.:-]*)
    )""",
    re.VERBOSE,
)
# As XLSForm names (xlsform/survey.py): a letter or underscore, then letters, digits, _ . -
_NAME = re.compile(r"[^\W\d][\w.-]*")


@dataclass(frozen=True)
class Token:
    kind: str  # ref, number, string, op, dot, name, end
    text: str
    position: int


def _tokens(expression: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    text = expression.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            rest = text[position:].lstrip()
            at = len(text) - len(rest)
            raise ExpressionError(
                Problem(
                    _("Cannot read “%(text)s” at position %(position)s."),
                    {"text": rest[:20], "position": at + 1},
                )
            )
        kind = match.lastgroup or ""
        value = match.group("refname") if kind == "ref" else match.group(kind)
        tokens.append(Token(kind, value, match.start(kind) + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


# The syntax tree: tuples, so parsed expressions are hashable and cheap to cache.
#   ("ref", name) ("current",) ("literal", value) ("call", name, args)
#   ("and", a, b) ("or", a, b) ("compare", op, a, b) ("negate", a)
Node = tuple[Any, ...]

FUNCTIONS: dict[str, tuple[int, int]] = {
    "not": (1, 1),
    "selected": (2, 2),
    "count-selected": (1, 1),
    "string-length": (0, 1),
    "true": (0, 0),
    "false": (0, 0),
}
_COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")


class _Parser:
    def __init__(self, expression: str) -> None:
        self.tokens = _tokens(expression)
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.kind != "op" or token.text != text:
            raise self.unexpected(token, expected=text)

    def unexpected(self, token: Token, expected: str = "") -> ExpressionError:
        if token.kind == "end":
            if expected:
                return ExpressionError(
                    Problem(
                        _("The expression ends where “%(expected)s” is missing."),
                        {"expected": expected},
                    )
                )
            return ExpressionError(Problem(_("The expression ends too early.")))
        return ExpressionError(
            Problem(
                _("Unexpected “%(text)s” at position %(position)s."),
                {"text": token.text, "position": token.position},
            )
        )

    def parse(self) -> Node:
        node = self.or_expression()
        if self.token.kind != "end":
            raise self.unexpected(self.token)
        return node

    def or_expression(self) -> Node:
        node = self.and_expression()
        while self.token.kind == "name" and self.token.text == "or":
            self.take()
            node = ("or", node, self.and_expression())
        return node

    def and_expression(self) -> Node:
        node = self.comparison()
        while self.token.kind == "name" and self.token.text == "and":
            self.take()
            node = ("and", node, self.comparison())
        return node

    def comparison(self) -> Node:
        node = self.unary()
        while self.token.kind == "op" and self.token.text in _COMPARISONS:
            op = self.take().text
            node = ("compare", op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.token.kind == "op" and self.token.text == "-":
            self.take()
            return ("negate", self.unary())
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "ref":
            if not _NAME.fullmatch(token.text):
                raise ExpressionError(
                    Problem(_("“${%(name)s}” is not a question name."), {"name": token.text})
                )
            return ("ref", token.text)
        if token.kind == "number":
            return ("literal", float(token.text))
        if token.kind == "string":
            return ("literal", token.text[1:-1])
        if token.kind == "dot":
            return ("current",)
        if token.kind == "op" and token.text == "(":
            node = self.or_expression()
            self.expect(")")
            return node
        if token.kind == "name" and self.token.kind == "op" and self.token.text == "(":
            return self.call(token)
        if token.kind == "name" and token.text not in ("and", "or"):
            raise ExpressionError(
                Problem(
                    _("“%(name)s” is neither a question (write ${%(name)s}) nor a function."),
                    {"name": token.text},
                )
            )
        raise self.unexpected(token)

    def call(self, name: Token) -> Node:
        self.expect("(")
        args: list[Node] = []
        if not (self.token.kind == "op" and self.token.text == ")"):
            args.append(self.or_expression())
            while self.token.kind == "op" and self.token.text == ",":
                self.take()
                args.append(self.or_expression())
        self.expect(")")
        if name.text not in FUNCTIONS:
            raise ExpressionError(
                Problem(
                    _("Trinvis does not know the function “%(name)s()”. It knows: %(known)s."),
                    {"name": name.text, "known": ", ".join(f"{f}()" for f in FUNCTIONS)},
                )
            )
        low, high = FUNCTIONS[name.text]
        if not low <= len(args) <= high:
            raise ExpressionError(
                Problem(
                    _("%(name)s() takes %(count)s argument(s), not %(given)s."),
                    {
                        "name": name.text,
                        "count": low if low == high else f"{low}–{high}",
                        "given": len(args),
                    },
                )
            )
        return ("call", name.text, tuple(args))


@lru_cache(maxsize=1024)
def parse(expression: str) -> Node:
    """The syntax tree of an expression; raises ExpressionError."""
    if not expression.strip():
        raise ExpressionError(Problem(_("The expression is empty.")))
    return _Parser(expression).parse()


def references(node: Node) -> set[str]:
    """The question names an expression refers to."""
    if node[0] == "ref":
        return {node[1]}
    found: set[str] = set()
    for part in node[1:]:
        if isinstance(part, tuple) and part and isinstance(part[0], str):
            found |= references(part)
        elif isinstance(part, tuple):
            for arg in part:
                found |= references(arg)
    return found


def _uses_current(node: Node) -> bool:
    if node[0] == "current":
        return True
    return any(
        isinstance(part, tuple)
        and (
            _uses_current(part)
            if part and isinstance(part[0], str)
            else any(_uses_current(arg) for arg in part)
        )
        for part in node[1:]
    )


def check(
    expression: str,
    *,
    names: Collection[str] | None = None,
    allow_current: bool = True,
) -> list[Problem]:
    """What is wrong with an expression: unreadable, unknown functions, and — when `names`
    (the questionnaire's question names) is given — references to questions that do not
    exist. `.` belongs in constraints only: pass `allow_current=False` for `relevant`."""
    try:
        node = parse(expression)
    except ExpressionError as error:
        return [error.problem]
    problems = []
    if names is not None:
        for name in sorted(references(node) - set(names)):
            problems.append(Problem(_("There is no question named “%(name)s”."), {"name": name}))
    if not allow_current and _uses_current(node):
        problems.append(
            Problem(_("“.” (the answer being checked) can only be used in a constraint."))
        )
    return problems


# --- evaluating --------------------------------------------------------------------------


def _value(answer: Answer) -> Value:
    """An answer as an XPath value: text, number, or (for true()/false()) a boolean."""
    if answer is None:
        return ""
    if isinstance(answer, bool | str):
        return answer
    if isinstance(answer, int | float | Decimal):
        return float(answer)
    return " ".join(str(part) for part in answer)


def _string(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return value


def _number(value: Value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    try:
        return float(value.strip()) if value.strip() else math.nan
    except ValueError:
        return math.nan


def _boolean(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return bool(value)


_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _compare(op: str, left: Value, right: Value) -> bool:
    if op in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            same = _boolean(left) == _boolean(right)
        elif isinstance(left, float) or isinstance(right, float):
            same = _number(left) == _number(right)
        else:
            same = left == right
        return same if op == "=" else not same
    return _NUMERIC[op](_number(left), _number(right))


class _Evaluator:
    def __init__(self, answers: Mapping[str, Answer], current: Answer) -> None:
        self.answers = answers
        self.current = current

    def value(self, node: Node) -> Value:
        kind = node[0]
        if kind == "ref":
            return _value(self.answers.get(node[1]))
        if kind == "current":
            return _value(self.current)
        if kind == "literal":
            return node[1]
        if kind == "and":
            return _boolean(self.value(node[1])) and _boolean(self.value(node[2]))
        if kind == "or":
            return _boolean(self.value(node[1])) or _boolean(self.value(node[2]))
        if kind == "compare":
            return _compare(node[1], self.value(node[2]), self.value(node[3]))
        if kind == "negate":
            return -_number(self.value(node[1]))
        return self.call(node[1], node[2])

    def call(self, name: str, args: tuple[Node, ...]) -> Value:
        values = [self.value(arg) for arg in args]
        if name == "not":
            return not _boolean(values[0])
        if name == "selected":
            return _string(values[1]).strip() in _string(values[0]).split()
        if name == "count-selected":
            return float(len(_string(values[0]).split()))
        if name == "string-length":
            text = _string(values[0]) if values else _string(_value(self.current))
            return float(len(text))
        if name == "true":
            return True
        if name == "false":
            return False
        raise ExpressionError(Problem(_("Unknown function “%(name)s()”."), {"name": name}))


def evaluate(expression: str, answers: Mapping[str, Answer], current: Answer = None) -> bool:
    """The truth of an expression for a response's `answers` (question name → answer: a
    text or choice name, a number, a list of chosen options, or None when unanswered);
    `current` is the answer a constraint checks (`.`). Raises ExpressionError."""
    return _boolean(_Evaluator(answers, current).value(parse(expression)))
