"""Service-desk portal pages, mounted at /portal/."""

app_name = "portal"

urlpatterns = []
