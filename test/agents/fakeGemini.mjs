// A stand-in for the Gemini API on 127.0.0.1, for driving the real Gemini CLI offline: a turn that offers the
// tool is answered with the function call the test chose; once a function response comes back, with a short text.
import { createServer } from 'node:http';

/** Starts the server; `call` is `{name, args}`. Returns `{url, requests, functionResponses(), close()}`. */
export function startFakeGemini(call) {
  const requests = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let json = {};
      try {
        json = JSON.parse(body);
      } catch {
        // not JSON: answered with text below
      }
      requests.push({ method: req.method, url: req.url, body: json });
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
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        /** The function responses the CLI sent back: what the model was told. */
        functionResponses: () => requests.flatMap((r) => (r.body?.contents?.at(-1)?.parts ?? []).filter((p) => p.functionResponse).map((p) => p.functionResponse)),
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
