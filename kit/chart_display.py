"""Charts shown in a notebook with alternative text from their description.

JupyterLab draws a chart's PNG as an ``<img>`` without alternative text
(its image renderer reads no ``alt`` from the output's metadata), so a
screen reader meets an unlabelled image. When a kit chart function has drawn
on a figure, :func:`register` makes IPython show that figure also as HTML:
``<figure><img alt="..."></figure>``, the alt text being the chart's
description (:func:`kit.describe_chart`). Front ends that prefer HTML
(JupyterLab, Notebook 7, VS Code) show that; the plain PNG stays in the
output for the others. Figures without a kit description are left alone.

``kit.charts`` calls :func:`register` when it is imported and each time it
describes a chart, so lessons 3, 5 and 6 need no extra call (the charts of
``kit.listen`` describe themselves the same way); it does nothing outside
IPython.
"""

from __future__ import annotations

import html
import sys
import time

#: A PNG made for the HTML output is reused for the PNG output of the same
#: display call (IPython asks for text/html first), if no older than this.
_REUSE_S = 5.0


def chart_description(fig) -> str | None:
    """The descriptions of the kit charts on ``fig``, in order, once each."""
    seen: list[str] = []
    for ax in getattr(fig, "axes", []):
        text = getattr(ax, "kit_description", None)
        if isinstance(text, str) and text.strip() and text not in seen:
            seen.append(text)
    return " ".join(" ".join(t.split()) for t in seen) or None


def figure_html(png_base64: str, alt: str, width=None, height=None) -> str:
    """A figure holding the PNG, with ``alt`` as its alternative text."""
    size = "".join(f' {k}="{int(v)}"' for k, v in (("width", width), ("height", height)) if v)
    return (f'<figure class="kit-chart" style="margin:0">'
            f'<img src="data:image/png;base64,{png_base64}" alt="{html.escape(alt, quote=True)}"{size}>'
            f'</figure>')


def _png_formatter(shell):
    from IPython.core.pylabtools import print_figure

    fmt = shell.display_formatter.formatters["image/png"]
    try:
        from matplotlib.figure import Figure

        found = fmt.lookup_by_type(Figure)
    except KeyError:
        found = None
    if found is None or getattr(found, "_kit_wrapped", False):
        found = getattr(found, "_kit_inner", None) or (lambda fig: print_figure(fig, "png", base64=True))
    return found


def register(shell=None) -> bool:
    """Show figures drawn by kit charts with alt text in this IPython session.

    Safe to call again. Returns False outside IPython.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")  # a notebook's kernel has imported it already
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    _install(shell)
    # matplotlib's inline backend drops every Figure formatter when it starts
    # (on the first chart of a session) or changes settings: put ours back
    # after each cell, before the inline backend shows the cell's figures.
    events = getattr(shell, "events", None)
    if events is not None and not getattr(shell, "_kit_alt_text_hook", False):
        events.register("post_execute", lambda: _install(shell))
        shell._kit_alt_text_hook = True
    return True


def _install(shell) -> None:
    """Register the HTML formatter (and the PNG one that reuses its image)."""
    from matplotlib.figure import Figure

    formatters = shell.display_formatter.formatters
    html_fmt, png_fmt = formatters["text/html"], formatters["image/png"]
    try:
        current = html_fmt.lookup_by_type(Figure)
    except KeyError:
        current = None
    try:
        current_png = png_fmt.lookup_by_type(Figure)
    except KeyError:
        current_png = None
    if getattr(current, "_kit_wrapped", False) and getattr(current_png, "_kit_wrapped", False):
        return
    inner = _png_formatter(shell)

    def as_html(fig):
        alt = chart_description(fig)
        if alt is None:
            return None
        made = inner(fig)
        fig._kit_png = (time.monotonic(), made)
        data, md = made if isinstance(made, tuple) else (made, {})
        if isinstance(data, bytes):
            data = data.decode("ascii")
        return figure_html(data, alt, md.get("width"), md.get("height"))

    def as_png(fig):
        stash = fig.__dict__.pop("_kit_png", None)
        if stash is not None and time.monotonic() - stash[0] < _REUSE_S:
            return stash[1]
        return inner(fig)

    for f in (as_html, as_png):
        f._kit_wrapped = True
    as_png._kit_inner = inner
    html_fmt.for_type(Figure, as_html)
    png_fmt.for_type(Figure, as_png)
