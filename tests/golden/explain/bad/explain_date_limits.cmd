explain
tests/cli/data/limits.rules
--date
3000-01-01
--entity
{"entity": "firm"}
