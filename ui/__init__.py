"""Shared widgets of the dashboard: labels, filters, cached data access, charts, downloads.

Pages import from here so every page looks and behaves the same; nothing in ``ui/`` writes
to the warehouse (the import page goes through ``etl.load``).
"""
