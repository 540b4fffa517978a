"""Build the book, executing only the notebooks whose inputs changed.

    python -m tools.build                 # make book: execute what changed, then build the HTML
    python -m tools.build --stage-only    # only lay out the source to build (make test, before nbval)
    python -m tools.build --adopt         # keep the staged outputs for their keys (make test, after nbval)
    python -m tools.build --execute-in-place [NOTEBOOK...]   # make execute: refresh committed outputs

The book is built from a copy of its source in `_build/src` (the stage), never from the checkout,
so everything a build writes (executed notebooks, download files, the bibliography) lands in the
build folder. Jupyter Book's own execution is off there: notebooks arrive already executed.

What a notebook's outputs depend on is named by one content key: its code cells and kernel, the
data package, the evidence archive, the library's source, the pinned requirements, the book's
configuration and table of contents, and the settings read from the environment. An executed
notebook is kept under its key in `_build/.cache/notebooks`, with the download files its outputs
link to. A notebook whose key is in the cache is not executed again; any change to any byte of
those inputs is a new key, so a cached result is never stale. Notebooks that do need executing
run in parallel with nbclient, two per core, longest first.

The HTML is rebuilt only when the stage differs from the one last built; with nothing changed, the
build ends before Jupyter Book starts.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

from casebook import settings

ROOT = settings.ROOT
# The source of the book, as the stage mirrors it, with the files its pages offer for download
# (the data package is the one the build reads: $CASEBOOK_DATA, else data/).
SOURCE = ("_config.yml", "_toc.yml", "_static", "book", "CITATION.cff", "LICENSE.md")
SKIP_DIRS = {"_downloads", ".ipynb_checkpoints", "__pycache__", "_build"}
GENERATED = ("book/references.bib",)  # written into the stage by the build itself (casebook.render.site)
# Files whose content every notebook's outputs may depend on, besides the data and the archive.
PROJECT_INPUTS = ("requirements.txt", "pyproject.toml", "_config.yml", "_toc.yml", "CITATION.cff", "LICENSE.md")
ENVIRONMENT = ("CASEBOOK_BASEURL", "CASEBOOK_REPOSITORY", "CASEBOOK_BRANCH", "CASEBOOK_JUPYTERLITE")
TIMEOUT = 300
# Every page is written on each build that happens at all (--all): pages that summarise others (the
# landing page, the sitemap) would otherwise keep what an earlier build wrote.
BOOK_FLAGS = ["--all", "--warningiserror", "--nitpick", "--keep-going"]
# The kernel's notice about its local transport, not a warning about the book.
KERNEL_NOTICE = "[IPKernelApp] WARNING | Kernel is running over TCP without encryption"


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _tree(folder: Path, label: str) -> list[bytes]:
    """Name and content digest of every file under `folder` (nothing if it does not exist)."""
    if not folder.is_dir():
        return [f"{label}: absent ({folder})".encode()]
    return [f"{label}/{path.relative_to(folder).as_posix()}".encode() + hashlib.sha256(path.read_bytes()).digest()
            for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]


def _library_and_project(root: Path = ROOT) -> list[bytes]:
    """The library's source, the project files in PROJECT_INPUTS and the settings from the
    environment: what both the notebooks' outputs and the HTML depend on."""
    parts = _tree(settings.ROOT / "casebook", "casebook")
    parts += [name.encode() + (root / name).read_bytes() for name in PROJECT_INPUTS if (root / name).is_file()]
    return parts + [f"{name}={os.environ.get(name, '')}".encode() for name in ENVIRONMENT]


def inputs_key(root: Path = ROOT) -> str:
    """The content key of everything a notebook reads besides its own code."""
    parts = _tree(settings.data_dir(), "data") + _tree(settings.archive_dir(), "archive")
    return _digest(*parts, *_library_and_project(root))


def notebook_key(path: Path, inputs: str) -> str:
    """The content key of one notebook's outputs: its code cells and kernel, and the inputs."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            for cell in notebook["cells"] if cell["cell_type"] == "code"]
    kernel = notebook.get("metadata", {}).get("kernelspec", {}).get("name", "")
    return _digest(inputs.encode(), kernel.encode(), json.dumps(code).encode())


# --- the stage -----------------------------------------------------------------------------------

def _source_files(root: Path) -> dict[str, Path]:
    data = settings.data_dir()
    files = {f"data/{path.name}": path for path in sorted(data.iterdir()) if path.is_file()}
    for name in SOURCE:
        path = root / name
        if path.is_file():
            files[name] = path
        elif path.is_dir():
            for item in sorted(path.rglob("*")):
                relative = item.relative_to(root)
                if item.is_file() and not SKIP_DIRS & set(relative.parts) and relative.as_posix() not in GENERATED:
                    files[relative.as_posix()] = item
    return files


def _put(target: Path, content: bytes) -> bool:
    """Write `content` unless the file already holds it (an unchanged file keeps its time)."""
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return True


def _stage_config(text: str) -> bytes:
    """The book's configuration for the stage: notebooks arrive executed, so execution is off."""
    config = yaml.safe_load(text)
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode()


def _notebooks_in(files) -> list[str]:
    return sorted(name for name in files if name.endswith(".ipynb"))


def notebooks(root: Path = ROOT) -> list[str]:
    """The book's notebooks, as paths from the stage's root (what `stage` lays out)."""
    return _notebooks_in(_source_files(root))


def stage(root: Path, target: Path) -> list[str]:
    """Mirror the book's source into `target`; notebooks as committed. Returns the notebooks."""
    files = _source_files(root)
    for name, path in files.items():
        content = path.read_bytes()
        _put(target / name, _stage_config(content.decode()) if name == "_config.yml" else content)
    kept = set(files) | set(GENERATED)
    for item in sorted(target.rglob("*"), reverse=True):
        relative = item.relative_to(target)
        if item.is_file() and relative.as_posix() not in kept and not SKIP_DIRS & set(relative.parts):
            item.unlink()
    return _notebooks_in(files)


# --- executing, and the cache ---------------------------------------------------------------------

def _execute(path: str) -> tuple[str, float, str]:
    """Execute one notebook in its own folder, in place, in the kernel its metadata names.
    Returns (path, seconds, error or '')."""
    import nbformat
    from nbclient import NotebookClient

    start = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    # The kernel's start-up notices go to this process's standard error; a cell's errors are in
    # the exception below, so the notices are dropped rather than interleaved from every kernel.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    try:
        NotebookClient(notebook, timeout=TIMEOUT,
                       resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    except Exception as err:
        return path, time.perf_counter() - start, f"{type(err).__name__}: {str(err).strip()[-2000:]}"
    nbformat.write(notebook, path)
    return path, time.perf_counter() - start, ""


def last_run_seconds(path: Path) -> float:
    """How long the notebook's cells took when its stored outputs were made (nbclient records
    when each cell started and finished); 0 when it holds no such record."""
    from datetime import datetime

    total = 0.0
    for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            start, end = (datetime.fromisoformat(timing[k]) for k in ("iopub.execute_input", "shell.execute_reply"))
            total += (end - start).total_seconds()
    return total


def execute_all(paths: list[Path], jobs: int) -> dict[Path, float]:
    """Execute notebooks in place, `jobs` at a time, longest first (by how long each took when
    its stored outputs were made, so that no long one starts last); exits naming every notebook
    that failed."""
    if not paths:
        return {}
    import nbclient  # noqa: F401 - imported once here, before the workers fork, not in each of them
    import nbformat  # noqa: F401

    order = sorted(paths, key=last_run_seconds, reverse=True)
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(paths)))) as pool:
        results = list(pool.map(_execute, [str(p) for p in order]))
    failed = [f"{path}: {error}" for path, _, error in results if error]
    if failed:
        sys.exit("these notebooks stopped with an error:\n" + "\n\n".join(failed))
    return {Path(path): seconds for path, seconds, _ in results}


class Cache:
    """Executed notebooks by content key, each with the download files its outputs link to."""

    def __init__(self, folder: Path):
        self.folder = folder

    def has(self, key: str) -> bool:
        return (self.folder / key / "notebook.ipynb").is_file()

    def store(self, key: str, notebook: Path, stage_root: Path) -> None:
        entry = self.folder / f"{key}.partial"
        shutil.rmtree(entry, ignore_errors=True)
        entry.mkdir(parents=True)
        shutil.copyfile(notebook, entry / "notebook.ipynb")
        shutil.rmtree(self.folder / key, ignore_errors=True)
        entry.rename(self.folder / key)  # complete entries only: an interrupted store leaves none

    def restore(self, key: str, notebook: Path, stage_root: Path) -> None:
        """Give the staged notebook the cached outputs of its code cells; its prose stays as the
        source has it now (the key covers code only, so an edited paragraph needs no execution)."""
        entry = self.folder / key
        _put(notebook, with_outputs(notebook, entry / "notebook.ipynb"))


def with_outputs(source: Path, executed: Path) -> bytes:
    """`source` with the outputs, execution counts and kernel details of `executed`, a run of the
    same code cells."""
    import nbformat

    notebook, run = nbformat.read(source, as_version=4), nbformat.read(executed, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    done = [cell for cell in run.cells if cell.cell_type == "code"]
    if [cell.source for cell in code] != [cell.source for cell in done]:
        raise ValueError(f"{executed} is not a run of the code in {source}")
    for cell, ran in zip(code, done):
        cell.outputs, cell.execution_count = ran.outputs, ran.execution_count
        cell.metadata = ran.metadata
    notebook.metadata = run.metadata
    return (nbformat.writes(notebook) + "\n").encode()


def bring_up_to_date(stage_root: Path, notebooks: list[str], cache: Cache, jobs: int) -> tuple[int, int, float]:
    """Give every staged notebook the outputs of its current inputs: from the cache, or by
    executing it (in parallel). Returns (taken from the cache, executed, seconds executing)."""
    inputs = inputs_key()
    keys = {name: notebook_key(stage_root / name, inputs) for name in notebooks}
    missing = [name for name in notebooks if not cache.has(keys[name])]
    start = time.perf_counter()
    execute_all([stage_root / name for name in missing], jobs)
    for name in missing:
        cache.store(keys[name], stage_root / name, stage_root)
    seconds = time.perf_counter() - start
    for name in notebooks:
        cache.restore(keys[name], stage_root / name, stage_root)
    return len(notebooks) - len(missing), len(missing), seconds


def adopt(stage_root: Path, notebooks: list[str], cache: Cache) -> None:
    """Keep the staged notebooks' committed outputs as the cache's result for their keys. Only
    after nbval has shown, in this same stage, that a fresh run reproduces them."""
    inputs = inputs_key()
    for name in notebooks:
        cache.store(notebook_key(stage_root / name, inputs), stage_root / name, stage_root)


# --- the HTML ------------------------------------------------------------------------------------

def html_key(stage_root: Path) -> str:
    """Everything the HTML is made from: the staged source, the library (the Sphinx extension),
    the pinned toolchain and the settings from the environment."""
    generated = {f"stage/{name}".encode() for name in GENERATED}
    parts = [part for part in _tree(stage_root, "stage") if part[:-32] not in generated]
    parts += [str(settings.data_dir()).encode(), " ".join(BOOK_FLAGS).encode()]
    return _digest(*parts, *_library_and_project())


def html_folder(build: Path) -> Path:
    """Where the HTML of a build folder goes: Jupyter Book adds _build/html to the folder it is
    given, so a build folder named _build is given as its parent."""
    return (build.parent if build.name == "_build" else build) / "_build" / "html"


def build_html(stage_root: Path, out: Path, log: Path) -> None:
    """`jupyter-book build` on the stage, strict: any warning fails it. The log is kept in `log`."""
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(stage_root),
                             "--path-output", str(out), *BOOK_FLAGS], capture_output=True, text=True, cwd=ROOT)
    text = result.stdout + result.stderr
    log.write_text(text, encoding="utf-8")
    warnings = [line for line in text.splitlines() if "WARNING" in line and not line.startswith(KERNEL_NOTICE)]
    if result.returncode != 0 or warnings:
        sys.exit(text[-6000:] + f"\nthe book did not build cleanly ({len(warnings)} warning(s)); the log is {log}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build", description=__doc__.splitlines()[0])
    parser.add_argument("--stage-only", action="store_true", help="only lay out the source to build")
    parser.add_argument("--adopt", action="store_true",
                        help="keep the staged notebooks' outputs in the cache (after nbval passed on the stage)")
    parser.add_argument("--execute-in-place", nargs="*", metavar="NOTEBOOK",
                        help="execute these notebooks (default: all) and store their outputs in the checkout")
    parser.add_argument("--out", type=Path, default=None,
                        help="the build folder (default: $CASEBOOK_BUILD, else _build); the HTML goes into its html/ "
                             "when it is named _build, else into its _build/html/")
    # Twice the cores: a notebook's client spends much of its time waiting on its kernel (start,
    # replies, shutdown), time another notebook's kernel can compute in.
    parser.add_argument("--jobs", type=int, default=2 * (os.cpu_count() or 1), help="notebooks executed at once")
    args = parser.parse_args(argv)

    build = (args.out or settings.build_dir()).resolve()
    stage_root, cache = build / "src", Cache(build / ".cache" / "notebooks")
    start = time.perf_counter()
    notebooks = stage(ROOT, stage_root)

    if args.execute_in_place is not None:
        chosen = [Path(p).resolve().relative_to(ROOT).as_posix() for p in args.execute_in_place] or notebooks
        timings = execute_all([stage_root / name for name in chosen], args.jobs)
        inputs = inputs_key()
        for name in chosen:
            shutil.copyfile(stage_root / name, ROOT / name)
            cache.store(notebook_key(stage_root / name, inputs), stage_root / name, stage_root)
        slowest = max(timings.items(), key=lambda item: item[1])
        print(f"executed {len(chosen)} notebook(s) in {time.perf_counter() - start:.1f} s "
              f"(slowest: {slowest[0].relative_to(stage_root)}, {slowest[1]:.1f} s); commit their outputs")
        return 0
    if args.stage_only:
        print(f"staged {len(notebooks)} notebooks in {stage_root}")
        return 0
    if args.adopt:
        adopt(stage_root, notebooks, cache)
        print(f"kept the outputs of {len(notebooks)} notebooks for their current inputs")
        return 0
    cached, executed, seconds = bring_up_to_date(stage_root, notebooks, cache, args.jobs)
    print(f"notebooks: {cached} unchanged (outputs from the cache), {executed} executed"
          + (f" in {seconds:.1f} s" if executed else ""))

    html, stamp = html_folder(build), build / ".cache" / "html-key"
    path_output = html.parent.parent
    key = html_key(stage_root)
    if (html / "index.html").is_file() and stamp.is_file() and stamp.read_text() == key:
        print(f"HTML: nothing changed since the last build ({html})")
    else:
        stamp.unlink(missing_ok=True)
        build_html(stage_root, path_output, html.parent / "build.log")
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(key)
        print(f"HTML: built into {html}")
    print(f"done in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
