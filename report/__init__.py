"""Outputs made from the warehouse: documents a bureau hands in (``python -m report``)."""
