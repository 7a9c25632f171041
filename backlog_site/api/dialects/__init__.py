"""The five API families, each declared once. See base.py for what a dialect is."""
