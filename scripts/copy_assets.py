"""Copy the front-end files Trinvis serves from node_modules into static_build/vendor.

The copies are build output (git-ignored); `make` runs this after `npm ci`.
"""

import shutil
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
}


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for source, name in FILES.items():
        path = MODULES / source
        if not path.is_file():
            print(f"missing {path}: run npm ci first", file=sys.stderr)
            return 1
        shutil.copyfile(path, TARGET / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
