from django.urls import path
from rest_framework.routers import SimpleRouter

from referrals.api import handovers, views

router = SimpleRouter()
router.register("referrals", views.ReferralViewSet, basename="referral")
router.register("routes", views.RouteViewSet, basename="route")
router.register("handovers", handovers.HandoverViewSet, basename="handover")

urlpatterns = [
    path("handovers/verify/", handovers.HandoverVerifyView.as_view(), name="handover-verify"),
    *router.urls,
]
