check
tests/cli/data/hard.rules
--timeout
1.2345
