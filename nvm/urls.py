"""The site's URLs: the versioned API under /api/v1/, web pages, health."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from nvm import views

api_v1: list[URLPattern | URLResolver] = [
    path("", include("accounts.api.urls")),
    path("directory/", include("directory.api.urls")),
    path("", include("referrals.api.urls")),
    path("", include("audit.urls")),
    path("", include("reports.urls")),
    path("", include("notifications.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("accounts/", include("accounts.urls")),
    path("wegwijzer/", include("directory.web.urls")),
    path("verwijzingen/", include("referrals.web.urls")),
    path("rapportages/", include("reports.urls_web")),
    path("meldingen/", include("notifications.urls_web")),
    path("audit/", include("referrals.web.audit_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "nvm.views.page_not_found"
handler500 = "nvm.views.server_error"
