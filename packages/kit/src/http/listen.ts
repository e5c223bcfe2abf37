import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a plain node server and resolves with its base URL (port 0 picks a free port). */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(baseUrl(server, host));
    });
  });
}

export function baseUrl(server: Server, host: string): string {
  const addr = server.address() as AddressInfo;
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${addr.port}`;
}
