#!/usr/bin/env python3
"""Independent checks of Justera's PDFs.

For each file: `qpdf --check` is clean; `pdffonts` lists every font as embedded; `pdfinfo`
says Tagged: yes and has a metadata stream; pikepdf reads PDF/A part 2, conformance A and
PDF/UA part 1 from the XMP metadata, and the document language is sv-SE.

Usage: check_pdf.py FILE.pdf [FILE.pdf ...]
Exit 0 when every check passes, 1 on a failed check, 3 when a tool is missing.
"""
import shutil
import subprocess
import sys

for tool in ("qpdf", "pdffonts", "pdfinfo"):
    if shutil.which(tool) is None:
        print(f"missing tool: {tool}", file=sys.stderr)
        sys.exit(3)
try:
    import pikepdf  # type: ignore
except ImportError:
    print("missing Python package: pikepdf", file=sys.stderr)
    sys.exit(3)


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def check(path):
    problems = []
    q = run("qpdf", "--check", path)
    if q.returncode != 0 or "No syntax or stream encoding errors" not in q.stdout:
        problems.append(f"qpdf --check: {q.stdout.strip()} {q.stderr.strip()}")
    fonts = run("pdffonts", path).stdout.splitlines()[2:]
    if not fonts:
        problems.append("pdffonts: no fonts")
    for line in fonts:
        cols = line.split()
        # name type... emb sub uni object ID: emb is the 5th column from the end.
        if len(cols) < 6 or cols[-5] != "yes":
            problems.append(f"font not embedded: {line}")
    info = run("pdfinfo", path).stdout
    if "Tagged:          yes" not in info:
        problems.append("pdfinfo: not tagged")
    if "Metadata Stream: yes" not in info:
        problems.append("pdfinfo: no metadata stream")
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        part = meta.get("pdfaid:part")
        conformance = meta.get("pdfaid:conformance")
        ua = meta.get("pdfuaid:part")
        if part != "2" or conformance != "A":
            problems.append(f"XMP PDF/A: part={part} conformance={conformance}")
        if ua != "1":
            problems.append(f"XMP PDF/UA: part={ua}")
        lang = str(pdf.Root.get("/Lang", ""))
        if lang != "sv-SE":
            problems.append(f"document language {lang!r}")
        if "/StructTreeRoot" not in pdf.Root:
            problems.append("no structure tree")
        if "/Outlines" not in pdf.Root:
            problems.append("no outline")
    return problems


failed = False
for path in sys.argv[1:]:
    problems = check(path)
    if problems:
        failed = True
        print(f"{path}:")
        for p in problems:
            print(f"  {p}")
    else:
        print(f"{path}: PDF/A-2a, PDF/UA-1, tagged, fonts embedded, qpdf clean")
sys.exit(1 if failed else 0)
