#!/usr/bin/env python3
"""Execute one notebook headlessly with the project's kernel and export it as self-contained HTML.

Jupyter (nbclient + nbconvert) is only the driver here; every computation runs in the
TypeScript kernel. Why not plain `jupyter nbconvert --execute`: after a failing cell tslab
aborts the following requests and nbconvert then prints only `<Error>:`; this script finds
the failing cell and prints its real error, then exits non-zero without writing a report.

Exit codes: 0 ok, 3 a cell raised an error, 4 the kernel died or timed out, 2 bad arguments.
"""
import argparse
import os
import re
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# nbconvert's lab template loads require.js and MathJax from a CDN (Debian: from /usr/share); a report must work
# offline and needs neither (figures carry their own plotly.js), so external scripts go.
EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\ssrc=\"(?:https?|file)://[^\"]*\"[^>]*>\s*</script>\s*", re.I)


def error_text(cell):
    """The error a cell produced: an `error` output, else what it wrote to stderr (tslab reports
    compile errors and uncaught exceptions as a stderr stream)."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            tb = "\n".join(out.get("traceback", [])) or out.get("evalue", "")
            return f"{out.get('ename', 'Error')}: {out.get('evalue', '')}", tb
    err = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr")
    if err.strip():
        lines = [l for l in ANSI.sub("", err).splitlines() if l.strip()]
        # Node prints the source line and a caret before "Error: …"; report the error line itself.
        head = next((l.strip() for l in lines if re.match(r"^\s*(\w*Error|\d+:\d+ - |error)", l)), lines[0].strip())
        return head, err
    return None, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--kernel", default="carbon-ledger")
    ap.add_argument("--html", required=True, help="report file to write")
    ap.add_argument("--cwd", default=os.getcwd())
    ap.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    ap.add_argument("--footer", default="", help="HTML appended at the end of the report body")
    args = ap.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout, resources={"metadata": {"path": args.cwd}}, record_timing=False)
    current = {"index": None}

    def on_cell_start(cell, cell_index, **kwargs):
        current["index"] = cell_index

    client.on_cell_start = on_cell_start
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        name = os.path.basename(args.notebook)
        i = current["index"]
        if i is not None:
            cell = nb.cells[i]
            head, tb = error_text(cell)
            if head is None:
                head, tb = type(e).__name__, str(e)
            tb = ANSI.sub("", tb)
            code_cells = [c for c in nb.cells[: i + 1] if c.cell_type == "code"]
            sys.stderr.write(f"notebook {name}, cell {i + 1} (code cell {len(code_cells)}): {ANSI.sub('', head)}\n")
            src = cell.source if len(cell.source) < 2000 else cell.source[:2000] + "…"
            sys.stderr.write("---- cell source ----\n" + src + "\n---- error ----\n" + (tb or "(no traceback)") + "\n")
            return 3
        sys.stderr.write(f"notebook {name}: {type(e).__name__}: {ANSI.sub('', str(e))}\n")
        return 4

    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    body = EXTERNAL_SCRIPT.sub("", body)
    if args.footer:
        body = body.replace("</body>", args.footer + "\n</body>", 1)
    tmp = args.html + ".tmp-%d" % os.getpid()
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(body)
    os.replace(tmp, args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
