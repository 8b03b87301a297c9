#!/usr/bin/env bash
# nginx-serve.sh — serve a directory with nginx (Debian package) on 127.0.0.1, for the lookup
# tests of the CLI (cli/tests/lookup_server), Kotlin and Swift.
#
#   scripts/nginx-serve.sh start ROOT WORK   prints the base URL (http://127.0.0.1:PORT) on stdout
#   scripts/nginx-serve.sh stop WORK         stops the server started with WORK
#
# WORK (created) holds the configuration, nginx's pid file and logs: access.log has one line per
# request, its URI ($request_uri) and nothing else; requests.log has the request line and the
# headers a client could leak a number in (User-Agent, Referer, Cookie), one request per line.
# nginx runs as a one-process daemon (no master, no workers) on a free port, so any user can run
# it and `stop` ends it. Installs nginx when missing (as root; scripts/lib.sh `need`).
source "$(dirname "$0")/lib.sh"
export PATH="$PATH:/usr/sbin:/usr/local/sbin"

usage() { echo "usage: nginx-serve.sh start ROOT WORK | stop WORK" >&2; exit 2; }

start() {
  local root work port conf
  root="$(cd "$1" && pwd)"
  mkdir -p "$2" && work="$(cd "$2" && pwd)"
  need nginx nginx >&2
  conf="$work/nginx.conf"
  for _ in $(seq 30); do
    port=$((20000 + RANDOM % 40000))
    cat >"$conf" <<EOF
daemon on; master_process off; worker_processes 1;
pid $work/nginx.pid; error_log $work/error.log warn;
events { worker_connections 64; }
http {
  log_format uri '\$request_uri';
  log_format request '\$request "\$http_user_agent" "\$http_referer" "\$http_cookie"';
  access_log $work/access.log uri;
  access_log $work/requests.log request;
  client_body_temp_path $work/t1; proxy_temp_path $work/t2; fastcgi_temp_path $work/t3;
  uwsgi_temp_path $work/t4; scgi_temp_path $work/t5;
  server { listen 127.0.0.1:$port; root $root; location / { } }
}
EOF
    # nginx binds before it daemonizes: a port taken meanwhile is a failed start, try another.
    if nginx -p "$work" -c "$conf" >>"$work/nginx.out" 2>&1; then
      for _ in $(seq 200); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
          echo "http://127.0.0.1:$port"
          return 0
        fi
        sleep 0.05
      done
      stop "$work"
      echo "nginx-serve: nginx started but does not answer on port $port ($work/error.log)" >&2
      return 1
    fi
  done
  echo "nginx-serve: nginx did not start ($work/nginx.out, $work/error.log)" >&2
  return 1
}

stop() {
  local pid
  pid="$(cat "$1/nginx.pid" 2>/dev/null)" || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) [[ $# == 3 ]] || usage; start "$2" "$3" ;;
  stop) [[ $# == 2 ]] || usage; stop "$2" ;;
  *) usage ;;
esac
