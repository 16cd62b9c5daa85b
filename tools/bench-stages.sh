#!/usr/bin/env bash
# Per-stage throughput at 1080p and end-to-end convert time against plain ffmpeg decode+encode.
# Writes nothing itself: it prints Markdown for docs/performance.md (with the machine and the date).
#   tools/bench-stages.sh [frames]      (default 8 frames for stages, 48 for end-to-end)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
frames="${1:-8}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/tools/install-deps.sh"
dotnet build "$root/tools/SpatialMe.Benchmarks" -c Release -o "$work/bench" --nologo -v quiet -clp:ErrorsOnly
dotnet build "$root/src/SpatialMe.Cli" -c Release -o "$work/cli" --nologo -v quiet -clp:ErrorsOnly

# A 1080p clip made from the repository's sample (real footage, upscaled), 48 frames.
ffmpeg -v error -y -i "$root/samples/city-night.mp4" -frames:v 48 -vf scale=1920:1080:flags=lanczos \
  -c:v libx264 -crf 16 -preset veryfast -pix_fmt yuv420p "$work/city1080.mp4"

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%d)"
echo
echo "### One core (taskset -c 0)"
echo
taskset -c 0 dotnet "$work/bench/SpatialMe.Benchmarks.dll" "$work/city1080.mp4" "$frames"
echo
echo "### All cores"
echo
dotnet "$work/bench/SpatialMe.Benchmarks.dll" "$work/city1080.mp4" "$frames"
echo
echo "### End to end, 48 frames of 1080p (all cores)"
echo
seconds() { local s; s=$(date +%s.%N); "$@"; awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
plain=$(seconds ffmpeg -v error -y -i "$work/city1080.mp4" -c:v libx264 -crf 18 -preset medium -pix_fmt yuv420p "$work/plain.mp4")
convert=$(seconds dotnet "$work/cli/spatialme.dll" convert "$work/city1080.mp4" -o "$work/sbs.mp4" -y)
convert=${convert##*$'\n'}
echo "| command | wall s | frames/s |"
echo "|---|---:|---:|"
awk -v p="$plain" -v c="$convert" 'BEGIN {
  printf "| ffmpeg decode + libx264 encode (crf 18, medium), 1920x1080 | %.1f | %.2f |\n", p, 48 / p
  printf "| spatialme convert (full-sbs 3840x1080, crf 18, medium) | %.1f | %.2f |\n", c, 48 / c
  printf "| ratio convert / ffmpeg | %.1fx | |\n", c / p }'
