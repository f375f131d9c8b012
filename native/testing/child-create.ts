/**
 * Test fixture run as a separate process: creates a shadow copy of C: and prints the result as JSON.
 * Tests point faults.json at it (abort inside DoSnapshotSet) to prove a dead process leaves VSS usable.
 */
import { VssClient } from '../vss/vss-client.js';

const result = new VssClient().createShadows({ volumes: ['C:'] });
process.stdout.write(JSON.stringify(result));
