// A stand-in for the OpenAI Responses API on 127.0.0.1, for driving the real Codex CLI offline. The first request of
// a turn that offers the tool is answered, as a stream of server-sent events, with the function call the test chose;
// once the call's output comes back (or for a request without the tool), with a short text. Every request is kept
// for the test to read. A second listener stands in for a proxy: Codex is pointed at it through HTTPS_PROXY and
// HTTP_PROXY, so anything it tries to reach beyond the fake API lands here, is refused and is kept as an escape.
import { startJsonServer, startProxyTrap } from './fakeServer.mjs';

const callId = 'call_airlock_test';
/** The id of the test's n-th call (from 0): the first keeps the plain id the single-call tests read. */
const callIdOf = (n) => (n === 0 ? callId : `${callId}_${n + 1}`);
const isOutput = (i) => (i.type === 'function_call_output' || i.type === 'custom_tool_call_output') && i.call_id?.startsWith(callId);
const usage = { input_tokens: 10, input_tokens_details: null, output_tokens: 5, output_tokens_details: null, total_tokens: 15 };

function events(n, item) {
  const id = `resp_airlock_${n}`;
  return [
    { type: 'response.created', response: { id } },
    { type: 'response.output_item.added', output_index: 0, item },
    { type: 'response.output_item.done', output_index: 0, item },
    { type: 'response.completed', response: { id, usage } },
  ];
}

const text = (n) => ({ type: 'message', role: 'assistant', id: `msg_airlock_${n}`, status: 'completed', content: [{ type: 'output_text', text: 'done', annotations: [] }] });
/** A function call, or a call of a custom (freeform) tool such as apply_patch when the test gives `input` text. */
const call = (n, toolCall, index, previous) => {
  const common = { id: `fc_airlock_${n}`, status: 'completed', call_id: callIdOf(index), name: toolCall.name };
  if (toolCall.input !== undefined) return { type: 'custom_tool_call', ...common, input: toolCall.input };
  const args = typeof toolCall.arguments === 'function' ? toolCall.arguments(previous) : toolCall.arguments;
  return { type: 'function_call', ...common, arguments: JSON.stringify(args) };
};

/**
 * Starts the server. `toolCall` is `{name, arguments}`: the function call the "model" asks Codex to make (for a
 * shell command, `{name: 'exec_command', arguments: {cmd}}`), or `{name, input}` for a freeform tool; or a list of
 * them, asked for one after the other, where `arguments` may be a function of the previous call's output (for an
 * id it gave). Resolves to `{url, proxy, requests, escapes(), toolOutputs(), close()}`; `url` is the base URL to
 * give Codex (it posts to `${url}/responses`).
 */
export async function startFakeOpenAI(toolCall) {
  const calls = Array.isArray(toolCall) ? toolCall : [toolCall];
  let n = 0;
  const server = await startJsonServer((req, json, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/responses')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no ${req.method} ${req.url} here`, type: 'invalid_request_error' } }));
      return;
    }
    n += 1;
    const tools = (json.tools ?? []).map((t) => t.name);
    // The calls this conversation has had answered so far: the next one is asked for, if it is offered.
    const outputs = (json.input ?? []).filter(isOutput);
    const next = calls[outputs.length];
    const item = next === undefined || !tools.includes(next.name) ? text(n) : call(n, next, outputs.length, outputs.at(-1)?.output);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of events(n, item)) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    res.end();
  });
  const trap = await startProxyTrap();
  return {
    url: `${server.url}/v1`,
    proxy: trap.url,
    requests: server.requests,
    /** What Codex tried to reach beyond the fake API (through the proxy it was given). */
    escapes: () => [...trap.escapes],
    /** The outputs of the chosen call that Codex sent back to the model: what the model was told (once each). */
    toolOutputs: () => {
      const seen = new Map();
      for (const r of server.requests) for (const i of r.body?.input ?? []) if (isOutput(i)) seen.set(i.call_id, i);
      return [...seen.values()];
    },
    /** The tools Codex offered the model in its first request. */
    tools: () => (server.requests.find((r) => Array.isArray(r.body?.tools))?.body.tools ?? []).map((t) => t.name ?? t.type),
    close: async () => {
      await server.close();
      await trap.close();
    },
  };
}
