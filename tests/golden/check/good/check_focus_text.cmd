check
tests/cli/data/conflict
tests/cli/data/draft-platform
--focus
tests/cli/data/draft-platform
