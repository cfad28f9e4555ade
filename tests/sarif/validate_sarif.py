#!/usr/bin/env python3
"""Validates SARIF logs written by lexsim against the OASIS SARIF 2.1.0 schema kept beside this script
(sarif-schema-2.1.0.json, see README.md).

usage: validate_sarif.py SCHEMA LOG...   (exit 1 and the errors on stderr when a log is invalid)
Besides the schema, checks what the schema cannot say without an RFC 3987 library: every artifact URI is a
relative reference (relative to the working directory, no spaces, ASCII only). And checks the check: a copy
of the first log with a result whose level is not a SARIF level, and one with a misspelt result property,
must both be rejected.
"""
import copy
import json
import sys

import jsonschema


def uris(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "artifactLocation" and isinstance(v, dict) and "uri" in v:
                yield v["uri"]
            yield from uris(v)
    elif isinstance(node, list):
        for v in node:
            yield from uris(v)


def main(argv):
    schema = json.load(open(argv[1], encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)  # the schema's own draft (04)
    bad = 0
    for path in argv[2:]:
        log = json.load(open(path, encoding="utf-8"))
        for error in validator.iter_errors(log):
            print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}", file=sys.stderr)
            bad += 1
        for uri in uris(log):
            if uri.startswith("/") or ":" in uri.split("/")[0] or not uri.isascii() or " " in uri:
                print(f"{path}: artifact URI {uri!r} is not a relative reference", file=sys.stderr)
                bad += 1
        results = sum(len(run.get("results", [])) for run in log["runs"])
        print(f"{path}: {results} results, {'invalid' if bad else 'valid'}")
    first = json.load(open(argv[2], encoding="utf-8"))
    if first["runs"][0].get("results"):
        for broken in ("level", "misspelt"):
            log = copy.deepcopy(first)
            result = log["runs"][0]["results"][0]
            if broken == "level":
                result["level"] = "fatal"
            else:
                result["partialFingerprint"] = result.get("partialFingerprints", {})
            if validator.is_valid(log):
                print(f"the schema accepts a log with a broken result ({broken})", file=sys.stderr)
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
