from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api import audit, views

router = SimpleRouter()
router.register("accounts/users", views.UserViewSet, basename="user")

urlpatterns = [
    path("auth/token/", views.TokenLoginView.as_view(), name="auth-token"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("accounts/me/", views.MeView.as_view(), name="accounts-me"),
    path("audit/access/", audit.AccessLogView.as_view(), name="audit-access"),
    *router.urls,
]
