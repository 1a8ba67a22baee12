#!/usr/bin/env python3
"""Ketama vectors for tests/ring_ketama.rs, made by an independent implementation.

Reference: uhashring 2.5 (PyPI, pure Python), HashRing(nodes, hash_fn="ketama") -- its KetamaRing
gives each server (vnodes=40) * server_count * weight // total_weight MD5 digests of "name-i", four
little-endian u32 points per digest, and a key's point is the little-endian u32 of the first four bytes
of MD5(key): libketama's continuum.

Run (needs network to PyPI once; the test suite never runs this):
    python3 -m venv /tmp/vecenv && /tmp/vecenv/bin/pip install uhashring==2.5
    /tmp/vecenv/bin/python tests/vectors/make_ketama.py > tests/vectors/ketama.json

Two documented differences from libketama, which the vectors steer clear of (and this script asserts):
  * uhashring maps a key to the first point strictly greater than its hash (bisect_right); libketama
    to the first point >= it. They differ only when a key's hash equals a point exactly.
  * uhashring uses exact integer floor(40*N*w/W); libketama floorf((float)w/(float)W * 40.0 * N).
    The weights below give the same digest count either way (our Rust test checks the counts too).
Ties between equal points: uhashring keeps the later server (its dict entry is overwritten).
"""
import json
from importlib.metadata import version

from uhashring import HashRing

SERVER_LISTS = [
    ("three equal", [("10.0.1.1:11211", 1), ("10.0.1.2:11211", 1), ("10.0.1.3:11211", 1)]),
    (
        "five weighted",
        [("cache-a", 1), ("cache-b", 2), ("cache-c", 3), ("cache-d", 1), ("cache-e", 1)],
    ),
    (
        "ten weighted, unusual names",
        [
            ("10.0.0.1:11211", 100),
            ("10.0.0.2:11211", 100),
            ("10.0.0.3:11211", 200),
            ("memcache-4.example", 50),
            ("<b>node</b>", 100),
            ("节点-6", 100),
            ("node with spaces", 100),
            ("10.0.0.8:11211", 300),
            ("10.0.0.9:11211", 25),
            ("10.0.0.10:11211", 25),
        ],
    ),
    (
        "ten equal",
        [(f"server{i}.local:11211", 1) for i in range(10)],
    ),
]


def keys():
    out = [f"key-{i}" for i in range(700)]
    out += [f"user:{i}:profile" for i in range(200)]
    out += [f"键-{i}" for i in range(50)]
    out += [f"{i * 7919}" for i in range(50)]
    return out


def main():
    ks = keys()
    cases = []
    for label, servers in SERVER_LISTS:
        ring = HashRing({name: {"weight": w} for name, w in servers}, hash_fn="ketama")
        points = set(ring.runtime._keys)
        for k in ks:
            assert ring.get_key(k) not in points, "a key hashes exactly onto a point: pick another key"
        cases.append(
            {
                "label": label,
                "servers": [{"name": n, "weight": w} for n, w in servers],
                "points_per_server": [ring.runtime._distribution[n] for n, _ in servers],
                "key_points": [ring.get_key(k) for k in ks[:20]],
                "owners": [ring.get_node(k) for k in ks],
            }
        )
    data = {
        "generator": f"uhashring {version('uhashring')} HashRing(hash_fn='ketama'), tests/vectors/make_ketama.py",
        "keys": ks,
        "cases": cases,
    }
    json.dump(data, __import__("sys").stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
