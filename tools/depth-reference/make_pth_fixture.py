"""Writes a small state dict with real PyTorch's torch.save, in the zip format (PyTorch >= 1.6, what the official
Depth Anything V2 checkpoints use) and the legacy format, for the loader's tests: its values are synthetic_weights'
hash values, so a test knows every one of them without PyTorch.

    python3 make_pth_fixture.py <out-dir>     (where PyTorch is installed)
"""

import json
import os
import sys
from collections import OrderedDict

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_depth import synthetic_tensor  # noqa: E402
from synthetic_weights import manifest  # noqa: E402

ENTRIES = [
    ("pretrained.cls_token", [1, 1, 8]),
    ("pretrained.patch_embed.proj.weight", [8, 3, 2, 2]),
    ("pretrained.blocks.0.attn.qkv.weight", [24, 8]),
    ("pretrained.blocks.0.norm1.weight", [8]),
    ("depth_head.scratch.output_conv2.2.bias", [1]),
    ("transposed.weight", [6, 3]),
    ("half.weight", [5, 4]),
]


def main(out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    entries = manifest(ENTRIES)
    state = OrderedDict((e["name"], synthetic_tensor(torch, e)) for e in entries)
    # Stored as a view with strides (1, 6) of the [6, 3] values: the file must be read by its strides.
    state["transposed.weight"] = state["transposed.weight"].t()
    state["half.weight"] = state["half.weight"].half()
    torch.save(state, os.path.join(out_dir, "torch-save-zip.pth"))
    torch.save(state, os.path.join(out_dir, "torch-save-legacy.pth"), _use_new_zipfile_serialization=False)
    with open(os.path.join(out_dir, "torch-save-manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"torch": torch.__version__, "tensors": entries}, f, indent=1)
    print(f"torch {torch.__version__}: {len(entries)} tensors in {out_dir}")


if __name__ == "__main__":
    main(sys.argv[1])
