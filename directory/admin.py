from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from directory.models import Organisation, Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["name", "kind", "coordinates_region", "is_national_coordinator", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["name"]
    filter_horizontal = ["regions"]
