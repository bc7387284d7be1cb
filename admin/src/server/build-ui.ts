// `npm run build -w admin`: the Next.js production build, stamped with its sources' hash so `npm start` reuses it.
import { ensureUiBuild } from './ui-build.ts';

await ensureUiBuild((line) => process.stdout.write(`${line}\n`));
