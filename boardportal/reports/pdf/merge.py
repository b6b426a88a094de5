"""A large report's PDF laid out in parts and joined into one tagged document.

Typst holds a whole document in memory while it lays it out (about 3 MB a page
here), so a report of thousands of programmes is laid out a part at a time, each
part starting a page, and the parts joined with pikepdf: the pages, then each
part's structure tree under the one Document element in reading order (its
marked-content keys moved past the previous parts'), the IDs of its header cells
made unique, and the bookmarks rebuilt with their levels. The footers ("Page n of
N", known only once every part is laid out) are laid out last, as artifacts, and
drawn onto the pages.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

Bookmark = tuple[str, int]  # (title, level: 1 is the top)


def flat_outline(pdf: pikepdf.Pdf) -> list[tuple[str, int]]:
    """A part's bookmarks as (title, page index), in order."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    found: list[tuple[str, int]] = []
    with pdf.open_outline() as outline:

        def walk(items) -> None:
            for item in items:
                target = item.destination
                if target is None and item.action is not None:
                    target = item.action.get("/D")
                page = pages.get(target[0].objgen, 0) if target is not None else 0
                found.append((item.title, page))
                walk(item.children)

        walk(outline.root)
    return found


def structure(root: pikepdf.Dictionary) -> tuple[pikepdf.Dictionary, pikepdf.Dictionary]:
    """A structure tree root and its one Document element."""
    kids = root.K
    return root, (kids[0] if isinstance(kids, pikepdf.Array) else kids)


def numbers(root: pikepdf.Dictionary) -> list[tuple[int, pikepdf.Object]]:
    """A structure tree's parent tree: (key, what the key's content belongs to)."""
    return [(int(key), value) for key, value in pikepdf.NumberTree(root.ParentTree).items()]


def names(root: pikepdf.Dictionary) -> list[tuple[str, pikepdf.Object]]:
    """A structure tree's IDs and their elements (Typst gives each header cell one)."""
    if "/IDTree" not in root:
        return []
    return [(str(name), element) for name, element in pikepdf.NameTree(root.IDTree).items()]


def join(parts: list[Path], bookmarks: list[list[Bookmark]], footers: Path, path: Path) -> None:
    """Join the parts' PDFs (and each its bookmarks, as laid out) into `path`."""
    out = pikepdf.open(parts[0])
    root, document = structure(out.Root.StructTreeRoot)
    # Both trees are gathered as lists and written once, flat, at the end: inserting
    # into pikepdf's trees one entry at a time grows with the tree each time.
    parent_tree: list = [x for key, value in numbers(root) for x in (key, value)]
    ids: list[tuple[str, pikepdf.Object]] = names(root)
    next_key = int(root.get("/ParentTreeNextKey", 0))
    outline: list[tuple[str, int, int]] = []  # (title, level, page)

    def add_bookmarks(pdf: pikepdf.Pdf, marks: list[Bookmark], first_page: int) -> None:
        laid_out = flat_outline(pdf)
        assert len(laid_out) == len(marks), (len(laid_out), len(marks))
        for (title, level), (_, page) in zip(marks, laid_out, strict=True):
            outline.append((title, level, first_page + page))

    add_bookmarks(out, bookmarks[0], 0)
    for number, part_path in enumerate(parts[1:], start=1):
        with pikepdf.open(part_path) as part:
            first_page = len(out.pages)
            add_bookmarks(part, bookmarks[number], first_page)
            out.pages.extend(part.pages)
            # Copied after the pages, so the elements' /Pg point at the copies above.
            part_root = part.Root.StructTreeRoot
            copied_root, copied_document = structure(out.copy_foreign(part_root))
            for kid in copied_document.K:
                if isinstance(kid, pikepdf.Dictionary):
                    kid.P = document
                document.K.append(kid)
            for page in out.pages[first_page:]:
                if "/StructParents" in page.obj:
                    page.obj.StructParents = int(page.obj.StructParents) + next_key
            for key, value in numbers(copied_root):
                parent_tree += [key + next_key, value]
            next_key += int(part_root.get("/ParentTreeNextKey", 0))
            for name, element in names(copied_root):
                unique = f"p{number}-{name}"
                element.ID = pikepdf.String(unique)
                ids.append((unique, element))
    root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(parent_tree)))
    root.ParentTreeNextKey = next_key
    if ids:
        ids.sort(key=lambda pair: pair[0].encode())  # a name tree's keys are in byte order
        flat = [x for name, element in ids for x in (pikepdf.String(name), element)]
        root.IDTree = out.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(flat)))
    draw_footers(out, footers)
    rebuild_outline(out, outline)
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
        metadata["{http://ns.adobe.com/xap/1.0/t/pg/}NPages"] = str(len(out.pages))
    out.save(path)
    out.close()


def draw_footers(out: pikepdf.Pdf, footers: Path) -> None:
    """Draw each page's footer (an artifact, laid out on a page of its own) onto it."""
    with pikepdf.open(footers) as source:
        for page, footer in zip(out.pages, source.pages, strict=True):
            page.add_overlay(footer)


def rebuild_outline(out: pikepdf.Pdf, marks: list[tuple[str, int, int]]) -> None:
    """The bookmarks of every part, nested by level as in one document."""
    with out.open_outline() as outline:
        outline.root.clear()
        parents: list[list] = [outline.root]
        for title, level, page in marks:
            item = pikepdf.OutlineItem(title, page)
            del parents[level:]
            while len(parents) < level:  # never so: headings do not skip a level
                parents.append(parents[-1])
            parents[-1].append(item)
            parents.append(item.children)
