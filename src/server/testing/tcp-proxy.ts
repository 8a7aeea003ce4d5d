// A TCP proxy between the app and its database, for fault tests and drills: it forwards bytes
// both ways until told to stall (hold everything: the database seems silent, the sockets stay
// open) or to cut (reset every open connection, as a network failure or a failover does).
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections currently open through the proxy. */
  readonly open: number;
  stall(): void;
  resume(): void;
  /** Destroys every open connection; new ones are accepted (unless refusing). */
  cut(): void;
  /** Refuse (reset) new connections until allowed again. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number, listenPort = 0): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let stalled = false;
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.resetAndDestroy();
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    if (!stalled) {
      client.pipe(upstream);
      upstream.pipe(client);
    }
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  // pipe() resumes a paused source when the destination drains, so a stall unpipes as well.
  const hold = (on: boolean) => {
    for (const { client, upstream } of pairs) {
      if (on) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      } else {
        client.pipe(upstream);
        upstream.pipe(client);
      }
    }
  };
  return {
    port,
    get open() {
      return pairs.size;
    },
    stall() {
      if (stalled) return;
      stalled = true;
      hold(true);
    },
    resume() {
      if (!stalled) return;
      stalled = false;
      hold(false);
    },
    cut() {
      for (const { client, upstream } of [...pairs]) {
        client.resetAndDestroy();
        upstream.destroy();
      }
    },
    refuse(on) {
      refusing = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
