"""Tables of the helpdesk app."""
