from django.urls import path

from audit import api

urlpatterns = [
    path("audit/verify/", api.VerifyView.as_view(), name="audit-verify"),
]
