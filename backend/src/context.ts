import type { Config } from './config.js';
import type { Db } from './db/database.js';

/** What every route module and service is given: no globals, so tests build their own. */
export type AppContext = {
  readonly config: Config;
  readonly db: Db;
};
