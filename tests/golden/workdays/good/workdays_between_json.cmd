workdays
between
2024-12-31
2025-02-28
--format
json
