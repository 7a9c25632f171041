"""Routes of the accounts app, grouped by dialect."""

from django.urls import path, re_path
from rest_framework.urlpatterns import format_suffix_patterns

from .api import bossdesk, easybacklog

ID = r"(?P<pk>[0-9]+)"

easybacklog_patterns = format_suffix_patterns(
    [
        path("accounts", easybacklog.AccountViewSet.as_view({"get": "list"}), name="eb-account-list"),
        re_path(
            rf"^accounts/{ID}$",
            easybacklog.AccountViewSet.as_view({"get": "retrieve", "put": "update"}),
            name="eb-account-detail",
        ),
        re_path(
            r"^accounts/(?P<account_id>[0-9]+)/companies$",
            easybacklog.CompanyViewSet.as_view({"get": "list", "post": "create"}),
            name="eb-company-list",
        ),
        re_path(
            rf"^accounts/(?P<account_id>[0-9]+)/companies/{ID}$",
            easybacklog.CompanyViewSet.as_view({"get": "retrieve", "put": "update", "delete": "destroy"}),
            name="eb-company-detail",
        ),
        path("locales", easybacklog.LocaleViewSet.as_view({"get": "list"}), name="eb-locale-list"),
        re_path(rf"^locales?/{ID}$", easybacklog.LocaleViewSet.as_view({"get": "retrieve"}), name="eb-locale-detail"),
    ],
    allowed=["json", "xml"],
)

bossdesk_patterns = [
    path("sessions", bossdesk.SessionView.as_view(), name="bd-session"),
]
