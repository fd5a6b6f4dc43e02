// A stand-in for the Anthropic Messages API on 127.0.0.1, for driving the real Claude Code offline. The first
// request of a turn that offers the tool is answered with the tool call the test chose; once a tool result comes
// back (or for a request without tools), with a short text, or with the next call when the test chose several.
// Every request is kept for the test to read.
import { startJsonServer } from './fakeServer.mjs';

const model = 'claude-sonnet-4-5';

function events(content, stopReason) {
  const out = [['message_start', { type: 'message_start', message: { id: `msg_${Date.now()}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } } }]];
  content.forEach((block, index) => {
    if (block.type === 'text') {
      out.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }]);
      out.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } }]);
    } else {
      out.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }]);
      out.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } }]);
    }
    out.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  out.push(['message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 5 } }]);
  out.push(['message_stop', { type: 'message_stop' }]);
  return out;
}

const resultText = (result) => (typeof result?.content === 'string' ? result.content : JSON.stringify(result?.content ?? ''));

/**
 * Starts the server. `toolCall` is `{name, input}`: what the "model" asks Claude Code to run; or a list of them, run
 * one after the other, where an `input` may be a function of the previous call's result text (for an id it gave).
 * Resolves to `{url, requests, toolResults(), close()}`.
 */
export async function startFakeAnthropic(toolCall) {
  const calls = Array.isArray(toolCall) ? toolCall : [toolCall];
  const server = await startJsonServer((req, json, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (req.url.includes('count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 10 }));
      return;
    }
    const tools = (json.tools ?? []).map((t) => t.name);
    // The calls this conversation has had answered so far: the next one is asked for, if it is offered.
    const results = (json.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content.filter((c) => c.type === 'tool_result') : []));
    const next = calls[results.length];
    const reply = next === undefined || !tools.includes(next.name)
      ? events([{ type: 'text', text: 'done' }], 'end_turn')
      : events([{ type: 'tool_use', id: results.length === 0 ? 'toolu_airlock_test' : `toolu_airlock_test_${results.length + 1}`, name: next.name, input: typeof next.input === 'function' ? next.input(resultText(results.at(-1))) : next.input }], 'tool_use');
    if (!json.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'msg_plain', type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'done' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const [event, data] of reply) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.end();
  });
  return {
    ...server,
    /** The tool results Claude Code sent back to the model: what the model was told. */
    toolResults: () => server.requests.flatMap((r) => (Array.isArray(r.body?.messages?.at(-1)?.content) ? r.body.messages.at(-1).content.filter((c) => c.type === 'tool_result') : [])),
  };
}
