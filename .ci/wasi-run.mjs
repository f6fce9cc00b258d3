// Cargo runner for wasm32-wasip1 tests on Node's WASI (node:wasi, Node 20+): runs the module
// with its arguments, the repository root preopened at its own path (the known-answer vectors
// are read from tests/vectors by absolute path) and the exit status passed on. Run it with
// `node --single-threaded`: Node 20 sometimes crashes (SIGSEGV) at exit after a long wasm run
// when V8's background threads are on.
import { readFile } from "node:fs/promises";
import { WASI } from "node:wasi";
import process, { argv, env } from "node:process";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [wasmPath, ...args] = argv.slice(2);
const wasi = new WASI({
  version: "preview1",
  args: [wasmPath, ...args],
  env,
  preopens: { [root]: root },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
