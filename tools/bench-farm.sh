#!/usr/bin/env bash
# Farm scaling with real processes: a redis-server, one `spatialme silo --role cpu` and N `--role gpu` silos on this
# machine, K titles submitted at once; wall time, throughput, where the segments ran, re-runs and peak RSS per N.
# Writes nothing itself: it prints Markdown for docs/performance.md (with the machine and the date).
#   tools/bench-farm.sh [gpu-silo-counts] [titles]     (default "1 2 3" and 3)
#   BENCH_REV=HEAD tools/bench-farm.sh                  build that git revision (git archive) instead of the working tree
#   BENCH_KEEP=1 tools/bench-farm.sh                    keep the work folder (silo logs, outputs) and print its path
#   BENCH_STAGE_MS=100 tools/bench-farm.sh              benchmark mode (silo --benchmark-stage-ms): depth and view
#                                                       synthesis wait 100 ms a frame instead of computing, as a GPU of
#                                                       known speed would; decode, intermediates, scheduling, stitch real
# Each N gets a fresh cluster (its own cluster and service id in one redis-server, its own media folder). The clip is
# the repository's sample scaled to 640x360 (its 100 frames and its cut kept); the K titles are that clip with
# different formats, cut into segments of 24 frames overlapping by 4, so each title is 6 segments. It also checks that
# every N wrote byte-identical outputs and reports the CPU other processes used while it timed (a busy machine skews
# every figure: run it on a quiet one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
counts="${1:-1 2 3}"
titles="${2:-3}"
formats=(full-sbs half-sbs full-tb half-tb cross anaglyph)
segmented=(--segment-frames 24 --overlap 4)
stage_ms=()
[[ -n "${BENCH_STAGE_MS:-}" ]] && stage_ms=(--benchmark-stage-ms "$BENCH_STAGE_MS")
work="$(mktemp -d)"
pids=()

stop() {  # stop <pid>...: SIGTERM (a silo hands its work back), then SIGKILL after 20 s; their ffmpeg children too
  local p i
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  for i in $(seq 200); do
    local alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for p in "$@"; do
    pkill -KILL -P "$p" 2>/dev/null || true
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
}
cleanup() {
  [[ ${#pids[@]} -gt 0 ]] && stop "${pids[@]}"
  if [[ "${BENCH_KEEP:-}" == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

"$root/tools/install-deps.sh" --test
command -v jq >/dev/null || { echo "error: jq is needed (apt-get install jq)" >&2; exit 1; }

src="$root"
if [[ -n "${BENCH_REV:-}" ]]; then
  src="$work/src"
  mkdir -p "$src"
  git -C "$root" archive "$BENCH_REV" | tar -x -C "$src"
fi
dotnet build "$src/src/SpatialMe.Cli" -c Release -o "$work/cli" --artifacts-path "$work/artifacts" \
  --nologo -v quiet -clp:ErrorsOnly >&2
cli() { dotnet "$work/cli/spatialme.dll" "$@"; }

# The test clip: the sample at 640x360, all 100 frames (two shots).
ffmpeg -v error -y -i "$root/samples/city-night.mp4" -vf scale=640:360:flags=lanczos \
  -c:v libx264 -crf 16 -preset veryfast -pix_fmt yuv420p "$work/clip.mp4"
frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$work/clip.mp4")
shots=$(cli shots "$work/clip.mp4" --json | jq length)

# shellcheck source=lib/cluster.sh
source "$root/tools/lib/cluster.sh"
start_redis "$work"
redis="127.0.0.1:$redis_port"

# Per title, the mean of the job's own clocks: queued (submit to start), its stage spans, submit to done.
clocks='def ts: capture("^(?<d>[^.Z+]+)(?<f>[.][0-9]+)?") | ((.d + "Z") | fromdateiso8601) + ((.f // "0") | tonumber);
  def span: split(":") | map(tonumber) | .[0] * 3600 + .[1] * 60 + .[2];
  def mean(f): map(f) | add / length | . * 10 | round / 10;
  [mean((.startedAt | ts) - (.submittedAt | ts)), mean(.stageTimes.planning // "0:0:0" | span),
   mean(.stageTimes.depth // "0:0:0" | span), mean(.stageTimes.render // "0:0:0" | span),
   mean(.stageTimes.stitch // "0:0:0" | span), mean((.finishedAt | ts) - (.submittedAt | ts))] | join(" | ")'
# CPU jiffies: busy on the whole machine, and used by the given processes with their reaped children.
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
cpu_steal() { awk '/^cpu / { print $9 }' /proc/stat; }  # taken by the hypervisor for other guests
cpu_of() { local p sum=0; for p; do sum=$((sum + $(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 + $14 + $15 }'))); done; echo "$sum"; }
hz=$(getconf CLK_TCK)
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
rows=() stage_rows=() differs="" first_sums="" others=""
for n in $counts; do
  run="$work/n$n"
  mkdir -p "$run/media" "$run/out"
  conn=(--redis "$redis" --cluster-id "bench-n$n" --service-id "bench-n$n")
  silo_pids=() silo_ports=() silo_names=()
  for i in $(seq 0 "$n"); do
    role=gpu name="gpu$i" slots=(--gpu-slots 1)
    [[ $i == 0 ]] && role=cpu name=cpu slots=()
    free_port; sp=$port; free_port; gp=$port
    dotnet "$work/cli/spatialme.dll" silo --role "$role" "${slots[@]}" --silo-port "$sp" --gateway-port "$gp" \
      --media "$run/media" "${stage_ms[@]}" "${conn[@]}" >"$run/$name.log" 2>&1 &
    pids+=($!) silo_pids+=($!) silo_ports+=("$sp") silo_names+=("$name")
  done
  for i in "${!silo_pids[@]}"; do
    for t in $(seq 1200); do
      grep -q '^silo ready' "$run/${silo_names[$i]}.log" && break
      if ! kill -0 "${silo_pids[$i]}" 2>/dev/null || [[ $t == 1200 ]]; then
        echo "error: silo ${silo_names[$i]} did not get ready:" >&2; tail -n 40 "$run/${silo_names[$i]}.log" >&2; exit 1
      fi
      sleep 0.1
    done
  done

  ids=()
  ours=("${silo_pids[@]}" "${pids[0]}" $$)
  busy0=$(cpu_busy) ours0=$(cpu_of "${ours[@]}") steal0=$(cpu_steal)
  start=$(date +%s.%N)
  for k in $(seq 0 $((titles - 1))); do
    format=${formats[$((k % ${#formats[@]}))]}
    ids+=("$(cli submit "$work/clip.mp4" -o "$run/out/title$k-$format.mp4" -f "$format" "${segmented[@]}" "${conn[@]}")")
  done
  for id in "${ids[@]}"; do
    if ! cli wait "$id" "${conn[@]}" >>"$run/wait.log" 2>&1; then
      echo "error: job $id did not finish:" >&2; tail -n 20 "$run/wait.log" >&2; tail -n 40 "$run"/*.log >&2; exit 1
    fi
  done
  wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  others+=" N=$n $(awk -v b=$(($(cpu_busy) - busy0 - $(cpu_of "${ours[@]}") + ours0)) -v w="$wall" -v c="$(nproc)" -v hz="$hz" \
    -v st=$(($(cpu_steal) - steal0)) 'BEGIN { v = 100 * b / (w * c * hz); printf "%.0f %% (steal %.0f %%)", v < 0 ? 0 : v, 100 * st / (w * c * hz) }'),"

  for id in "${ids[@]}"; do cli status "$id" --json "${conn[@]}" >"$run/status-$id.json"; done
  total=$(jq -s 'map(.framesTotal) | add' "$run"/status-*.json)
  jq -s '[.[].segments[]]' "$run"/status-*.json >"$run/segments.json"
  segments=$(jq length "$run/segments.json")
  reruns=$(jq '[.[] | select(.depthRuns > 1 or .renderRuns > 1)] | length' "$run/segments.json")
  per_gpu=() rss=() other=$segments
  for i in "${!silo_pids[@]}"; do
    rss+=("$(mb "$(awk '/^VmHWM:/ { print $2 }' "/proc/${silo_pids[$i]}/status")")")
    [[ $i == 0 ]] && continue
    per_gpu+=("$(jq --arg p "127.0.0.1:${silo_ports[$i]}@" '[.[] | select(.silo // "" | startswith($p))] | length' "$run/segments.json")")
    other=$((other - per_gpu[-1]))
  done
  stop "${silo_pids[@]}"
  pids=("${pids[0]}")  # only redis-server is left running
  stage_rows+=("| $n | $(jq -rs "$clocks" "$run"/status-*.json) |")
  (cd "$run/out" && sha256sum -- *) >"$run/sums"
  first_sums=${first_sums:-$run/sums}
  cmp -s "$run/sums" "$first_sums" || differs+=" N=$n"
  per=$(IFS=/; echo "${per_gpu[*]}")
  [[ $other -gt 0 ]] && per+=" (+$other elsewhere)"
  rows+=("| $n | $wall | $(awk -v f="$total" -v w="$wall" 'BEGIN { printf "%.2f", f / w }') | $per | $reruns of $segments | cpu ${rss[0]} MB; gpu $(IFS=/; echo "${rss[*]:1}") MB |")
  echo "N=$n done in $wall s" >&2
done

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%d)"
echo
if [[ -n "${BENCH_REV:-}" ]]; then
  built="commit $(git -C "$root" rev-parse --short "$BENCH_REV")"
else
  built="working tree at $(git -C "$root" rev-parse --short HEAD)"
  [[ -n "$(git -C "$root" status --porcelain -- src)" ]] && built+=" with uncommitted changes in src/"
fi
echo "Command: \`${BENCH_REV:+BENCH_REV=$BENCH_REV }${BENCH_STAGE_MS:+BENCH_STAGE_MS=$BENCH_STAGE_MS }tools/bench-farm.sh \"$counts\" $titles\` (built from the $built)"
echo
echo "Clip: samples/city-night.mp4 at 640x360, $frames frames, $shots shots; $titles titles ($(IFS=,; t=("${formats[@]:0:$titles}"); echo "${t[*]}" | sed 's/,/, /g')), \`--segment-frames 24 --overlap 4\`, libx264 crf 18 medium."
if [[ -n "${BENCH_STAGE_MS:-}" ]]; then
  echo
  echo "Benchmark mode: depth and view synthesis take $BENCH_STAGE_MS ms per frame each, waiting instead of computing (\`silo --benchmark-stage-ms $BENCH_STAGE_MS\`); decoding, intermediates, scheduling and the stitch are real; the outputs are not stereo."
fi
echo
echo "| GPU silos | wall s | frames/s | segments per GPU silo | re-runs | peak RSS per silo |"
echo "|---:|---:|---:|---|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "CPU used by other processes on the machine while timed, and stolen by the hypervisor (share of all cores; both should be near 0):${others%,}."
echo
echo "Outputs byte-identical across the runs: $([[ -z "$differs" ]] && echo yes || echo "no, these differ from the first:$differs")"
echo
echo "Per title, mean of the $titles titles (the jobs' own clocks; stage spans are wall time and overlap across titles):"
echo
echo "| GPU silos | queued s | planning s | depth s | render s | stitch s | submit to done s |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${stage_rows[@]}"
