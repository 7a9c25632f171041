"""Ransack lives with BOSSDesk's dialect (`backlog_site.api.dialects.bossdesk.ransack`), which the CMDB shares;
the service desk's saved searches store Ransack queries and check them with it under this name."""

from backlog_site.api.dialects.bossdesk.ransack import (  # noqa: F401
    RansackError,
    query_params,
    ransack,
    unfiltered,
    validate_conditions,
)
