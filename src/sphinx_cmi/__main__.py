"""``python -m sphinx_cmi``: the same as the ``sphinx-cmi`` command."""

from __future__ import annotations

from sphinx_cmi.cli import main

raise SystemExit(main())
