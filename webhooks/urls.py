"""Routes of the webhooks app, grouped by dialect."""

urlpatterns = []
