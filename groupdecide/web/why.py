"""One plain sentence, from the count, on why the winner won (the results page and the record).

Each web method names its sentence (``WebMethod.explain``); the sentences know the shapes of
the counts (``voting/serialize.result_json``), never a method's key. Labels are quoted, numbers
formatted as on the page, everything in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from groupdecide.i18n import gettext as _
from groupdecide.i18n import grade_names, ngettext
from groupdecide.web.page_globals import fmt_number, fmt_percent

Count = dict[str, Any]
Explain = Callable[[Count, dict[str, Any]], "str | None"]


def q(label: str) -> str:
    return _("“%(label)s”", label=label)  # the language's quotation marks


def _labels(options: Sequence[dict[str, Any]]) -> str:
    return _(" and ").join(q(o["label"]) for o in options) if options else ""


def _standing(count: Count) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The winners (as option dicts) and the best option after them (None when none)."""
    by_id = {o["id"]: o for o in count["options"]}
    winners = [by_id[w] for w in count.get("winners") or [] if w in by_id]
    ids = {o["id"] for o in winners}
    runner = None
    for group in count.get("ranking") or []:
        rest = [by_id[i] for i in group if i not in ids and i in by_id]
        if rest:
            runner = rest[0]
            break
    return winners, runner


def _num(value: float | int | None) -> str:
    if isinstance(value, int):
        return str(value)
    return fmt_number(value)


def tie_or(
    count: Count, one: Callable[[dict[str, Any], dict[str, Any] | None], str], value: str
) -> str | None:
    """The sentence for one winner, or the tie sentence with the shared ``value`` key."""
    winners, runner = _standing(count)
    if not winners:
        return None
    if len(winners) > 1:
        return _(
            "%(labels)s tie for first place with %(value)s each.",
            labels=_labels(winners),
            value=_num(winners[0].get(value)),
        )
    return one(winners[0], runner)


# ----------------------------------------------------------------------------- sentences


def least_resistance(count: Count, ctx: dict[str, Any]) -> str | None:
    """Systemic consensing: the least resistance, against the next and the passive solution."""
    by_id = {o["id"]: o for o in count["options"]}
    passive = by_id.get(count.get("details", {}).get("passive_option"))
    winners, runner = _standing(count)
    if not winners:
        return None
    if len(winners) > 1:
        text = _(
            "%(labels)s meet the same least resistance: %(resistance)s in total each.",
            labels=_labels(winners),
            resistance=_num(winners[0]["resistance"]),
        )
    else:
        w = winners[0]
        text = _(
            "%(label)s meets the least resistance: %(resistance)s in total from %(votes)s "
            "ratings (mean %(mean)s).",
            label=q(w["label"]),
            resistance=_num(w["resistance"]),
            votes=w["votes"],
            mean=_num(w["mean"]),
        )
        if runner is not None and runner.get("mean") is not None and not runner.get("passive"):
            text += " " + _(
                "Next is %(label)s with a mean of %(mean)s.",
                label=q(runner["label"]),
                mean=_num(runner["mean"]),
            )
    if passive is not None and passive.get("mean") is not None and passive not in winners:
        text += " " + _("The passive solution has a mean of %(mean)s.", mean=_num(passive["mean"]))
    return text


def most_chosen(count: Count, ctx: dict[str, Any]) -> str | None:
    """Single and multiple choice: chosen most often, by how much."""
    total = count["ballot_count"]

    def one(w: dict[str, Any], runner: dict[str, Any] | None) -> str:
        text = _(
            "%(label)s was chosen most often: by %(count)s of %(total)s (%(share)s).",
            label=q(w["label"]),
            count=w["count"],
            total=total,
            share=fmt_percent(w["share"]),
        )
        if runner is not None:
            text += " " + ngettext(
                "That is %(num)s more than %(label)s.",
                "That is %(num)s more than %(label)s.",
                w["count"] - runner["count"],
                label=q(runner["label"]),
            )
        return text

    return tie_or(count, one, "count")


def motions(count: Count, ctx: dict[str, Any]) -> str | None:
    """Motions: each passed or failed, by how much (in agenda order)."""
    if not count["options"]:
        return None
    parts = []
    for o in count["options"]:
        params = {"label": q(o["label"]), "yes": o["yes"], "no": o["no"]}
        if o["passed"]:
            parts.append(_("%(label)s passed, %(yes)s yes to %(no)s no", **params))
        else:
            parts.append(_("%(label)s failed, %(yes)s yes to %(no)s no", **params))
    text = "; ".join(parts) + "."
    if count.get("quorum_met") is False:
        text += " " + _("The quorum was not reached, so no motion passed.")
    return text


def best_slot(count: Count, ctx: dict[str, Any]) -> str | None:
    """Finding a date: the most yes (if need be breaks ties), and who cannot come."""
    winners, _runner = _standing(count)
    if not winners:
        return None
    w = winners[0]
    if len(winners) > 1:
        return _(
            "%(labels)s suit equally many: %(yes)s yes and %(maybe)s if need be each.",
            labels=_labels(winners),
            yes=w["yes"],
            maybe=w["maybe"],
        )
    text = _(
        "%(label)s suits the most: %(yes)s yes and %(maybe)s if need be.",
        label=q(w["label"]),
        yes=w["yes"],
        maybe=w["maybe"],
    )
    grid = ctx.get("grid") or {}
    absent = [
        row["name"]
        for row in grid.get("rows", [])
        if row.get("named") and row["answers"].get(str(w["id"]), 0) == 0
    ]
    # names only where the grid shows them all (named, none left out), and a few
    if absent and not grid.get("hidden_rows") and len(absent) == w["no"] and len(absent) <= 12:
        text += " " + _("Cannot come: %(names)s.", names=", ".join(absent))
    elif w["no"]:
        text += " " + ngettext(
            "%(num)s person cannot come.", "%(num)s people cannot come.", w["no"]
        )
    else:
        text += " " + _("Everyone who answered can come.")
    return text


def pairwise(count: Count, ctx: dict[str, Any]) -> str | None:
    """Schulze: the head-to-head wins of a Condorcet winner, or, only where there is a
    cycle, that the strongest paths decided."""
    winners, _runner = _standing(count)
    d = count.get("details", {}).get("pairwise")
    if not winners or d is None:
        return None
    options = count["options"]
    index = {o["id"]: i for i, o in enumerate(options)}
    if len(winners) > 1:
        return _(
            "%(labels)s tie: neither beats the other by the strongest paths.",
            labels=_labels(winners),
        )
    w = winners[0]
    i = index[w["id"]]
    others = [j for j in range(len(options)) if j != i]
    if all(d[i][j] > d[j][i] for j in others):
        scores = ", ".join(f"{d[i][j]}–{d[j][i]}" for j in others)
        return _(
            "%(label)s beats every other option head to head: %(scores)s.",
            label=q(w["label"]),
            scores=scores,
        )
    return _(
        "No option beats every other head to head (the preferences go round in a circle); "
        "%(label)s wins by the strongest chains of wins, shown in the table of strongest paths.",
        label=q(w["label"]),
    )


def runoff(count: Count, ctx: dict[str, Any]) -> str | None:
    """Instant runoff: the rounds in words."""
    winners, _runner = _standing(count)
    rounds = count.get("details", {}).get("rounds") or []
    if not winners or not rounds:
        return None
    labels = {o["id"]: o["label"] for o in count["options"]}
    last = rounds[-1]["counts"]
    active = sum(last.values())
    if len(winners) > 1:
        return _("%(labels)s tie in the last round.", labels=_labels(winners))
    w = winners[0]
    dropped = [
        labels[int(e)] for r in rounds for e in r.get("eliminated") or [] if int(e) in labels
    ]
    text = ngettext(
        "%(label)s won in round %(num)s with %(votes)s of %(active)s votes still counting.",
        "%(label)s won in round %(num)s with %(votes)s of %(active)s votes still counting.",
        len(rounds),
        label=q(w["label"]),
        votes=fmt_number(last.get(str(w["id"]), 0), 1),
        active=fmt_number(active, 1),
    )
    if dropped:
        text += " " + _(
            "Dropped one after another: %(labels)s.", labels=", ".join(q(x) for x in dropped)
        )
    return text


def highest_mean(count: Count, ctx: dict[str, Any]) -> str | None:
    """Score voting: the highest mean score."""

    def one(w: dict[str, Any], runner: dict[str, Any] | None) -> str:
        text = _(
            "%(label)s has the highest mean score: %(mean)s from %(num)s scores.",
            label=q(w["label"]),
            mean=_num(w["mean"]),
            num=w["count"],
        )
        if runner is not None and runner.get("mean") is not None:
            text += " " + _(
                "Next is %(label)s with %(mean)s.",
                label=q(runner["label"]),
                mean=_num(runner["mean"]),
            )
        return text

    return tie_or(count, one, "mean")


def most_points(count: Count, ctx: dict[str, Any]) -> str | None:
    """Dot voting: the most points."""
    total = sum(o["points"] for o in count["options"])

    def one(w: dict[str, Any], runner: dict[str, Any] | None) -> str:
        text = _(
            "%(label)s got the most points: %(points)s of %(total)s.",
            label=q(w["label"]),
            points=w["points"],
            total=total,
        )
        if runner is not None:
            text += " " + _(
                "Next is %(label)s with %(score)s.",
                label=q(runner["label"]),
                score=runner["points"],
            )
        return text

    return tie_or(count, one, "points")


def _tie_break(a: list[int], b: list[int]) -> tuple[int, int | None, int | None]:
    """Majority judgment's tie-break of two grade-count lists: how many median grades were set
    aside from each before the lower medians differed, and those medians (None: no grades
    left)."""
    xs = sorted(g for g, n in enumerate(a) for _ in range(n))
    ys = sorted(g for g, n in enumerate(b) for _ in range(n))
    removed = 0
    while xs and ys:
        mx, my = xs[(len(xs) - 1) // 2], ys[(len(ys) - 1) // 2]
        if mx != my:
            return removed, mx, my
        xs.pop((len(xs) - 1) // 2)
        ys.pop((len(ys) - 1) // 2)
        removed += 1
    return removed, None, None


def best_median(count: Count, ctx: dict[str, Any]) -> str | None:
    """Majority judgment: the best median grade and, on a tie, the step that decided it."""
    winners, runner = _standing(count)
    grades = grade_names(count.get("details", {}).get("grades"))
    if not winners or not grades:
        return None

    def name(i: int | None) -> str:
        return q(grades[i]) if i is not None and 0 <= i < len(grades) else "–"

    w = winners[0]
    if len(winners) > 1:
        return _(
            "%(labels)s tie with the median grade %(grade)s.",
            labels=_labels(winners),
            grade=name(w["median"]),
        )
    text = _(
        "%(label)s has the best median grade: %(grade)s.",
        label=q(w["label"]),
        grade=name(w["median"]),
    )
    if runner is not None and runner.get("median") == w.get("median"):
        removed, mine, theirs = _tie_break(w["grade_counts"], runner["grade_counts"])
        text += " " + ngettext(
            "%(other)s has the same median; after setting aside %(num)s middle grade from "
            "each, %(label)s's median is %(mine)s and %(other)s's %(theirs)s.",
            "%(other)s has the same median; after setting aside %(num)s middle grades from "
            "each, %(label)s's median is %(mine)s and %(other)s's %(theirs)s.",
            removed,
            label=q(w["label"]),
            other=q(runner["label"]),
            mine=name(mine),
            theirs=name(theirs),
        )
    return text
