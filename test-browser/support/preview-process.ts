import { spawn, type ChildProcess } from 'node:child_process';

/** `npm start`'s server as a child process, once it printed the page's address. */
export interface PreviewProcess {
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Ctrl+C; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `node <args>` in `cwd` and waits for the "live preview: <url>" line (or its exit). */
export async function startPreviewProcess(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<PreviewProcess> {
  const server: ChildProcess = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
    return exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /live preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (found) resolve(found[1]!);
      });
      server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then((code) => reject(new Error(`npm start's server exited with ${code}:\n${output}`)));
    });
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
