"""The public Wegwijzer pages under /wegwijzer/ (no login)."""

from django.urls import path

from directory.web import views

app_name = "wegwijzer"

urlpatterns = [
    path("", views.index, name="index"),
    path("hulpvragen/<slug:code>/", views.need_detail, name="need"),
    path("categorie/<slug:category>/<slug:value>/", views.category, name="category"),
    path("zoeken/", views.search, name="search"),
    path("organisaties/<uuid:pk>/", views.organisation_detail, name="organisation"),
    path("diensten/<uuid:pk>/", views.service_detail, name="service"),
    path("regelingen/", views.regulation_list, name="regulations"),
    path("regelingen/<slug:code>/", views.regulation_detail, name="regulation"),
    path("wie-kan-helpen/", views.who_can_help, name="who_can_help"),
]
