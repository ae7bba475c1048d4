# Sourced by the scripts that test a live server (tests/http/schemathesis.sh,
# tests/browser/console.sh, tests/bench/console_render.sh): a scratch
# directory, and `serve` started on a free loopback port of it.
#
#   . tests/tools/serve_here.sh          # sets work (a scratch directory), removed at exit with the server
#   serve_here BIN DATA [SERVE FLAGS…]   # sets url and server (its pid); serve's log goes to $work/serve.log
#
# Port 0: the server takes a free port and says which on its first line.
work=$(mktemp -d)
server=""
serve_here_cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" || true
  fi
  rm -rf "$work"
}
trap serve_here_cleanup EXIT

serve_here() {
  local bin=$1 data=$2 line=""
  shift 2
  exec {serve_out}< <(exec "$bin" --data "$data" serve --http 127.0.0.1:0 "$@" 2>&1)
  server=$!
  read -r -t 30 -u "$serve_out" line || true
  case "$line" in
    serving\ http://*) url=${line#serving }; url=${url%% *} ;;
    *) echo "$(basename "$0"): serve did not start within 30 s: $line"; return 1 ;;
  esac
  cat <&"$serve_out" >"$work/serve.log" &
}
