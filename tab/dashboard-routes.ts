import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { londonDateOf } from '../audit/london-time';
import type { ProgrammeProfile } from '../audit/programme-profile';
import type { Db } from '../store/db';
import { findPersonByAadObjectId } from '../store/people-repo';
import { MonthSchema } from '../report/report-period';
import { dashboardData } from './dashboard-data';
import { TabAuthError, tokenVerifier, type DashboardAuth } from './tab-auth';

export interface DashboardDeps {
  db: Db;
  profile: ProgrammeProfile;
  clock: { now(): Date };
  auth: DashboardAuth;
  /** Where index.html and dashboard.js live; found beside the sources by default (also when running from dist/). */
  publicDir?: string;
}

const QuerySchema = z.object({ month: MonthSchema.optional(), overduePage: z.coerce.number().int().min(1).max(100_000).optional() });

function defaultPublicDir(): string {
  const candidates = [path.join(__dirname, 'public'), path.resolve(__dirname, '../../tab/public')];
  return candidates.find((d) => existsSync(path.join(d, 'index.html'))) ?? (candidates[0] as string);
}

/** The browser bundles of chart.js and teams-js, served from node_modules so nothing loads from a CDN. */
const VENDOR: Record<string, () => string> = {
  'chart.umd.js': () => path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js'),
  'teams-js.js': () => require.resolve('@microsoft/teams-js'),
};

const problem = (res: Response, status: number, code: string, message: string): void => {
  res.status(status).json({ error: { code, message } });
};

/** The dashboard tab: static page, vendor scripts and `GET /tab/api/dashboard?month=YYYY-MM`. */
export function createDashboardRouter(deps: DashboardDeps): Router {
  const router = Router();
  const verify = deps.auth.mode === 'teams' ? tokenVerifier(deps.auth) : null;

  router.get('/tab/vendor/:file', (req: Request<{ file: string }>, res) => {
    const resolve = VENDOR[req.params.file];
    if (resolve === undefined) return problem(res, 404, 'NOT_FOUND', 'No such vendor file.');
    res.type('application/javascript').sendFile(resolve());
  });

  router.get('/tab/api/dashboard', async (req, res, next) => {
    try {
      const query = QuerySchema.safeParse(req.query);
      if (!query.success) {
        const field = query.error.issues[0]?.path[0];
        return field === 'overduePage'
          ? problem(res, 400, 'PAGE_INVALID', 'Give overduePage as a whole number from 1.')
          : problem(res, 400, 'MONTH_INVALID', 'Give the month as YYYY-MM.');
      }
      const now = deps.clock.now();
      let viewer = null;
      if (verify !== null) {
        const { oid } = await verify(req.get('authorization'));
        viewer = await findPersonByAadObjectId(deps.db, oid);
        if (viewer === null) return problem(res, 403, 'NOT_IN_PROGRAMME', 'You are not in the audit programme; ask the QA team to add you.');
      }
      const month = query.data.month ?? londonDateOf(now, deps.profile.timeZone).slice(0, 7);
      res.set('Cache-Control', 'no-store');
      res.json(await dashboardData(deps.db, deps.profile, { month, today: londonDateOf(now, deps.profile.timeZone), viewer, mode: deps.auth.mode, ...(query.data.overduePage === undefined ? {} : { overduePage: query.data.overduePage }) }));
    } catch (e) {
      if (e instanceof TabAuthError) return problem(res, e.status, e.code, e.message);
      next(e);
    }
  });

  router.use('/tab', express.static(deps.publicDir ?? defaultPublicDir(), { index: 'index.html' }));
  return router;
}
