explain
tests/cli/data/window.rules
--entity
tests/cli/data/entity-negative-money.json
--date
2024-06-01
