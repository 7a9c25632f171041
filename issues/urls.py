"""Routes of the issues app (Issue Tracker dialect), mounted under /api/."""

urlpatterns = []
