import type { Duplex } from 'node:stream';

/** Refuses a WebSocket handshake with a plain HTTP answer and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, body = ''): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
