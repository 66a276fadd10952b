"""Charts drawn on the server as SVG: presentation attributes only (the CSP allows no style),
each with a text alternative. The page also shows every figure as text."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from groupdecide.i18n import gettext as _

# Resistance 0..10, from calm green to red; dark enough for white count labels not to be needed.
PALETTE = (
    "#1b7f5b",
    "#3a8c58",
    "#5a9753",
    "#7aa04c",
    "#98a544",
    "#b5a33d",
    "#c9963a",
    "#d58337",
    "#d96c34",
    "#d15331",
    "#bb3a2c",
)
EXECUTABLE = "#1b6e8f"
NOT_EXECUTABLE = "#b4543a"
PASSIVE = "#6b6257"
UNCOMPARED = "#5d7285"
TRACK = "#e7e9ec"
INK = "#1d2125"


def _attrs(**attrs: object) -> Markup:
    return Markup(" ").join(
        Markup('{}="{}"').format(k.rstrip("_").replace("_", "-"), v) for k, v in attrs.items()
    )


def _dashed_line(fraction: float) -> Markup:
    """A dashed vertical line at ``fraction`` (0..1) of a bar: a threshold or a median."""
    x = round(max(0.0, min(1.0, fraction)) * 100, 2)
    return Markup("<line {}/>").format(
        _attrs(
            x1=x,
            x2=x,
            y1=0,
            y2=20,
            stroke=INK,
            stroke_width=2,
            stroke_dasharray="3 2",
            vector_effect="non-scaling-stroke",
        )
    )


def _bar_svg(label: str, parts: list[Markup]) -> Markup:
    """One horizontal bar chart row (0..100 wide), labelled for screen readers."""
    return Markup(
        '<svg class="bar" viewBox="0 0 100 20" preserveAspectRatio="none" width="100%" '
        'height="22" role="img" aria-label="{}" focusable="false">{}</svg>'
    ).format(label, Markup("").join(parts))


def acceptance_bar(
    acceptance: float | None,
    threshold: float | None,
    *,
    passive: bool,
    executable: bool,
    label: str,
) -> Markup:
    """One bar of the acceptance chart: a track 0..100 %, the bar, and the passive solution's
    acceptance as a dashed threshold line. Rows stack into one chart whose labels stay readable
    text at any width (an SVG with text inside would shrink it on a phone)."""
    parts = [Markup("<rect {}/>").format(_attrs(x=0, y=2, width=100, height=16, fill=TRACK))]
    if acceptance is not None:
        if passive:
            colour = PASSIVE
        elif threshold is None:  # nobody rated the passive solution: no verdict either way
            colour = UNCOMPARED
        else:
            colour = EXECUTABLE if executable else NOT_EXECUTABLE
        width = round(max(0.0, min(1.0, acceptance)) * 100, 2)
        parts.append(
            Markup("<rect {}/>").format(_attrs(x=0, y=2, width=width, height=16, fill=colour))
        )
    if threshold is not None:
        parts.append(_dashed_line(threshold))
    return _bar_svg(label, parts)


def histogram(counts: Sequence[int], label: str) -> Markup:
    """The distribution of ratings 0..10: a column per value with its count above and the
    value below."""
    top = max(counts) if counts and max(counts) > 0 else 1
    col, gap, base, height = 18, 2, 62, 44
    parts: list[Markup] = []
    for value, count in enumerate(counts):
        x = value * (col + gap) + 1
        h = round(height * count / top, 1) if count else 0
        parts.append(
            Markup("<rect {}/>").format(_attrs(x=x, y=base, width=col, height=1, fill="#9aa1a9"))
        )
        if h:
            parts.append(
                Markup("<rect {}/>").format(
                    _attrs(
                        x=x, y=round(base - h, 1), width=col, height=h, fill=PALETTE[value], rx=1.5
                    )
                )
            )
        parts.append(
            Markup("<text {}>{}</text>").format(
                _attrs(
                    x=x + col / 2,
                    y=round(base - h - 3, 1),
                    text_anchor="middle",
                    font_size=9,
                    fill=INK,
                ),
                count,
            )
        )
        parts.append(
            Markup("<text {}>{}</text>").format(
                _attrs(
                    x=x + col / 2, y=base + 12, text_anchor="middle", font_size=9, fill="#4a5058"
                ),
                value,
            )
        )
    width = len(counts) * (col + gap)
    return Markup(
        '<svg class="histogram" viewBox="0 0 {} 78" width="100%" role="img" aria-label="{}" '
        'focusable="false">{}</svg>'
    ).format(width, label, Markup("").join(parts))


def histogram_label(counts: Sequence[int]) -> str:
    """The text alternative of a histogram: every value that was given, with its count."""
    given = [
        _("%(value)s: %(count)s×", value=value, count=count)
        for value, count in enumerate(counts)
        if count
    ]
    if not given:
        return _("No ratings yet.")
    return _("Ratings given (resistance: how often): %(list)s", list=", ".join(given))


# Categorical colours for options (instant-runoff rounds), and grades from worst to best.
CATEGORICAL = (
    "#1b6e8f",
    "#c9963a",
    "#5a9753",
    "#a0427a",
    "#6b5fb5",
    "#b4543a",
    "#2f8c8c",
    "#8a7b2a",
    "#4a5058",
    "#d96c34",
)
EXHAUSTED = "#b9c0c7"
YES, MAYBE, NO, ABSTAIN = "#1b7f5b", "#c9a53a", "#bb3a2c", "#b9c0c7"


def grade_colours(n: int) -> list[str]:
    """``n`` colours from red (worst grade) to green (best)."""
    if n <= 1:
        return [PALETTE[0]]
    return [PALETTE[round((n - 1 - i) * 10 / (n - 1))] for i in range(n)]


def value_bar(fraction: float | None, label: str, colour: str = EXECUTABLE) -> Markup:
    """A bar on a track from 0 to 1 (shares, means on a scale, points against the most)."""
    parts = [Markup("<rect {}/>").format(_attrs(x=0, y=2, width=100, height=16, fill=TRACK))]
    if fraction is not None and fraction > 0:
        width = round(max(0.0, min(1.0, fraction)) * 100, 2)
        parts.append(
            Markup("<rect {}/>").format(_attrs(x=0, y=2, width=width, height=16, fill=colour))
        )
    return Markup(
        '<svg class="bar" viewBox="0 0 100 20" preserveAspectRatio="none" width="100%" '
        'height="22" role="img" aria-label="{}" focusable="false">{}</svg>'
    ).format(label, Markup("").join(parts))


def stacked_bar(
    segments: Sequence[tuple[float, str]], label: str, *, marker: float | None = None
) -> Markup:
    """One bar split into segments (value, colour) that fill it in proportion; ``marker``
    draws a line at that fraction (the majority line of a merit profile)."""
    total = sum(v for v, _c in segments)
    parts = [Markup("<rect {}/>").format(_attrs(x=0, y=2, width=100, height=16, fill=TRACK))]
    x = 0.0
    if total > 0:
        for value, colour in segments:
            if value <= 0:
                continue
            width = value / total * 100
            parts.append(
                Markup("<rect {}/>").format(
                    _attrs(
                        x=round(x, 3),
                        y=2,
                        width=round(width, 3),
                        height=16,
                        fill=colour,
                        stroke="#ffffff",
                        stroke_width=0.5,
                        vector_effect="non-scaling-stroke",
                    )
                )
            )
            x += width
    if marker is not None:
        parts.append(_dashed_line(marker))
    return _bar_svg(label, parts)
