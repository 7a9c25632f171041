"""Routes of the cmdb app (BOSSDesk dialect), mounted under /api/v1/."""

urlpatterns = []
