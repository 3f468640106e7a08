import { createEngine, type Engine } from "../../src/core/engine.js";

let engine: Promise<Engine> | undefined;
/** One engine per test file (the wasm hasher loads once). */
export const testEngine = () => (engine ??= createEngine());
