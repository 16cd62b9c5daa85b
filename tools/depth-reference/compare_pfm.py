"""Compares two PFM depth maps the way issue 5 states the bar: max |a - b| within 1e-4 of the reference's range.

    python3 compare_pfm.py reference.pfm ours.pfm [--tolerance 1e-4]
Exit 0 when within tolerance, 1 when not, 2 on unreadable input.
"""

import argparse
import struct
import sys


def read_pfm(path: str) -> tuple[int, int, list[float]]:
    with open(path, "rb") as f:
        kind = f.readline().strip()
        if kind != b"Pf":
            raise ValueError(f"{path}: not a one-channel PFM (header {kind!r})")
        width, height = (int(v) for v in f.readline().split())
        scale = float(f.readline())
        data = f.read()
    endian = "<" if scale < 0 else ">"
    if len(data) != width * height * 4:
        raise ValueError(f"{path}: {len(data)} bytes of data, {width * height * 4} expected")
    return width, height, list(struct.unpack(f"{endian}{width * height}f", data))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference")
    parser.add_argument("ours")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="fraction of the reference's range")
    args = parser.parse_args()
    try:
        rw, rh, ref = read_pfm(args.reference)
        ow, oh, ours = read_pfm(args.ours)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if (rw, rh) != (ow, oh):
        print(f"error: sizes differ: reference {rw}x{rh}, ours {ow}x{oh}", file=sys.stderr)
        return 2
    low, high = min(ref), max(ref)
    span = high - low
    diffs = [abs(a - b) for a, b in zip(ref, ours)]
    worst = max(diffs)
    mean = sum(diffs) / len(diffs)
    ratio = worst / span if span > 0 else float("inf")
    verdict = "PASS" if ratio <= args.tolerance else "FAIL"
    print(f"{verdict}: {rw}x{rh}, reference range [{low:.6g}, {high:.6g}], max |diff| {worst:.3g} "
          f"({ratio:.3g} of the range, tolerance {args.tolerance:g}), mean |diff| {mean:.3g}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
