explain
tests/cli/data/window.rules
--entity
tests/cli/data/window-entity.json
--date
2024-06-01
