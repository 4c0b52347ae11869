"""The referral pages under /verwijzingen/ (login required)."""

from django.urls import path

from referrals.web import views

app_name = "referrals_web"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("nieuw/", views.referral_create, name="create"),
    path("routes/<uuid:pk>/<slug:action>/", views.route_action, name="route_action"),
    path("overdrachten/controleren/", views.handover_verify, name="handover_verify"),
    path("overdrachten/<uuid:pk>/pdf/", views.handover_pdf, name="handover_pdf"),
    path("overdrachten/<uuid:pk>/bevestigen/", views.handover_acknowledge, name="handover_acknowledge"),
    path("overdrachten/<uuid:pk>/opnieuw-uitgeven/", views.handover_reissue, name="handover_reissue"),
    path("<uuid:pk>/", views.referral_detail, name="detail"),
    path("<uuid:pk>/geschiedenis/", views.referral_history, name="history"),
    path("<uuid:pk>/routes/", views.route_propose, name="propose"),
    path("<uuid:pk>/<slug:action>/", views.referral_action, name="action"),
]
