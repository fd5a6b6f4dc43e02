// A stand-in for an OpenAI-compatible Chat Completions API on 127.0.0.1, for driving the real Cline CLI offline (its
// `openai-compatible` provider posts to `${baseUrl}/chat/completions` and streams). The first request that offers the
// tool is answered, as a stream of chunks, with the native function call the test chose; every later request (the
// call's result coming back as a `tool` message, a sub-agent's first turn) or one without the tool, with a short
// text, which ends Cline's run. Every
// request is kept for the test to read. A second listener stands in for a proxy: Cline is pointed at it through
// HTTPS_PROXY and HTTP_PROXY, so anything it tries to reach beyond the fake API lands here, is refused and is kept.
import { startJsonServer, startProxyTrap } from './fakeServer.mjs';

const callId = 'call_airlock_test';
const model = 'airlock-fake';

function chunk(n, delta, finishReason = null) {
  return { id: `chatcmpl-airlock-${n}`, object: 'chat.completion.chunk', created: 1767225600, model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

const usage = (n) => ({ id: `chatcmpl-airlock-${n}`, object: 'chat.completion.chunk', created: 1767225600, model, choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } });

function textChunks(n) {
  return [chunk(n, { role: 'assistant', content: 'done' }), chunk(n, {}, 'stop'), usage(n)];
}

function callChunks(n, toolCall) {
  return [
    chunk(n, { role: 'assistant', content: null, tool_calls: [{ index: 0, id: callId, type: 'function', function: { name: toolCall.name, arguments: '' } }] }),
    chunk(n, { tool_calls: [{ index: 0, function: { arguments: JSON.stringify(toolCall.arguments) } }] }),
    chunk(n, {}, 'tool_calls'),
    usage(n),
  ];
}

const toolMessages = (body) => (body?.messages ?? []).filter((m) => m.role === 'tool' && m.tool_call_id === callId);

/**
 * Starts the server. `toolCall` is `{name, arguments}`: the function call the "model" asks Cline to make (for a shell
 * command, `{name: 'run_commands', arguments: {commands: [cmd]}}`). Resolves to `{url, proxy, requests, escapes(),
 * toolOutputs(), followUp(), tools(), close()}`; `url` is the base URL to give Cline.
 */
export async function startFakeClineModel(toolCall) {
  let n = 0;
  let called = false;
  const server = await startJsonServer((req, json, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no ${req.method} ${req.url} here`, type: 'invalid_request_error' } }));
      return;
    }
    n += 1;
    const tools = (json.tools ?? []).map((t) => t.function?.name);
    const call = !called && toolMessages(json).length === 0 && tools.includes(toolCall.name);
    if (call) called = true;
    const chunks = call ? callChunks(n, toolCall) : textChunks(n);
    if (json.stream === false) {
      const message = !call
        ? { role: 'assistant', content: 'done' }
        : { role: 'assistant', content: null, tool_calls: [{ id: callId, type: 'function', function: { name: toolCall.name, arguments: JSON.stringify(toolCall.arguments) } }] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `chatcmpl-airlock-${n}`, object: 'chat.completion', created: 1767225600, model, choices: [{ index: 0, message, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }], usage: usage(n).usage }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end('data: [DONE]\n\n');
  });
  const trap = await startProxyTrap();
  return {
    url: `${server.url}/v1`,
    proxy: trap.url,
    requests: server.requests,
    /** What Cline tried to reach beyond the fake API (through the proxy it was given). */
    escapes: () => [...trap.escapes],
    /** The results of the chosen call that Cline sent back to the model: what the model was told (once each). */
    toolOutputs: () => {
      const last = [...server.requests].reverse().find((r) => toolMessages(r.body).length > 0);
      return last ? toolMessages(last.body).map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))) : [];
    },
    /** The messages of the first request that carried the call's result back: what the model read next. */
    followUp: () => server.requests.find((r) => toolMessages(r.body).length > 0)?.body.messages,
    /** The tools Cline offered the model in its first request: `[{name, description}]`. */
    tools: () => (server.requests.find((r) => Array.isArray(r.body?.tools))?.body.tools ?? []).map((t) => ({ name: t.function?.name, description: t.function?.description })),
    close: async () => {
      await server.close();
      await trap.close();
    },
  };
}
