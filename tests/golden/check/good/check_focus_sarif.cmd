check
tests/cli/data/conflict
tests/cli/data/draft-platform
--format
sarif
--focus
tests/cli/data/draft-platform/tzf-2025-02.rules
