#!/usr/bin/env python3
"""Latency of the archive's thread and message pages for a 100-message thread.

usage: bench/archive_bench.py BUILD_DIR [--requests N] [--messages N]

Generates a thread (a cover letter, patches replying to it and review
replies under some patches, each with a diff of a few KB), imports it into a
fresh SQLite database with `patchloom import`, starts `patchloom serve` on
127.0.0.1 with one worker thread and times requests over one keep-alive
connection. Prints p50/p99 in milliseconds per page: the wall time seen by
the client (HTTP parsing and the loopback round trip included) and the
server's own time per request from its access log, and the server's CPU
time per request (user + system, from /proc), which a busy machine does not
inflate the way it inflates wall time.
Needs nothing from ../shared.
"""
import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

LIST_ID = "bench.lists.example.com"


def mail(msgid, subject, body, minute, refs=()):
    lines = [
        "From: Bench Author <author@example.com>",
        "To: Bench list <bench@lists.example.com>",
        "Cc: Reviewer One <one@example.com>, Reviewer Two <two@example.com>",
        f"Subject: {subject}",
        f"Date: Mon, 01 Jan 2024 {10 + minute // 60:02d}:{minute % 60:02d}:00 +0000",
        f"Message-Id: <{msgid}>",
    ]
    if refs:
        lines.append(f"In-Reply-To: <{refs[-1]}>")
        lines.append("References: " + " ".join(f"<{r}>" for r in refs))
    lines += [f"List-Id: Bench list <{LIST_ID}>", "MIME-Version: 1.0",
              "Content-Type: text/plain; charset=UTF-8", "", body]
    return "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + "\n".join(lines) + "\n"


def diff(n):
    hunk = "".join(f"-\tvalue_{n}_{i} = old({i});\n+\tvalue_{n}_{i} = new({i});\n" for i in range(40))
    return (f"---\n drivers/bench/file{n}.c | 80 ++++----\n\n"
            f"diff --git a/drivers/bench/file{n}.c b/drivers/bench/file{n}.c\n"
            f"--- a/drivers/bench/file{n}.c\n+++ b/drivers/bench/file{n}.c\n"
            f"@@ -1,40 +1,40 @@ static int bench_{n}(void)\n{hunk}-- \n2.43.0\n")


def thread_mbox(total):
    cover = "bench-0@example.com"
    patches = (total - 1) * 3 // 4
    out = [mail(cover, f"[PATCH 0/{patches}] bench: a long series", "This series is long.\n" * 20, 0)]
    for i in range(1, patches + 1):
        out.append(mail(f"bench-{i}@example.com", f"[PATCH {i}/{patches}] bench: change {i}",
                        f"Change {i}.\n\nSigned-off-by: Bench Author <author@example.com>\n" + diff(i), i, [cover]))
    for j in range(total - 1 - patches):
        target = f"bench-{1 + j % patches}@example.com"
        out.append(mail(f"review-{j}@example.com", f"Re: [PATCH {1 + j % patches}/{patches}] bench: change",
                        "> quoted line\n" * 30 + "\nReviewed-by: Reviewer One <one@example.com>\n",
                        patches + 1 + j, [cover, target]))
    return "".join(out)


def cpu_seconds(pid):
    """User + system CPU time of a process (robust on a busy machine, unlike wall time)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--messages", type=int, default=100)
    args = ap.parse_args()
    binary = os.path.join(os.path.abspath(args.build), "patchloom")
    if not os.access(binary, os.X_OK):
        sys.exit(f"archive_bench: {binary} not built")
    work = tempfile.mkdtemp(prefix="patchloom-archive-bench.")
    server = None
    try:
        db = os.path.join(work, "bench.db")
        mbox = os.path.join(work, "thread.mbox")
        with open(mbox, "w") as f:
            f.write(thread_mbox(args.messages))
        subprocess.run([binary, "--db", db, "project", "add", "--linkname", "bench", "--name", "Bench",
                        "--listid", LIST_ID, "--listemail", "bench@lists.example.com"],
                       check=True, capture_output=True)
        subprocess.run([binary, "--db", db, "import", "--mboxrd", "--no-progress", mbox], check=True,
                       capture_output=True)
        err_path = os.path.join(work, "serve.err")
        err = open(err_path, "w")
        server = subprocess.Popen([binary, "--db", db, "serve", "--listen", "127.0.0.1:0", "--threads", "1"],
                                  stdout=subprocess.DEVNULL, stderr=err)
        port = None
        for _ in range(500):
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", open(err_path).read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.01)
        if port is None:
            sys.exit("archive_bench: serve did not start")
        conn = http.client.HTTPConnection("127.0.0.1", port)
        pages = [
            ("thread page /T/ (flat)", "/archive/bench/bench-0@example.com/T/"),
            ("thread page /t/ (nested)", "/archive/bench/bench-0@example.com/t/"),
            ("message page", "/archive/bench/bench-40@example.com/"),
            ("t.mbox.gz", "/archive/bench/bench-40@example.com/t.mbox.gz"),
        ]
        print(f"archive bench: {args.messages}-message thread, {args.requests} requests per page, "
              "one keep-alive connection, 1 server thread")
        for label, path in pages:
            for _ in range(10):  # warm-up: connections, caches
                conn.request("GET", path)
                r = conn.getresponse()
                body = r.read()
                if r.status != 200:
                    sys.exit(f"archive_bench: {path} answered {r.status}")
            times = []
            cpu_before = cpu_seconds(server.pid)
            for _ in range(args.requests):
                start = time.perf_counter()
                conn.request("GET", path)
                body = conn.getresponse().read()
                times.append((time.perf_counter() - start) * 1000)
            cpu_ms = (cpu_seconds(server.pid) - cpu_before) * 1000 / args.requests
            # The server's own time per request, from its access log ("... 200 498163B 3650us").
            time.sleep(0.2)
            served = [int(m.group(1)) / 1000 for m in
                      re.finditer(r" GET " + re.escape(path) + r" 200 \d+B (\d+)us", open(err_path).read())]
            served = served[-args.requests:]
            print(f"{label:26s} client p50 {statistics.median(times):6.2f} ms p99 {percentile(times, 99):6.2f} ms"
                  f" | server p50 {statistics.median(served):6.2f} ms p99 {percentile(served, 99):6.2f} ms"
                  f" | server CPU {cpu_ms:5.2f} ms/request"
                  f"  ({len(body)} bytes)")
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
