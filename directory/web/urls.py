"""The public Wegwijzer pages under /wegwijzer/ (no login), and the editor's under /wegwijzer/beheer/."""

from django.urls import path

from directory.web import editor, views

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
    path("beheer/", editor.index, name="editor_index"),
    path("beheer/<slug:kind>/", editor.entry_list, name="editor_list"),
    path("beheer/<slug:kind>/nieuw/", editor.entry_new, name="editor_new"),
    path("beheer/<slug:kind>/<uuid:pk>/", editor.entry_edit, name="editor_edit"),
    path("beheer/<slug:kind>/<uuid:pk>/voorbeeld/", editor.entry_preview, name="editor_preview"),
    path("beheer/<slug:kind>/<uuid:pk>/<slug:action>/", editor.entry_action, name="editor_action"),
]
