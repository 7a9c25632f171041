"""Tables of the cmdb app."""
