// Demo users (docs/demo-contract.md "Actor and personas"): care systems (VistA or Oracle Health),
// their care teams (triage groups) and the teams messaged in the last 6 months. The VistA system
// ids 983 / 984 are the collector's demo VAOS facilities.

const SYSTEMS = {
  983: { id: '983', name: 'Cheyenne VA Medical Center', oracleHealth: false },
  984: { id: '984', name: 'Dayton VA Medical Center', oracleHealth: false },
  554: { id: '554', name: 'VA Eastern Colorado Health Care System', oracleHealth: false },
  666: { id: '666', name: 'Sheridan VA Health Care System', oracleHealth: false },
  668: { id: '668', name: 'Mann-Grandstaff VA Medical Center', oracleHealth: true },
  757: { id: '757', name: 'VA Central Ohio Healthcare System', oracleHealth: true },
};

const TEAM_NAMES = ['Primary Care Blue Team', 'Mental Health Clinic', 'Pharmacy', 'Cardiology', "Women's Health"];

/** Care teams of a system: ids are numeric strings like VA triage-group ids. */
function teamsOf(systemId, count) {
  return TEAM_NAMES.slice(0, count).map((name, i) => ({ id: `${systemId}${1001 + i}`, name, systemId }));
}

function persona(id, label, systemIds, recentTeamIds) {
  const systems = systemIds.map((s) => SYSTEMS[s]);
  const teams = systemIds.flatMap((s, i) => teamsOf(s, 3 + (i % 3)));
  return { id, label, systems, teams, recentTeamIds };
}

export const PERSONAS = [
  persona('sm.qa.vista@example.com', 'VistA only, 2 systems, 2 recent teams', ['983', '984'], ['9831001', '9841002']),
  persona('sm.qa.oracle@example.com', 'Oracle Health only, 1 system, no recent teams', ['668'], []),
  persona('sm.qa.hybrid@example.com', 'VistA + Oracle Health, 6 systems, 3 recent teams',
    ['983', '984', '554', '666', '668', '757'], ['6681001', '9831003', '5541002']),
  persona('vaos.qa.user@example.com', 'VAOS QA user (VistA, 2 systems, 2 recent teams)', ['983', '984'], ['9831002', '9841001']),
];

/** Any other actor id: VistA only, 2 systems, 2 recent teams. */
export function personaFor(id) {
  const known = PERSONAS.find((p) => p.id === id);
  if (known) return known;
  const base = PERSONAS[0];
  return { ...base, id, label: 'Default persona: VistA only, 2 systems, 2 recent teams' };
}

/** Recent care teams as VA.gov keeps them: known, unblocked teams, in order, at most 4. */
export function recentTeams(p) {
  return p.recentTeamIds.map((id) => p.teams.find((t) => t.id === id)).filter(Boolean).slice(0, 4);
}

export function teamById(p, id) {
  return p.teams.find((t) => t.id === id) ?? null;
}

export function systemById(p, id) {
  return p.systems.find((s) => s.id === id) ?? null;
}

/** 'hybrid' | 'oracle' | 'vista' (CareTeamHelp's three variants). */
export function systemMix(p) {
  const oh = p.systems.filter((s) => s.oracleHealth).length;
  if (oh === 0) return 'vista';
  return oh === p.systems.length ? 'oracle' : 'hybrid';
}
