"""Routes of the backlogs app, grouped by dialect."""

urlpatterns = []
