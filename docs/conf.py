"""Sphinx configuration of the aiocamedomotic documentation (built with ``-W``)."""

from __future__ import annotations

from aiocamedomotic import __version__

project = "aiocamedomotic"
author = "the aiocamedomotic developers"
copyright = "the aiocamedomotic developers, Apache-2.0"
version = release = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx_click",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
# Command lines in the generated CLI reference must keep their "--" and quotes.
smartquotes = False

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_attr_annotations = True
# "Attributes:" sections as fields of their class: a documented property of the same name
# (Auth.command_timeout) would otherwise be described twice.
napoleon_use_ivar = True

html_theme = "furo"
html_title = f"aiocamedomotic {release}"

# Several models have an attribute named ``type``, so the builtin ``type`` in annotations
# (``type[CameEntity]``) matches more than one target; the reference is right either way.
suppress_warnings = ["ref.python"]
