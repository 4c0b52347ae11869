"""Aggregate statistics with disclosure control (DESIGN §9)."""
