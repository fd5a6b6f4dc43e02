// The part every fake model server shares: an HTTP server on 127.0.0.1 that keeps each request with its JSON body
// and hands it to the API's own answer.
import { createServer } from 'node:http';

/**
 * Starts a server whose `answer(req, body, res)` replies to each request (the body parsed as JSON, `{}` when it is
 * not). Resolves to `{url, requests, close()}`.
 */
export function startJsonServer(answer) {
  const requests = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      let body = {};
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the API's answer sees an empty body
      }
      requests.push({ method: req.method, url: req.url, body });
      answer(req, body, res);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
