"""Handovers: every transfer of responsibility, as a frozen snapshot and an archival PDF (DESIGN §7).

snapshot (pure, ``snapshot``) → HTML (a Django template, ``document``) → PDF (WeasyPrint, in a
Celery task, ``document``) → stored bytes and their SHA-256 (``storage``); ``services`` holds
every write (issue, render, acknowledge, re-issue) and the verification of a file, which reads
stored hashes only. ``fonts/`` holds the vendored typeface and its licence.
"""
