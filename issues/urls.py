"""Routes of the issues app, grouped by dialect."""

urlpatterns = []
