"""GetMetricWidgetImage: a metric widget's series drawn as a real PNG line chart.

The widget is the JSON AWS documents (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Metric-Widget-Structure.html):
`metrics` rows `[Namespace, MetricName, DimName, DimValue, ..., {options}]` (a `"."`
repeats the row above), `period`, `stat`, `start`/`end` (`-PT3H`, ISO times),
`width`, `height`. The chart is drawn on an RGB canvas (axes, one colored
polyline per series, scaled to the data) and encoded with zlib as PNG; no
drawing library is needed for lines.
"""

from __future__ import annotations

import re
import struct
import zlib
from datetime import datetime
from typing import Any

import orjson

from cumulo.core.errors import AwsError
from cumulo.services.cloudwatch import queries
from cumulo.state import Scope

COLORS = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75)]
_DURATION = re.compile(r"^-?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def _invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterValueException", message, status=400)


def _time(value: Any, now: float, default: float) -> float:
    if value is None:
        return default
    text = str(value)
    m = _DURATION.match(text)
    if m and text not in ("P", "-P"):
        w, d, h, mi, s = (int(g or 0) for g in m.groups())
        return now - (((w * 7 + d) * 24 + h) * 60 + mi) * 60 - s
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise _invalid(f"The value {text} for start or end is not a duration or a time.") from None


def _rows(widget: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The widget's metric rows as (MetricStat-ish metric, options)."""
    out: list[tuple[dict[str, Any], dict[str, Any]]] = []
    previous: list[Any] = []
    for row in widget.get("metrics") or []:
        if not isinstance(row, list):
            raise _invalid("Each entry of metrics must be a list.")
        options = row[-1] if row and isinstance(row[-1], dict) else {}
        values = [v for v in row if not isinstance(v, dict)]
        values = [previous[i] if v == "." and i < len(previous) else v for i, v in enumerate(values)]
        previous = values
        if "expression" in options or len(values) < 2:
            continue
        dims = [{"Name": values[i], "Value": values[i + 1]} for i in range(2, len(values) - 1, 2)]
        out.append(({"Namespace": values[0], "MetricName": values[1], "Dimensions": dims}, options))
    return out


def render(scope: Scope, widget_json: str, now: float) -> bytes:
    try:
        widget = orjson.loads(widget_json)
    except orjson.JSONDecodeError:
        raise _invalid("The MetricWidget is not valid JSON.") from None
    if not isinstance(widget, dict):
        raise _invalid("The MetricWidget must be a JSON object.")
    width = int(widget.get("width") or 600)
    height = int(widget.get("height") or 395)
    if not (1 <= width <= 2000 and 1 <= height <= 2000):
        raise _invalid("width and height must be between 1 and 2000.")
    end = _time(widget.get("end"), now, now)
    start = _time(widget.get("start"), now, now - 3 * 3600)
    if start >= end:
        raise _invalid("start must be before end.")
    period = int(widget.get("period") or 300)
    series = []
    for metric, options in _rows(widget):
        stat = options.get("stat") or widget.get("stat") or "Average"
        ts = queries.metric_series(scope, {"Metric": metric, "Period": int(options.get("period") or period), "Stat": stat}, start, end)
        series.append(sorted(ts.values.items()))
    return _png(width, height, start, end, series)


def _png(width: int, height: int, start: float, end: float, series: list[list[tuple[int, float]]]) -> bytes:
    pixels = bytearray(b"\xff" * (width * height * 3))

    def plot(x: int, y: int, color: tuple[int, int, int]) -> None:
        if 0 <= x < width and 0 <= y < height:
            i = (y * width + x) * 3
            pixels[i:i + 3] = bytes(color)

    def line(x0: int, y0: int, x1: int, y1: int, color: tuple[int, int, int]) -> None:
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        err = dx + dy
        while True:
            plot(x0, y0, color)
            if x0 == x1 and y0 == y1:
                return
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    left, bottom, top, right = min(40, width // 4), height - min(20, height // 4), min(10, height // 8), width - min(10, width // 8)
    grey = (170, 170, 170)
    line(left, top, left, bottom, grey)
    line(left, bottom, right, bottom, grey)
    values = [v for s in series for _, v in s]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high == low:
        low, high = low - 1, high + 1
    for k, points in enumerate(series):
        color = COLORS[k % len(COLORS)]
        xy = [(left + int((t - start) / (end - start) * (right - left)), bottom - int((v - low) / (high - low) * (bottom - top)))
              for t, v in points]
        for (x0, y0), (x1, y1) in zip(xy, xy[1:], strict=False):
            line(x0, y0, x1, y1, color)
        for x, y in xy:
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    plot(x + dx, y + dy, color)
    raw = b"".join(b"\x00" + bytes(pixels[y * width * 3:(y + 1) * width * 3]) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
