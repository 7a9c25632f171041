"""Server-rendered pages of the backlogs app (members of the chosen account only)."""
