"""Web login, logout and the account page (the API uses tokens)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import web
from accounts.forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("mijn-account/", web.account, name="account"),
]
