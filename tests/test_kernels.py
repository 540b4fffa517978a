"""Warm kernels (tools/kernels.py): forked from a server that has made the notebooks' imports, and
otherwise a kernel like any other.

A chapter executed in a warm kernel has exactly the outputs it has in a fresh one, figures
included. A warm kernel runs in its launcher's folder with its launcher's environment, is
interrupted and shut down through it, and does not outlive it. Where no server answers, the same
kernel name gives an ordinary kernel.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from casebook.settings import ROOT
from tools import build, kernels

pytestmark = pytest.mark.kernel

CHAPTER = "book/cases/kem-sokha.ipynb"  # figures, tables, glued values and download files


@pytest.fixture(scope="module")
def server():
    with kernels.warm():
        assert Path(os.environ[kernels.SOCKET_ENV]).exists(), "the server did not start"
        yield


def outputs(stage: Path, kernel: str) -> list:
    notebook = nbformat.read(stage / CHAPTER, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name=kernel,
                   resources={"metadata": {"path": str((stage / CHAPTER).parent)}}).execute()
    return [(cell.execution_count, cell.outputs) for cell in notebook.cells if cell.cell_type == "code"]


def test_a_chapter_has_the_same_outputs_in_a_warm_kernel_as_in_a_fresh_one(server, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBOOK_BUILD", str(tmp_path / "build"))
    build.stage(ROOT, tmp_path / "src")
    fresh, warm = outputs(tmp_path / "src", "python3"), outputs(tmp_path / "src", kernels.KERNEL)
    assert "data:image/svg+xml;base64," in json.dumps(fresh)  # the chapter's figure is among the outputs compared
    assert json.dumps(warm, sort_keys=True) == json.dumps(fresh, sort_keys=True)


def started(env=None, cwd=None):
    manager = KernelManager(kernel_name=kernels.KERNEL)
    manager.start_kernel(env=env or dict(os.environ), cwd=cwd or os.getcwd())
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    return manager, client


def run(client, code: str, timeout=30) -> dict:
    """The reply to `code`, what it printed and the kinds of data it displayed:
    {"status": ..., "stdout": ..., "shown": [...], "ename": ...}."""
    printed, shown = [], []

    def hook(message):
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "display_data":
            shown.extend(message["content"]["data"])

    reply = client.execute_interactive(code, timeout=timeout, output_hook=hook)
    return dict(reply["content"], stdout="".join(printed), shown=shown)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone, only not yet reaped
        return stat.read().split(") ")[-1][0] != "Z"


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_a_warm_kernel_has_its_launcher_s_folder_and_environment_and_fresh_state(server, tmp_path):
    manager, client = started(env=dict(os.environ, CASEBOOK_PROBE="from the launcher"), cwd=str(tmp_path))
    try:
        reply = run(client, "import os, sys; print(os.environ.get('CASEBOOK_PROBE'), os.getcwd(), "
                            "'pandas' in sys.modules, len(In), sep='|')")
        assert reply["status"] == "ok"
        probe, folder, preloaded, history = reply["stdout"].strip().split("|")
        assert (probe, Path(folder)) == ("from the launcher", tmp_path)
        assert preloaded == "True" and history == "2"  # imported in the server, but no cell run before this one
        # pyplot was imported before the kernel existed, yet a figure left open is shown, as in any kernel.
        assert "image/png" in run(client, "import matplotlib.pyplot as plt\nplt.plot([1, 2]);")["shown"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel()


def test_an_interrupt_stops_the_running_cell(server):
    manager, client = started()
    try:
        client.execute("import time; time.sleep(60)")
        while client.get_iopub_msg(timeout=10)["msg_type"] != "execute_input":
            pass  # the cell has started
        time.sleep(0.2)
        start = time.monotonic()
        manager.interrupt_kernel()
        reply = client.get_shell_msg(timeout=10)
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.monotonic() - start < 10
        assert run(client, "print(1 + 1)")["stdout"].strip() == "2"  # and the kernel goes on
    finally:
        client.stop_channels()
        manager.shutdown_kernel()


def test_shutting_down_ends_the_kernel_and_killing_the_launcher_does_too(server):
    manager, client = started()
    pid = int(run(client, "import os; print(os.getpid())")["stdout"])
    assert pid != manager.provisioner.pid  # forked by the server, not the launcher itself
    client.stop_channels()
    start = time.monotonic()
    manager.shutdown_kernel()
    # jupyter_client would terminate a kernel that did not end on request after some seconds.
    assert time.monotonic() - start < 3 and gone_within(pid, 1)

    manager, client = started()
    pid = int(run(client, "import os; print(os.getpid())")["stdout"])
    os.kill(manager.provisioner.pid, signal.SIGKILL)
    try:
        assert gone_within(pid, 5), "the kernel outlived its launcher"
    finally:
        client.stop_channels()
        manager.cleanup_resources()


def test_without_a_server_the_kernel_is_an_ordinary_one(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(kernels.kernelspec(tmp_path / "jupyter")))
    monkeypatch.setenv(kernels.SOCKET_ENV, str(tmp_path / "no-server.sock"))
    manager, client = started()
    try:
        reply = run(client, "import os, sys; print('pandas' in sys.modules, os.getpid())")
        preloaded, pid = reply["stdout"].split()
        assert preloaded == "False" and int(pid) == manager.provisioner.pid  # the launcher became the kernel
    finally:
        client.stop_channels()
        manager.shutdown_kernel()


ORPHAN = """
import os, sys
from jupyter_client.manager import KernelManager
manager = KernelManager(kernel_name=sys.argv[1])
manager.start_kernel(env=dict(os.environ))
client = manager.client()
client.start_channels()
client.wait_for_ready(timeout=60)
printed = []
client.execute_interactive("import os; print(os.getpid())", timeout=30,
                           output_hook=lambda m: printed.append(m["content"].get("text", "")))
print("".join(printed).strip(), flush=True)
os._exit(0)  # gone without shutting its kernel down
"""


def test_a_kernel_whose_client_is_gone_ends(server, tmp_path):
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), kernels.KERNEL], capture_output=True, text=True, timeout=20)
    pid = int(result.stdout.split()[-1])
    assert gone_within(pid, 5), "the kernel outlived its client"
