#!/usr/bin/env bash
# Rewrites the expected outputs of the CLI golden tests and of the malformed-rules
# cases in tests/golden/errors, from the current build.
# Run it only after a deliberate change, then read `git diff tests/cli` line by line before committing.
set -euo pipefail
cd "$(dirname "$0")/../.."
lexsim=${LEXSIM:-build/release/lexsim}
for c in tests/cli/*.cmd; do
  n=${c%.cmd}
  mapfile -t args < "$c"
  set +e
  "$lexsim" "${args[@]}" > "$n.out" 2> "$n.err"
  echo $? > "$n.code"
  [ -s "$n.err" ] || rm -f "$n.err"   # only cases that print diagnostics keep an .err
  set -e
done
# The malformed rules files of tests/golden/errors: `lexsim stats FILE` run in the file's folder, as
# tests/golden/run_error_case.cmake does.
lexsim_abs=$(realpath "$lexsim")
for r in tests/golden/errors/*.rules; do
  set +e
  (cd "$(dirname "$r")" && "$lexsim_abs" stats "$(basename "$r")" > /dev/null 2> "$(basename "${r%.rules}").err")
  set -e
done
