"""veil in front of the official OpenAI and Anthropic Python SDKs.

Each test sends personal data through an unchanged SDK whose base URL is
veil, and asserts two things users rely on: the upstream never saw the
data (only tokens), and the app got the originals back — in JSON replies,
in SSE streams where every token is split across events, and inside
tool-call arguments.
"""

import json

import anthropic
import openai

NAME = "Priya Sharma"
PHONE = "+91 98765 43210"
EMAIL = "priya.sharma@gmail.com"
PII = [NAME, PHONE, EMAIL]
PROMPT = f"Hi, my name is {NAME}. Call me on {PHONE} or mail {EMAIL} about the refund."
EXPECTED = "Noted: " + " | ".join(PII)
TOOLS_OPENAI = [{
    "type": "function",
    "function": {"name": "lookup", "description": "Find a customer",
                 "parameters": {"type": "object", "properties": {"phone": {"type": "string"}}}},
}]
TOOLS_ANTHROPIC = [{
    "name": "lookup", "description": "Find a customer",
    "input_schema": {"type": "object", "properties": {"phone": {"type": "string"}}},
}]


def assert_upstream_saw_no_pii(recorder):
    seen = recorder.bodies().decode("utf-8")
    assert recorder.requests, "the upstream got no request"
    for value in PII:
        assert value not in seen, "upstream saw personal data"
    assert "{{name:1}}" in seen and "{{phone:1}}" in seen and "{{email:1}}" in seen


def openai_client(veil_url):
    return openai.OpenAI(base_url=veil_url + "/v1", api_key="sk-test", max_retries=0)


def anthropic_client(veil_url):
    return anthropic.Anthropic(base_url=veil_url, api_key="sk-ant-test", max_retries=0)


def test_chat_completions(veil_url, recorder):
    r = openai_client(veil_url).chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": "You are a support agent."},
                  {"role": "user", "content": PROMPT}],
    )
    assert r.choices[0].message.content == EXPECTED
    assert_upstream_saw_no_pii(recorder)


def test_chat_completions_stream(veil_url, recorder):
    stream = openai_client(veil_url).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}], stream=True,
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == EXPECTED
    assert_upstream_saw_no_pii(recorder)


def test_chat_completions_tool_call_stream(veil_url, recorder):
    stream = openai_client(veil_url).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}],
        tools=TOOLS_OPENAI, stream=True,
    )
    args = "".join(
        tc.function.arguments or ""
        for c in stream if c.choices
        for tc in (c.choices[0].delta.tool_calls or [])
    )
    # The mock streams {"phone": "{{phone:1}}"} in 3-byte pieces; the app
    # must get valid JSON holding the original.
    assert json.loads(args) == {"phone": PHONE}
    assert_upstream_saw_no_pii(recorder)


def test_chat_completions_tool_call_history_is_redacted(veil_url, recorder):
    r = openai_client(veil_url).chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "user", "content": PROMPT},
            {"role": "assistant", "content": None, "tool_calls": [{
                "id": "call_1", "type": "function",
                "function": {"name": "lookup", "arguments": json.dumps({"phone": PHONE})}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": f"Customer {NAME}, {EMAIL}"},
        ],
        tools=TOOLS_OPENAI,
    )
    assert json.loads(r.choices[0].message.tool_calls[0].function.arguments) == {"phone": PHONE}
    assert_upstream_saw_no_pii(recorder)


def test_responses(veil_url, recorder):
    r = openai_client(veil_url).responses.create(
        model="gpt-4o-mini", instructions="Be brief.", input=PROMPT,
    )
    assert r.output_text == EXPECTED
    assert_upstream_saw_no_pii(recorder)


def test_responses_stream(veil_url, recorder):
    events = openai_client(veil_url).responses.create(model="gpt-4o-mini", input=PROMPT, stream=True)
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == EXPECTED
    assert_upstream_saw_no_pii(recorder)


def test_messages(veil_url, recorder):
    r = anthropic_client(veil_url).messages.create(
        model="claude-veil-test", max_tokens=100, system=f"The caller is {NAME}.",
        messages=[{"role": "user", "content": PROMPT}],
    )
    assert r.content[0].text == EXPECTED
    assert_upstream_saw_no_pii(recorder)


def test_messages_stream(veil_url, recorder):
    with anthropic_client(veil_url).messages.stream(
        model="claude-veil-test", max_tokens=100, messages=[{"role": "user", "content": PROMPT}],
    ) as stream:
        text = "".join(stream.text_stream)
    assert text == EXPECTED
    assert_upstream_saw_no_pii(recorder)


def test_messages_tool_use_stream(veil_url, recorder):
    with anthropic_client(veil_url).messages.stream(
        model="claude-veil-test", max_tokens=100, tools=TOOLS_ANTHROPIC,
        messages=[{"role": "user", "content": PROMPT}],
    ) as stream:
        final = stream.get_final_message()
    tool_use = next(b for b in final.content if b.type == "tool_use")
    assert tool_use.input == {"phone": PHONE}
    assert_upstream_saw_no_pii(recorder)


def test_messages_tool_result_history_is_redacted(veil_url, recorder):
    r = anthropic_client(veil_url).messages.create(
        model="claude-veil-test", max_tokens=100,
        messages=[
            {"role": "user", "content": PROMPT},
            {"role": "assistant", "content": [
                {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {"phone": PHONE}}]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": f"{NAME}, {EMAIL}"}]},
        ],
    )
    assert r.content[0].text == EXPECTED
    assert_upstream_saw_no_pii(recorder)


def test_conversation_header_keeps_tokens_stable_across_turns(veil_url, recorder):
    client = openai.OpenAI(base_url=veil_url + "/v1", api_key="sk-test", max_retries=0,
                           default_headers={"X-Veil-Conversation": "sdk-conv-1"})
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": f"I am {NAME}."}])
    # Second turn: the phone comes first now, but the name keeps {{name:1}}
    # and the earlier reply (re-injected, so holding the original) is
    # tokenized to the same token again.
    r = client.chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": f"I am {NAME}."},
        {"role": "assistant", "content": f"Noted: {NAME}"},
        {"role": "user", "content": f"My number is {PHONE}, and I am still {NAME}."},
    ])
    assert r.choices[0].message.content == f"Noted: {NAME} | {PHONE}"
    second = recorder.requests[-1]["body"].decode()
    assert "{{name:1}}" in second and "{{phone:1}}" in second and NAME not in second
