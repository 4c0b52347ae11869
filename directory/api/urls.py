from django.urls import include, path
from rest_framework.routers import SimpleRouter

from directory.api import views

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("services", views.ServiceViewSet, basename="service")
router.register("regulations", views.RegulationViewSet, basename="regulation")

urlpatterns = [
    path("hsds/", include("directory.api.hsds_urls")),
    path("needs/", views.NeedListView.as_view(), name="need-list"),
    path("match/", views.MatchView.as_view(), name="match"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    *router.urls,
]
