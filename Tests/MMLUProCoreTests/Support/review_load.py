"""Many reviewers at once against the review server's JSON API, on plain threads (no URLSession).

usage: review_load.py BASE_URL TOKENS_FILE ROUNDS TIMEOUT_SECONDS

Each round: every reviewer (one thread per token) claims and decides until nothing is left;
then each undoes what it decided, so the next round finds every task open again. Prints one
JSON object: per round the decisions and undos, the slowest request, and every error (a
timeout, a refused connection, a status other than 200).
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request

base, tokens_file, rounds, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
tokens = open(tokens_file).read().split()
lock = threading.Lock()
errors = []
slowest = [0.0]


def post(path, token, body):
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    started = time.time()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, data = response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        status, data = error.code, {}
    except Exception as error:  # a timeout or a refused connection
        status, data = 0, {}
        with lock:
            errors.append(f"{path}: {type(error).__name__}: {error}")
    with lock:
        slowest[0] = max(slowest[0], time.time() - started)
        if status not in (0, 200):
            errors.append(f"{path}: HTTP {status}")
    return status, data


def run(threads):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


report = {"rounds": []}
for _ in range(rounds):
    decided = {token: [] for token in tokens}

    def review(token):
        while True:
            status, claimed = post("/api/tasks/claim", token, {})
            task = claimed.get("task")
            if status != 200 or not task:
                return
            if post("/api/decisions", token, {"task": task["key"], "verdict": "ok"})[0] == 200:
                decided[token].append(task["key"])

    undone = []

    def undo(token):
        for key in decided[token]:
            if post("/api/undo", token, {"task": key})[0] == 200:
                with lock:
                    undone.append(key)

    started = time.time()
    run([threading.Thread(target=review, args=(token,)) for token in tokens])
    run([threading.Thread(target=undo, args=(token,)) for token in tokens])
    report["rounds"].append(
        {"decided": sum(len(keys) for keys in decided.values()), "undone": len(undone), "seconds": time.time() - started})
report["slowest"] = slowest[0]
report["errors"] = errors[:20]
report["error_count"] = len(errors)
print(json.dumps(report))
