#!/usr/bin/env bash
# Files are never lost or half-written (issue 10), the cases that need root, a second user or a signal:
#   1. fmt -i and check -o keep the owner (65534:65534) and mode of the file they rewrite;
#   2. an unreadable folder inside a rules tree is an error (exit 2) for an unprivileged user (setpriv);
#   3. SIGTERM and SIGINT during a write leave neither the temporary nor the target (a test hook holds the
#      write with its temporary on disk and prints a marker; the signal is sent only after the marker);
#   4. --emit-smt writes nothing when the run fails after the queries, and puts its files in place when it
#      succeeds (into a new or an empty directory), leaving no staging directory behind;
#   5. a query that cannot finish within --timeout is reported as unknown and check exits 1 (Z3's reason for
#      giving up varies with the moment it is stopped, so only the reporting is compared, not the reason).
# Usage: files_test.sh LEXSIM SOURCE_DIR. Exit 77 (skipped) when not root or setpriv is missing: parts 1 and
# 2 need both; parts 3 and 4 run first either way.
set -euo pipefail
lexsim=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d /tmp/lexsim-files.XXXXXX)
chmod 755 "$work"
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
messy='document d { number "1号"   issued 2024-01-01 }'

# 3. Signals: the temporary is removed and the target never appears; the exit is the signal's.
for sig in TERM INT; do
  rm -f marker report.txt report.txt.lexsim-*
  # setsid: a shell's background job ignores SIGINT; in its own session the child keeps the default.
  LEXSIM_TEST_HOLD_WRITE=1 setsid "$lexsim" check "$src/tests/cli/data/conflict" -o report.txt 2> marker &
  pid=$!
  for _ in $(seq 1 600); do grep -q "^lexsim: holding" marker && break; sleep 0.1; done
  grep -q "^lexsim: holding" marker || fail "SIG$sig: the write never reached its temporary"
  tmp=$(sed -n 's/^lexsim: holding //p' marker)
  [ -f "$tmp" ] || fail "SIG$sig: the temporary $tmp is not on disk while held"
  kill -s "$sig" "$pid"
  set +e; wait "$pid"; code=$?; set -e
  [ "$code" -ne 0 ] || fail "SIG$sig: exit 0 after the signal"
  [ ! -e "$tmp" ] || fail "SIG$sig: the temporary $tmp was left behind"
  [ ! -e report.txt ] || fail "SIG$sig: the target was written"
  ls report.txt.lexsim-* > /dev/null 2>&1 && fail "SIG$sig: a temporary was left behind"
done
echo "ok: SIGTERM and SIGINT leave no temporary and no target"

# 4. --emit-smt: nothing when the report cannot be written; the files in place when the run succeeds.
set +e
"$lexsim" check "$src/tests/cli/data/conflict" --emit-smt smt -o /proc/lexsim-no-such/report.txt 2> err
code=$?
set -e
[ "$code" -eq 2 ] || fail "--emit-smt with an unwritable report: exit $code, expected 2"
[ ! -e smt ] || fail "--emit-smt wrote $(ls smt | wc -l) files although the run failed"
ls -d smt.lexsim-* > /dev/null 2>&1 && fail "--emit-smt left its staging directory"
set +e; "$lexsim" check "$src/tests/cli/data/conflict" --emit-smt smt > out; code=$?; set -e
[ "$code" -le 1 ] || fail "--emit-smt: exit $code"
[ "$(ls smt/*.smt2 | wc -l)" -gt 0 ] || fail "--emit-smt wrote no query"
mkdir empty
set +e; "$lexsim" check "$src/tests/cli/data/conflict" --emit-smt empty/ > out; code=$?; set -e
[ "$code" -le 1 ] || fail "--emit-smt into an empty directory: exit $code"
[ "$(ls empty/*.smt2 | wc -l)" -eq "$(ls smt/*.smt2 | wc -l)" ] || fail "--emit-smt into an empty directory"
ls -d smt.lexsim-* empty.lexsim-* > /dev/null 2>&1 && fail "--emit-smt left its staging directory"
# File names stay within NAME_MAX (255 bytes) when clause names are long (Chinese ids are 3 bytes a character).
long=$(printf '长%.0s' $(seq 1 120))
printf 'document d { number "1号" issued 2024-01-01 }\nentity firm { a : money }\nbenefit award\n' > long.rules
printf 'clause %s { article "一" applies to firm when a > 1 元 grant award 1 万元 }\n' "$long" >> long.rules
set +e; "$lexsim" check long.rules --emit-smt smt-long > out 2> err; code=$?; set -e
[ "$code" -le 1 ] || fail "--emit-smt with a long clause name: exit $code ($(cat err))"
[ "$(ls smt-long | wc -l)" -gt 0 ] || fail "--emit-smt with a long clause name wrote nothing"
for f in smt-long/*; do
  n=$(basename "$f")
  [ "$(printf %s "$n" | LC_ALL=C wc -c)" -le 255 ] || fail "--emit-smt file name longer than 255 bytes: $n"
done
echo "ok: --emit-smt writes nothing on failure and everything on success, names within 255 bytes"

# 5. --timeout: the query on x² = 2y² never finishes; with half a second it is unknown, never "no problem".
set +e
"$lexsim" check "$src/tests/cli/data/hard.rules" --rlimit 4294967295 --timeout 0.5 > out 2> err
code=$?
set -e
[ "$code" -eq 1 ] || fail "--timeout: exit $code, expected 1 ($(cat err))"
grep -q "^警告\[LX301\] vacuous：未能判定：求解器未能判定通政发〔2024〕97号 第一条（hard.root2）是否可能适用" out ||
  fail "--timeout: the query is not reported as unknown: $(cat out)"
grep -q "求解器查询 1 次（sat 0，unsat 0，unknown 1）" out || fail "--timeout: summary: $(cat out)"
grep -q "^未完成：1 个查询未在资源上限或时间预算内得出结论；请提高 --rlimit 或 --timeout（退出码 1）" out ||
  fail "--timeout: no incomplete line: $(cat out)"
echo "ok: a query past --timeout is reported as unknown, exit 1"

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv > /dev/null; then
  echo "SKIP: owner keeping and unreadable folders need root and setpriv (util-linux)"
  exit 77
fi

# 1. Owner and mode kept by fmt -i and check -o.
echo "$messy" > owned.rules
chown 65534:65534 owned.rules
chmod 0640 owned.rules
"$lexsim" fmt -i owned.rules
[ "$(stat -c %u:%g:%a owned.rules)" = "65534:65534:640" ] ||
  fail "fmt -i: owner and mode became $(stat -c %u:%g:%a owned.rules)"
"$lexsim" fmt --check owned.rules || fail "fmt -i did not rewrite the file"
echo "old report" > owned.txt
chown 65534:65534 owned.txt
chmod 0604 owned.txt
set +e; "$lexsim" check "$src/tests/cli/data/conflict" -o owned.txt; code=$?; set -e
[ "$code" -le 1 ] || fail "check -o: exit $code"
[ "$(stat -c %u:%g:%a owned.txt)" = "65534:65534:604" ] ||
  fail "check -o: owner and mode became $(stat -c %u:%g:%a owned.txt)"
grep -q "old report" owned.txt && fail "check -o did not rewrite the file"
echo "ok: fmt -i and check -o keep owner 65534:65534 and the mode"

# 2. An unreadable folder in a rules tree, for a user who cannot read it.
mkdir -p tree/sub
cp "$src"/tests/cli/data/conflict/*.rules tree/
cp tree/tzf-2024-08.rules tree/sub/other.rules
sed -i 's/通政发〔2024〕8号/通政发〔2024〕77号/; s/document tzf_2024_08/document tzf_2024_77/' tree/sub/other.rules
cp "$lexsim" ./lexsim
chmod -R a+rX tree ./lexsim
chmod 000 tree/sub
set +e
setpriv --reuid=65534 --regid=65534 --clear-groups ./lexsim check tree > out 2> err
code=$?
set -e
[ "$code" -eq 2 ] || fail "unreadable folder: exit $code, expected 2 ($(cat err))"
grep -q "tree/sub" err || fail "unreadable folder: the message does not name it: $(cat err)"
grep -q "cannot read the directory" err || fail "unreadable folder: unexpected message: $(cat err)"
[ ! -s out ] || fail "unreadable folder: a report was printed"
echo "ok: an unreadable folder is an error naming it, exit 2"
