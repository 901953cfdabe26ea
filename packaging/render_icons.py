"""Render the SVG icons in resources/icons/ to PNG with Qt's SVG renderer.

Produces ``resources/icons/png/ringside-<size>.png`` for the app icon (16..256, used
by the Linux hicolor theme, the Windows .ico and the macOS .icns builds) and, with
``--sheet PATH``, a contact sheet of every icon at tray sizes for a visual check.

Usage (from the repository root)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py --sheet /tmp/icons.png
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
APP_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    """Render ``svg`` into a transparent ``size`` x ``size`` ARGB image."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"invalid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def render_app_icon(out_dir: Path, sizes: tuple[int, ...] = APP_SIZES) -> list[Path]:
    """Write ringside-<size>.png for every size; returns the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        path = out_dir / f"ringside-{size}.png"
        if not render(ICONS / "ringside.svg", size).save(str(path), "PNG"):
            raise OSError(f"cannot write {path}")
        written.append(path)
    return written


def render_sheet(path: Path, sizes: tuple[int, ...] = (16, 22, 32, 64)) -> None:
    """A light and a dark row per size with every SVG icon, for eyeballing legibility."""
    svgs = sorted(ICONS.glob("*.svg"))
    pad = 8
    cell = max(sizes) + pad
    width = pad + len(svgs) * cell
    height = pad + 2 * len(sizes) * cell
    sheet = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    sheet.fill(QColor("#FFFFFF"))
    painter = QPainter(sheet)
    y = pad
    for size in sizes:
        for background in ("#F5F5F5", "#2B2B2B"):
            painter.fillRect(0, y - pad // 2, width, cell, QColor(background))
            for i, svg in enumerate(svgs):
                painter.drawImage(pad + i * cell, y, render(svg, size))
            y += cell
    painter.end()
    sheet.save(str(path), "PNG")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ICONS / "png", help="output folder")
    parser.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for path in render_app_icon(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    if args.sheet:
        render_sheet(args.sheet)
        print(args.sheet)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
