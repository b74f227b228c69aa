"""Executes a notebook in its kernel, like `jupyter nbconvert --execute`, but
waits briefly after each cell's `status: idle` for outputs of that cell.

Why: Deno's Jupyter kernel sometimes publishes a cell's execute_result just
after `status: idle` (seen in 8 of 60 executions of a one-line cell). nbclient
stops listening at idle, so the cell's figure or table was silently lost from
notebooks executed headless. Interactive front-ends are not affected.

After a successful execution the first code cell gains one more output line, the wall time of this
execution and its date, so a reader sees what the committed outputs cost (runs already cached under
results/ are read, not retrained, and the line says so).

Usage: /usr/bin/python3 scripts/execute_notebook.py IN.ipynb OUT.ipynb [timeout_s] [kernel]
"""
import datetime
import os
import queue
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError
from nbclient.util import ensure_async

GRACE_S = 0.3


class GraceClient(NotebookClient):
    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    break
        deadline = time.monotonic() + GRACE_S
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    pass


def stamp_wall_time(nb, seconds):
    """Appends this execution's wall time and date to the first code cell's outputs."""
    first = next((c for c in nb.cells if c.cell_type == "code"), None)
    if first is None:
        return
    day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    text = (f"wall time of this execution: {seconds / 60:.1f} min, executed {day} "
            "(runs already in the results folder were read, not trained)\n")
    first.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text))


def main():
    src, dst = sys.argv[1], sys.argv[2]
    timeout = int(sys.argv[3]) if len(sys.argv) > 3 else 7200
    kernel = sys.argv[4] if len(sys.argv) > 4 else "deno"
    nb = nbformat.read(src, as_version=4)
    client = GraceClient(nb, timeout=timeout, kernel_name=kernel, resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
    t0 = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:
        nbformat.write(nb, dst)
        print(str(e), file=sys.stderr)
        sys.exit(1)
    stamp_wall_time(nb, time.monotonic() - t0)
    nbformat.write(nb, dst)


if __name__ == "__main__":
    main()
