"""Admin of dev tickets."""
