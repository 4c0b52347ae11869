from rest_framework.routers import SimpleRouter

from referrals.api import views

router = SimpleRouter()
router.register("referrals", views.ReferralViewSet, basename="referral")
router.register("routes", views.RouteViewSet, basename="route")

urlpatterns = router.urls
