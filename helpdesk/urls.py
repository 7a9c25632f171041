"""Routes of the helpdesk app (BOSSDesk dialect), mounted under /api/v1/."""

urlpatterns = []
