"""Referrals: anonymised registration, lifecycle, routes and handovers (DESIGN §5-7)."""
