// Public surface of the command line: `main` runs `infocentre` with an argv (bin/infocentre.js, tests).
export { main } from './main.ts';
