// Who runs a command, as the access journal names them: the operating-system account (`os:<user>`), since commands
// run on the server's machine without an infocentre login.
import { userInfo } from 'node:os';

export const operator = (): string => `os:${userInfo().username}`;
