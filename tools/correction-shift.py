#!/usr/bin/env python3
"""Where a learned refiner's corrections move the fusion, in the holes: reads the folders that
`spatialme eval <scenes> --refiner <weights> --write-images <dir>` writes and prints, per scene and on average, how far
the refiner's result moved from the rule-based fusion's toward each branch's result (and the naive fill's, the third
background-only fill the rules take the median of), and what that did to the MAE.

    tools/correction-shift.py <dir>

For each occluded pixel (occluded.png) the move d = refiner - fusion is projected onto b - fusion for each branch b
(poly, temporal, de, naive): <d, b - fusion> / |b - fusion|^2, where the branch differs from the fusion by more than 10 grey
levels (|b - fusion|^2 > 100) and 0 elsewhere. Averaged over the occluded pixels: +0.1 toward poly means that, on
average, the refiner took a tenth more of the Poly branch than the rules did. dMAE is the refiner's MAE minus the
fusion's over the same pixels, on a [0, 1] scale. Where eval wrote the masks too (fusion-m1.png ... refiner-content.png),
it also says how the move was made: the mean over the occluded pixels of M3 (the share of eqs. 1-3's branch blend
against the content C), M1 (Poly against DE) and M2 (that blend against the temporal branch), the rules' and the
refiner's, and how far the refiner's content C moved toward each branch from the rules' content. Needs python3 and
ffmpeg only."""
import os
import subprocess
import sys

BRANCHES = ("poly", "temporal", "de", "naive")


def pixels(path, fmt):
    """The image's raw bytes: rgb24 (3 per pixel) or gray (1 per pixel)."""
    result = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", fmt, "-"],
                            capture_output=True, check=True)
    return result.stdout


def scene_shift(folder):
    """(pixels, dMAE, {branch: mean projection}) over the scene's occluded pixels; None without any."""
    images = {name: pixels(os.path.join(folder, name + ".png"), "rgb24")
              for name in ("right", "fusion", "refiner") + BRANCHES}
    occluded = pixels(os.path.join(folder, "occluded.png"), "gray")
    count = 0
    error_change = 0
    shift = dict.fromkeys(BRANCHES, 0.0)
    for i, inside in enumerate(occluded):
        if not inside:
            continue
        count += 1
        truth = images["right"][3 * i:3 * i + 3]
        fused = images["fusion"][3 * i:3 * i + 3]
        refined = images["refiner"][3 * i:3 * i + 3]
        error_change += sum(abs(r - t) - abs(f - t) for r, f, t in zip(refined, fused, truth))
        move = [r - f for r, f in zip(refined, fused)]
        for branch in BRANCHES:
            toward = [b - f for b, f in zip(images[branch][3 * i:3 * i + 3], fused)]
            length = sum(v * v for v in toward)
            if length > 100:
                shift[branch] += sum(m * t for m, t in zip(move, toward)) / length
    if count == 0:
        return None
    return count, error_change / (765 * count), {b: s / count for b, s in shift.items()}


def mask_means(folder, method, occluded):
    """Mean M1, M2, M3 over the occluded pixels of a fusion's masks (None when eval did not write them)."""
    means = []
    for mask in ("m1", "m2", "m3"):
        path = os.path.join(folder, f"{method}-{mask}.png")
        if not os.path.isfile(path):
            return None
        values = pixels(path, "gray")
        inside = [v for v, o in zip(values, occluded) if o]
        means.append(sum(inside) / (255 * len(inside)))
    return means


def content_shift(folder, occluded):
    """How far the refiner's content C moved from the rules' toward each branch, as scene_shift measures the views."""
    images = {name: pixels(os.path.join(folder, name + ".png"), "rgb24")
              for name in ("fusion-content", "refiner-content") + BRANCHES}
    shift = dict.fromkeys(BRANCHES, 0.0)
    count = 0
    for i, inside in enumerate(occluded):
        if not inside:
            continue
        count += 1
        rules = images["fusion-content"][3 * i:3 * i + 3]
        move = [r - f for r, f in zip(images["refiner-content"][3 * i:3 * i + 3], rules)]
        for branch in BRANCHES:
            toward = [b - f for b, f in zip(images[branch][3 * i:3 * i + 3], rules)]
            length = sum(v * v for v in toward)
            if length > 100:
                shift[branch] += sum(m * t for m, t in zip(move, toward)) / length
    return {b: s / count for b, s in shift.items()}


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: tools/correction-shift.py <dir written by spatialme eval --refiner <weights> --write-images <dir>>")
    root = sys.argv[1]
    rows = []
    for scene in sorted(os.listdir(root)):
        folder = os.path.join(root, scene)
        if not os.path.isfile(os.path.join(folder, "refiner.png")):
            continue
        result = scene_shift(folder)
        if result is None:
            continue
        count, dmae, shift = result
        rows.append(shift)
        print(f"{scene}: {count} occluded px, dMAE {dmae:+.4f}, toward " + ", ".join(f"{b} {shift[b]:+.3f}" for b in BRANCHES))
        occluded = pixels(os.path.join(folder, "occluded.png"), "gray")
        rules, learned = mask_means(folder, "fusion", occluded), mask_means(folder, "refiner", occluded)
        if rules is not None and learned is not None:
            content = content_shift(folder, occluded)
            print("  masks, rules -> refiner: " + ", ".join(f"{m} {a:.3f} -> {b:.3f}" for m, a, b in zip(("M1", "M2", "M3"), rules, learned))
                  + "; content toward " + ", ".join(f"{b} {content[b]:+.3f}" for b in BRANCHES))
    if not rows:
        sys.exit(f"{root} holds no scene folder with refiner.png and occluded pixels: run eval with --refiner and --write-images")
    print("mean over scenes: toward " + ", ".join(f"{b} {sum(r[b] for r in rows) / len(rows):+.3f}" for b in BRANCHES))


if __name__ == "__main__":
    main()
