"""Do the kernels the kit starts run encrypted (starting without a warning), and go when done?"""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from dxquest.kernel_config import kernel_config


def test_a_kit_kernel_gets_keys_and_starts_without_the_tcp_warning(capfd):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    client = NotebookClient(nb, kernel_name="python3", config=kernel_config())
    manager = client.create_kernel_manager()
    client.execute()
    assert nb.cells[0].outputs[0]["text"] == "42\n"
    assert manager.curve_secretkey, "the kernel got no CurveZMQ keys"
    assert "without encryption" not in capfd.readouterr().err


def test_a_kit_kernel_is_gone_when_its_notebook_has_run():
    """Stopped at once rather than asked to shut down (kernel_config): nothing may stay behind."""
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import os; print(os.getpid())")]
    )
    NotebookClient(nb, kernel_name="python3", config=kernel_config()).execute()
    pid = int(nb.cells[0].outputs[0]["text"])
    assert not Path(f"/proc/{pid}").exists()
