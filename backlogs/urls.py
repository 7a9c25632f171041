"""Routes of the backlogs app, grouped by dialect."""

from django.urls import include, path

urlpatterns = [
    path("api/", include("backlogs.api.urls_easybacklog")),
    path("v1/", include("backlogs.api.urls_publicbacklog")),
    path("api/v1/ext/orgs/<slug:org_slug>/", include("backlogs.api.urls_orgtickets")),
]
