"""Small text components shared by the pages.

Plain HTML (escaped) rather than ``solara.Markdown``: Solara's Markdown loads KaTeX and
Mermaid from a CDN on every mount, which fails on a machine without internet access even
when the ``solara-assets`` package serves the rest of Solara's front end.
"""

from __future__ import annotations

import html

import solara

__all__ = ["Code", "Heading", "Paragraph"]


@solara.component
def Heading(text: str, level: int = 2, element_id: str = ""):
    """An ``<hN>`` heading (``element_id``: its ``id``)."""
    attributes = {"id": element_id} if element_id else {}
    return solara.HTML(tag=f"h{level}", unsafe_innerHTML=html.escape(text), attributes=attributes)


@solara.component
def Paragraph(text: str, element_id: str = "", style: str | None = None, markup: bool = False):
    """A paragraph of ``text`` (escaped unless ``markup``, for the pages' own HTML)."""
    attributes = {"id": element_id, "data-testid": element_id} if element_id else {}
    inner = text if markup else html.escape(text)
    return solara.HTML(tag="p", unsafe_innerHTML=inner, attributes=attributes, style=style)


@solara.component
def Code(text: str):
    """A block of code."""
    return solara.HTML(tag="pre", unsafe_innerHTML=html.escape(text),
                       style="background: #f5f5f5; padding: 8px; overflow-x: auto")  # fmt: skip
