/**
 * The bundled TypeScript 6 as a value, for code that needs it as soon as it is loaded (the CLI's
 * compiler commands, the Jest transformer); everything else calls `typescript6()` when it needs it.
 */
import { typescript6 } from './compiler';

export const ts6 = typescript6();
