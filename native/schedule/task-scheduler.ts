// Placeholder until the tested module from the schedule-core branch lands.
import type { Schedule } from './schedule-types.js';
export interface TaskRegistrar { register(schedule: Schedule, command: { command: string; arguments: string }): void; setEnabled(name: string, enabled: boolean): void; remove(name: string): void; runNow(name: string): void }
export function schtasksRegistrar(_env: NodeJS.ProcessEnv = process.env): TaskRegistrar { throw new Error('stub'); }
