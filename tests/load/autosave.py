#!/usr/bin/env python3
"""Autosave round trips with concurrent editors (issue 5's target: p99 <= 20 ms with 50
concurrent editors on SQLite).

Each editor has a paragraph of their own in one meeting in session and autosaves it the way
the editor page does: the whole text with the fingerprint it was made on, then the next save
on the new fingerprint. Open model: every editor saves about once a second (the page saves
0.8 s after typing stops), so 50 editors make about 50 saves a second. `--closed` instead
saves back to back to find the ceiling.

    python3 tests/load/autosave.py [--binary target/release/justera] [--editors 50]
        [--seconds 30] [--closed] [--paragraphs N]

`--paragraphs N` makes the meeting N paragraphs long (at least one per editor), each with the
text of a paragraph of a real KS protocol (about 2,900 characters), for the size sweep
(`tests/load/autosave_sweep.sh`): the editors still edit only their own paragraph.

Starts its own server on a demo database (SQLite unless DATABASE_URL is set).
"""
import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import tempfile
import threading
import time

p = argparse.ArgumentParser()
p.add_argument("--binary", default="target/release/justera")
p.add_argument("--editors", type=int, default=50)
p.add_argument("--seconds", type=float, default=30)
p.add_argument("--closed", action="store_true")
p.add_argument("--paragraphs", type=int, default=0)
args = p.parse_args()

tmp = tempfile.mkdtemp()
env = dict(os.environ)
env.setdefault("DATABASE_URL", f"sqlite://{tmp}/data/justera.db")
binary = os.path.abspath(args.binary)
subprocess.run([binary, "demo", "--data", "data", "--setup-only"], cwd=tmp, env=env, check=True, capture_output=True)
token = subprocess.run([binary, "user", "token", "alexandra"], cwd=tmp, env=env, check=True, capture_output=True, text=True).stdout.split()[0]
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
server = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        break
    except OSError:
        time.sleep(0.05)

def call(conn, method, path, body=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"}
    for attempt in (1, 2):
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            r = conn.getresponse()
            data = r.read()
            return r.status, (json.loads(data) if data else None)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # An idle keep-alive connection closed by the server: reconnect once.
            conn.close()
            if attempt == 2:
                raise

try:
    c = http.client.HTTPConnection("127.0.0.1", port)
    seed_body = "00000000-0000-4000-8000-000000000010"
    st, made = call(c, "POST", "/api/sammantraden", {
        "body": seed_body, "date": time.strftime("%Y-12-28"), "starts_at": "09:00:00", "place": "Kommunhuset",
        "chair": "00000000-0000-4000-8000-000000000101", "adjusters": ["00000000-0000-4000-8000-000000000105"],
        "secretary": "Alexandra Skoog"})
    assert st == 201, made
    mid = made["id"]
    edit = f"/api/sammantraden/{mid}/andringar"
    total = max(args.editors, args.paragraphs)
    for i in range(total):
        st, r = call(c, "POST", edit, {"action": "add_paragraph", "number": 0, "title": f"Ärende {i + 1}"})
        assert st == 200, r
    if args.paragraphs:
        # The size of a real paragraph: a summary of the matter, the documents, the proposal.
        summary = ("Kommunstyrelsen har att ta ställning till förslaget. Ärendet har beretts av "
                   "förvaltningen i samråd med berörda nämnder och bolag. ") * 18
        st, state = call(c, "GET", f"/api/sammantraden/{mid}")
        for p in state["paragraphs"][args.editors:]:
            st, r = call(c, "POST", edit, {"action": "update_text", "number": p["number"], "base": p["fingerprint"],
                         "text": {"title": f"Ärende {p['number']}", "summary": summary,
                                  "proposal": {"source": "arbetsutskottets förslag",
                                               "clauses": ["Kommunstyrelsen föreslår kommunfullmäktige besluta att anta förslaget.",
                                                           "Uppdraget ska redovisas till kommunstyrelsen senast i december."]}}})
            assert st == 200, r
    st, r = call(c, "POST", edit, {"action": "open_session"})
    assert st == 200, r
    st, state = call(c, "GET", f"/api/sammantraden/{mid}")
    paragraphs = [(p["number"], p["fingerprint"]) for p in state["paragraphs"]][:args.editors]

    latencies, errors, conflicts = [], [], []
    lock = threading.Lock()
    start_at = time.monotonic() + 0.5
    stop_at = start_at + args.seconds

    def editor(number, base):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        text = "Sammanfattning"
        rng = random.Random(number)
        next_at = start_at + rng.random()
        while True:
            if not args.closed:
                pause = next_at - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                next_at += 0.8 + rng.random() * 0.4
            if time.monotonic() >= stop_at:
                break
            text += " ord"
            body = {"action": "update_text", "number": number, "base": base,
                    "text": {"title": f"Ärende {number}", "summary": text,
                             "proposal": {"source": "arbetsutskottets förslag", "clauses": ["Förslaget bifalls."]}}}
            t0 = time.perf_counter()
            st, r = call(conn, "POST", edit, body)
            dt = (time.perf_counter() - t0) * 1000
            with lock:
                if st == 200:
                    latencies.append(dt)
                    base = r["fingerprint"]
                elif st == 409:
                    conflicts.append(r)
                else:
                    errors.append((st, r))

    threads = [threading.Thread(target=editor, args=p) for p in paragraphs]
    for t in threads: t.start()
    for t in threads: t.join()
    latencies.sort()
    def pct(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    mode = "sluten (direkt efter varandra)" if args.closed else "öppen (ungefär en sparning per sekund och redaktör)"
    print(f"Autosparning: {args.editors} redaktörer, {total} §§, {args.seconds:.0f} s, {mode}, {env['DATABASE_URL'].split(':')[0]}")
    print(f"  sparningar: {len(latencies)} ({len(latencies) / args.seconds:.0f}/s), konflikter: {len(conflicts)}, fel: {len(errors)}")
    print(f"  svarstid ms: p50 {pct(0.50):.1f}  p90 {pct(0.90):.1f}  p99 {pct(0.99):.1f}  max {latencies[-1]:.1f}  medel {statistics.mean(latencies):.1f}")
    # Nothing acknowledged may be lost: every paragraph holds its editor's last text.
    st, state = call(c, "GET", f"/api/sammantraden/{mid}")
    lost = [p["number"] for p in state["meeting"]["paragraphs"][:args.editors] if not (p.get("summary") or "").startswith("Sammanfattning ord")]
    print(f"  förlorade ändringar: {len(lost)}")
    if errors:
        print("  första fel:", errors[0])
finally:
    server.terminate()
    server.wait()
