"""The pack's charts as SVG: share counts, fans, a histogram and a dilution waterfall.

matplotlib is imported here only, and only the ``report`` command imports
this module, so no other command pays for it. Charts are SVG with text kept
as text, so a page embeds them in one file and they print sharp at any size;
the hash salt and date are fixed so the same pack gives the same bytes.
"""

from collections.abc import Sequence
from io import StringIO

from placements.reports.pack import Fan, Pack, Step, Timeline

COLOURS = {"basic": "#1f4e79", "fully diluted": "#c55a11", "treasury method": "#548235"}
FAN = "#2e75b6"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "placements",
            "font.family": "sans-serif",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _svg(figure) -> str:
    buffer = StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    figure.clf()
    import matplotlib.pyplot as plt

    plt.close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # the RDF block names the generator and a licence; a page needs none of it
    start, end = text.find("<metadata>"), text.find("</metadata>")
    return text if start < 0 else text[:start] + text[end + len("</metadata>") :]


def _thousands(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def share_counts(timeline: Timeline) -> str:
    """Basic, fully diluted and treasury-method counts over time, events marked."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.0, 3.2), layout="constrained")
    for label, values in (
        ("basic", timeline.basic),
        ("fully diluted", timeline.fully_diluted),
        ("treasury method", timeline.tsm_diluted),
    ):
        axes.step(timeline.days, values, where="post", label=label, color=COLOURS[label])
    for day in sorted({day for day, _ in timeline.events}):
        axes.axvline(day, color="#999999", linewidth=0.6, linestyle=":", zorder=0)
    middle = " (medians)" if timeline.random else ""
    axes.set_title(f"{timeline.scenario}: share counts{middle}")
    _thousands(axes.yaxis)
    axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3)
    return _svg(figure)


def fan(chart: Fan, scenario: str, money: bool) -> str:
    """A fan chart: p5–p95 and p25–p75 bands and the median, on each timeline date."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.0, 3.0), layout="constrained")
    bands = chart.bands
    for low, high, alpha in ((5, 95, 0.18), (25, 75, 0.35)):
        axes.fill_between(
            chart.days,
            bands[low],
            bands[high],
            step="post",
            color=FAN,
            alpha=alpha,
            label=f"p{low}–p{high}",
            linewidth=0,
        )
    axes.step(chart.days, bands[50], where="post", color=FAN, label="median")
    axes.set_title(f"{scenario}: {chart.label}")
    if money or "shares" in chart.label:
        _thousands(axes.yaxis)
    axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3)
    return _svg(figure)


def histogram(values: Sequence[float], scenario: str, currency: str) -> str:
    """How often each level of total exercise proceeds came up across the paths."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.0, 2.8), layout="constrained")
    axes.hist(values, bins=40, color=FAN)
    axes.set_title(f"{scenario}: exercise proceeds across {len(values):,} paths")
    axes.set_xlabel(f"exercise proceeds ({currency})")
    axes.set_ylabel("paths")
    _thousands(axes.xaxis)
    return _svg(figure)


def waterfall(steps: Sequence[Step], as_of: str) -> str:
    """From basic to fully diluted: a bar per series' shares on exercise."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.0, 3.2), layout="constrained")
    running = 0
    labels = []
    for position, step in enumerate(steps):
        if step.total:
            axes.bar(position, step.shares, color=COLOURS["basic"])
            running = step.shares
            top = step.shares
        else:
            axes.bar(position, step.shares, bottom=running, color=COLOURS["fully diluted"])
            running += step.shares
            top = running
        axes.annotate(f"{step.shares:,}", (position, top), ha="center", va="bottom", fontsize=7)
        labels.append(step.label.replace("/", "/\n"))
    axes.set_xticks(range(len(steps)), labels, fontsize=7)
    axes.set_title(f"Dilution from basic to fully diluted on {as_of}, by series")
    _thousands(axes.yaxis)
    return _svg(figure)


def pack_charts(pack: Pack) -> list[tuple[str, str]]:
    """Every chart of the pack, as (caption, SVG), in the order the pack shows them."""
    charts = [
        (
            f"Dilution waterfall on {pack.as_of.isoformat()}",
            waterfall(pack.waterfall, pack.as_of.isoformat()),
        )
    ]
    for timeline in pack.timelines:
        caption = f"{timeline.scenario}: basic, fully diluted and treasury-method shares"
        if timeline.random:
            caption += ", each the median across paths on each date"
        caption += "; dotted lines mark the events (closings, hold ends, step-ups, expiries)"
        charts.append((caption, share_counts(timeline)))
        if timeline.dilution is not None:
            charts.append(
                (
                    f"{timeline.scenario}: {timeline.dilution.label}, p5–p95, p25–p75 and "
                    "median across paths on each date",
                    fan(timeline.dilution, timeline.scenario, money=False),
                )
            )
        if timeline.proceeds is not None:
            charts.append(
                (
                    f"{timeline.scenario}: {timeline.proceeds.label}, p5–p95, p25–p75 and "
                    "median across paths on each date",
                    fan(timeline.proceeds, timeline.scenario, money=True),
                )
            )
        if timeline.exercise_proceeds:
            charts.append(
                (
                    f"{timeline.scenario}: exercise proceeds across paths",
                    histogram(timeline.exercise_proceeds, timeline.scenario, pack.currency),
                )
            )
    return charts
