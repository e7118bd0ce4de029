/**
 * Set-up for every end-to-end suite (jest.e2e.config.js): when the suite ends, stop whatever it
 * started and did not stop itself, including a start still under way in a beforeAll that timed
 * out (tools/cleanup). Without it such a start finishes later, nothing stops its n8n, and Jest
 * never exits.
 */
import { stopStarted } from '../../tools/cleanup';

afterAll(async () => await stopStarted());
