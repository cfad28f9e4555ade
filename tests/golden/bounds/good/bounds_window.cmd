bounds
tests/cli/data/window.rules
