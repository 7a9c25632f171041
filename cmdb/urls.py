"""Routes of the cmdb app, grouped by dialect."""

urlpatterns = []
