#!/usr/bin/env python3
"""Holds P2C_ABI_VERSION to the headers that define the types a plugin and the host hand each other.

The headers' text without comments and blank space is hashed and compared with sdk/abi-headers.sha256, which
records the hash with the ABI version it belongs to. A change to those headers fails this test until it is
recorded; recording it is the moment to decide whether the change breaks plugins built before it (a field
added, removed or moved, a virtual function changed): if it does, bump P2C_ABI_VERSION in sdk/include/p2c/abi.h.

Usage: tests/sdk/abi_hash_test.py [--update]
"""
import argparse
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Everything reachable from p2c_plugin_info: the struct itself and the payload types of its calls.
HEADERS = ["abi.h", "metric.h", "observations.h", "options.h", "results.h"]
RECORD = os.path.join(ROOT, "sdk", "abi-headers.sha256")


def normalised(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return " ".join(text.split())


def headers_hash():
    digest = hashlib.sha256()
    for name in HEADERS:
        with open(os.path.join(ROOT, "sdk", "include", "p2c", name), encoding="utf-8") as f:
            digest.update(name.encode() + b"\0" + normalised(f.read()).encode() + b"\0")
    return digest.hexdigest()


def abi_version():
    with open(os.path.join(ROOT, "sdk", "include", "p2c", "abi.h"), encoding="utf-8") as f:
        found = re.search(r"#define P2C_ABI_VERSION (\d+)u?", f.read())
    if not found:
        sys.exit("sdk/include/p2c/abi.h defines no P2C_ABI_VERSION")
    return int(found.group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--update", action="store_true", help="record the current hash and ABI version")
    args = parser.parse_args()
    version, digest = abi_version(), headers_hash()
    line = f"{version} {digest}\n"
    if args.update:
        with open(RECORD, "w", encoding="utf-8") as f:
            f.write("# P2C_ABI_VERSION and the SHA-256 of the ABI headers without comments and blank space.\n"
                    "# Written by tests/sdk/abi_hash_test.py --update; see that script.\n" + line)
        print(f"recorded ABI version {version} with hash {digest}")
        return 0
    with open(RECORD, encoding="utf-8") as f:
        recorded = [row.split() for row in f if row.strip() and not row.startswith("#")]
    if recorded == [[str(version), digest]]:
        print(f"ABI version {version}: headers unchanged ({digest})")
        return 0
    was = " ".join(recorded[0]) if recorded else "nothing"
    print(f"The ABI headers ({', '.join(HEADERS)} in sdk/include/p2c) or P2C_ABI_VERSION changed: now version "
          f"{version} with hash {digest}, recorded {was} in sdk/abi-headers.sha256.\n"
          "If the change alters a type plugins and the host hand each other (a field added, removed or moved, a "
          "virtual function changed), bump P2C_ABI_VERSION in sdk/include/p2c/abi.h and note why there. Then "
          "record it: tests/sdk/abi_hash_test.py --update", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
