import { z } from "zod";

// Default messages in Vietnamese for every schema that does not give its own.
z.config(z.locales.vi());

export { z };
