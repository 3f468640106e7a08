#!/usr/bin/env node
// The `tikrar` command when the package is installed (`npm install -g`, `npm link`, `npx tikrar`):
// it loads the TypeScript sources through tsx, as `npm run tikrar` does from the repository.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
