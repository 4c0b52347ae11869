"""URLs of the HSDS read API, under /api/v1/directory/hsds/.

HSDS's OpenAPI document names its paths without a trailing slash (``/services``);
the rest of our API ends every path with one. Both are accepted.
"""

from django.urls import URLPattern, re_path

from directory.api import hsds_views as views

urlpatterns: list[URLPattern] = [
    re_path(r"^$", views.RootView.as_view(), name="hsds-root"),
    re_path(r"^profile/?$", views.ProfileView.as_view(), name="hsds-profile"),
    re_path(r"^services/?$", views.ServiceListView.as_view(), name="hsds-service-list"),
    re_path(r"^services/(?P<pk>[^/]+)/?$", views.ServiceDetailView.as_view(), name="hsds-service-detail"),
    re_path(r"^organizations/?$", views.OrganizationListView.as_view(), name="hsds-organization-list"),
    re_path(
        r"^organizations/(?P<pk>[^/]+)/?$", views.OrganizationDetailView.as_view(), name="hsds-organization-detail"
    ),
    re_path(r"^taxonomies/?$", views.TaxonomyListView.as_view(), name="hsds-taxonomy-list"),
    re_path(r"^taxonomies/(?P<pk>[^/]+)/?$", views.TaxonomyDetailView.as_view(), name="hsds-taxonomy-detail"),
    re_path(r"^taxonomy_terms/?$", views.TaxonomyTermListView.as_view(), name="hsds-taxonomy-term-list"),
    re_path(
        r"^taxonomy_terms/(?P<pk>[^/]+)/?$", views.TaxonomyTermDetailView.as_view(), name="hsds-taxonomy-term-detail"
    ),
]
