#!/usr/bin/env bash
# Rewrites the expected outputs of every golden test in tests/golden (README.md there), from the current
# build: the command cases (NAME.cmd → .out, .code and, when it prints diagnostics, .err) and the malformed
# rules files of load/bad (NAME.rules → .err).
# Run it only after a deliberate change, then read `git diff tests/golden` line by line before committing.
set -euo pipefail
cd "$(dirname "$0")/../.."
lexsim=${LEXSIM:-build/release/lexsim}
# Each case runs in the repository's root, as tests/golden/run_cli_case.cmake does ($SOURCE_DIR is the root).
for c in tests/golden/*/*/*.cmd; do
  n=${c%.cmd}
  mapfile -t args < "$c"
  args=("${args[@]//\$SOURCE_DIR/$PWD}")
  set +e
  "$lexsim" "${args[@]}" > "$n.out" 2> "$n.err"
  echo $? > "$n.code"
  [ -s "$n.err" ] || rm -f "$n.err"   # only cases that print diagnostics keep an .err
  set -e
done
# The malformed rules files: `lexsim stats FILE` run in the file's folder, as
# tests/golden/run_error_case.cmake does.
lexsim_abs=$(realpath "$lexsim")
for r in tests/golden/*/*/*.rules; do
  set +e
  (cd "$(dirname "$r")" && "$lexsim_abs" stats "$(basename "$r")" > /dev/null 2> "$(basename "${r%.rules}").err")
  set -e
done
