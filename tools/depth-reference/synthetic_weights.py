"""Deterministic stand-in weights for checking the Depth Anything V2 port without the official checkpoints.

Every tensor's values come from an integer hash of (element index, tensor number), so the same weights can be made
bit for bit in two places without copying a large file between them: `reference_depth.py --synthetic` fills the
reference network from a manifest made here and writes that manifest; `write_safetensors.py` (pure Python, no numpy
or torch) turns the manifest into a safetensors file for `spatialme depth`. The scales keep activations in a sane
range (He-like weights, LayerNorm weights near 1, DINOv2 layer-scale gammas near 0.5) so the output depends on the
image through every layer; they are not meant to give a good depth map.

value = offset + scale * (hash32(index, tensor_number) / 2**32 - 0.5), computed in float64, rounded to float32.
"""

import math

MASK32 = 0xFFFFFFFF
GOLDEN = 0x9E3779B9
MIX = 0x45D9F3B


def hash32(index: int, salt: int) -> int:
    x = (index + salt * GOLDEN) & MASK32
    x ^= x >> 16
    x = (x * MIX) & MASK32
    x ^= x >> 16
    x = (x * MIX) & MASK32
    x ^= x >> 16
    return x


def rule(name: str, shape: list[int]) -> tuple[float, float]:
    """(offset, scale) for one state-dict entry, from its name and shape only."""
    if name.endswith("ls1.gamma") or name.endswith("ls2.gamma"):
        return 0.5, 0.5
    if name.endswith((".cls_token", ".mask_token", ".pos_embed", ".register_tokens")) or name in (
        "cls_token", "mask_token", "pos_embed", "register_tokens"):
        return 0.0, 0.2
    if len(shape) == 1 and "norm" in name and name.endswith(".weight"):
        return 1.0, 0.2
    if name.endswith(".bias"):
        # The head's last convolution is followed by a ReLU: a small positive bias keeps most outputs above zero,
        # so the comparison covers the whole image rather than a clamped background.
        return (0.1 if name.endswith("output_conv2.2.bias") else 0.0), 0.2
    fan_in = math.prod(shape) // shape[0]
    return 0.0, math.sqrt(24.0 / fan_in)


def manifest(entries: list[tuple[str, list[int]]]) -> list[dict]:
    """The manifest for state-dict entries given in order as (name, shape)."""
    out = []
    for number, (name, shape) in enumerate(entries):
        offset, scale = rule(name, shape)
        out.append({"name": name, "shape": shape, "salt": number + 1, "offset": offset, "scale": scale})
    return out
