"""MOU text: Markdown written in the app, rendered to safe HTML.

Raw HTML in the Markdown is not rendered (markdown-it-py with html off), and the result goes
through nh3's allow-list as a second guard, since the text is published to the public. Headings
inside a section start at level 3 (whatever level the text starts at), below the page's h1 and
the section's h2, so the heading order stays right for screen readers.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "a", "hr",
}  # fmt: skip


def render(markdown: str, *, min_heading: int = 3) -> SafeString:
    tokens = _md.parse(markdown or "")
    headings = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    # The text's highest heading becomes `min_heading`, the others keep their distance, so
    # a text that starts at ## does not skip a level.
    top = min((int(t.tag[1]) for t in headings), default=1)
    for token in headings:
        token.tag = f"h{min(6, int(token.tag[1]) - top + min_heading)}"
    html = _md.renderer.render(tokens, _md.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised just above


def stored(html: str) -> SafeString:
    """HTML that `render` made when the text was saved (Section.body_html), marked safe for
    the templates. Only ever given what `render` returned."""
    return mark_safe(html)  # noqa: S308 - sanitised by render() when it was stored
