// Placeholder until the tested module from the schedule-core branch lands.
import type { Schedule } from './schedule-types.js';
export function taskPath(name: string): string { return `\\ShadowDesk\\${name}`; }
export function taskDefinitionXml(_s: Schedule, _c: { command: string; arguments: string }): string { return '<Task/>'; }
export function scheduledCommand(execPath: string, name: string, cliScript?: string): { command: string; arguments: string } { return { command: execPath, arguments: `"${cliScript}" --schedule "${name}"` }; }
