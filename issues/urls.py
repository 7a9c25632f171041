"""Routes of the issues app (Issue Tracker dialect), mounted under /api/."""

from django.urls import path, re_path

from . import views
from .api import issuetracker as api

app_name = "issues"
ID = r"(?P<pk>[0-9]+)"
COLLECTION = {"get": "list", "post": "create"}
MEMBER = {"get": "retrieve", "put": "update", "delete": "destroy"}

urlpatterns = [
    path("companies", api.CompanyViewSet.as_view(COLLECTION), name="company-list"),
    re_path(rf"^companies/{ID}$", api.CompanyViewSet.as_view(MEMBER), name="company-detail"),
    path("categories", api.CategoryViewSet.as_view(COLLECTION), name="category-list"),
    re_path(rf"^categories/{ID}$", api.CategoryViewSet.as_view(MEMBER), name="category-detail"),
    re_path(
        rf"^categories/{ID}/subscriptions$",
        api.CategoryViewSet.as_view({"post": "subscriptions"}),
        name="category-subscriptions",
    ),
    path("issues", api.IssueViewSet.as_view(COLLECTION), name="issue-list"),
    re_path(rf"^issues/{ID}$", api.IssueViewSet.as_view(MEMBER), name="issue-detail"),
    re_path(rf"^issues/{ID}/close$", api.IssueViewSet.as_view({"post": "close"}), name="issue-close"),
    re_path(
        rf"^issues/{ID}/subscriptions$", api.IssueViewSet.as_view({"post": "subscriptions"}), name="issue-subscriptions"
    ),
    path("subscriptions/confirm/<str:token>", views.subscription_confirm, name="subscription-confirm"),
    path("subscriptions/unsubscribe/<str:token>", views.subscription_unsubscribe, name="subscription-unsubscribe"),
]
