"""Reading reports back: the PDF's text through pdftotext."""

import os
import re
import shutil
import subprocess

import pytest


def pdftotext_available():
    if shutil.which("pdftotext"):
        return True
    if os.environ.get("CI"):
        pytest.fail("CI must have pdftotext (apt-get install poppler-utils)")
    pytest.skip("pdftotext is missing: apt-get install poppler-utils")


def pdf_text(path, *options: str) -> str:
    """The PDF's text; `-layout` keeps table rows on one line, the default reading
    order keeps a wrapped cell together."""
    pdftotext_available()
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text: str) -> str:
    """Text with every space and line break taken out: table cells wrap."""
    return re.sub(r"\s+", "", text)


def pdf_outline(path) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks as (level, title, page), in order, read by pdftohtml."""
    import xml.etree.ElementTree as ET

    pdftotext_available()
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = ET.fromstring(xml)
    found = []

    def walk(outline, level):
        for child in outline:
            if child.tag == "item":
                found.append((level, child.text, int(child.get("page"))))
            elif child.tag == "outline":
                walk(child, level + 1)

    for outline in root.findall("outline"):
        walk(outline, 0)
    return found
