"""Show the notebooks' code in the HTML behind a "show code" toggle instead of removing it.

Every `remove-input` and `remove-cell` tag of the book's notebooks becomes `hide-input`: the
code is folded under a toggle and the cell's output (if any) is shown as before. The notebooks'
sources, outputs and other metadata are left as they are, so the stored outputs still match.

    python tools/show_code.py [NOTEBOOK ...]    # default: every notebook under book/
"""

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = {"remove-input": "hide-input", "remove-cell": "hide-input"}


def show_code(path: Path) -> int:
    """Rewrite one notebook's tags in place; return how many cells changed."""
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    changed = 0
    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if not any(tag in HIDDEN for tag in tags):
            continue
        new = []
        for tag in tags:
            tag = HIDDEN.get(tag, tag)
            if tag not in new:
                new.append(tag)
        cell.metadata["tags"] = new
        changed += 1
    if changed:
        nbformat.write(notebook, path)
    return changed


def main(argv: list[str]) -> int:
    paths = [Path(p).resolve() for p in argv] or sorted((ROOT / "book").rglob("*.ipynb"))
    for path in paths:
        if ".ipynb_checkpoints" in path.parts:
            continue
        count = show_code(path)
        if count:
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {count} cell(s) now hide-input")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
