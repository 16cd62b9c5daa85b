"""Runs the reference Depth Anything V2 (the official repository's own code, checked out by the user) on one image
and writes what its infer_image returns, as a PFM: the other half of checking `spatialme depth` against the reference.

    python3 reference_depth.py --reference <Depth-Anything-V2 checkout> --encoder vits \
        (--weights depth_anything_v2_vits.pth | --synthetic-manifest manifest.json) \
        --image in.png -o reference.pfm [--input-size 518]

With --synthetic-manifest the network gets the deterministic weights of synthetic_weights.py and the manifest that
describes them is written, for write_safetensors.py to make the same weights as a file for `spatialme depth`.
Runs on the CPU in float32 (CUDA is hidden before torch loads: the reference moves its input to CUDA when it sees it);
--cuda-half runs it on CUDA under float16 autocast instead, to see how far half precision moves the output.
"""

import argparse
import json
import os
import sys

# The reference's four model_configs (its README), by encoder.
MODEL_CONFIGS = {
    "vits": {"encoder": "vits", "features": 64, "out_channels": [48, 96, 192, 384]},
    "vitb": {"encoder": "vitb", "features": 128, "out_channels": [96, 192, 384, 768]},
    "vitl": {"encoder": "vitl", "features": 256, "out_channels": [256, 512, 1024, 1024]},
}


def synthetic_tensor(torch, entry):
    from synthetic_weights import GOLDEN, MASK32, MIX
    n = 1
    for d in entry["shape"]:
        n *= d
    x = (torch.arange(n, dtype=torch.int64) + entry["salt"] * GOLDEN) & MASK32
    x ^= x >> 16
    x = (x * MIX) & MASK32
    x ^= x >> 16
    x = (x * MIX) & MASK32
    x ^= x >> 16
    u = x.to(torch.float64) / 4294967296.0 - 0.5
    return (entry["offset"] + entry["scale"] * u).to(torch.float32).reshape(entry["shape"])


def write_pfm(path, depth):
    import numpy as np
    height, width = depth.shape
    with open(path, "wb") as f:
        f.write(f"Pf\n{width} {height}\n-1.0\n".encode("ascii"))
        f.write(np.ascontiguousarray(np.flipud(depth.astype("<f4"))).tobytes())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", required=True, help="a checkout of the official Depth-Anything-V2 repository")
    parser.add_argument("--encoder", required=True, choices=sorted(MODEL_CONFIGS))
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--weights", help="an official checkpoint, e.g. depth_anything_v2_vits.pth")
    source.add_argument("--synthetic-manifest", help="use synthetic weights and write their manifest here")
    parser.add_argument("--image", required=True)
    parser.add_argument("-o", "--output", required=True, help="the PFM to write")
    parser.add_argument("--input-size", type=int, default=518)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--cuda-half", action="store_true", help="CUDA, float16 autocast (default: CPU, float32)")
    args = parser.parse_args()

    if not args.cuda_half:
        os.environ["CUDA_VISIBLE_DEVICES"] = ""
    sys.path.insert(0, os.path.abspath(args.reference))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import cv2
    import torch
    from depth_anything_v2.dpt import DepthAnythingV2
    from synthetic_weights import manifest

    if args.threads:
        torch.set_num_threads(args.threads)
    model = DepthAnythingV2(**MODEL_CONFIGS[args.encoder])
    if args.weights:
        model.load_state_dict(torch.load(args.weights, map_location="cpu"))
    else:
        entries = manifest([(k, list(v.shape)) for k, v in model.state_dict().items()])
        model.load_state_dict({e["name"]: synthetic_tensor(torch, e) for e in entries})
        with open(args.synthetic_manifest, "w", encoding="utf-8") as f:
            json.dump({"encoder": args.encoder, "tensors": entries}, f, indent=1)
    model = model.to("cuda" if args.cuda_half else "cpu").eval()

    raw = cv2.imread(args.image)
    if raw is None:
        sys.exit(f"error: cannot read {args.image}")
    with torch.autocast("cuda", dtype=torch.float16, enabled=args.cuda_half):
        depth = model.infer_image(raw, args.input_size)
    write_pfm(args.output, depth)
    positive = float((depth > 0).mean())
    print(f"{args.encoder}: {raw.shape[1]}x{raw.shape[0]} -> {args.output} min {depth.min():.6g} max {depth.max():.6g} "
          f"mean {depth.mean():.6g} std {depth.std():.6g} positive {positive:.3f} "
          f"(torch {torch.__version__}, cv2 {cv2.__version__}, {torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()
