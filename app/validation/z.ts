import { z } from "zod";
import { plainMessage } from "./messages";

// Default messages in Vietnamese for every schema that does not give its own: plain words that say
// what to do (./messages.ts), not the locale's type names and patterns.
z.config({ ...z.locales.vi(), customError: plainMessage });
// In the browser the Content-Security-Policy forbids eval, so zod's compiled parsers cannot work
// there; saying so skips zod's probe for them, which the browser would report as a violation.
if (typeof document !== "undefined") z.config({ jitless: true });

export { z };
