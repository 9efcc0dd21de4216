"""Research exports: every dataset of a collaborative as tidy tables with a codebook, in five formats."""

from __future__ import annotations
