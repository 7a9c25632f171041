"""Tables of the backlogs app."""
