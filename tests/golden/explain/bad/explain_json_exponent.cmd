explain
tests/cli/data/limits.rules
--date
2024-08-15
--entity
tests/cli/data/entity-exponent.json
