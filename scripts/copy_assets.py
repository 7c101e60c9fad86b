"""Copy the front-end files Trinvis serves from node_modules into static_build/vendor.

The copies are build output (git-ignored); `make` runs this after `npm ci`.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
TARGET = ROOT / "static_build" / "vendor"

FILES = {
    "@digdir/designsystemet-css/dist/src/index.css": "designsystemet.css",
    "@digdir/designsystemet-css/dist/theme/designsystemet.css": "designsystemet-theme.css",
    "@digdir/designsystemet-web/dist/umd/index.js": "designsystemet-web.js",
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "vega/build/vega.min.js": "vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega-embed.min.js",
}
# Vega compiles chart expressions with `new Function`, which the CSP forbids; its interpreter
# evaluates them without. The package ships only as an ES module importing vega-util, whose
# functions the vega bundle exposes on `window.vega`: turned into a plain script here.
INTERPRETER = "vega-interpreter/build/vega-interpreter.js"
INTERPRETER_IMPORT = "import { ascending, isString, DisallowedObjectProperties } from 'vega-util';"
INTERPRETER_EXPORT = "export { expression as expressionInterpreter };"
# The packages' source maps are not shipped, so their references go: the production static
# storage (whitenoise's manifest) fails collectstatic on a reference to a missing file.
SOURCE_MAP = re.compile(r"^(//# sourceMappingURL=.*|/\*# sourceMappingURL=.*\*/)$", re.MULTILINE)


def write(name: str, text: str) -> None:
    (TARGET / name).write_text(SOURCE_MAP.sub("", text))


def copy_interpreter() -> None:
    source = (MODULES / INTERPRETER).read_text()
    if INTERPRETER_IMPORT not in source or INTERPRETER_EXPORT not in source:
        raise SystemExit(f"{INTERPRETER} changed shape: update scripts/copy_assets.py")
    body = source.replace(
        INTERPRETER_IMPORT, "const { ascending, isString, DisallowedObjectProperties } = vega;"
    ).replace(INTERPRETER_EXPORT, "window.vegaExpressionInterpreter = expression;")
    write("vega-interpreter.js", f"(function () {{\n{body}\n}})();\n")


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for source, name in FILES.items():
        path = MODULES / source
        if not path.is_file():
            print(f"missing {path}: run npm ci first", file=sys.stderr)
            return 1
        write(name, path.read_text())
    copy_interpreter()
    return 0


if __name__ == "__main__":
    sys.exit(main())
