"""What every page needs to know about referrals: whether to offer them in the site's menu."""

from __future__ import annotations

from django.http import HttpRequest

from referrals.querysets import may_read_referrals


def menu(request: HttpRequest) -> dict[str, bool]:
    """``may_read_referrals``: the same rule as the pages themselves, so no link answers 403."""
    return {"may_read_referrals": may_read_referrals(getattr(request, "user", None))}
