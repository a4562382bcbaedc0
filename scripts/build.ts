/** `npm run build`: a production build, stamped so `npm start` knows it is current. */
import { buildIfStale } from '@/lib/server/build-hash'

buildIfStale(process.env, (line) => console.log(`[galley] ${line}`), true).then((ok) => process.exit(ok ? 0 : 1))
