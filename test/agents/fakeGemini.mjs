// A stand-in for the Gemini API on 127.0.0.1, for driving the real Gemini CLI offline: a turn that offers the
// tool is answered with the function call the test chose; once a function response comes back, with a short text,
// or with the next call when the test chose several.
import { startJsonServer } from './fakeServer.mjs';

/**
 * Starts the server; `call` is `{name, args}`, or a list of them asked for one after the other, where `args` may be
 * a function of the previous call's response (for an id it gave). Resolves to `{url, requests, functionResponses(),
 * close()}`.
 */
export async function startFakeGemini(call) {
  const calls = Array.isArray(call) ? call : [call];
  const server = await startJsonServer((req, json, res) => {
    if (req.url?.includes(':countTokens')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ totalTokens: 10 }));
      return;
    }
    // The calls this conversation has had answered so far: the next one is asked for, if it is offered.
    const responses = (json.contents ?? []).flatMap((c) => (c.parts ?? []).filter((p) => p.functionResponse).map((p) => p.functionResponse));
    const next = calls[responses.length];
    const tools = (json.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((f) => f.name));
    const args = typeof next?.args === 'function' ? next.args(responses.at(-1)?.response) : next?.args;
    const reply = next !== undefined && tools.includes(next.name) ? [{ functionCall: { name: next.name, args } }] : [{ text: 'done' }];
    const payload = { candidates: [{ content: { role: 'model', parts: reply }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } };
    if (req.url?.includes(':streamGenerateContent')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify(payload)}\r\n\r\n`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    }
  });
  return {
    ...server,
    /** The function responses the CLI sent back: what the model was told. */
    functionResponses: () => server.requests.flatMap((r) => (r.body?.contents?.at(-1)?.parts ?? []).filter((p) => p.functionResponse).map((p) => p.functionResponse)),
  };
}
