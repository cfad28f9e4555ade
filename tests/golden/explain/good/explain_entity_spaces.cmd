explain
tests/cli/data/limits.rules
--date
2024-08-15
--entity
  {"entity": "firm", "values": {"a": "1.5", "k": 3}}
