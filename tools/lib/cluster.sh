# Shared by the tools that start a farm cluster from real processes (bench-farm.sh, measure-farm-io.sh): source it.
# Needs: bash, ss (iproute2), redis-server and redis-cli.

taken=" " port=
free_port() {  # sets $port: a loopback TCP port nothing uses and this script has not handed out yet
  while :; do
    port=$((20000 + RANDOM % 40000))
    [[ "$taken" == *" $port "* ]] && continue
    ss -Htan "sport = :$port" | grep -q . && continue
    taken+="$port "
    return
  done
}

start_redis() {  # start_redis DIR: a throwaway redis-server on a free loopback port, logging to DIR/redis.log;
                 # sets $redis_port, appends its pid to the caller's pids array, returns once it answers PING
  local dir=$1
  free_port; redis_port=$port
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" >"$dir/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && return; sleep 0.1; done
  echo "redis-server did not answer on port $redis_port (see $dir/redis.log)" >&2
  return 1
}
