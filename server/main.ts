import { startServer } from './start-server';

/** `npm start`: the server as server/start-server.ts starts it, from this process's environment. */
startServer(process.env).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`Audit Loop could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
