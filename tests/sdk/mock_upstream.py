"""A fake OpenAI + Anthropic upstream for the SDK tests.

It records every request it receives and answers by echoing back the veil
tokens (`{{type:n}}`) it found in the request, in order of first appearance:
as message text, and as a tool call whose arguments hold the first token.
So the upstream only ever sees tokens, and a client that gets the originals
back proves veil re-injected them, through JSON bodies and SSE streams cut
into small deltas (a token is always split across events).
"""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = re.compile(r"\{\{[a-z_]+:\d+\}\}")
DELTA = 3  # bytes of text per streamed delta: every token spans several events


def tokens_in(body: bytes) -> list[str]:
    seen = []
    for t in TOKEN.findall(body.decode("utf-8")):
        if t not in seen:
            seen.append(t)
    return seen


def pieces(text: str) -> list[str]:
    return [text[i : i + DELTA] for i in range(0, len(text), DELTA)]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []

    def add(self, path, headers, body):
        with self.lock:
            self.requests.append({"path": path, "headers": headers, "body": body})

    def bodies(self) -> bytes:
        with self.lock:
            return b"\n".join(r["body"] for r in self.requests)


def reply_text(toks):
    return "Noted: " + " | ".join(toks)


def tool_args(toks):
    phone = next((t for t in toks if t.startswith("{{phone")), toks[0] if toks else "")
    return json.dumps({"phone": phone})


def sse(event, data):
    head = f"event: {event}\n" if event else ""
    return (head + "data: " + (data if isinstance(data, str) else json.dumps(data)) + "\n\n").encode()


def chat_json(req, toks):
    msg = {"role": "assistant", "content": reply_text(toks)}
    finish = "stop"
    if req.get("tools"):
        msg = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": tool_args(toks)}}
            ],
        }
        finish = "tool_calls"
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": req.get("model", "m"),
        "choices": [{"index": 0, "message": msg, "finish_reason": finish}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def chat_sse(req, toks):
    def chunk(delta, finish=None):
        return sse(None, {
            "id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        })

    out = [chunk({"role": "assistant", "content": ""})]
    if req.get("tools"):
        out.append(chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                          "function": {"name": "lookup", "arguments": ""}}]}))
        for p in pieces(tool_args(toks)):
            out.append(chunk({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}))
        out.append(chunk({}, "tool_calls"))
    else:
        for p in pieces(reply_text(toks)):
            out.append(chunk({"content": p}))
        out.append(chunk({}, "stop"))
    out.append(b"data: [DONE]\n\n")
    return out


def response_obj(text, status="completed"):
    return {
        "id": "resp_1", "object": "response", "created_at": 1, "status": status, "model": "m",
        "output": [] if status != "completed" else [{
            "type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": []}],
        }],
        "parallel_tool_calls": True, "tool_choice": "auto", "tools": [],
    }


def responses_sse(toks):
    text = reply_text(toks)
    out = [sse("response.created", {"type": "response.created", "sequence_number": 0,
                                    "response": response_obj("", "in_progress")})]
    seq = 1
    for p in pieces(text):
        out.append(sse("response.output_text.delta", {
            "type": "response.output_text.delta", "sequence_number": seq, "item_id": "msg_1",
            "output_index": 0, "content_index": 0, "delta": p, "logprobs": []}))
        seq += 1
    out.append(sse("response.output_text.done", {
        "type": "response.output_text.done", "sequence_number": seq, "item_id": "msg_1",
        "output_index": 0, "content_index": 0, "text": text, "logprobs": []}))
    out.append(sse("response.completed", {"type": "response.completed", "sequence_number": seq + 1,
                                          "response": response_obj(text)}))
    return out


def message_json(req, toks):
    content = [{"type": "text", "text": reply_text(toks)}]
    stop = "end_turn"
    if req.get("tools"):
        content = [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": json.loads(tool_args(toks))}]
        stop = "tool_use"
    return {
        "id": "msg_1", "type": "message", "role": "assistant", "model": req.get("model", "m"),
        "content": content, "stop_reason": stop, "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }


def message_sse(req, toks):
    start = message_json(req, toks)
    start["content"] = []
    start["stop_reason"] = None
    out = [sse("message_start", {"type": "message_start", "message": start})]
    if req.get("tools"):
        out.append(sse("content_block_start", {"type": "content_block_start", "index": 0,
                                               "content_block": {"type": "tool_use", "id": "toolu_1",
                                                                 "name": "lookup", "input": {}}}))
        for p in pieces(tool_args(toks)):
            out.append(sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                   "delta": {"type": "input_json_delta", "partial_json": p}}))
        stop = "tool_use"
    else:
        out.append(sse("content_block_start", {"type": "content_block_start", "index": 0,
                                               "content_block": {"type": "text", "text": ""}}))
        for p in pieces(reply_text(toks)):
            out.append(sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                   "delta": {"type": "text_delta", "text": p}}))
        stop = "end_turn"
    out.append(sse("content_block_stop", {"type": "content_block_stop", "index": 0}))
    out.append(sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                                     "usage": {"output_tokens": 1}}))
    out.append(sse("message_stop", {"type": "message_stop"}))
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        self.server.recorder.add(self.path, dict(self.headers), body)
        req = json.loads(body)
        toks = tokens_in(body)
        stream = bool(req.get("stream"))
        path = self.path.split("?")[0]
        if path == "/v1/chat/completions":
            events = chat_sse(req, toks) if stream else chat_json(req, toks)
        elif path == "/v1/responses":
            events = responses_sse(toks) if stream else response_obj(reply_text(toks))
        elif path == "/v1/messages":
            events = message_sse(req, toks) if stream else message_json(req, toks)
        else:
            self.send_response(404)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        if stream:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("cache-control", "no-cache")
            self.send_header("connection", "close")
            self.end_headers()
            for e in events:
                self.wfile.write(e)
                self.wfile.flush()
            self.close_connection = True
        else:
            data = json.dumps(events).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)


def start():
    """Starts the mock on a free loopback port; returns (server, recorder)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.recorder = Recorder()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.recorder
