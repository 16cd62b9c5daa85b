#!/usr/bin/env bash
# What one title costs the farm's shared services, measured on real processes: a redis-server, one
# `spatialme silo --role cpu` and one `--role gpu`, a local media folder, one title submitted and waited for.
# Prints (Markdown-ish, for docs/kubernetes.md's capacity inputs):
#   - Redis: every command's call count (INFO commandstats) over the job, used memory before/after, and each key the
#     cluster left with its MEMORY USAGE and type (grain state, membership, reminders);
#   - media store: bytes committed and read by the silos (the spatialme.media.written / .read counters scraped from
#     each silo's /metrics), and the size of every intermediate the job kept (depth, ranges, views, stats) by kind;
#   - the input and output sizes, frames, segments.
#   tools/measure-farm-io.sh [width] [height] [segment-frames] [overlap]    (default 1280 720 24 4)
#   MEASURE_CLI=<folder>        use a CLI already built there instead of building the working tree
#   MEASURE_SILO_ARGS="…"       extra silo options (e.g. "--benchmark-stage-ms 20": state and blob objects stay real)
#   MEASURE_KEEP=1              keep the work folder (silo logs, media, output)
#   MEASURE_CATALOG=N           submit N titles (the clip in N formats) as a catalog instead of one `submit`
# The clip is the repository's sample (100 frames, one cut) scaled to width x height; the title is full-sbs, libx264
# crf 18 medium, with --keep-intermediates so the intermediates can be sized after the job.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
width="${1:-1280}" height="${2:-720}" seg="${3:-24}" overlap="${4:-4}"
work="$(mktemp -d)"
pids=()
cleanup() {  # SIGTERM (a silo hands its work back), up to 20 s to stop, then SIGKILL; only then remove the folder
  local p i alive
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for i in $(seq 200); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [[ "${MEASURE_KEEP:-}" == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work" || true; fi
}
trap cleanup EXIT

"$root/tools/install-deps.sh" --test
cli_dir="${MEASURE_CLI:-}"
if [[ -z "$cli_dir" ]]; then
  cli_dir="$work/cli"
  dotnet build "$root/src/SpatialMe.Cli" -c Release -o "$cli_dir" --artifacts-path "$work/artifacts" --nologo -v quiet -clp:ErrorsOnly >&2
fi
cli() { dotnet "$cli_dir/spatialme.dll" "$@"; }

ffmpeg -v error -y -i "$root/samples/city-night.mp4" -vf "scale=$width:$height:flags=lanczos" \
  -c:v libx264 -crf 16 -preset veryfast -pix_fmt yuv420p "$work/clip.mp4"

# shellcheck source=lib/cluster.sh
source "$root/tools/lib/cluster.sh"
start_redis "$work"
rc() { redis-cli -p "$redis_port" "$@"; }
conn=(--redis "127.0.0.1:$redis_port" --cluster-id measure --service-id measure)
mkdir -p "$work/media" "$work/out"
metrics_ports=()
for role in cpu gpu; do
  free_port; sp=$port; free_port; gp=$port; free_port; mp=$port
  cli silo --role "$role" --silo-port "$sp" --gateway-port "$gp" --media "$work/media" --work "$work/work-$role" \
    --metrics "http://127.0.0.1:$mp" ${MEASURE_SILO_ARGS:-} "${conn[@]}" >"$work/$role.log" 2>&1 &
  pids+=($!) metrics_ports+=("$mp")
done
for role in cpu gpu; do
  for t in $(seq 1200); do
    grep -q '^silo ready' "$work/$role.log" && break
    [[ $t == 1200 ]] && { echo "error: silo $role did not get ready" >&2; tail -n 40 "$work/$role.log" >&2; exit 1; }
    sleep 0.1
  done
done

echo "## Redis before the job"
rc info memory | grep -E '^used_memory:|^used_memory_dataset:' | tr -d '\r'
rc config resetstat >/dev/null
start=$(date +%s.%N)
if [[ -n "${MEASURE_CATALOG:-}" ]]; then
  # The titles as a catalog of N rows (one format each), to size the catalog grain's state; a catalog has no
  # --keep-intermediates, so the intermediates are gone by the end and only the first job is described below.
  formats=(full-sbs half-sbs full-tb half-tb cross anaglyph)
  { echo "id,input,output,format,segment-frames,overlap"
    for k in $(seq 0 $((MEASURE_CATALOG - 1))); do
      echo "t$k,$work/clip.mp4,$work/out/title$k.mp4,${formats[$((k % 6))]},$seg,$overlap"
    done; } >"$work/catalog.csv"
  cli catalog submit "$work/catalog.csv" --id measure "${conn[@]}" >/dev/null
  cli catalog wait measure "${conn[@]}" >"$work/wait.log" 2>&1 || { tail -n 40 "$work"/*.log >&2; exit 1; }
  id=$(cli catalog status measure --json "${conn[@]}" | jq -r '.titles[0].jobId')
else
  id=$(cli submit "$work/clip.mp4" -o "$work/out/title.mp4" -f full-sbs --segment-frames "$seg" --overlap "$overlap" \
    --keep-intermediates "${conn[@]}")
  cli wait "$id" "${conn[@]}" >"$work/wait.log" 2>&1 || { tail -n 40 "$work"/*.log >&2; exit 1; }
fi
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
cli status "$id" --json "${conn[@]}" >"$work/status.json"
sleep 2 # the quality report's last write

echo "## Job"
jq -r '"frames \(.framesTotal), segments \(.segments | length), wall '"$wall"' s, stages \(.stageTimes)"' "$work/status.json"
echo "input $(stat -c %s "$work/clip.mp4") bytes, ${width}x${height}; output $(stat -c %s "$work"/out/title*.mp4 | head -1) bytes"
echo "## Redis commands during the job (INFO commandstats)"
rc info commandstats | tr -d '\r' | grep '^cmdstat_' | sed 's/^cmdstat_//; s/:calls=\([0-9]*\),.*/ \1/'
echo "## Redis after the job"
rc info memory | grep -E '^used_memory:|^used_memory_dataset:' | tr -d '\r'
echo "## Redis keys (type, MEMORY USAGE bytes, length; for a hash each field's value length)"
rc --scan | sort | while read -r key; do
  type=$(rc type "$key" | tr -d '\r')
  case "$type" in
    hash) len=$(rc hlen "$key") ;; string) len=$(rc strlen "$key") ;; zset) len=$(rc zcard "$key") ;; *) len=- ;;
  esac
  fields=
  if [[ "$type" == hash ]]; then
    fields=$(rc hkeys "$key" | tr -d '\r' | while read -r f; do printf '%s=%s ' "$f" "$(rc hstrlen "$key" "$f" | tr -d '\r')"; done)
  fi
  echo "$key | $type | $(rc memory usage "$key" | tr -d '\r') | $len | $fields"
done
echo "## Media store counters (bytes, all silos)"
for mp in "${metrics_ports[@]}"; do curl -s "http://127.0.0.1:$mp/metrics" | grep -E '^spatialme_media_(read|written)' || true; done
echo "## Intermediates kept (bytes by kind)"
(cd "$work/media" && find . -type f -printf '%s %p\n') | awk '{
  kind = $2; sub(/^\.\/jobs\/[^\/]+\//, "", kind); sub(/\/[0-9]+/, "/N", kind); sub(/shot-[0-9]+/, "shot-N", kind)
  sum[kind] += $1; n[kind]++ } END { for (k in sum) printf "%s: %d files, %d bytes\n", k, n[k], sum[k] }' | sort
