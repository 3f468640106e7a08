import { MemoryIndexStore } from "../../src/adapters/memory/memory-index-store.js";
import { specKey } from "../../src/core/signature-spec.js";
import { testEngine } from "../helpers/engine.js";
import { indexStoreContract } from "./index-store.contract.js";

indexStoreContract("memory", async () => {
  const e = await testEngine();
  return new MemoryIndexStore(specKey(e.options.spec), e.options.spec.numPerm, e.lsh);
});
