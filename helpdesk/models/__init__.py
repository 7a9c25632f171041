"""Tables of the helpdesk app: lookups (lookups.py), tickets and their parts (tickets.py), saved searches."""

from .lookups import *  # noqa: F401,F403
from .searches import *  # noqa: F401,F403
from .tickets import *  # noqa: F401,F403
