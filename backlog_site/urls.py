"""Every API family mounts on one host (see ../shared/seeds/README.md for the map)."""

from csp.decorators import csp_update
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import urls as accounts_urls

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; the icon itself is a static file.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.ico"), permanent=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.page_urls")),
    path("backlogs/", include("backlogs.page_urls")),
    path("portal/", include("helpdesk.page_urls")),
    path("portal/", include("links.page_urls")),  # the links' forms on an agent's ticket page
    path("status/", include("issues.page_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (CSP allows no inline scripts); its template
    # keeps one small inline <style>.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="swagger-ui",
    ),
    # BOSSDesk and the org-scoped Tickets API share the /api/v1/ prefix; their paths never overlap.
    path("api/v1/", include(accounts_urls.bossdesk_patterns)),
    path("api/v1/", include("helpdesk.urls")),
    path("api/v1/", include("cmdb.urls")),
    path("api/v1/", include("links.urls_bossdesk")),
    path("api/v1/ext/orgs/<slug:org_slug>/", include("links.urls_orgtickets")),
    path("api/", include(accounts_urls.easybacklog_patterns)),
    path("api/", include("issues.urls")),
    path("api/", include("webhooks.urls")),
    # backlogs mounts three families: easyBacklog (api/), Public Backlog (v1/), Tickets (api/v1/ext/orgs/).
    path("", include("backlogs.urls")),
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
]
