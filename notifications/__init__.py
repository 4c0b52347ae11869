"""Notifications: in-app records, e-mail without case data, deadline checks (DESIGN §8)."""
