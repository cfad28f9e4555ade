check
tests/cli/data/window.rules
