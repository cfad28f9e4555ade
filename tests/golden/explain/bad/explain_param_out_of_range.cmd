explain
tests/cli/data/limits.rules
--date
2024-08-15
--entity
{"entity": "firm"}
--param
cap=2000 万元
