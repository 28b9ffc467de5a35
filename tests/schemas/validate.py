#!/usr/bin/env python3
"""Validates JSON documents against dist/schemas/NAME.schema.json (JSON Schema draft 2020-12, the
python3-jsonschema of the Debian archive). Usage: validate.py NAME FILE... ("-" is standard input).
Prints "ok NAME FILE" or "not ok NAME FILE: why" a document, and exits 1 when one is not valid."""
import json
import os
import sys

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))


def semantic(name, doc):
    """What a schema cannot say: the counts agree with the items."""
    if name == "preflight":
        unmet = sum(1 for r in doc["requirements"] if not r["met"])
        if doc["unmet"] != unmet or doc["met"] != (unmet == 0):
            return f"met {doc['met']} / unmet {doc['unmet']}, but {unmet} requirement(s) are unmet"
    if name == "report":
        worst = max([{"info": 0, "warning": 1, "error": 2}[f["severity"]] for f in doc["findings"]] + [0])
        if ["ok", "warning", "error"][worst] != doc["status"]:
            return f"status {doc['status']}, but the worst finding is {['info', 'warning', 'error'][worst]}"
    return None


def main():
    name, files = sys.argv[1], sys.argv[2:]
    with open(os.path.join(here, "..", "..", "dist", "schemas", f"{name}.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in files:
        try:
            doc = json.load(sys.stdin if path == "-" else open(path))
        except (OSError, ValueError) as e:
            print(f"not ok {name} {path}: {e}")
            bad += 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        why = "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:3])
        why = why or semantic(name, doc)
        if why:
            print(f"not ok {name} {path}: {why}")
            bad += 1
        else:
            print(f"ok {name} {path}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
