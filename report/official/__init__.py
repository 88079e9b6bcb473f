"""Official statistics tables (教基4068 shape, SDG 4.c.7, balanced-development inspection items):
``tables.build`` computes them through the metric queries, ``workbook.workbook_bytes`` writes
them with their 口径 sheets; ``python -m report forms`` and the 官方报表 page use both."""
