// Ports for emulators that cannot listen on port 0 themselves (DynamoDB Local).
import { createServer } from 'node:net';

/** A TCP port that is free on every interface right now. */
export function freePort(): Promise<number> {
  return listenOnce(0);
}

/** Throws a clear error when something already listens on `port`. */
export async function assertPortFree(port: number): Promise<void> {
  try {
    await listenOnce(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${port} is already in use`);
    }
    throw error;
  }
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    // No host: the emulators bind every interface, so that is what must be free.
    server.listen(port, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (bound ? resolve(bound) : reject(new Error('could not pick a free port'))));
    });
  });
}
