"""The site's own date formats, on top of Django's for each language (``FORMAT_MODULE_PATH``): a short day
and month reads "Dec 15" in English and "15 dic" in Spanish (never "Dic 15")."""

from __future__ import annotations
