"""Public status pages, mounted at /status/."""

from django.urls import path

from .pages import feed, status

app_name = "status"

urlpatterns = [
    path("<slug:slug>/", status.StatusPage.as_view(), name="account"),
    path("<slug:slug>/issues/<int:pk>/", status.IssuePage.as_view(), name="issue"),
    path("<slug:slug>/feed/", feed.IssuesFeed(), name="feed"),
]
