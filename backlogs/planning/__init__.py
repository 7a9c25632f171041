"""easyBacklog planning services: one module per sub-domain (backlogs, themes, stories, sprints,
snapshots, stats, exports), all used by the API, the admin and the Celery tasks."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "backlogs-snapshot-started-sprints": {
        "task": "backlogs.snapshot_started_sprints",
        "schedule": crontab(hour=0, minute=5),
    }
}


def _planning_ready() -> None:
    """Called from BacklogsConfig.ready(): plug planning into the tenant life cycle and into beat."""
    from accounts import demo_data, reference_data
    from backlog_site.celery import app

    from .reference import fill_demo_backlog, install_sprint_story_statuses

    reference_data.register(install_sprint_story_statuses)
    demo_data.register(fill_demo_backlog)
    app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **BEAT_SCHEDULE}
