"""Routes of the webhooks app (Issue Tracker dialect), mounted under /api/."""

from django.urls import path, re_path

from .api import issuetracker as api

ID = r"(?P<pk>[0-9]+)"

urlpatterns = [
    path("webhooks", api.WebhookViewSet.as_view({"get": "list", "post": "create"}), name="webhook-list"),
    re_path(
        rf"^webhooks/{ID}$",
        api.WebhookViewSet.as_view({"get": "retrieve", "put": "update", "delete": "destroy"}),
        name="webhook-detail",
    ),
    re_path(
        rf"^webhooks/{ID}/rotate-secret$",
        api.WebhookViewSet.as_view({"post": "rotate_secret"}),
        name="webhook-rotate-secret",
    ),
    re_path(
        rf"^webhooks/{ID}/deliveries$", api.WebhookViewSet.as_view({"get": "deliveries"}), name="webhook-deliveries"
    ),
    re_path(
        rf"^webhooks/{ID}/deliveries/(?P<delivery_id>[0-9]+)/redeliver$",
        api.WebhookViewSet.as_view({"post": "redeliver"}),
        name="webhook-redeliver",
    ),
]
