#!/usr/bin/env python3
"""Jump consistent hash vectors for tests/ring_jump.rs, made by an independent implementation.

Reference: jump-consistent-hash 3.6.0 (PyPI), `jump.hash(key, num_buckets)` -- its C extension is the
paper's JumpConsistentHash (Lamping & Veach 2014) line for line; we also cross-check its pure-Python
`py_hash` and record both agree.

Run (needs network to PyPI once; the test suite never runs this):
    python3 -m venv /tmp/vecenv && /tmp/vecenv/bin/pip install jump-consistent-hash==3.6.0
    /tmp/vecenv/bin/python tests/vectors/make_jump.py > tests/vectors/jump.json
"""
import json
import random
from importlib.metadata import version

import jump

BUCKETS = [1, 2, 3, 5, 10, 16, 100, 1000, 12345, 65536, 1 << 20, (1 << 31) - 1]


def main():
    rng = random.Random(20140606)
    keys = [0, 1, 2, 3, 42, 255, 256, (1 << 32) - 1, 1 << 32, (1 << 63) - 1, 1 << 63, (1 << 64) - 1]
    keys += [rng.getrandbits(64) for _ in range(200)]
    vectors = []
    for key in keys:
        for buckets in BUCKETS:
            bucket = jump.hash(key, buckets)
            assert bucket == jump.py_hash(key, buckets)
            vectors.append([key, buckets, bucket])
    data = {
        "generator": f"jump-consistent-hash {version('jump-consistent-hash')} jump.hash, tests/vectors/make_jump.py",
        "vectors": vectors,
    }
    json.dump(data, __import__("sys").stdout, indent=0)


if __name__ == "__main__":
    main()
