#!/usr/bin/env python3
"""A fake OpenAI-compatible chat completions server for the tests, on 127.0.0.1.

It answers POST /v1/chat/completions deterministically from the request (so a rerun gets the
same replies), and can be told to misbehave for the next requests:

  POST /control/script   {"behaviors": [B, ...]}   queue behaviours, one per coming request
                         ("replace": true drops those still queued)
  POST /control/config   {"delay": 0.1}            a delay added to every request
                         {"always": B}             the behaviour of every request with none queued
  GET  /control/requests                          every completion request received so far
  POST /control/reset                             forget requests, behaviours and config

A behaviour B is one of:
  {"status": 429, "retry_after": 1}   {"status": 500}   {"delay": 3}   {"raw": "not json"}
  {"status": 401, "echo_key": true}   (the error message repeats the key and the request headers)
  {"content": "..."}                  {"empty": true}
  {"wrong_rationale": true}           (a rationale concluding with a letter other than the answer)
Prints "PORT <n>" on its first line, then serves until killed.
"""
import hashlib
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
state = {"requests": [], "behaviors": [], "delay": 0.0}


def distractors(text, n, digest, marker):
    """Wrong options shaped like the answer: numbers written like a numeric answer (the
    validator refuses an option in another format), else marked text."""
    answer = re.search(r'the correct answer is "(.*)"', text)
    number = answer and re.match(r"^(\s*\$?[-+]?)(\d+(?:\.\d+)?)(.*)$", answer.group(1), re.S)
    if not number:
        return [f"{marker} {digest[i * 4:i * 4 + 4]}-{i}" for i in range(n)]
    head, digits, tail = number.groups()
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = float(digits) or 1.0
    current = set(re.findall(r"^[A-J]\. (.*)$", text, re.M))
    written = []
    for i in range(64):
        option = head + f"{value * (3.17 + 1.37 * i + int(digest[i % 32 * 2:i % 32 * 2 + 2], 16) / 1000):.{decimals}f}" + tail
        if option not in current and option not in written:
            written.append(option)
        if len(written) == n:
            break
    return written


def default_content(body):
    text = "\n".join(m.get("content", "") for m in body.get("messages", []))
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    count = re.search(r"Write exactly (\d+) new wrong options", text)
    if count:
        n = int(count.group(1))
        return json.dumps({"distractors": distractors(text, n, digest, "Distractor")})
    if "Think step by step and then finish your answer with" in text:
        # The evaluation prompt: one reply in five gives no letter (unparsed); the others pick
        # a letter of the asked question's options by the digest.
        asked = text.rsplit("Question:\n", 1)[-1]
        letters = re.findall(r"^([A-J])\. ", asked, re.M) or ["A"]
        number = int(digest, 16)
        if number % 5 == 0:
            return "Hmm, this one is hard to say."
        return f"Let's see. Weighing the options, the answer is ({letters[number % len(letters)]})."
    rationale = re.search(r"The correct option is \(([A-J])\)\. Write the rationale", text)
    if rationale:
        return f"A: Let's think step by step. Option {rationale.group(1)} follows from the question. The answer is ({rationale.group(1)})."
    if "The answer is (X)" in text:
        return f"Let me think. The answer is ({'ABCD'[int(digest, 16) % 4]})."
    judged = re.search(r"The marked answer is \(([A-J])\)\.", text)
    if judged:
        # The judge: every other option of the asked question is wrong.
        options = re.findall(r"^([A-J])\. ", text.split("Options:\n", 1)[-1], re.M)
        return json.dumps({"verdicts": [{"option": letter, "verdict": "wrong", "rationale": "not the answer"}
                                        for letter in options if letter != judged.group(1)]})
    solution = re.search(r"Worked solution:\n(.*?)\n\nReply", text, re.S)
    if solution:
        tail = solution.group(1).split("=")[-1].strip().rstrip(".")
        return json.dumps({"answer": tail})
    return json.dumps({"note": "unrecognised prompt"})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in two writes; Nagle + delayed ACK would add 40 ms

    def log_message(self, *args):
        pass

    def reply(self, status, payload=None, raw=None, headers=()):
        data = raw.encode() if raw is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def read_body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self):
        if self.path == "/control/requests":
            with lock:
                self.reply(200, state["requests"])
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        body = self.read_body()
        if self.path == "/control/script":
            with lock:
                if body.get("replace"):
                    state["behaviors"] = []
                state["behaviors"].extend(body.get("behaviors", []))
            return self.reply(200, {"ok": True})
        if self.path == "/control/config":
            with lock:
                state["delay"] = float(body.get("delay", 0))
                state["always"] = body.get("always", {})
            return self.reply(200, {"ok": True})
        if self.path == "/control/reset":
            with lock:
                state.update(requests=[], behaviors=[], delay=0.0, always={})
            return self.reply(200, {"ok": True})
        if self.path not in ("/v1/chat/completions", "/v1/completions"):
            return self.reply(404, {"error": "not found"})
        with lock:
            state["requests"].append({"body": body, "authorization": self.headers.get("Authorization"), "time": time.time()})
            behavior = state["behaviors"].pop(0) if state["behaviors"] else dict(state.get("always", {}))
            delay = state["delay"]
        time.sleep(delay + float(behavior.get("delay", 0)))
        status = behavior.get("status", 200)
        if status != 200:
            headers = [("Retry-After", str(behavior["retry_after"]))] if "retry_after" in behavior else []
            message = f"scripted {status}"
            if behavior.get("echo_key"):
                # As some servers do: the key in the message, and the request headers printed.
                auth = self.headers.get("Authorization") or ""
                message = f"Incorrect API key provided: {auth.removeprefix('Bearer ')}. Headers: {dict(self.headers)}"
            return self.reply(status, {"error": {"message": message}}, headers=headers)
        if "raw" in behavior:
            return self.reply(200, raw=behavior["raw"])
        usage = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
        if self.path == "/v1/completions":
            # A base model: the next token's alternatives, the letters ranked by the prompt's digest
            # (one answer in eight has no letter among them: unparsed).
            digest = int(hashlib.sha256(body.get("prompt", "").encode()).hexdigest(), 16)
            top = {" the": -0.9, "\n": -1.7}
            if digest % 8:
                for rank, letter in enumerate(sorted("ABCD", key=lambda l: (digest >> (ord(l) - 60)) % 97)):
                    top[" " + letter] = -0.2 - rank
            return self.reply(200, {"id": "x", "object": "text_completion", "model": body.get("model"),
                                    "choices": [{"index": 0, "text": max(top, key=top.get), "logprobs": {
                                        "tokens": [max(top, key=top.get)], "token_logprobs": [max(top.values())],
                                        "top_logprobs": [top]}, "finish_reason": "length"}], "usage": usage})
        content = "" if behavior.get("empty") else behavior.get("content", default_content(body))
        if behavior.get("wrong_rationale"):
            # A rationale that concludes with an option letter other than the answer.
            text = "\n".join(m.get("content", "") for m in body.get("messages", []))
            right = re.search(r"The correct option is \(([A-J])\)\. Write the rationale", text)
            letter = "B" if right and right.group(1) == "A" else "A"
            content = f"A: Let's think step by step. It must be this one. The answer is ({letter})."
        self.reply(200, {"id": "x", "object": "chat.completion", "model": body.get("model"),
                         "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                         "usage": usage})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


if __name__ == "__main__":
    server = Server(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
