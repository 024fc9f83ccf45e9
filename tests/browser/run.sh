#!/bin/sh
# Browser tests of the web pages in headless Chromium (Debian's
# /usr/bin/chromium, driven by playwright-core from npm; no browser is ever
# downloaded). Sets up a throwaway site (project, maintainer, a small
# series), serves it, runs web.test.js and stops the server.
#   run.sh <patchloom binary> <source dir of this script> <work dir>
# Exit 77 (skipped) when chromium or the npm registry is missing.
set -eu
BIN=$1 SRC=$2 WORK=$3
[ -x /usr/bin/chromium ] || { echo "SKIP: /usr/bin/chromium is not installed"; exit 77; }
mkdir -p "$WORK"
cp "$SRC/package.json" "$SRC/package-lock.json" "$SRC/web.test.js" "$WORK/"
if [ ! -d "$WORK/node_modules/playwright-core" ]; then
  if ! (cd "$WORK" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --fetch-retries=1 --fetch-timeout=30000 >npm.log 2>&1); then
    echo "SKIP: npm ci failed (no registry?):"; tail -5 "$WORK/npm.log"; exit 77
  fi
fi

SITE=$WORK/site
rm -rf "$SITE"; mkdir -p "$SITE/shots"
DB=$SITE/site.db
"$BIN" --db "$DB" project add --name "Browser test project" --linkname bt --listid bt.example.org 2>/dev/null \
  --listemail bt@example.org >/dev/null
echo "maint-password-1" | "$BIN" --db "$DB" user add --username maint --email maint@example.org --password-stdin >/dev/null
"$BIN" --db "$DB" project maintainer add bt --user maint >/dev/null 2>&1

mail() {  # msgid subject in-reply-to body
  printf 'From nobody Mon Jan  1 00:00:00 2024\nFrom: Tester <tester@example.invalid>\nTo: bt@example.org\n'
  printf 'List-Id: <bt.example.org>\nSubject: %s\nMessage-Id: <%s>\nDate: Tue, 14 Jan 2025 17:0%s:00 +0000\n' "$2" "$1" "$5"
  [ -n "$3" ] && printf 'In-Reply-To: <%s>\nReferences: <%s>\n' "$3" "$3"
  printf '\n%s\n\n' "$4"
}
diff_body() {
  printf 'Change %s.\n\nSigned-off-by: Tester <tester@example.invalid>\n---\n' "$1"
  printf 'diff --git a/f.txt b/f.txt\n--- a/f.txt\n+++ b/f.txt\n@@ -1 +1,2 @@\n base\n+line %s\n' "$1"
}
{
  mail cover@bt '[PATCH 0/2] browser series' '' 'This is the cover letter.' 0
  mail p1@bt '[PATCH 1/2] bt: first change' cover@bt "$(diff_body 1)" 1
  mail p2@bt '[PATCH 2/2] bt: second change' cover@bt "$(diff_body 2)" 2
  mail solo@bt '[PATCH] other: unrelated fix' '' "$(diff_body 9)" 3
  mail evil@bt '[PATCH] <script>alert("x")</script> & friends' '' "$(diff_body '<b>not bold</b> & "quoted"')" 5
  mail r1@bt 'Re: [PATCH 1/2] bt: first change' p1@bt 'Looks good.

Reviewed-by: Rev Iewer <rev@example.invalid>' 4
} > "$SITE/mails.mbox"
"$BIN" --db "$DB" import --no-progress "$SITE/mails.mbox" >/dev/null

"$BIN" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 2>"$SITE/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 50); do grep -q 'listening on' "$SITE/serve.log" && break; sleep 0.1; done
BASE=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' "$SITE/serve.log" | head -1)
[ -n "$BASE" ] || { cat "$SITE/serve.log"; exit 1; }

cd "$WORK"
BASE_URL=$BASE SHOTS=$SITE/shots PROFILE=$SITE/profile node "$WORK/web.test.js"
