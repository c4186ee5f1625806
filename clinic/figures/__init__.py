"""The figure kit: consistent line drawings of exercises, drawn from pose files.

Contributors describe a position in ``<plugin>/poses/<picture>.toml``;
``flask draw-figures`` turns each into ``<plugin>/pictures/<picture>.svg``.
The app and the PDFs only ever read the committed SVG files.
"""

from clinic.figures.build import FigureStatus, check_folder, draw_folder
from clinic.figures.render import load_scene, render_file, render_scene

__all__ = ["FigureStatus", "check_folder", "draw_folder", "load_scene", "render_file", "render_scene"]
