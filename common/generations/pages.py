"""Whole pages kept across requests (cache.py): the page's own template is rendered once
on a skeleton of base.html's blocks (templates/kept/blocks.html: title, breadcrumbs,
content, scripts), and each request puts those blocks into the layout
(templates/kept/page.html), so the menu, the user's name and the messages of the
moment stay the request's own. The page's template extends `base` (given here) or
"base.html": `{% extends base|default:"base.html" %}`."""

from django.shortcuts import render
from django.utils.safestring import mark_safe

from .cache import kept_part, render_part

SKELETON = "kept/blocks.html"
BLOCK_MARK = "<!--kept-block-->"
BLOCKS = ("title", "breadcrumbs_wrap", "content", "scripts")


def kept_page(request, template_name, scopes, context, name=None, owner=None):
    """The page of `template_name` with `context()` (a function, called only when the
    page is built), kept while `scopes` do not change; for `owner` instead of the person
    when the page shows nothing of her own (cache.kept_text): the template is then
    given no `user`."""

    def build():
        own = {} if owner else {"request": request, "user": request.user}
        return render_part(template_name, {**own, **context(), "base": SKELETON})

    text = kept_part(request, name or template_name, scopes, build, owner=owner)
    blocks = dict(zip(BLOCKS, text.split(BLOCK_MARK), strict=True))
    return render(
        request,
        "kept/page.html",
        {"kept": {part: mark_safe(block) for part, block in blocks.items()}},  # noqa: S308
    )
