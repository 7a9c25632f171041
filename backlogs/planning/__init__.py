"""easyBacklog planning services: one module per sub-domain (backlogs, themes, stories, sprints,
snapshots, stats, exports), all used by the API, the admin and the Celery tasks."""


def _planning_ready() -> None:
    """Called from BacklogsConfig.ready(): plug planning into the tenant life cycle (its periodic task
    is in settings.CELERY_BEAT_SCHEDULE)."""
    from accounts import demo_data, reference_data

    from .reference import fill_demo_backlog, install_sprint_story_statuses

    reference_data.register(install_sprint_story_statuses)
    demo_data.register(fill_demo_backlog)
