"""Charts as PNG images, drawn offline with matplotlib (Agg backend, no browser, no network).

Chinese labels need a CJK font on the machine: the first of ``CJK_FONTS`` that matplotlib
finds (Debian: ``apt-get install fonts-noto-cjk`` gives Noto Sans CJK SC; on a bureau's
Windows PC, 黑体 SimHei or Microsoft YaHei). Without one the charts are still drawn, and
``font_name()`` returns None so the caller can say the labels may not show.
"""
from __future__ import annotations

import io
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter, PercentFormatter  # noqa: E402

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC")
WIDTH_IN, HEIGHT_IN, DPI = 5.5, 2.6, 200   # printed 140 mm wide, within the 156 mm text block
BAR = "#8c1c13"    # the red of official documents, muted
LINES = ("#8c1c13", "#1f4e79")


@lru_cache(maxsize=1)
def font_name() -> str | None:
    """The CJK font the charts use, or None when the machine has none."""
    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in available), None)


def _figure():
    name = font_name()
    family = [name, "DejaVu Sans"] if name else ["DejaVu Sans"]
    plt.rcParams.update({"font.family": family, "font.size": 9, "axes.unicode_minus": False})
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def bars(labels: list[str], values: list[int], shown: list[str], title: str, x_title: str, y_title: str) -> bytes:
    """A bar per label, each with its value as the text prints it (``shown``) on top."""
    fig, ax = _figure()
    drawn = ax.bar(labels, values, color=BAR, width=0.6)
    ax.bar_label(drawn, labels=shown, padding=2, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(x_title)
    ax.set_ylabel(y_title)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.margins(y=0.12)
    return _png(fig)


def lines(years: list[int], series: dict[str, list[float | None]], title: str, x_title: str,
          y_title: str) -> bytes:
    """One line per series over the years; values are rates (0–1), the axis shows per cent."""
    fig, ax = _figure()
    for (name, values), colour in zip(series.items(), LINES):
        ax.plot(years, values, marker="o", color=colour, linewidth=1.6, markersize=4, label=name)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(x_title)
    ax.set_ylabel(y_title)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0, symbol=""))
    ax.legend(frameon=False, loc="lower right")
    return _png(fig)
