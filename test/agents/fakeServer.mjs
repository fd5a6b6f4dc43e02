// The parts every fake model server shares: an HTTP server on 127.0.0.1 that keeps each request with its JSON body
// and hands it to the API's own answer, and a proxy trap that keeps whatever an agent tries to reach beyond it.
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

/**
 * Starts a listener that stands in for a proxy: an agent pointed at it through HTTPS_PROXY and HTTP_PROXY lands here
 * with anything it tries to reach beyond the fake API; each attempt (a CONNECT tunnel or a plain proxied request) is
 * refused and kept. Resolves to `{url, escapes, close()}`.
 */
export function startProxyTrap() {
  const escapes = [];
  const server = createServer((req, res) => {
    escapes.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    escapes.push(`CONNECT ${req.url}`);
    // Some clients (Bun's) reset the tunnel they were refused: that is expected, not a failure of the trap.
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, escapes, close: () => new Promise((done) => server.close(() => done())) }));
  });
}
