"""Routes of the helpdesk app, grouped by dialect."""

urlpatterns = []
