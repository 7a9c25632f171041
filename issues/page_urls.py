"""Public status pages, mounted at /status/."""

app_name = "status"

urlpatterns = []
