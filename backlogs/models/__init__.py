"""Tables of the backlogs app: easyBacklog planning (planning.py) and dev tickets (tickets.py)."""

from .planning import *  # noqa: F401,F403
from .tickets import *  # noqa: F401,F403
