// A stand-in for the Gemini API on 127.0.0.1, for driving the real Gemini CLI offline: a turn that offers the
// tool is answered with the function call the test chose; once a function response comes back, with a short text.
import { startJsonServer } from './fakeServer.mjs';

/** Starts the server; `call` is `{name, args}`. Resolves to `{url, requests, functionResponses(), close()}`. */
export async function startFakeGemini(call) {
  const server = await startJsonServer((req, json, res) => {
    if (req.url?.includes(':countTokens')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ totalTokens: 10 }));
      return;
    }
    const parts = json.contents?.at(-1)?.parts ?? [];
    const answered = parts.some((p) => p.functionResponse);
    const tools = (json.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((f) => f.name));
    const reply = !answered && tools.includes(call.name) ? [{ functionCall: { name: call.name, args: call.args } }] : [{ text: 'done' }];
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
