"""Python kernels that start warm: forked from a process that has already imported what the
notebooks import.

A notebook's own cells take about as long as starting its kernel and importing pandas, matplotlib
and the library. Those imports are the same for every notebook, so one process (the server) makes
them once and forks a kernel for each notebook that asks. A forked kernel is an ordinary IPython
kernel in a process of its own, as fresh as a new one: it has run no cell, only imports, and reads
the data and the settings from its own environment when its cells ask for them.

    python -m tools.kernels run -- COMMAND ...   # COMMAND's "casebook-warm" kernels are forked

Inside `run`, or a `warm()` block (tools/build.py executes notebooks in one), the kernel named
KERNEL is found through JUPYTER_PATH: jupyter_client starts its launcher (this file, run as a script) as it would start
any kernel, and the launcher asks the server to fork the kernel. The launcher lives as long as the
kernel, passes signals on to it, and exits with its exit code; the kernel exits when the launcher
is killed. Where no server answers, the launcher starts an ordinary kernel instead.

This file's top level imports only the standard library: the launcher starts with `python -I -S`.
"""

import contextlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

KERNEL = "casebook-warm"
SOCKET_ENV = "CASEBOOK_KERNEL_SOCKET"
INLINE = "module://matplotlib_inline.backend_inline"
# What the notebooks import (besides the standard library), made once in the server, with what
# their cells import on first use: glue's notebook format, the figure backends, pandas' HTML and CSV
# writers. Not frictionless, which one notebook needs (the dataset's downloads) and the others not.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "IPython.display", "pandas", "matplotlib.pyplot",
           "matplotlib.backends.backend_agg", "matplotlib.backends.backend_svg", "PIL.Image",
           "pandas.io.formats.style", "pandas.io.formats.csvs", "myst_nb", "myst_nb.ext.glue",
           "casebook", "casebook.views.cases", "casebook.views.display", "casebook.views.figures",
           "casebook.views.patterns", "casebook.views.evidence", "casebook.views.summaries",
           "casebook.views.landing", "casebook.views.explorer", "casebook.render.bibliography",
           "casebook.render.citation", "casebook.render.downloads", "casebook.render.pages")
RELAYED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)


def _send(conn: socket.socket, message: dict, fds: list[int] = ()) -> None:
    payload = json.dumps(message).encode()
    data = struct.pack("!I", len(payload)) + payload
    sent = socket.send_fds(conn, [data], list(fds))
    conn.sendall(data[sent:])


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 65536, 3)
    try:
        while len(data) < 4 or len(data) < 4 + (size := struct.unpack("!I", data[:4])[0]):
            more = conn.recv(65536)
            if not more:
                raise ConnectionError("the request ended early")
            data += more
        if len(fds) != 3:
            raise ConnectionError("the request came without its three standard streams")
        return json.loads(data[4:4 + size]), fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


# --- the launcher: what jupyter_client starts ----------------------------------------------------

def launch(args: list[str]) -> int:
    """Ask the server for a kernel with these arguments (`-f CONNECTION_FILE`), then stand for
    it: pass signals on, and exit when it exits, with its code."""
    # Signals wait until the kernel's process group is known, then go to it.
    signal.pthread_sigmask(signal.SIG_BLOCK, RELAYED)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(os.environ[SOCKET_ENV])
    except (KeyError, OSError):  # no server: an ordinary kernel, started the ordinary way
        signal.pthread_sigmask(signal.SIG_UNBLOCK, RELAYED)
        python = sys.executable
        os.execv(python, [python, "-m", "ipykernel_launcher", *args])
    _send(conn, {"args": args, "cwd": os.getcwd(), "env": dict(os.environ)}, [0, 1, 2])
    replies = conn.makefile("r")
    first = replies.readline().split()
    if first[:1] != ["pid"]:
        return 1  # the server closed without starting a kernel
    group = int(first[1])

    def relay(signum, _frame):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signum)

    for signum in RELAYED:
        signal.signal(signum, relay)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, RELAYED)
    # A kernel whose client is gone without shutting it down exits, as an ordinary one does.
    parent = os.getppid()
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    for line in replies:
        if line.startswith("exit "):
            return int(line.split()[1])
    return 1  # the kernel died without a word (killed)


def _exit_when_orphaned(parent: int) -> None:
    """The launcher's end (closing its connection ends the kernel) once its parent is gone."""
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


# --- the server: imports once, forks a kernel per request -------------------------------------------

def serve(path: str) -> None:
    """Import PRELOAD, then fork a kernel for each launcher that connects to `path`."""
    import gc
    import importlib

    # The kernels share the server's memory until they write to it. The garbage collector would
    # write to every object it inspects, so the imported objects are set aside from it (as the
    # gc module's documentation advises for a process that forks without exec).
    gc.disable()
    os.environ.setdefault("MPLBACKEND", INLINE)  # as ipykernel sets it, before matplotlib reads it
    for name in PRELOAD:
        importlib.import_module(name)
    gc.freeze()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("ready", flush=True)
    me = os.getpid()
    try:
        while True:
            conn, _ = server.accept()
            conn.settimeout(10)  # a launcher that stalls mid-request does not hold up the others
            try:
                request, fds = _receive(conn)
            except (OSError, ValueError):
                conn.close()
                continue
            conn.settimeout(None)
            if os.fork() == 0:
                server.close()
                _be_kernel(conn, request, fds)  # never returns
            conn.close()
            for fd in fds:
                os.close(fd)
    finally:
        if os.getpid() == me:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _exit_with_launcher(conn: socket.socket) -> None:
    try:
        conn.recv(1)
    finally:
        os.killpg(0, signal.SIGKILL)  # the kernel and whatever it started


def _be_kernel(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked child: become the kernel the launcher asked for, in its folder, with its
    environment and standard streams; report the exit code and leave."""
    import gc
    import random
    import traceback

    gc.enable()
    code = 1
    try:
        # A process group of its own, as jupyter_client gives a kernel it starts: signals from the
        # launcher reach the kernel and whatever it started, and none from the server's terminal do.
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["ipykernel_launcher", *request["args"]]
        sys.path[0] = request["cwd"]
        random.seed()
        if "numpy" in sys.modules:  # the legacy global generator, seeded anew as in a new process
            sys.modules["numpy"].random.seed()
        conn.sendall(f"pid {os.getpid()}\n".encode())
        # The launcher sends nothing more: the end of the connection means it is gone.
        threading.Thread(target=_exit_with_launcher, args=(conn,), daemon=True).start()

        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        # Read from the environment when ipykernel was imported, in the server: read it again.
        app.parent_handle = int(os.environ.get("JPY_PARENT_PID") or 0)
        app.initialize(request["args"])
        app.start()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - the kernel's own failure, printed where a kernel prints it
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
            conn.sendall(f"exit {code}\n".encode())
        os._exit(code)


# --- starting and stopping the server ---------------------------------------------------------

def kernelspec(folder: Path) -> Path:
    """Write the kernel spec of KERNEL under `folder` (a JUPYTER_PATH entry); returns `folder`."""
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-I", "-S", str(Path(__file__).resolve()), "launch", "-f", "{connection_file}"],
        "display_name": "Python 3 (casebook, warm)", "language": "python",
        "interrupt_mode": "signal", "metadata": {"debugger": False}}, indent=1))
    return folder


@contextlib.contextmanager
def warm():
    """For as long as the block runs, the kernel named KERNEL can be asked for by this process and
    the processes it starts, and is forked by a server started here (or by the server of an
    enclosing block or `run`). Where the server cannot start, KERNEL is an ordinary kernel."""
    if _answers(os.environ.get(SOCKET_ENV)):
        yield
        return
    saved = {name: os.environ.get(name) for name in (SOCKET_ENV, "JUPYTER_PATH")}
    with tempfile.TemporaryDirectory(prefix="casebook-kernels-") as folder:
        path, server = str(Path(folder) / "server.sock"), None
        try:
            os.environ.pop(SOCKET_ENV, None)
            os.environ["JUPYTER_PATH"] = os.pathsep.join(
                filter(None, [str(kernelspec(Path(folder) / "jupyter")), saved["JUPYTER_PATH"]]))
            server = subprocess.Popen([sys.executable, "-Xfrozen_modules=off", "-m", "tools.kernels", "serve", path],
                                      stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1])
            if any(line.strip() == "ready" for line in server.stdout):  # else it stopped: kernels are ordinary
                os.environ[SOCKET_ENV] = path
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            if server:
                server.terminate()
                server.wait()


def _answers(path: str | None) -> bool:
    """Is a server listening at `path`?"""
    if not path:
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(path)
        except OSError:
            return False
    return True


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["launch"]:
        return launch(argv[1:])
    if argv[:1] == ["serve"]:
        serve(argv[1])
        return 0
    if argv[:1] == ["run"]:
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        with warm():
            process = subprocess.Popen(command)
            while True:  # an interrupt goes to the command too, and it is given time to finish
                try:
                    return process.wait()
                except KeyboardInterrupt:
                    continue
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
