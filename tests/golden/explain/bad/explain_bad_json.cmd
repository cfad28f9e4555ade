explain
--date
2024-08-15
--entity
tests/cli/data/bad-entity.json
