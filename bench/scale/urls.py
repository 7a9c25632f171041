"""The project's URLs plus the floor under /bench/floor/ (bench server only, see settings.py)."""

from django.urls import include, path

from backlog_site.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("bench/floor/", include("bench.scale.floor")), *project_urlpatterns]
