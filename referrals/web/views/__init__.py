"""The referral pages for professionals under /verwijzingen/ (session login).

Plain server-rendered pages over the same two places as the API: who sees what comes from
``referrals.querysets`` (``restrict``, ``view_of``, ``may_read_history``), every write goes through
``referrals.services``. A referral the user may not see answers 404; analysts and accounts without a
case role get 403 on every page. Every read of a referral's detail or history is written to the
access log with channel "web".

Split by page: ``access`` (login and role checks, the access log), ``words`` (codes in words),
``listing``, ``create``, ``detail`` (detail, history and the forms of the actions), ``actions``
(the POST handlers) and ``handovers`` (download, acknowledge, re-issue, and the public check of a
document file). The names below are the views ``referrals.web.urls`` routes to.
"""

from referrals.web.views.actions import referral_action, route_action, route_propose
from referrals.web.views.create import referral_create
from referrals.web.views.detail import referral_detail, referral_history
from referrals.web.views.handovers import handover_acknowledge, handover_pdf, handover_reissue, handover_verify
from referrals.web.views.listing import referral_list

__all__ = [
    "handover_acknowledge",
    "handover_pdf",
    "handover_reissue",
    "handover_verify",
    "referral_action",
    "referral_create",
    "referral_detail",
    "referral_history",
    "referral_list",
    "route_action",
    "route_propose",
]
