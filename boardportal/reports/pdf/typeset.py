"""Lay out one document with Typst, in a process of its own:

    python typeset.py TEMPLATE DATA.json OUTPUT.pdf [STANDARD]

Typst keeps what it laid out cached in its process (about 3 MB a page here) and
gives none of it back between documents, so the report's PDF is laid out by a
short-lived child process: the memory goes when it exits, and the web or task
worker that asked stays as small as it was. It imports Typst alone, not Django.
"""

import sys
from pathlib import Path

import typst


def main(template: str, data: str, output: str, *standards: str) -> None:
    pdf = typst.compile(
        Path(template).read_bytes(),
        sys_inputs={"data": Path(data).read_text(encoding="utf-8")},
        pdf_standards=list(standards),
    )
    Path(output).write_bytes(pdf)


if __name__ == "__main__":
    main(*sys.argv[1:])
