explain
--entity
tests/cli/data/witness-platform.json
