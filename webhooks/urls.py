"""Routes of the webhooks app (Issue Tracker dialect), mounted under /api/."""

urlpatterns = []
