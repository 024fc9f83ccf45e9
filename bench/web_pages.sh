#!/usr/bin/env bash
# Web pages (issue 6): p50 and p99 latency of the patch list page, a patch
# page, a series page and a patch mbox, measured with wrk at concurrency 1
# against the running server. Called by scripts/bench (part "extra").
#   web_pages.sh BIN DB BASE_URL
set -euo pipefail
base=${3:?usage: web_pages.sh BIN DB BASE_URL}
seconds=${BENCH_SECONDS:-3}
command -v wrk >/dev/null || { echo "web pages: wrk not installed, skipped"; exit 0; }

# The first project and its first patch, as the pages link them.
project=$(curl -s "$base/" | sed -n 's|.*href="/project/\([^/"]*\)/list/".*|\1|p' | head -1)
[ -n "$project" ] || { echo "web pages: no project served, skipped"; exit 0; }
patch=$(curl -s -o /dev/null -w '%{redirect_url}' "$base/patch/1/")
[ -n "$patch" ] || patch="$base/patch/1/"

measure() {  # label url
  wrk -t1 -c1 -d"${seconds}s" --latency "$2" 2>&1 | awk -v label="$1" '
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    END { printf "%-28s p50 %-9s p99 %-9s %8.0f requests/s\n", label, p50, p99, rps }'
}
measure "patch list (first page)" "$base/project/$project/list/"
measure "patch list (all, page 3)" "$base/project/$project/list/?state=*&archived=both&page=3"
measure "patch page" "$patch"
measure "series page" "$base/series/1/"
measure "patch mbox" "${patch}mbox/"
