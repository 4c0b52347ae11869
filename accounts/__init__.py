"""Users, their role and organisation, login (web and API tokens) and lock-out."""
