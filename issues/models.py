"""Tables of the issues app."""
