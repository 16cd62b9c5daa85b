"""Writes the synthetic weights a manifest describes as a float32 safetensors file (pure Python, no numpy/torch).

    python3 write_safetensors.py manifest.json weights.safetensors
"""

import json
import math
import struct
import sys
from multiprocessing import Pool

from synthetic_weights import hash32

CHUNK = 1 << 20


def values(job: tuple[int, int, int, float, float]) -> bytes:
    start, count, salt, offset, scale = job
    return struct.pack(f"<{count}f", *[offset + scale * (hash32(i, salt) / 4294967296.0 - 0.5)
                                       for i in range(start, start + count)])


def main(manifest_path: str, out_path: str) -> None:
    with open(manifest_path, encoding="utf-8") as f:
        entries = json.load(f)["tensors"]
    header, position = {}, 0
    for entry in entries:
        size = math.prod(entry["shape"]) * 4
        header[entry["name"]] = {"dtype": "F32", "shape": entry["shape"], "data_offsets": [position, position + size]}
        position += size
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    jobs = []
    for entry in entries:
        n = math.prod(entry["shape"])
        jobs += [(s, min(CHUNK, n - s), entry["salt"], entry["offset"], entry["scale"]) for s in range(0, n, CHUNK)]
    with open(out_path, "wb") as out, Pool() as pool:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for chunk in pool.imap(values, jobs):
            out.write(chunk)
    print(f"{out_path}: {len(entries)} tensors, {position // 4} values")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
