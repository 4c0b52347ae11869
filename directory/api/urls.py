from rest_framework.routers import SimpleRouter

from directory.api import views

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
