import fs from 'node:fs';

/**
 * The Teams host configs as Microsoft publishes them in the `adaptivecards-designer` package (a devDependency),
 * so renders need no file outside the repo.
 */

export type TeamsTheme = 'light' | 'dark';

export function teamsHostConfigPath(theme: TeamsTheme): string {
  return require.resolve(`adaptivecards-designer/lib/hostConfigs/microsoft-teams-${theme}.json`);
}

export function teamsHostConfig(theme: TeamsTheme): unknown {
  return JSON.parse(fs.readFileSync(teamsHostConfigPath(theme), 'utf8')) as unknown;
}
