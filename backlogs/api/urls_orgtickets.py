"""Routes of one dialect of the backlogs app."""

urlpatterns = []
